//! Global sensitivity estimators over the designs of [`super::sample`].
//!
//! - Sobol' indices ([`sobol`], [`sobol_second_order`], [`sobol_design`]): Sobol' (2001),
//!   "Global sensitivity indices for nonlinear mathematical models and their Monte Carlo
//!   estimates", *Math. Comput. Simul.* 55, 271–280. First-order indices use the estimator of
//!   Saltelli et al. (2010), *Computer Physics Communications* 181, 259–270 (table 2 (b)):
//!   `S_j = mean(f(B) (f(A_B^j) - f(A))) / V`; total indices use Jansen's (1999) estimator from
//!   the same table (f): `ST_j = mean((f(A) - f(A_B^j))^2) / (2 V)`; second-order indices use
//!   Saltelli (2002), *Computer Physics Communications* 145, 280–297:
//!   `S_jk = mean(f(B_A^j) f(A_B^k) - f(A) f(B)) / V - S_j - S_k`. `V` is the variance of the
//!   outputs at `A` and `B`. As in SALib's `SALib.analyze.sobol.analyze`, the outputs are first
//!   centred and scaled by the mean and standard deviation of all of them, which the estimators
//!   of the first and second order are not invariant to; with the same inputs the two tools
//!   agree to rounding.
//! - Morris screening ([`morris`]): the elementary effects of Morris (1991), *Technometrics*
//!   33(2), 161–174, summarised by their mean μ, their standard deviation σ, and the mean of
//!   their absolute values μ* of Campolongo, Cariboni and Saltelli (2007), "An effective
//!   screening design for sensitivity analysis of large models", *Environmental Modelling &
//!   Software* 22, 1509–1518. Effects are per unit of the normalised step Δ, as in SALib's
//!   `SALib.analyze.morris.analyze`.
//!
//! Confidence intervals are bootstrap intervals (Efron and Tibshirani 1993): the estimator is
//! recomputed on `n_boot` resamples of the base points (or trajectories) drawn with
//! replacement, and each `*_ci` field is the half-width `z σ_boot` of the 95 % normal interval
//! (`z = Φ⁻¹(0.975)`, σ_boot the resamples' standard deviation with `n_boot - 1` in the
//! denominator), SALib's `*_conf`. With fewer than two resamples the half-widths are NaN.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::sample::{block_size, morris_delta};
use super::{StudyError, check_finite, normal};

/// The confidence level of every interval here.
pub const CONFIDENCE: f64 = 0.95;

/// Sobol' indices of `k` parameters with bootstrap half-widths.
#[derive(Clone, Debug, PartialEq)]
pub struct SobolIndices {
    /// First-order indices.
    pub s1: Vec<f64>,
    /// Half-widths of their 95 % intervals.
    pub s1_ci: Vec<f64>,
    /// Total indices.
    pub st: Vec<f64>,
    /// Half-widths of their 95 % intervals.
    pub st_ci: Vec<f64>,
    /// Second-order indices `s2[j][k]` for `j < k` (NaN elsewhere), when asked for.
    pub s2: Option<Vec<Vec<f64>>>,
    /// Half-widths of their 95 % intervals.
    pub s2_ci: Option<Vec<Vec<f64>>>,
}

/// First-order and total Sobol' indices from the outputs at `A` (`y_a`, length `n`), at `B`
/// (`y_b`) and at each `A_B^(j)` (`y_ab[j]`, length `n`), with `n_boot` bootstrap resamples.
pub fn sobol(
    y_a: &[f64],
    y_b: &[f64],
    y_ab: &[Vec<f64>],
    n_boot: usize,
    rng: &mut ChaCha8Rng,
) -> Result<SobolIndices, StudyError> {
    sobol_impl(y_a, y_b, y_ab, None, n_boot, rng)
}

