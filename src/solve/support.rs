//! Support enumeration for bimatrix games, exact: for every pair of equal-size supports, solve
//! the indifference equations and keep the solutions that are nonnegative best responses.
//!
//! Dickhaut and Kaplan, "A program for finding Nash equilibria", *Mathematica Journal* 1 (1991);
//! Nisan et al., *Algorithmic Game Theory* (2007) §3.3; nashpy's `support_enumeration`. Complete
//! for nondegenerate games only: in degenerate games equilibria whose supports have unequal
//! sizes are not found (use `enummixed`).

use super::{Equilibrium, SolveError, SolveOptions, SolveResult, Stop};
use crate::game::{NormalForm, Rational};
use num_traits::{Signed, Zero};

/// Solves the square system `m z = rhs` exactly; `None` if singular.
fn solve_linear(mut m: Vec<Vec<Rational>>, mut rhs: Vec<Rational>) -> Option<Vec<Rational>> {
    let k = rhs.len();
    for col in 0..k {
        let piv = (col..k).find(|&r| !m[r][col].is_zero())?;
        m.swap(col, piv);
        rhs.swap(col, piv);
        let p = m[col][col].clone();
        for r in 0..k {
            if r != col && !m[r][col].is_zero() {
                let f = &m[r][col] / &p;
                for c in col..k {
                    let d = &f * &m[col][c];
                    m[r][c] -= d;
                }
                let d = &f * &rhs[col];
                rhs[r] -= d;
            }
        }
    }
    Some((0..k).map(|i| &rhs[i] / &m[i][i]).collect())
}

/// Strategy of the opponent on `other` that makes the owner of `mat` (rows indexed by `own`)
/// indifferent over `own`; `mat[i][j]` is the owner's payoff. Returns (strategy, value).
/// `Err(())` when the system is singular (a sign of a degenerate game), `Ok(None)` when its
/// solution has a negative probability.
fn indifferent(mat: &[Vec<Rational>], own: &[usize], other: &[usize]) -> Result<Option<(Vec<Rational>, Rational)>, ()> {
    let k = own.len();
    // unknowns z_0..z_{k-1} (on `other`) and v: sum_j mat[i][j] z_j - v = 0, sum z = 1
    let mut m = vec![vec![Rational::zero(); k + 1]; k + 1];
    let mut rhs = vec![Rational::zero(); k + 1];
    for (r, &i) in own.iter().enumerate() {
        for (c, &j) in other.iter().enumerate() {
            m[r][c] = mat[i][j].clone();
        }
        m[r][k] = Rational::from_integer((-1).into());
    }
    for c in 0..k {
        m[k][c] = Rational::from_integer(1.into());
    }
    rhs[k] = Rational::from_integer(1.into());
    let z = solve_linear(m, rhs).ok_or(())?;
    if z[..k].iter().any(|p| p.is_negative()) {
        return Ok(None);
    }
    Ok(Some((z[..k].to_vec(), z[k].clone())))
}

fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    fn rec(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            if n - i < k - cur.len() {
                break;
            }
            cur.push(i);
            rec(i + 1, n, k, cur, out);
            cur.pop();
        }
    }
    rec(0, n, k, &mut cur, &mut out);
    out
}

/// What the search found: the equilibria, whether it saw degeneracy, and whether the budget
/// stopped it.
pub struct Found {
    pub equilibria: Vec<Vec<Vec<Rational>>>,
    pub degenerate: bool,
    pub stopped: Option<Stop>,
}

/// Whether the strategy `z` (over `support`, value `v` to the opponent whose payoffs are the
/// rows of `mat`, indexed [opponent action][own action]) has more pure best responses than its
/// support size. The caller has already checked that every action in `other` earns `v`.
fn too_many_best_responses(mat: &[Vec<Rational>], support: &[usize], z: &[Rational], v: &Rational) -> bool {
    let k = support.iter().zip(z).filter(|(_, p)| !p.is_zero()).count();
    let mut count = 0;
    for row in mat {
        let val: Rational = support.iter().zip(z).map(|(&i, p)| &row[i] * p).sum();
        if val > *v {
            return false;
        }
        if val == *v {
            count += 1;
        }
    }
    count > k
}

/// Exact equilibria over equal-size support pairs, sorted like the other exact methods.
pub fn equilibria(game: &NormalForm) -> Result<Vec<Vec<Vec<Rational>>>, SolveError> {
    Ok(search(game, &SolveOptions::default())?.equilibria)
}

/// A count held as a float, written whole, or as a power of ten when it overflows.
pub(crate) fn count_text(x: f64) -> String {
    if x.is_finite() { format!("{x:.0}") } else { "more than 10^308".to_string() }
}

