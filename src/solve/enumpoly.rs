//! Support enumeration for n-player games with numerical solution of the polynomial
//! indifference systems (method name `enumpoly`).
//!
//! For every profile of supports, a Nash equilibrium with those supports solves the square
//! system "each player is indifferent among the strategies in its support", which is
//! multilinear in the other players' probabilities (McKelvey and McLennan, "Computation of
//! equilibria in finite games", *Handbook of Computational Economics* 1 (1996) §6; Gambit's
//! `enumpoly`; Porter, Nudelman and Shoham, "Simple search methods for finding a Nash
//! equilibrium", *GEB* 63 (2008)). Gambit solves these systems by polynomial homotopy /
//! subdivision; here each system is solved by damped Newton from a deterministic set of
//! starting points, and a solution is kept when it is a probability profile whose regret is
//! below the tolerance. Pure equilibria (all supports of size one) are checked exactly.
//! This is practical for small games and finds isolated equilibria; it is not a proof of
//! completeness and does not describe continua.

use super::logit::{lin_solve, offsets, values_and_cross};
use super::{Equilibrium, SolveError, SolveOptions, pure, regret};
use crate::game::NormalForm;

/// Simple deterministic generator (SplitMix64) for starting points.
struct Mix(u64);
impl Mix {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Newton's method on the indifference system for supports `sup`; returns a probability profile.
fn newton(game: &NormalForm, off: &[usize], sup: &[Vec<usize>], start: &[Vec<f64>]) -> Option<Vec<f64>> {
    let n = sup.len();
    let d: usize = sup.iter().map(|s| s.len() - 1).sum();
    let k = off[n];
    let build = |x: &[f64]| -> Vec<f64> {
        let mut p = vec![0.0; k];
        let mut c = 0;
        for i in 0..n {
            let mut rest = 1.0;
            for &a in &sup[i][1..] {
                p[off[i] + a] = x[c];
                rest -= x[c];
                c += 1;
            }
            p[off[i] + sup[i][0]] = rest;
        }
        p
    };
    let mut x: Vec<f64> = Vec::with_capacity(d);
    for i in 0..n {
        for &a in &sup[i][1..] {
            x.push(start[i][a]);
        }
    }
    for _ in 0..60 {
        let p = build(&x);
        let (u, cross) = values_and_cross(game, off, &p, true);
        let mut f = vec![0.0; d];
        let mut jac = vec![0.0; d * d];
        let mut r = 0;
        for i in 0..n {
            let a0 = off[i] + sup[i][0];
            for &a in &sup[i][1..] {
                let a = off[i] + a;
                f[r] = u[a] - u[a0];
                let mut c = 0;
                for j in 0..n {
                    let b0 = off[j] + sup[j][0];
                    for &b in &sup[j][1..] {
                        let b = off[j] + b;
                        if j != i {
                            jac[r * d + c] =
                                (cross[a * k + b] - cross[a * k + b0]) - (cross[a0 * k + b] - cross[a0 * k + b0]);
                        }
                        c += 1;
                    }
                }
                r += 1;
            }
        }
        let fn_ = f.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut step: Vec<f64> = f.iter().map(|v| -v).collect();
        if !lin_solve(&mut jac, &mut step, d) {
            return None;
        }
        let sn = step.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        // damp large steps
        let damp = if sn > 1.0 { 1.0 / sn } else { 1.0 };
        x.iter_mut().zip(&step).for_each(|(a, b)| *a += damp * b);
        if x.iter().any(|v| !v.is_finite() || v.abs() > 1e3) {
            return None;
        }
        if sn < 1e-14 && fn_ < 1e-9 {
            return Some(build(&x));
        }
    }
    let p = build(&x);
    let (u, _) = values_and_cross(game, off, &p, false);
    let ok = (0..n).all(|i| sup[i][1..].iter().all(|&a| (u[off[i] + a] - u[off[i] + sup[i][0]]).abs() < 1e-10));
    if ok { Some(p) } else { None }
}

fn nonempty_subsets(k: usize) -> Vec<Vec<usize>> {
    (1u64..(1u64 << k)).map(|m| (0..k).filter(|&a| m >> a & 1 == 1).collect()).collect()
}

/// Equilibria found over all support profiles, in deterministic order (pure ones exact).
pub fn solve(game: &NormalForm, opts: &SolveOptions) -> Result<Vec<Equilibrium>, SolveError> {
    let shape = game.shape().to_vec();
    let n = shape.len();
    let count: f64 = shape.iter().map(|&k| 2f64.powi(k as i32) - 1.0).product();
    if count > 2.0e5 {
        return Err(SolveError::TooLarge { method: "enumpoly", detail: format!("{count:.0} support profiles") });
    }
    let off = offsets(&shape);
    let subs: Vec<Vec<Vec<usize>>> = shape.iter().map(|&k| nonempty_subsets(k)).collect();
    let mut found: Vec<Equilibrium> = pure::solve(game);
    let tol = opts.tolerance.max(1e-12);
    let mut idx = vec![0usize; n];
    let mut rng = Mix(0x5EED);
    'outer: loop {
        let sup: Vec<Vec<usize>> = (0..n).map(|i| subs[i][idx[i]].clone()).collect();
        let d: usize = sup.iter().map(|s| s.len() - 1).sum();
        if d > 0 {
            let starts = (4usize << d.min(4)).min(64);
            for _ in 0..starts {
                let start: Vec<Vec<f64>> = (0..n)
                    .map(|i| {
                        let mut v = vec![0.0; shape[i]];
                        let mut s = 0.0;
                        for &a in &sup[i] {
                            v[a] = -(rng.next().max(1e-12)).ln();
                            s += v[a];
                        }
                        v.iter_mut().for_each(|x| *x /= s);
                        v
                    })
                    .collect();
                let Some(p) = newton(game, &off, &sup, &start) else { continue };
                if p.iter().any(|&x| x < -1e-9) {
                    continue;
                }
                let prof: Vec<Vec<f64>> = (0..n)
                    .map(|i| {
                        let v: Vec<f64> = p[off[i]..off[i + 1]].iter().map(|x| x.max(0.0)).collect();
                        let s: f64 = v.iter().sum();
                        v.into_iter().map(|x| x / s).collect()
                    })
                    .collect();
                let scale = 1.0 + game.payoff_table().iter().fold(0.0f64, |m, x| m.max(x.abs()));
                if regret::max_regret_f64(game, &prof) > tol * scale {
                    continue;
                }
                let dup = found
                    .iter()
                    .any(|e| e.profile.iter().flatten().zip(prof.iter().flatten()).all(|(a, b)| (a - b).abs() < 1e-7));
                if !dup {
                    found.push(Equilibrium::from_f64(game, prof));
                }
            }
        }
        for i in 0..n {
            idx[i] += 1;
            if idx[i] < subs[i].len() {
                continue 'outer;
            }
            idx[i] = 0;
        }
        break;
    }
    found.sort_by(|a, b| {
        let fa: Vec<f64> = a.profile.iter().flatten().copied().collect();
        let fb: Vec<f64> = b.profile.iter().flatten().copied().collect();
        fb.partial_cmp(&fa).unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bos_three_equilibria() {
        let g = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let e = solve(&g, &SolveOptions::default()).unwrap();
        assert_eq!(e.len(), 3);
        assert!((e[1].profile[0][0] - 0.6).abs() < 1e-12);
    }
}