/// As [`sobol`], with second-order indices from the outputs at each `B_A^(j)` (`y_ba[j]`).
pub fn sobol_second_order(
    y_a: &[f64],
    y_b: &[f64],
    y_ab: &[Vec<f64>],
    y_ba: &[Vec<f64>],
    n_boot: usize,
    rng: &mut ChaCha8Rng,
) -> Result<SobolIndices, StudyError> {
    sobol_impl(y_a, y_b, y_ab, Some(y_ba), n_boot, rng)
}

/// Sobol' indices from outputs `y` in the row order of a Saltelli design over `k` parameters
/// (see [`super::sample::saltelli`]; the order of SALib's `sobol.sample`), second-order indices
/// included when the design has the `B_A` rows.
pub fn sobol_design(
    y: &[f64],
    k: usize,
    second_order: bool,
    n_boot: usize,
    rng: &mut ChaCha8Rng,
) -> Result<SobolIndices, StudyError> {
    if k == 0 {
        return Err(StudyError::NoParameters);
    }
    let block = block_size(k, second_order);
    if y.is_empty() || !y.len().is_multiple_of(block) {
        let expected = (y.len() / block).max(1) * block;
        return Err(StudyError::Length { what: "outputs of a Saltelli design", got: y.len(), expected });
    }
    let n = y.len() / block;
    let col = |offset: usize| -> Vec<f64> { (0..n).map(|i| y[i * block + offset]).collect() };
    let y_a = col(0);
    let y_b = col(block - 1);
    let y_ab: Vec<Vec<f64>> = (0..k).map(|j| col(1 + j)).collect();
    if second_order {
        let y_ba: Vec<Vec<f64>> = (0..k).map(|j| col(1 + k + j)).collect();
        sobol_second_order(&y_a, &y_b, &y_ab, &y_ba, n_boot, rng)
    } else {
        sobol(&y_a, &y_b, &y_ab, n_boot, rng)
    }
}

fn sobol_impl(
    y_a: &[f64],
    y_b: &[f64],
    y_ab: &[Vec<f64>],
    y_ba: Option<&[Vec<f64>]>,
    n_boot: usize,
    rng: &mut ChaCha8Rng,
) -> Result<SobolIndices, StudyError> {
    let n = y_a.len();
    let k = y_ab.len();
    if k == 0 {
        return Err(StudyError::NoParameters);
    }
    if n == 0 {
        return Err(StudyError::TooFew { what: "base points", min: 1, got: 0 });
    }
    if y_b.len() != n {
        return Err(StudyError::Length { what: "outputs at B", got: y_b.len(), expected: n });
    }
    for c in y_ab.iter().chain(y_ba.unwrap_or(&[])) {
        if c.len() != n {
            return Err(StudyError::Length { what: "outputs at A_B or B_A", got: c.len(), expected: n });
        }
    }
    if let Some(ba) = y_ba
        && ba.len() != k
    {
        return Err(StudyError::Length { what: "B_A output columns", got: ba.len(), expected: k });
    }
    check_finite("outputs at A", y_a)?;
    check_finite("outputs at B", y_b)?;
    for c in y_ab {
        check_finite("outputs at A_B", c)?;
    }
    for c in y_ba.unwrap_or(&[]) {
        check_finite("outputs at B_A", c)?;
    }

    // Centre and scale by the mean and (population) standard deviation of every output, as
    // SALib does before estimating.
    let all = || y_a.iter().chain(y_b).chain(y_ab.iter().flatten()).chain(y_ba.unwrap_or(&[]).iter().flatten());
    let count = (n * (2 + k + y_ba.map_or(0, |_| k))) as f64;
    let mean = all().sum::<f64>() / count;
    let sd = (all().map(|v| (v - mean) * (v - mean)).sum::<f64>() / count).sqrt();
    let norm = |v: &[f64]| -> Vec<f64> {
        if sd > 0.0 { v.iter().map(|x| (x - mean) / sd).collect() } else { vec![0.0; v.len()] }
    };
    let a = norm(y_a);
    let b = norm(y_b);
    let ab: Vec<Vec<f64>> = y_ab.iter().map(|c| norm(c)).collect();
    let ba: Option<Vec<Vec<f64>>> = y_ba.map(|cols| cols.iter().map(|c| norm(c)).collect());

    let identity: Vec<usize> = (0..n).collect();
    let point = Estimates::compute(&a, &b, &ab, ba.as_deref(), &identity);

    let z = normal::quantile(0.5 + CONFIDENCE / 2.0);
    let mut s1_boot = vec![Vec::with_capacity(n_boot); k];
    let mut st_boot = vec![Vec::with_capacity(n_boot); k];
    let mut s2_boot = vec![vec![Vec::with_capacity(n_boot); k]; k];
    let mut idx = vec![0usize; n];
    for _ in 0..n_boot {
        for i in idx.iter_mut() {
            *i = rng.random_range(0..n);
        }
        let e = Estimates::compute(&a, &b, &ab, ba.as_deref(), &idx);
        for j in 0..k {
            s1_boot[j].push(e.s1[j]);
            st_boot[j].push(e.st[j]);
        }
        if let Some(s2) = &e.s2 {
            for j in 0..k {
                for l in j + 1..k {
                    s2_boot[j][l].push(s2[j][l]);
                }
            }
        }
    }
    let half = |v: &[f64]| z * sd_sample(v);
    let s2_ci = point.s2.as_ref().map(|_| {
        (0..k).map(|j| (0..k).map(|l| if l > j { half(&s2_boot[j][l]) } else { f64::NAN }).collect()).collect()
    });
    Ok(SobolIndices {
        s1_ci: s1_boot.iter().map(|v| half(v)).collect(),
        st_ci: st_boot.iter().map(|v| half(v)).collect(),
        s1: point.s1,
        st: point.st,
        s2: point.s2,
        s2_ci,
    })
}

