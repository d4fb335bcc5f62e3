//! Logit quantal-response equilibrium path tracing for n-player games.
//!
//! McKelvey and Palfrey, "Quantal response equilibria for normal form games", *GEB* 10 (1995)
//! 6–38: the logit QRE correspondence `p_ia ∝ exp(λ u_ia(p))` contains, for generic games, a
//! unique smooth branch (the principal branch) from the centroid at λ = 0 to a Nash equilibrium
//! as λ → ∞. It is traced as in Turocy, "A dynamic homotopy interpretation of the logistic
//! quantal response equilibrium correspondence", *GEB* 51 (2005) 243–263, with the
//! predictor–corrector scheme of Allgower and Georg, *Introduction to Numerical Continuation
//! Methods* (SIAM 2003) ch. 2 and §6.1: the unknowns are the log probabilities and λ, the
//! predictor follows the unit tangent (the kernel of the Jacobian), the corrector is Newton's
//! method on the hyperplane orthogonal to the tangent, and the step length adapts to the
//! corrector's first distance, its contraction rate and the angle between successive tangents.
//!
//! Staying on the principal branch: near-symmetric games have branches that pass close to each
//! other, and a long step can land on the wrong one. A step is rejected (and halved) when the
//! corrector moves far relative to the step, contracts slowly, the tangent turns by more than
//! about 30°, or the orientation of the curve (the sign of `det [J; t]`) flips; the step length
//! then follows the local curvature, so near such a place it shrinks below the distance between
//! the branches. A flip that persists down to a tiny step is a genuine bifurcation and is
//! crossed, keeping the direction of travel. In exactly symmetric games this continues on the
//! symmetric branch (for Battle of the Sexes, to the mixed equilibrium), whereas Gambit perturbs
//! its equations at the bifurcation and leaves on one of the bifurcating branches (to a pure
//! equilibrium): at a bifurcation "the" principal branch is not defined, and the two answers
//! differ there by design.
//!
//! Payoffs are rescaled exactly to [0, 1] first (see [`super::regret::Normalized`]), so the path
//! is the same for any positive affine transformation of the payoffs and games with payoffs near
//! 10^19 work; reported λ are in the game's own units. As in Gambit, tracing stops when the
//! profile's regret is at most [`REGRET_TARGET`] times the payoff range; it also stops at
//! `opts.max_lambda` (in units of the rescaled game, so λ times the payoff
//! range), after `opts.max_steps` steps, or when the budget says so. The last profile
//! is listed as an equilibrium only when its regret meets the target; otherwise the result
//! carries a note saying where and why the path ended.

use super::regret::Normalized;
use super::{SolveError, SolveOptions, SolveResult};
use crate::game::NormalForm;
use std::time::{Duration, Instant};
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

/// Tracing stops once the maximum regret is at most this fraction of the payoff range
/// (Gambit's default `maxregret`).
pub const REGRET_TARGET: f64 = 1e-8;

/// LU factorisation with partial pivoting of a dense row-major `n×n` matrix, in place.
/// Returns the pivot rows and the sign of the determinant, or `None` if singular.
fn lu(a: &mut [f64], n: usize) -> Option<(Vec<usize>, f64)> {
    let mut piv = vec![0; n];
    let mut sign = 1.0;
    let scale = a.iter().fold(0.0f64, |m, x| m.max(x.abs())).max(f64::MIN_POSITIVE);
    for c in 0..n {
        let p = (c..n).max_by(|&r, &s| a[r * n + c].abs().total_cmp(&a[s * n + c].abs())).expect("n > 0");
        piv[c] = p;
        let d = a[p * n + c];
        if !d.is_finite() || d.abs() <= scale * 1e-15 {
            return None;
        }
        if p != c {
            for j in 0..n {
                a.swap(p * n + j, c * n + j);
            }
            sign = -sign;
        }
        if d < 0.0 {
            sign = -sign;
        }
        for r in c + 1..n {
            let f = a[r * n + c] / d;
            a[r * n + c] = f;
            if f != 0.0 {
                for j in c + 1..n {
                    a[r * n + j] -= f * a[c * n + j];
                }
            }
        }
    }
    Some((piv, sign))
}

