//! Iterated elimination of dominated strategies, including domination by mixed strategies.
//!
//! A strategy is strictly dominated by a mixed strategy iff a linear program is feasible
//! (Myerson, *Game Theory* (1991) Thm 1.6 / §2.5; Shoham and Leyton-Brown, *Multiagent Systems*
//! (2009) §4.5.1; Gambit's `enumpure`/`gambit-dominance` with `--mixed`). Strict elimination is
//! order independent; weak elimination (optional) is done one strategy at a time in a fixed
//! order, so its result is deterministic but depends on that order. The LPs are solved exactly
//! by a small two-phase simplex over rationals with Bland's rule (no cycling). Within one scan
//! of a player's actions, an action found undominated stays undominated after one of the same
//! player's actions is removed, so the scan resumes after an elimination instead of restarting
//! (the result is the same as restarting). The budget is checked before every test; on a stop
//! the game reduced so far is returned with `incomplete` set.

use super::{Elimination, SolveOptions, SolveResult};
use crate::game::{Game, NormalForm, PlayerSpec, Rational, rational};
use num_traits::{One, Signed, Zero};

/// Outcome of [`lp_max`].
#[derive(Debug, Clone, PartialEq)]
pub enum Lp {
    Infeasible,
    Unbounded,
    /// Optimal value and a solution.
    Optimal(Rational, Vec<Rational>),
}

/// Maximises `c·z` subject to `a z = b`, `z ≥ 0` (dense, exact, two-phase simplex, Bland's rule).
pub fn lp_max(a: &[Vec<Rational>], b: &[Rational], c: &[Rational]) -> Lp {
    let m = a.len();
    let nz = c.len();
    let ncol = nz + m; // original + artificial
    let w = ncol + 1;
    let mut t = vec![Rational::zero(); m * w];
    for r in 0..m {
        let neg = b[r].is_negative();
        for j in 0..nz {
            t[r * w + j] = if neg { -a[r][j].clone() } else { a[r][j].clone() };
        }
        t[r * w + nz + r] = Rational::one();
        t[r * w + ncol] = if neg { -b[r].clone() } else { b[r].clone() };
    }
    let mut basis: Vec<usize> = (nz..nz + m).collect();
    // reduced-cost row for objective `obj` (over all columns): obj_j - c_B B^-1 A_j, and value
    let reduced = |t: &[Rational], basis: &[usize], obj: &[Rational]| -> Vec<Rational> {
        let mut rc: Vec<Rational> = obj.to_vec();
        rc.push(Rational::zero());
        for (r, &bv) in basis.iter().enumerate() {
            if obj[bv].is_zero() {
                continue;
            }
            for j in 0..w {
                let d = &obj[bv] * &t[r * w + j];
                rc[j] -= d;
            }
        }
        rc
    };
    let pivot = |t: &mut Vec<Rational>, rc: &mut Vec<Rational>, basis: &mut Vec<usize>, r: usize, c: usize| {
        let p = t[r * w + c].clone();
        for j in 0..w {
            t[r * w + j] /= &p;
        }
        for i in 0..m {
            if i != r && !t[i * w + c].is_zero() {
                let f = t[i * w + c].clone();
                for j in 0..w {
                    let d = &f * &t[r * w + j];
                    t[i * w + j] -= d;
                }
            }
        }
        if !rc[c].is_zero() {
            let f = rc[c].clone();
            for j in 0..w {
                let d = &f * &t[r * w + j];
                rc[j] -= d;
            }
        }
        basis[r] = c;
    };
    // returns false if unbounded
    let run = |t: &mut Vec<Rational>, rc: &mut Vec<Rational>, basis: &mut Vec<usize>, allowed: usize| -> bool {
        loop {
            let Some(c) = (0..allowed).find(|&j| rc[j].is_positive()) else { return true };
            let mut best: Option<(usize, Rational)> = None;
            for r in 0..m {
                let e = &t[r * w + c];
                if e.is_positive() {
                    let ratio = &t[r * w + ncol] / e;
                    let better = match &best {
                        None => true,
                        Some((br, bv)) => ratio < *bv || (ratio == *bv && basis[r] < basis[*br]),
                    };
                    if better {
                        best = Some((r, ratio));
                    }
                }
            }
            let Some((r, _)) = best else { return false };
            pivot(t, rc, basis, r, c);
        }
    };
    // phase 1: maximise -sum(artificials)
    let mut obj1 = vec![Rational::zero(); ncol];
    for j in nz..ncol {
        obj1[j] = -Rational::one();
    }
    let mut rc = reduced(&t, &basis, &obj1);
    run(&mut t, &mut rc, &mut basis, ncol);
    if rc[ncol].is_positive() {
        // value of phase 1 objective is -rc[ncol]; positive rc means negative optimum
        return Lp::Infeasible;
    }
    // drive artificials out of the basis where possible
    for r in 0..m {
        if basis[r] >= nz
            && let Some(c) = (0..nz).find(|&j| !t[r * w + j].is_zero())
        {
            pivot(&mut t, &mut rc, &mut basis, r, c);
        }
    }
    let mut obj2 = c.to_vec();
    obj2.extend(std::iter::repeat_n(Rational::zero(), m));
    let mut rc = reduced(&t, &basis, &obj2);
    if !run(&mut t, &mut rc, &mut basis, nz) {
        return Lp::Unbounded;
    }
    let mut z = vec![Rational::zero(); nz];
    for (r, &bv) in basis.iter().enumerate() {
        if bv < nz {
            z[bv] = t[r * w + ncol].clone();
        }
    }
    let val: Rational = z.iter().zip(c).map(|(x, y)| x * y).sum();
    Lp::Optimal(val, z)
}