/// Point estimates on the base points listed in `idx` (all of them, or a bootstrap resample).
struct Estimates {
    s1: Vec<f64>,
    st: Vec<f64>,
    s2: Option<Vec<Vec<f64>>>,
}

impl Estimates {
    fn compute(a: &[f64], b: &[f64], ab: &[Vec<f64>], ba: Option<&[Vec<f64>]>, idx: &[usize]) -> Self {
        let k = ab.len();
        let m = idx.len() as f64;
        // The variance of the outputs at A and B together (population variance, two passes).
        let mean = idx.iter().map(|&i| a[i] + b[i]).sum::<f64>() / (2.0 * m);
        let var = idx.iter().map(|&i| (a[i] - mean).powi(2) + (b[i] - mean).powi(2)).sum::<f64>() / (2.0 * m);
        let (lo, hi) = idx
            .iter()
            .flat_map(|&i| [a[i], b[i]])
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        // SALib reports 0 for every index when the outputs at A and B are all equal.
        let constant = lo == hi;
        let first = |c: &[f64]| -> f64 {
            if constant { 0.0 } else { idx.iter().map(|&i| b[i] * (c[i] - a[i])).sum::<f64>() / m / var }
        };
        let s1: Vec<f64> = ab.iter().map(|c| first(c)).collect();
        let st: Vec<f64> =
            ab.iter()
                .map(|c| {
                    if constant {
                        0.0
                    } else {
                        0.5 * (idx.iter().map(|&i| (a[i] - c[i]).powi(2)).sum::<f64>() / m) / var
                    }
                })
                .collect();
        let s2 = ba.map(|ba| {
            let mut s2 = vec![vec![f64::NAN; k]; k];
            for j in 0..k {
                for l in j + 1..k {
                    s2[j][l] = if constant {
                        0.0
                    } else {
                        let v = idx.iter().map(|&i| ba[j][i] * ab[l][i] - a[i] * b[i]).sum::<f64>() / m / var;
                        v - s1[j] - s1[l]
                    };
                }
            }
            s2
        });
        Estimates { s1, st, s2 }
    }
}