/// The search, watching the budget and the signs of degeneracy.
pub fn search(game: &NormalForm, opts: &SolveOptions) -> Result<Found, SolveError> {
    let (a, b) = game.exact_bimatrix().expect("two players");
    let (m, n) = (a.len(), a[0].len());
    let pairs: f64 = (1..=m.min(n)).map(|k| binom(m, k) * binom(n, k)).sum();
    if pairs > 5.0e6 {
        return Err(SolveError::TooLarge {
            method: "support",
            detail: format!(
                "{m}×{n} has {} support pairs to try, the limit is 5000000 (about 12×12); use enummixed for \
                 every equilibrium of a smaller game, or lcp for one equilibrium of a larger one",
                count_text(pairs)
            ),
        });
    }
    // column player's payoff matrix indexed [col][row]
    let bt: Vec<Vec<Rational>> = (0..n).map(|j| (0..m).map(|i| b[i][j].clone()).collect()).collect();
    let mut out: Vec<Vec<Vec<Rational>>> = Vec::new();
    let mut degenerate = false;
    let mut stopped = None;
    let mut done = 0u64;
    let mut last = std::time::Instant::now();
    'sizes: for k in 1..=m.min(n) {
        let rows = subsets(m, k);
        let cols = subsets(n, k);
        for i_set in &rows {
            for j_set in &cols {
                done += 1;
                if done & 255 == 0 {
                    if let Err(stop) = opts.budget.check_memory(out.len() * (m + n) * 48) {
                        stopped = Some(stop);
                        break 'sizes;
                    }
                    if last.elapsed().as_millis() >= 200 {
                        last = std::time::Instant::now();
                        opts.budget.report(&format!("support: pair {done} of {pairs:.0}"));
                    }
                }
                // x on i_set makes column player indifferent on j_set
                let xs = match indifferent(&bt, j_set, i_set) {
                    Err(()) => {
                        degenerate = true;
                        continue;
                    }
                    Ok(None) => continue,
                    Ok(Some(x)) => x,
                };
                let ys = match indifferent(&a, i_set, j_set) {
                    Err(()) => {
                        degenerate = true;
                        None
                    }
                    Ok(y) => y,
                };
                // A strategy with more best responses than its support size shows degeneracy
                // (checked whether or not the pair is an equilibrium).
                if !degenerate && too_many_best_responses(&bt, i_set, &xs.0, &xs.1) {
                    degenerate = true;
                }
                let Some((ys, v)) = ys else { continue };
                if !degenerate && too_many_best_responses(&a, j_set, &ys, &v) {
                    degenerate = true;
                }
                let (xs, u) = xs;
                let mut x = vec![Rational::zero(); m];
                for (p, &i) in xs.iter().zip(i_set) {
                    x[i] = p.clone();
                }
                let mut y = vec![Rational::zero(); n];
                for (p, &j) in ys.iter().zip(j_set) {
                    y[j] = p.clone();
                }
                let row_ok = (0..m).all(|i| {
                    let val: Rational = (0..n).filter(|&j| !y[j].is_zero()).map(|j| &a[i][j] * &y[j]).sum();
                    val <= v
                });
                let col_ok = row_ok
                    && (0..n).all(|j| {
                        let val: Rational = (0..m).filter(|&i| !x[i].is_zero()).map(|i| &b[i][j] * &x[i]).sum();
                        val <= u
                    });
                let e = vec![x, y];
                if col_ok && !out.contains(&e) {
                    out.push(e);
                }
            }
        }
    }
    super::sort_exact(&mut out);
    Ok(Found { equilibria: out, degenerate, stopped })
}

fn binom(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// Runs support enumeration as a [`super::solve`] method: verified equilibria, a note when the
/// game showed degeneracy, and `incomplete` when the budget stopped the search.
pub fn solve_with(game: &NormalForm, opts: &SolveOptions) -> Result<SolveResult, SolveError> {
    let found = search(game, opts)?;
    let mut res = SolveResult { incomplete: found.stopped, ..Default::default() };
    res.equilibria = found
        .equilibria
        .into_iter()
        .map(|p| Equilibrium::from_exact(game, p))
        .filter(|e| e.max_regret == 0.0)
        .collect();
    if found.degenerate {
        res.notes.push(
            "support: the game is degenerate, so equilibria whose supports differ in size may be missing; use enummixed or enumpoly for all extreme equilibria".into(),
        );
    }
    if let Some(stop) = found.stopped {
        res.notes.push(format!("support: {stop}; the list may be incomplete"));
    }
    Ok(res)
}

/// The verified equilibria only (see [`solve_with`]).
pub fn solve(game: &NormalForm) -> Result<Vec<Equilibrium>, SolveError> {
    Ok(solve_with(game, &SolveOptions::default())?.equilibria)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn von_stengel_3x2_has_three() {
        let g = NormalForm::bimatrix(
            &[vec![3.0, 3.0], vec![2.0, 5.0], vec![0.0, 6.0]],
            &[vec![3.0, 2.0], vec![2.0, 6.0], vec![3.0, 1.0]],
        )
        .unwrap();
        let r = solve_with(&g, &SolveOptions::default()).unwrap();
        assert_eq!(r.equilibria.len(), 3);
        assert!(r.equilibria.iter().all(|e| e.max_regret == 0.0));
        assert!(r.notes.is_empty());
    }

    #[test]
    fn degenerate_game_is_flagged() {
        // QuantEcon's degenerate example: ([0, p, 1-p], [1/2, 1/2]) is missed by equal supports.
        let g = NormalForm::bimatrix(
            &[vec![1.0, -1.0], vec![-1.0, 1.0], vec![0.0, 0.0]],
            &[vec![1.0, 0.0], vec![0.0, 0.0], vec![0.0, 0.0]],
        )
        .unwrap();
        let r = solve_with(&g, &SolveOptions::default()).unwrap();
        assert!(r.equilibria.len() >= 2 && r.equilibria.iter().all(|e| e.max_regret == 0.0));
        assert!(r.notes[0].contains("degenerate"), "{:?}", r.notes);
        let stopped = SolveOptions { budget: crate::solve::Budget::with_seconds(0.0), ..Default::default() };
        let big = NormalForm::bimatrix(&vec![vec![1.0; 12]; 12], &vec![vec![1.0; 12]; 12]).unwrap();
        assert!(solve_with(&big, &stopped).unwrap().incomplete.is_some());
    }
}