/// A quick proof that `a` is not dominated, weakly or strictly: `a` is a strict best reply to
/// some completely mixed belief about the opponents (Pearce 1984, Lemma 3; a dominated action
/// is never a best reply to a completely mixed belief). The belief is searched by fictitious
/// play on the zero-sum game "belief against rival action" with payoffs `d` (Robinson 1951: the
/// empirical beliefs approach the minimax belief), starting from one count on every opponent
/// profile so every belief is completely mixed. Evaluated in floating point with a margin far
/// above the rounding error, so a `true` is safe; a `false` proves nothing and the exact linear
/// programs decide.
fn best_reply_somewhere(d: &[Vec<Rational>], n_others: usize) -> bool {
    let s = d.len();
    let df: Vec<Vec<f64>> = d.iter().map(|row| row.iter().map(rational::to_f64).collect()).collect();
    let scale = df.iter().flatten().fold(0.0f64, |m, x| m.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return false;
    }
    // Accumulated gains of each rival action over `a` under the counts, and the total count.
    let mut v: Vec<f64> = (0..n_others).map(|b| df.iter().map(|row| row[b]).sum::<f64>()).collect();
    let mut total = s as f64;
    for _ in 0..(20 * (s + n_others)).min(4000) {
        let (bstar, &vmax) = v.iter().enumerate().max_by(|x, y| x.1.total_cmp(y.1)).expect("rivals exist");
        if vmax < -1e-9 * scale * total {
            return true;
        }
        let sstar = (0..s).min_by(|&x, &y| df[x][bstar].total_cmp(&df[y][bstar])).expect("opponent profiles exist");
        for b in 0..n_others {
            v[b] += df[sstar][b];
        }
        total += 1.0;
    }
    false
}