/// The sample standard deviation (denominator `len - 1`); NaN with fewer than two values.
fn sd_sample(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return f64::NAN;
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}

/// Morris screening measures of `k` parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct MorrisIndices {
    /// Mean elementary effect μ.
    pub mu: Vec<f64>,
    /// Mean absolute elementary effect μ* (Campolongo et al. 2007).
    pub mu_star: Vec<f64>,
    /// Standard deviation σ of the elementary effects (denominator `r - 1`).
    pub sigma: Vec<f64>,
    /// Half-width of the bootstrap 95 % interval of μ*.
    pub mu_star_ci: Vec<f64>,
    /// The elementary effects, `effects[j][t]` for parameter `j` in trajectory `t`.
    pub effects: Vec<Vec<f64>>,
}

/// The elementary effects of a Morris design `x` (rows of `r` trajectories of `k + 1` points,
/// as [`super::sample::morris`] or SALib's `morris.sample` lays them out) with outputs `y`,
/// `levels` being the design's number of grid levels: `effects[j][t] = (y(x_j high) - y(x_j
/// low)) / Δ` for the step of trajectory `t` that moves parameter `j`.
pub fn elementary_effects(x: &[Vec<f64>], y: &[f64], levels: usize) -> Result<Vec<Vec<f64>>, StudyError> {
    if levels < 2 {
        return Err(StudyError::TooFew { what: "Morris grid levels", min: 2, got: levels });
    }
    let k = x.first().map_or(0, Vec::len);
    if k == 0 {
        return Err(StudyError::NoParameters);
    }
    if y.len() != x.len() {
        return Err(StudyError::Length { what: "Morris outputs", got: y.len(), expected: x.len() });
    }
    if !x.len().is_multiple_of(k + 1) {
        let expected = (x.len() / (k + 1)).max(1) * (k + 1);
        return Err(StudyError::Length { what: "rows of a Morris design", got: x.len(), expected });
    }
    check_finite("Morris outputs", y)?;
    let r = x.len() / (k + 1);
    let delta = morris_delta(levels);
    let mut effects = vec![vec![f64::NAN; r]; k];
    for t in 0..r {
        let rows = &x[t * (k + 1)..(t + 1) * (k + 1)];
        let out = &y[t * (k + 1)..(t + 1) * (k + 1)];
        for s in 1..=k {
            if rows[s].len() != k {
                return Err(StudyError::NotATrajectory { trajectory: t, step: s, problem: "row has the wrong length" });
            }
            let mut changed = (0..k).filter(|&j| rows[s][j] != rows[s - 1][j]);
            let (Some(j), None) = (changed.next(), changed.next()) else {
                return Err(StudyError::NotATrajectory {
                    trajectory: t,
                    step: s,
                    problem: "a step must change exactly one parameter",
                });
            };
            if !effects[j][t].is_nan() {
                return Err(StudyError::NotATrajectory { trajectory: t, step: s, problem: "a parameter moves twice" });
            }
            let up = rows[s][j] > rows[s - 1][j];
            let diff = if up { out[s] - out[s - 1] } else { out[s - 1] - out[s] };
            effects[j][t] = diff / delta;
        }
    }
    Ok(effects)
}

