//! Logit quantal-response equilibrium path tracing for n-player games.
//!
//! McKelvey and Palfrey, "Quantal response equilibria for normal form games", *GEB* 10 (1995)
//! 6–38: the logit QRE correspondence `p_ia ∝ exp(λ u_ia(p))` is, for generic games, a smooth
//! path from the centroid at λ = 0 to a Nash equilibrium as λ → ∞. Traced with the
//! predictor–corrector method of Turocy, "A dynamic homotopy interpretation of the logistic
//! quantal response equilibrium correspondence", *GEB* 51 (2005) 243–263: unknowns are the log
//! probabilities and λ, the predictor follows the tangent (kernel of the Jacobian), the corrector
//! is Newton's method on the hyperplane orthogonal to the tangent, and the step length adapts.

use super::{Equilibrium, SolveError, SolveOptions, SolveResult};
use crate::game::NormalForm;

/// One point of the logit path: λ and the profile (one probability vector per player).
pub type PathPoint = (f64, Vec<Vec<f64>>);

/// Offsets of each player's strategies in the flattened strategy vector.
pub(crate) fn offsets(shape: &[usize]) -> Vec<usize> {
    let mut o = Vec::with_capacity(shape.len() + 1);
    let mut s = 0;
    for &k in shape {
        o.push(s);
        s += k;
    }
    o.push(s);
    o
}

/// Strategy values `u[o_i + a]` and cross values `cross[(o_i+a)*K + o_j+b]` (player i's payoff when
/// i plays a and j plays b, the others mixing by `p`), for flattened probabilities `p`.
pub(crate) fn values_and_cross(game: &NormalForm, off: &[usize], p: &[f64], want_cross: bool) -> (Vec<f64>, Vec<f64>) {
    let shape = game.shape();
    let n = shape.len();
    let k = off[n];
    let mut u = vec![0.0; k];
    let mut cross = if want_cross { vec![0.0; k * k] } else { Vec::new() };
    let mut pr = vec![0usize; n];
    let mut probs = vec![0.0; n];
    for idx in 0..game.n_profiles() {
        NormalForm::decode_profile(shape, idx, &mut pr);
        for j in 0..n {
            probs[j] = p[off[j] + pr[j]];
        }
        let pay = game.payoffs_at(idx);
        for i in 0..n {
            let ia = off[i] + pr[i];
            let mut w = 1.0;
            for j in 0..n {
                if j != i {
                    w *= probs[j];
                }
            }
            u[ia] += w * pay[i];
            if want_cross {
                for j in 0..n {
                    if j == i {
                        continue;
                    }
                    let mut w2 = 1.0;
                    for l in 0..n {
                        if l != i && l != j {
                            w2 *= probs[l];
                        }
                    }
                    cross[ia * k + off[j] + pr[j]] += w2 * pay[i];
                }
            }
        }
    }
    (u, cross)
}

/// Solves `a x = b` (dense, row-major `n×n`) by Gaussian elimination with partial pivoting.
pub(crate) fn lin_solve(a: &mut [f64], b: &mut [f64], n: usize) -> bool {
    for c in 0..n {
        let piv = (c..n).max_by(|&r, &s| a[r * n + c].abs().total_cmp(&a[s * n + c].abs())).unwrap();
        if a[piv * n + c].abs() < 1e-300 || !a[piv * n + c].is_finite() {
            return false;
        }
        if piv != c {
            for j in 0..n {
                a.swap(piv * n + j, c * n + j);
            }
            b.swap(piv, c);
        }
        let d = a[c * n + c];
        for r in c + 1..n {
            let f = a[r * n + c] / d;
            if f != 0.0 {
                for j in c..n {
                    a[r * n + j] -= f * a[c * n + j];
                }
                b[r] -= f * b[c];
            }
        }
    }
    for c in (0..n).rev() {
        let mut s = b[c];
        for j in c + 1..n {
            s -= a[c * n + j] * b[j];
        }
        b[c] = s / a[c * n + c];
    }
    b.iter().all(|x| x.is_finite())
}

struct System<'a> {
    game: &'a NormalForm,
    off: Vec<usize>,
    k: usize,
}