/// Whether `a` is dominated among `others` given the opponents' remaining profiles; returns
/// the dominating mixed strategy over `others` and whether the domination is strict.
fn dominated(d: &[Vec<Rational>], n_others: usize, weak: bool, pure_only: bool) -> Option<(Vec<Rational>, bool)> {
    // d[s][b] = u(b, s) - u(a, s)
    let unit =
        |b: usize| (0..n_others).map(|k| if k == b { Rational::one() } else { Rational::zero() }).collect::<Vec<_>>();
    for b in 0..n_others {
        if d.iter().all(|row| row[b].is_positive()) {
            return Some((unit(b), true));
        }
    }
    if !pure_only && n_others > 1 && best_reply_somewhere(d, n_others) {
        return None;
    }
    if !pure_only && n_others > 1 {
        // strict: D σ - t = 1, σ, t ≥ 0 feasible
        let s = d.len();
        let a: Vec<Vec<Rational>> = (0..s)
            .map(|r| {
                let mut row = d[r].clone();
                row.extend((0..s).map(|k| if k == r { -Rational::one() } else { Rational::zero() }));
                row
            })
            .collect();
        let c = vec![Rational::zero(); n_others + s];
        if let Lp::Optimal(_, z) = lp_max(&a, &vec![Rational::one(); s], &c) {
            let sum: Rational = z[..n_others].iter().sum();
            return Some((z[..n_others].iter().map(|x| x / &sum).collect(), true));
        }
    }
    if weak {
        for b in 0..n_others {
            if d.iter().all(|row| !row[b].is_negative()) && d.iter().any(|row| row[b].is_positive()) {
                return Some((unit(b), false));
            }
        }
        if !pure_only && n_others > 1 {
            // max sum(t) s.t. D σ - t = 0, sum σ = 1
            let s = d.len();
            let mut a: Vec<Vec<Rational>> = (0..s)
                .map(|r| {
                    let mut row = d[r].clone();
                    row.extend((0..s).map(|k| if k == r { -Rational::one() } else { Rational::zero() }));
                    row
                })
                .collect();
            let mut last = vec![Rational::one(); n_others];
            last.extend(std::iter::repeat_n(Rational::zero(), s));
            a.push(last);
            let mut b = vec![Rational::zero(); s];
            b.push(Rational::one());
            let mut c = vec![Rational::zero(); n_others];
            c.extend(std::iter::repeat_n(Rational::one(), s));
            if let Lp::Optimal(v, z) = lp_max(&a, &b, &c)
                && v.is_positive()
            {
                return Some((z[..n_others].to_vec(), false));
            }
        }
    }
    None
}

/// The game restricted to the actions `kept[i]` of each player.
pub fn restrict(game: &NormalForm, kept: &[Vec<usize>]) -> NormalForm {
    let players: Vec<PlayerSpec> = game
        .players()
        .iter()
        .zip(kept)
        .map(|(p, k)| PlayerSpec { name: p.name.clone(), actions: k.iter().map(|&a| p.actions[a].clone()).collect() })
        .collect();
    let shape: Vec<usize> = kept.iter().map(|k| k.len()).collect();
    let n = shape.len();
    let np: usize = shape.iter().product();
    let mut exact = Vec::with_capacity(np * n);
    let mut pr = vec![0usize; n];
    let mut orig = vec![0usize; n];
    for idx in 0..np {
        NormalForm::decode_profile(&shape, idx, &mut pr);
        for i in 0..n {
            orig[i] = kept[i][pr[i]];
        }
        let oi = game.profile_index(&orig);
        for i in 0..n {
            exact.push(game.exact_payoff(oi, i).clone());
        }
    }
    NormalForm::new(game.title().to_string(), players, exact).expect("a restriction of a valid game is valid")
}