/// Morris screening from a design `x` with outputs `y` (see [`elementary_effects`]): μ, μ*, σ,
/// and a bootstrap interval for μ* from `n_boot` resamples of the trajectories.
pub fn morris(
    x: &[Vec<f64>],
    y: &[f64],
    levels: usize,
    n_boot: usize,
    rng: &mut ChaCha8Rng,
) -> Result<MorrisIndices, StudyError> {
    let effects = elementary_effects(x, y, levels)?;
    let r = effects[0].len();
    let z = normal::quantile(0.5 + CONFIDENCE / 2.0);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let mut mu = Vec::new();
    let mut mu_star = Vec::new();
    let mut sigma = Vec::new();
    let mut mu_star_ci = Vec::new();
    for ee in &effects {
        let abs: Vec<f64> = ee.iter().map(|v| v.abs()).collect();
        mu.push(mean(ee));
        mu_star.push(mean(&abs));
        sigma.push(sd_sample(ee));
        let boot: Vec<f64> =
            (0..n_boot).map(|_| (0..r).map(|_| abs[rng.random_range(0..r)]).sum::<f64>() / r as f64).collect();
        mu_star_ci.push(z * sd_sample(&boot));
    }
    Ok(MorrisIndices { mu, mu_star, sigma, mu_star_ci, effects })
}

/// Test functions with known sensitivity indices, for tests and the SALib comparison.
pub mod test_functions {
    use std::f64::consts::PI;

    /// The Ishigami and Homma (1990) function `sin x1 + a sin² x2 + b x3⁴ sin x1` on
    /// `[-π, π]³`.
    pub fn ishigami(x: &[f64], a: f64, b: f64) -> f64 {
        x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
    }

    /// The analytic first-order and total indices of [`ishigami`] and its only non-zero
    /// second-order index `S13` (Homma and Saltelli 1996): `(s1, st, s13)`.
    pub fn ishigami_indices(a: f64, b: f64) -> ([f64; 3], [f64; 3], f64) {
        let pi4 = PI.powi(4);
        let pi8 = PI.powi(8);
        let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v], v13 / v)
    }

    /// Sobol's G function `prod (|4 x_j - 2| + a_j) / (1 + a_j)` on the unit cube.
    pub fn sobol_g(x: &[f64], a: &[f64]) -> f64 {
        x.iter().zip(a).map(|(&x, &a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a)).product()
    }

    /// The analytic first-order and total indices of [`sobol_g`] (Saltelli et al. 2010, §5).
    pub fn sobol_g_indices(a: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let vj: Vec<f64> = a.iter().map(|&a| 1.0 / (3.0 * (1.0 + a).powi(2))).collect();
        let prod: f64 = vj.iter().map(|v| 1.0 + v).product();
        let v = prod - 1.0;
        let s1 = vj.iter().map(|x| x / v).collect();
        let st = vj.iter().map(|x| x * prod / (1.0 + x) / v).collect();
        (s1, st)
    }
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // Tests index parallel arrays by parameter.
mod tests {
    use super::test_functions::*;
    use super::*;
    use crate::study::sample;
    use rand::SeedableRng;
    use std::f64::consts::PI;

    const BOUNDS: [(f64, f64); 3] = [(-PI, PI), (-PI, PI), (-PI, PI)];

    fn rng(seed: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(seed)
    }

    #[test]
    fn analytic_ishigami_indices_are_the_published_ones() {
        let (s1, st, s13) = ishigami_indices(7.0, 0.1);
        assert!((s1[0] - 0.3139).abs() < 1e-4);
        assert!((s1[1] - 0.4424).abs() < 1e-4);
        assert!((st[0] - 0.5576).abs() < 1e-4);
        assert!((st[2] - 0.2437).abs() < 1e-4);
        assert!((s13 - 0.2437).abs() < 1e-4);
    }