/// Solves with a factorisation from [`lu`].
fn lu_solve(a: &[f64], piv: &[usize], b: &mut [f64], n: usize) {
    // The multipliers were swapped with their rows, so all row swaps come first.
    for c in 0..n {
        b.swap(c, piv[c]);
    }
    for c in 0..n {
        for r in c + 1..n {
            b[r] -= a[r * n + c] * b[c];
        }
    }
    for c in (0..n).rev() {
        let mut s = b[c];
        for j in c + 1..n {
            s -= a[c * n + j] * b[j];
        }
        b[c] = s / a[c * n + c];
    }
}

/// The QRE equations on the rescaled game: per player, probabilities sum to one, and
/// `ln p_a − ln p_0 = ν (u_a − u_0)` for every other action `a`, with `ν` the rescaled λ.
struct System<'a> {
    game: &'a NormalForm,
    off: Vec<usize>,
    k: usize,
}

impl System<'_> {
    /// Residual `H` (length K) and Jacobian (K × (K+1), last column ∂/∂ν) at `z = (ln p, ν)`.
    fn eval(&self, z: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let k = self.k;
        let nu = z[k];
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
                h[a] = z[a] - z[o] - nu * (u[a] - u[o]);
                jac[a * w + a] += 1.0;
                jac[a * w + o] -= 1.0;
                for j in 0..n {
                    if j == i {
                        continue;
                    }
                    for b in self.off[j]..self.off[j + 1] {
                        jac[a * w + b] -= nu * (cross[a * k + b] - cross[o * k + b]) * p[b];
                    }
                }
                jac[a * w + k] = -(u[a] - u[o]);
            }
        }
        (h, jac)
    }

    /// Factorises `[J; t]` (square K+1); `None` if singular.
    fn factor(&self, jac: &[f64], t: &[f64]) -> Option<(Vec<f64>, Vec<usize>, f64)> {
        let w = self.k + 1;
        let mut a = Vec::with_capacity(w * w);
        a.extend_from_slice(jac);
        a.extend_from_slice(t);
        let (piv, sign) = lu(&mut a, w)?;
        Some((a, piv, sign))
    }

    /// The unit tangent at a point with Jacobian `jac`, oriented to agree with `t_prev`, and the
    /// sign of `det [J; t]` (the orientation of the curve there).
    fn tangent(&self, jac: &[f64], t_prev: &[f64]) -> Option<(Vec<f64>, f64)> {
        let w = self.k + 1;
        let (a, piv, sign) = self.factor(jac, t_prev)?;
        let mut v = vec![0.0; w];
        v[w - 1] = 1.0;
        lu_solve(&a, &piv, &mut v, w);
        let nv = norm(&v);
        if !nv.is_finite() || nv == 0.0 {
            return None;
        }
        v.iter_mut().for_each(|x| *x /= nv);
        // det [J; t] = (t · τ) det [J; τ] for the unit kernel vector τ, and t · t_prev > 0 here
        // by construction (t_prev · v = 1), so the sign of det [J; t_prev] is the orientation.
        Some((v, sign))
    }
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// How one predictor–corrector attempt went.
enum Attempt {
    /// Converged: the new point, its tangent and orientation, and the step-length factor the
    /// step suggests (below 1: shrink, above 1: grow).
    Ok { z: Vec<f64>, t: Vec<f64>, sign: f64, factor: f64 },
    /// Rejected; try again with a shorter step.
    Reject,
}

/// Target ratios of the step control: corrector distance over step, contraction rate, and
/// the angle (radians) between successive tangents. A step exceeding a target by the reject
/// factor is rejected.
const DIST_TARGET: f64 = 0.05;
const CONTR_TARGET: f64 = 0.1;
const ANGLE_TARGET: f64 = 0.1;
const REJECT: f64 = 5.0;
/// Smallest step; below it the tracer gives up (or crosses a persistent orientation flip).
const H_MIN: f64 = 1e-10;

