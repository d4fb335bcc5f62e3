//! Support enumeration for bimatrix games, exact: for every pair of equal-size supports, solve
//! the indifference equations and keep the solutions that are nonnegative best responses.
//!
//! Dickhaut and Kaplan, "A program for finding Nash equilibria", *Mathematica Journal* 1 (1991);
//! Nisan et al., *Algorithmic Game Theory* (2007) §3.3; nashpy's `support_enumeration`. Complete
//! for nondegenerate games only: in degenerate games equilibria whose supports have unequal
//! sizes are not found (use `enummixed`).

use super::{Equilibrium, SolveError};
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
fn indifferent(mat: &[Vec<Rational>], own: &[usize], other: &[usize]) -> Option<(Vec<Rational>, Rational)> {
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
    let z = solve_linear(m, rhs)?;
    if z[..k].iter().any(|p| p.is_negative()) {
        return None;
    }
    Some((z[..k].to_vec(), z[k].clone()))
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

/// Exact equilibria over equal-size support pairs, sorted like the other exact methods.
pub fn equilibria(game: &NormalForm) -> Result<Vec<Vec<Vec<Rational>>>, SolveError> {
    let (a, b) = game.exact_bimatrix().expect("two players");
    let (m, n) = (a.len(), a[0].len());
    let pairs: f64 = (1..=m.min(n)).map(|k| binom(m, k) * binom(n, k)).sum();
    if pairs > 5.0e6 {
        return Err(SolveError::TooLarge { method: "support", detail: format!("{pairs:.0} support pairs") });
    }
    // column player's payoff matrix indexed [col][row]
    let bt: Vec<Vec<Rational>> = (0..n).map(|j| (0..m).map(|i| b[i][j].clone()).collect()).collect();
    let mut out: Vec<Vec<Vec<Rational>>> = Vec::new();
    for k in 1..=m.min(n) {
        let rows = subsets(m, k);
        let cols = subsets(n, k);
        for i_set in &rows {
            for j_set in &cols {
                // x on i_set makes column player indifferent on j_set
                let Some((xs, u)) = indifferent(&bt, j_set, i_set) else { continue };
                let Some((ys, v)) = indifferent(&a, i_set, j_set) else { continue };
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
    Ok(out)
}

fn binom(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// Runs support enumeration as a [`super::solve`] method.
pub fn solve_with(game: &NormalForm, _opts: &super::SolveOptions) -> Result<super::SolveResult, SolveError> {
    Ok(super::SolveResult { equilibria: solve(game)?, ..Default::default() })
}

pub fn solve(game: &NormalForm) -> Result<Vec<Equilibrium>, SolveError> {
    Ok(equilibria(game)?.into_iter().map(|p| Equilibrium::from_exact(game, p)).collect())
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
        let e = solve(&g).unwrap();
        assert_eq!(e.len(), 3);
        assert!(e.iter().all(|e| e.max_regret == 0.0));
    }
}