    /// Sobol' indices of Ishigami (a = 7, b = 0.1) from a scrambled Saltelli design with
    /// n = 2^13 base points (65,536 evaluations with second order). The tolerances are about
    /// three times the bootstrap half-widths seen at this size (0.01–0.03), and the analytic
    /// values must also fall inside 2.5 reported half-widths.
    #[test]
    fn sobol_indices_of_ishigami_match_the_analytic_values() {
        let (s1, st, s13) = ishigami_indices(7.0, 0.1);
        let design = sample::saltelli(1 << 13, &BOUNDS, true, Some(&mut rng(2024))).unwrap();
        let y: Vec<f64> = design.rows.iter().map(|x| ishigami(x, 7.0, 0.1)).collect();
        let si = sobol_design(&y, 3, true, 200, &mut rng(7)).unwrap();
        let s2 = si.s2.as_ref().unwrap();
        let s2_ci = si.s2_ci.as_ref().unwrap();
        for j in 0..3 {
            assert!((si.s1[j] - s1[j]).abs() < 0.03, "S1[{j}] = {} vs {}", si.s1[j], s1[j]);
            assert!((si.st[j] - st[j]).abs() < 0.03, "ST[{j}] = {} vs {}", si.st[j], st[j]);
            assert!((si.s1[j] - s1[j]).abs() < 2.5 * si.s1_ci[j], "S1[{j}] outside its interval");
            assert!((si.st[j] - st[j]).abs() < 2.5 * si.st_ci[j], "ST[{j}] outside its interval");
            assert!(si.s1_ci[j] > 0.0 && si.s1_ci[j] < 0.05 && si.st_ci[j] < 0.05);
        }
        assert!((s2[0][2] - s13).abs() < 0.05, "S13 = {}", s2[0][2]);
        assert!(s2[0][1].abs() < 0.05 && s2[1][2].abs() < 0.05, "S12 {} S23 {}", s2[0][1], s2[1][2]);
        assert!(s2_ci[0][2] > 0.0 && s2[1][0].is_nan());
    }

    #[test]
    fn unscrambled_sobol_design_converges_too_and_first_order_only_agrees() {
        let (s1, st, _) = ishigami_indices(7.0, 0.1);
        let design = sample::saltelli(1 << 12, &BOUNDS, false, None).unwrap();
        let y: Vec<f64> = design.rows.iter().map(|x| ishigami(x, 7.0, 0.1)).collect();
        let si = sobol_design(&y, 3, false, 0, &mut rng(1)).unwrap();
        assert!(si.s2.is_none() && si.s1_ci[0].is_nan());
        for j in 0..3 {
            assert!((si.s1[j] - s1[j]).abs() < 0.03 && (si.st[j] - st[j]).abs() < 0.03, "j = {j}: {si:?}");
        }
    }