fn attempt(sys: &System, z: &[f64], t: &[f64], sign: f64, h: f64, force: bool) -> Attempt {
    let k = sys.k;
    let mut zc: Vec<f64> = z.iter().zip(t).map(|(a, b)| a + h * b).collect();
    if zc[k] < 0.0 {
        return Attempt::Reject;
    }
    let mut d1 = 0.0;
    let mut prev = 0.0;
    let mut contr_max: f64 = 0.0;
    let mut converged = false;
    let mut last_jac = Vec::new();
    for it in 0..12 {
        let (hres, jac) = sys.eval(&zc);
        let Some((a, piv, _)) = sys.factor(&jac, t) else { return Attempt::Reject };
        let mut d: Vec<f64> = hres.iter().map(|x| -x).collect();
        d.push(0.0);
        lu_solve(&a, &piv, &mut d, k + 1);
        let dn = norm(&d);
        if !dn.is_finite() {
            return Attempt::Reject;
        }
        if it == 0 {
            d1 = dn;
            if !force && d1 > REJECT * DIST_TARGET * h.max(1e-3) {
                return Attempt::Reject;
            }
        } else if prev > 0.0 {
            let c = dn / prev;
            contr_max = contr_max.max(c);
            if !force && c > (REJECT * CONTR_TARGET).min(0.7) && dn > 1e-12 {
                return Attempt::Reject;
            }
        }
        zc.iter_mut().zip(&d).for_each(|(a, b)| *a += b);
        prev = dn;
        let scale = 1.0 + zc.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if dn <= 1e-11 * scale {
            converged = true;
            last_jac = jac;
            break;
        }
    }
    if !converged || zc[k] < 0.0 {
        return Attempt::Reject;
    }
    // The tangent at the new point, from the Jacobian evaluated at the converged point.
    let (_, jac) = sys.eval(&zc);
    let jac = if jac.iter().all(|x| x.is_finite()) { jac } else { last_jac };
    let Some((t_new, sign_new)) = sys.tangent(&jac, t) else { return Attempt::Reject };
    let angle = dot(&t_new, t).clamp(-1.0, 1.0).acos();
    if !force && (angle > REJECT * ANGLE_TARGET || sign_new != sign) {
        return Attempt::Reject;
    }
    let ratio = (d1 / (DIST_TARGET * h)).max(contr_max / CONTR_TARGET).max(angle / ANGLE_TARGET);
    let factor = if ratio > 0.0 { (1.0 / ratio).clamp(0.5, 2.0) } else { 2.0 };
    Attempt::Ok { z: zc, t: t_new, sign: sign_new, factor }
}

/// Where the traced path ended.
#[derive(Clone, Debug, PartialEq)]
pub enum End {
    /// The regret target was met.
    Converged,
    /// λ times the payoff range reached `opts.max_lambda`.
    MaxLambda,
    /// `opts.max_steps` steps were taken.
    MaxSteps,
    /// The budget stopped the trace.
    Stopped(super::Stop),
    /// The step length fell below its minimum, or the Jacobian was singular.
    Failed(String),
}

/// A traced path and how it ended.
#[derive(Clone, Debug)]
pub struct Trace {
    /// `(λ, profile)` points from λ = 0, λ in the game's payoff units.
    pub path: Vec<PathPoint>,
    pub end: End,
    /// Maximum regret (payoff units) of the last point.
    pub regret: f64,
}