impl System<'_> {
    /// Residual `H` (length K) and Jacobian (K × (K+1), last column ∂/∂λ) at `z = (ln p, λ)`.
    fn eval(&self, z: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let k = self.k;
        let lambda = z[k];
        let p: Vec<f64> = z[..k].iter().map(|x| x.exp()).collect();
        let (u, cross) = values_and_cross(self.game, &self.off, &p, true);
        let w = k + 1;
        let mut h = vec![0.0; k];
        let mut jac = vec![0.0; k * w];
        let n = self.off.len() - 1;
        for i in 0..n {
            let (o, e) = (self.off[i], self.off[i + 1]);
            h[o] = p[o..e].iter().sum::<f64>() - 1.0;
            for a in o..e {
                jac[o * w + a] = p[a];
            }
            for a in o + 1..e {
                h[a] = z[a] - z[o] - lambda * (u[a] - u[o]);
                jac[a * w + a] += 1.0;
                jac[a * w + o] -= 1.0;
                for j in 0..n {
                    if j == i {
                        continue;
                    }
                    for b in self.off[j]..self.off[j + 1] {
                        jac[a * w + b] -= lambda * (cross[a * k + b] - cross[o * k + b]) * p[b];
                    }
                }
                jac[a * w + k] = -(u[a] - u[o]);
            }
        }
        (h, jac)
    }

    /// Solves `[J; t] x = rhs` (square K+1).
    fn solve_aug(&self, jac: &[f64], t: &[f64], rhs: &[f64]) -> Option<Vec<f64>> {
        let w = self.k + 1;
        let mut a = Vec::with_capacity(w * w);
        a.extend_from_slice(jac);
        a.extend_from_slice(t);
        let mut b = rhs.to_vec();
        if lin_solve(&mut a, &mut b, w) { Some(b) } else { None }
    }
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The traced path: `(λ, profile)` points from λ = 0 to `max_lambda`, and the last profile.
pub fn trace(game: &NormalForm, opts: &SolveOptions) -> Result<Vec<PathPoint>, SolveError> {
    let shape = game.shape().to_vec();
    let off = offsets(&shape);
    let k = off[shape.len()];
    let sys = System { game, off: off.clone(), k };
    let w = k + 1;
    let unflatten = |z: &[f64]| -> Vec<Vec<f64>> {
        (0..shape.len()).map(|i| (off[i]..off[i + 1]).map(|a| z[a].exp()).collect()).collect()
    };
    let mut z: Vec<f64> = Vec::with_capacity(w);
    for &ki in &shape {
        z.extend(std::iter::repeat_n(-(ki as f64).ln(), ki));
    }
    z.push(0.0);
    let mut path = vec![(0.0, unflatten(&z))];
    let mut t_prev = vec![0.0; w];
    t_prev[k] = 1.0;
    let mut h = 0.03;
    let mut e_last = vec![0.0; w];
    e_last[k] = 1.0;
    let mut steps = 0;
    while z[k] < opts.max_lambda && steps < opts.max_steps {
        steps += 1;
        let (_, jac) = sys.eval(&z);
        let Some(mut t) = sys.solve_aug(&jac, &t_prev, &e_last) else {
            return Err(SolveError::Numerical(format!("logit: singular Jacobian at λ = {}", z[k])));
        };
        let nt = norm(&t);
        t.iter_mut().for_each(|x| *x /= nt);
        if t.iter().zip(&t_prev).map(|(a, b)| a * b).sum::<f64>() < 0.0 {
            t.iter_mut().for_each(|x| *x = -*x);
        }
        // predictor + corrector, shrinking the step on failure
        let mut accepted = None;
        while h > 1e-10 {
            let zp: Vec<f64> = z.iter().zip(&t).map(|(a, b)| a + h * b).collect();
            let mut zc = zp.clone();
            let mut ok = false;
            let mut iters = 0;
            for it in 0..10 {
                iters = it + 1;
                let (hres, jc) = sys.eval(&zc);
                let mut rhs: Vec<f64> = hres.iter().map(|x| -x).collect();
                rhs.push(0.0);
                let Some(d) = sys.solve_aug(&jc, &t, &rhs) else { break };
                let dn = norm(&d);
                if !dn.is_finite() || (it == 0 && dn > 0.5 * h.max(1.0)) {
                    break;
                }
                zc.iter_mut().zip(&d).for_each(|(a, b)| *a += b);
                let scale = 1.0 + zc.iter().fold(0.0f64, |m, x| m.max(x.abs()));
                if dn < 1e-11 * scale {
                    ok = true;
                    break;
                }
            }
            if ok && zc[k] >= 0.0 {
                accepted = Some((zc, iters));
                break;
            }
            h *= 0.5;
        }
        let Some((zc, iters)) = accepted else {
            return Err(SolveError::Numerical(format!("logit: step size underflow at λ = {}", z[k])));
        };
        z = zc;
        t_prev = t;
        path.push((z[k], unflatten(&z)));
        if iters <= 3 {
            h *= 2.0;
        } else if iters >= 7 {
            h *= 0.7;
        }
    }
    Ok(path)
}

/// Traces the path to `opts.max_lambda`; the last point is reported as the approximate equilibrium.
pub fn solve(game: &NormalForm, opts: &SolveOptions) -> Result<SolveResult, SolveError> {
    let path = trace(game, opts)?;
    let last = path.last().expect("the path starts at λ = 0").1.clone();
    let eq = Equilibrium::from_f64(game, last);
    Ok(SolveResult { equilibria: vec![eq], path, ..Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_pennies_stays_uniform() {
        let g = NormalForm::bimatrix(&[vec![1.0, -1.0], vec![-1.0, 1.0]], &[vec![-1.0, 1.0], vec![1.0, -1.0]]).unwrap();
        let r = solve(&g, &SolveOptions::default()).unwrap();
        let e = &r.equilibria[0];
        assert!((e.profile[0][0] - 0.5).abs() < 1e-9);
        assert!(r.path.last().unwrap().0 >= 1e6);
    }

    #[test]
    fn prisoners_dilemma_goes_to_defection() {
        let g = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![5.0, 1.0]], &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap();
        let r = solve(&g, &SolveOptions::default()).unwrap();
        let e = &r.equilibria[0];
        assert!(e.profile[0][1] > 1.0 - 1e-6 && e.profile[1][1] > 1.0 - 1e-6);
        assert!(e.max_regret < 1e-6);
        // λ increases monotonically here
        assert!(r.path.windows(2).all(|w| w[1].0 > w[0].0));
    }
}