/// Runs iterated elimination; the result has no equilibria, the reduced game and the eliminations.
pub fn solve(game: &NormalForm, opts: &SolveOptions) -> SolveResult {
    let shape = game.shape().to_vec();
    let n = shape.len();
    let mut kept: Vec<Vec<usize>> = shape.iter().map(|&k| (0..k).collect()).collect();
    let mut elim = Vec::new();
    let mut round = 0;
    let mut stopped = None;
    let mut checks = 0usize;
    let mut last = std::time::Instant::now();
    'rounds: loop {
        round += 1;
        let mut changed = false;
        for i in 0..n {
            // Actions before `from` were found undominated in this scan; removing one of the
            // player's own actions only removes possible dominators (the opponents' actions are
            // unchanged), so they stay undominated and the scan resumes where it was.
            let mut from = 0;
            'scan: loop {
                if kept[i].len() < 2 {
                    break;
                }
                // opponents' remaining profiles
                let mut others: Vec<Vec<usize>> = vec![vec![]];
                for j in 0..n {
                    if j == i {
                        continue;
                    }
                    others = others
                        .into_iter()
                        .flat_map(|p| {
                            kept[j].iter().map(move |&a| {
                                let mut q = p.clone();
                                q.push(a);
                                q
                            })
                        })
                        .collect();
                }
                let mut full = vec![0usize; n];
                let pay = |a: usize, o: &[usize], full: &mut Vec<usize>| -> Rational {
                    let mut k = 0;
                    for j in 0..n {
                        if j == i {
                            full[j] = a;
                        } else {
                            full[j] = o[k];
                            k += 1;
                        }
                    }
                    game.exact_payoff(game.profile_index(full), i).clone()
                };
                let mut pos = from;
                while pos < kept[i].len() {
                    if let Err(stop) = opts.budget.check() {
                        stopped = Some(stop);
                        break 'rounds;
                    }
                    checks += 1;
                    if last.elapsed().as_millis() >= 200 {
                        last = std::time::Instant::now();
                        opts.budget
                            .report(&format!("dominance: round {round}, {checks} checks, {} eliminated", elim.len()));
                    }
                    let a = kept[i][pos];
                    let rest: Vec<usize> = kept[i].iter().copied().filter(|&b| b != a).collect();
                    let d: Vec<Vec<Rational>> = others
                        .iter()
                        .map(|o| {
                            let ua = pay(a, o, &mut full);
                            rest.iter().map(|&b| pay(b, o, &mut full) - &ua).collect()
                        })
                        .collect();
                    if let Some((sigma, strict)) = dominated(&d, rest.len(), opts.weak, opts.pure_dominators_only) {
                        let mut by = vec![0.0; shape[i]];
                        for (&b, s) in rest.iter().zip(&sigma) {
                            by[b] = rational::to_f64(s);
                        }
                        elim.push(Elimination {
                            round,
                            player: i,
                            action: a,
                            action_name: game.players()[i].actions[a].clone(),
                            dominated_by: by,
                            strict,
                        });
                        kept[i].remove(pos);
                        from = pos;
                        changed = true;
                        continue 'scan;
                    }
                    pos += 1;
                }
                break;
            }
        }
        if !changed {
            break;
        }
    }
    let reduced = restrict(game, &kept);
    let mut res =
        SolveResult { reduced: Some((reduced, kept)), eliminated: elim, incomplete: stopped, ..Default::default() };
    if let Some(stop) = stopped {
        res.notes.push(format!("dominance: {stop}; further strategies may be dominated"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisoners_dilemma_reduces_to_defect() {
        let g = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![5.0, 1.0]], &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap();
        let r = solve(&g, &SolveOptions::default());
        assert_eq!(r.reduced.unwrap().1, vec![vec![1], vec![1]]);
        assert_eq!(r.eliminated.len(), 2);
    }

    #[test]
    fn mixed_domination_needs_the_lp() {
        // Row 2 is dominated by (1/2,1/2) on rows 0 and 1 but by neither alone.
        let a = vec![vec![3.0, 0.0], vec![0.0, 3.0], vec![1.0, 1.0]];
        let b = vec![vec![1.0, 1.0], vec![1.0, 1.0], vec![1.0, 1.0]];
        let g = NormalForm::bimatrix(&a, &b).unwrap();
        let r = solve(&g, &SolveOptions::default());
        assert_eq!(r.eliminated.len(), 1);
        assert_eq!(r.eliminated[0].action, 2);
        assert!(r.eliminated[0].strict);
        let pure = solve(&g, &SolveOptions { pure_dominators_only: true, ..Default::default() });
        assert!(pure.eliminated.is_empty());
    }

    #[test]
    fn weak_domination_optional() {
        let a = vec![vec![1.0, 1.0], vec![1.0, 0.0]];
        let b = vec![vec![1.0, 1.0], vec![1.0, 1.0]];
        let g = NormalForm::bimatrix(&a, &b).unwrap();
        assert!(solve(&g, &SolveOptions::default()).eliminated.is_empty());
        let r = solve(&g, &SolveOptions { weak: true, ..Default::default() });
        assert_eq!(r.eliminated.len(), 1);
        assert!(!r.eliminated[0].strict);
    }

    #[test]
    fn lp_basics() {
        let q = |x: i64| Rational::from_integer(x.into());
        // max x + y s.t. x + 2y + s = 4, 3x + y + t = 6
        let a = vec![vec![q(1), q(2), q(1), q(0)], vec![q(3), q(1), q(0), q(1)]];
        match lp_max(&a, &[q(4), q(6)], &[q(1), q(1), q(0), q(0)]) {
            Lp::Optimal(v, _) => assert_eq!(v, Rational::new(14.into(), 5.into())),
            o => panic!("{o:?}"),
        }
        assert_eq!(lp_max(&[vec![q(1)]], &[q(-1)], &[q(0)]), Lp::Infeasible);
    }
}