/// Traces the principal branch; never fails, the end says how it ended.
pub fn trace_full(game: &NormalForm, opts: &SolveOptions) -> Trace {
    let norm_game = Normalized::new(game);
    let shape = game.shape().to_vec();
    let off = offsets(&shape);
    let k = off[shape.len()];
    let w = k + 1;
    let unflatten = |z: &[f64]| -> Vec<Vec<f64>> {
        (0..shape.len())
            .map(|i| {
                let v: Vec<f64> = (off[i]..off[i + 1]).map(|a| z[a].exp()).collect();
                let s: f64 = v.iter().sum();
                v.into_iter().map(|x| x / s).collect()
            })
            .collect()
    };
    let mut z: Vec<f64> = Vec::with_capacity(w);
    for &ki in &shape {
        z.extend(std::iter::repeat_n(-(ki as f64).ln(), ki));
    }
    z.push(0.0);
    let range = norm_game.range;
    let lam = |nu: f64| if range > 0.0 { nu / range } else { nu };
    let target = REGRET_TARGET * norm_game.scale();
    let first = unflatten(&z);
    let mut regret = norm_game.max_regret(&first);
    let mut path = vec![(0.0, first)];
    if regret <= target {
        return Trace { path, end: End::Converged, regret };
    }
    let sys = System { game: &norm_game.game, off: off.clone(), k };
    let mut t_prev = vec![0.0; w];
    t_prev[k] = 1.0;
    let (_, jac0) = sys.eval(&z);
    let Some((mut t, mut sign)) = sys.tangent(&jac0, &t_prev) else {
        return Trace { path, end: End::Failed("singular Jacobian at λ = 0".into()), regret };
    };
    if t[k] < 0.0 {
        t.iter_mut().for_each(|x| *x = -*x);
        sign = -sign;
    }
    let mut h = 0.03;
    let mut steps = 0;
    let mut last_report = Instant::now();
    let budget = &opts.budget;
    let point_bytes = w * std::mem::size_of::<f64>() + 64;
    let end = loop {
        if let Err(stop) = budget.check_memory(path.len() * point_bytes) {
            break End::Stopped(stop);
        }
        if z[k] >= opts.max_lambda {
            break End::MaxLambda;
        }
        if steps >= opts.max_steps {
            break End::MaxSteps;
        }
        steps += 1;
        if last_report.elapsed() >= Duration::from_millis(200) {
            last_report = Instant::now();
            budget.report(&format!("logit: step {steps}, λ = {:.6e}, regret {regret:.3e}", lam(z[k])));
        }
        let mut result = None;
        let mut hh = h;
        while hh >= H_MIN {
            match attempt(&sys, &z, &t, sign, hh, false) {
                Attempt::Ok { z: zn, t: tn, sign: sn, factor } => {
                    result = Some((zn, tn, sn, hh * factor));
                    break;
                }
                Attempt::Reject => hh *= 0.5,
            }
        }
        if result.is_none() {
            // No step passes the checks however short: the path is at a bifurcation point
            // (exactly symmetric games), where the orientation flips. Cross it along the tangent,
            // keeping the direction of travel, with the shortest step whose corrector converges
            // on the far side. (Gambit instead perturbs the equations there and may leave on a
            // bifurcating branch; see the module documentation.)
            let mut hf = 1e-6;
            while hf <= 0.1 && result.is_none() {
                if let Attempt::Ok { z: zn, t: tn, sign: sn, .. } = attempt(&sys, &z, &t, sign, hf, true) {
                    result = Some((zn, tn, sn, hf));
                }
                hf *= 10.0;
            }
        }
        let Some((zn, tn, sn, hn)) = result else {
            break End::Failed("step size underflow".into());
        };
        z = zn;
        t = tn;
        sign = sn;
        h = hn;
        let prof = unflatten(&z);
        regret = norm_game.max_regret(&prof);
        path.push((lam(z[k]), prof));
        if regret <= target {
            break End::Converged;
        }
    };
    Trace { path, end, regret }
}

/// The traced path: `(λ, profile)` points from λ = 0 to where tracing stopped.
pub fn trace(game: &NormalForm, opts: &SolveOptions) -> Result<Vec<PathPoint>, SolveError> {
    let tr = trace_full(game, opts);
    match tr.end {
        End::Failed(why) => {
            Err(SolveError::Numerical(format!("logit: {why} at λ = {:.6e}", tr.path.last().map_or(0.0, |p| p.0))))
        }
        _ => Ok(tr.path),
    }
}

/// Traces the path; the last point is listed as the approximate equilibrium when its regret
/// meets the target, otherwise the result carries a note and no equilibrium.
pub fn solve(game: &NormalForm, opts: &SolveOptions) -> Result<SolveResult, SolveError> {
    let tr = trace_full(game, opts);
    let norm_game = Normalized::new(game);
    let target = REGRET_TARGET * norm_game.scale();
    let (lambda, last) = tr.path.last().expect("the path starts at λ = 0").clone();
    let mut res = SolveResult { path: tr.path, ..Default::default() };
    let eq = norm_game.equilibrium(last);
    let why = match &tr.end {
        End::Converged => None,
        End::MaxLambda => Some("the path reached the largest λ".to_string()),
        End::MaxSteps => Some(format!("the path took the most steps allowed ({})", opts.max_steps)),
        End::Stopped(stop) => {
            res.incomplete = Some(*stop);
            Some(format!("tracing stopped: {stop}"))
        }
        End::Failed(why) => Some(format!("tracing failed ({why})")),
    };
    if eq.max_regret <= target {
        res.equilibria.push(eq);
    } else if let Some(why) = why {
        res.notes.push(format!(
            "logit: {why} at λ = {lambda:.6e} with maximum regret {:.3e}, above the target {target:.3e}; no equilibrium is listed",
            eq.max_regret
        ));
    }
    Ok(res)
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
        // The centroid is already an equilibrium: the path stops where it starts.
        assert_eq!(r.path.len(), 1);
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