    #[test]
    fn sobol_indices_of_the_g_function_match_the_analytic_values() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0];
        let (s1, st) = sobol_g_indices(&a);
        let bounds = vec![(0.0, 1.0); a.len()];
        let design = sample::saltelli(1 << 13, &bounds, false, Some(&mut rng(5))).unwrap();
        let y: Vec<f64> = design.rows.iter().map(|x| sobol_g(x, &a)).collect();
        let si = sobol_design(&y, a.len(), false, 100, &mut rng(6)).unwrap();
        for j in 0..a.len() {
            assert!((si.s1[j] - s1[j]).abs() < 0.03, "S1[{j}] = {} vs {}", si.s1[j], s1[j]);
            assert!((si.st[j] - st[j]).abs() < 0.03, "ST[{j}] = {} vs {}", si.st[j], st[j]);
        }
    }

    #[test]
    fn sobol_rejects_bad_shapes_and_reports_zero_for_a_constant_model() {
        let mut r = rng(1);
        assert!(matches!(sobol_design(&[1.0; 9], 3, false, 10, &mut r), Err(StudyError::Length { .. })));
        assert!(matches!(
            sobol(&[1.0, 2.0], &[1.0], &[vec![1.0, 2.0]], 10, &mut r),
            Err(StudyError::Length { what: "outputs at B", .. })
        ));
        assert!(matches!(
            sobol(&[1.0, f64::NAN], &[1.0, 2.0], &[vec![1.0, 2.0]], 10, &mut r),
            Err(StudyError::NotFinite { row: 1, .. })
        ));
        let si = sobol_design(&[3.0; 10], 3, false, 10, &mut r).unwrap();
        assert_eq!(si.s1, vec![0.0; 3]);
        assert_eq!(si.st_ci, vec![0.0; 3]);
    }

    /// Morris screening of Ishigami with 500 trajectories on 4 levels. On that grid x2 takes the
    /// values -π, -π/3, π/3, π and every step of Δ = 2/3 moves sin² x2 between 0 and 3/4, so
    /// every elementary effect of x2 is ±7 (3/4) / (2/3) = ±7.875: μ*(x2) = 7.875 exactly, μ(x2)
    /// is near zero, and x3 ranks last.
    #[test]
    fn morris_screening_of_ishigami() {
        let x = sample::morris(500, &BOUNDS, 4, &mut rng(42)).unwrap();
        let y: Vec<f64> = x.iter().map(|r| ishigami(r, 7.0, 0.1)).collect();
        let m = morris(&x, &y, 4, 1000, &mut rng(43)).unwrap();
        assert_eq!(m.effects[0].len(), 500);
        for j in 0..3 {
            assert!(m.mu_star[j] >= m.mu[j].abs() - 1e-12);
            // On four levels over [-π, π], |sin² x2| steps are all equal, so x2's interval is 0.
            assert!(m.mu_star_ci[j] >= 0.0 && m.mu_star_ci[j] < 0.1 * m.mu_star[j], "{:?}", m.mu_star_ci);
            assert!(m.sigma[j] > 0.0);
        }
        assert!((m.mu_star[1] - 7.875).abs() < 1e-12, "mu*[x2] = {}", m.mu_star[1]);
        assert!(m.mu[1].abs() < 0.15 * m.mu_star[1], "mu[x2] = {}", m.mu[1]);
        assert!(m.mu_star[2] < m.mu_star[0] && m.mu_star[2] < m.mu_star[1], "{:?}", m.mu_star);
    }

    #[test]
    fn morris_of_a_linear_model_recovers_the_slopes_exactly() {
        // y = 2 x1 - 3 x2 + 0 x3 on [0, 1], [0, 10], [0, 1]: each elementary effect is the
        // slope times the parameter's range (effects are per unit of the normalised step).
        let bounds = [(0.0, 1.0), (0.0, 10.0), (0.0, 1.0)];
        let x = sample::morris(20, &bounds, 6, &mut rng(8)).unwrap();
        let y: Vec<f64> = x.iter().map(|r| 2.0 * r[0] - 3.0 * r[1]).collect();
        let m = morris(&x, &y, 6, 50, &mut rng(9)).unwrap();
        let want = [2.0, -30.0, 0.0];
        for j in 0..3 {
            assert!((m.mu[j] - want[j]).abs() < 1e-9, "{:?}", m.mu);
            assert!((m.mu_star[j] - want[j].abs()).abs() < 1e-9);
            assert!(m.sigma[j] < 1e-9 && m.mu_star_ci[j] < 1e-9);
        }
    }

    #[test]
    fn morris_rejects_rows_that_are_not_trajectories() {
        let mut r = rng(1);
        let x = vec![vec![0.0, 0.0], vec![1.0, 1.0], vec![1.0, 0.0]];
        assert!(matches!(
            morris(&x, &[0.0, 1.0, 2.0], 4, 10, &mut r),
            Err(StudyError::NotATrajectory { trajectory: 0, step: 1, .. })
        ));
        let x = vec![vec![0.0, 0.0], vec![1.0, 0.0], vec![0.0, 0.0]];
        assert!(matches!(morris(&x, &[0.0, 1.0, 2.0], 4, 10, &mut r), Err(StudyError::NotATrajectory { step: 2, .. })));
        assert!(matches!(morris(&x, &[0.0, 1.0], 4, 10, &mut r), Err(StudyError::Length { .. })));
        assert!(matches!(morris(&x[..2], &[0.0, 1.0], 4, 10, &mut r), Err(StudyError::Length { .. })));
    }
}
