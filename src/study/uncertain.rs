//! Distributions a parameter can be drawn from, once per run, for parameter uncertainty.
//!
//! Every distribution draws by inversion (Devroye 1986, *Non-Uniform Random Variate
//! Generation*, §II.2): exactly one uniform per sample, `x = F⁻¹(u)`. A run therefore consumes
//! the same number of draws whatever the distribution's parameters, which keeps common random
//! numbers aligned across design points, and [`Uncertain::quantile`] maps a unit-cube design
//! (a Latin hypercube or a Sobol' sequence from [`super::sample`]) onto the distributions.
//!
//! - [`Uniform`] on `[low, high]`.
//! - [`Triangular`] on `[low, high]` with its mode; the inverse is in closed form (Kotz and van
//!   Dorp 2004, *Beyond Beta*, §1.2).
//! - [`TruncatedNormal`]: a normal of given mean and standard deviation conditioned on
//!   `[low, high]`, drawn as `μ + σ Φ⁻¹(Φ(α) + u (Φ(β) - Φ(α)))` with `α, β` the standardised
//!   bounds, computed in the tail where `Φ` keeps its relative precision (Johnson, Kotz and
//!   Balakrishnan 1994, *Continuous Univariate Distributions* 1, §10.1); beyond about 37
//!   standard deviations, where `Φ` underflows, from the exponential tail that the normal
//!   tail approaches there (relative error of order `1 / α²` in the distance from the bound).
//! - [`Choice`]: one of a list of values, with optional weights.
//!
//! These are plain structs (no parsing): the config layer builds them and must call `check()`,
//! whose error names what is wrong; sampling an unchecked distribution is not guarded.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::normal;

/// A distribution whose parameters make no sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UncertainError {
    #[error("{name} must be finite, got {value}")]
    NotFinite { name: &'static str, value: f64 },
    #[error("low ({low}) must be below high ({high})")]
    LowAboveHigh { low: f64, high: f64 },
    #[error("mode ({mode}) must lie in [low, high] = [{low}, {high}]")]
    ModeOutside { mode: f64, low: f64, high: f64 },
    #[error("standard deviation must be positive, got {sd}")]
    SdNotPositive { sd: f64 },
    #[error("a choice needs at least one value")]
    EmptyChoices,
    #[error("{weights} weights for {values} values")]
    WeightCount { weights: usize, values: usize },
    #[error("weight {index} must be finite and non-negative, got {weight}")]
    BadWeight { index: usize, weight: f64 },
    #[error("the weights sum to zero")]
    ZeroWeights,
}

fn finite(name: &'static str, value: f64) -> Result<(), UncertainError> {
    if value.is_finite() { Ok(()) } else { Err(UncertainError::NotFinite { name, value }) }
}

fn ordered(low: f64, high: f64) -> Result<(), UncertainError> {
    finite("low", low)?;
    finite("high", high)?;
    if low < high { Ok(()) } else { Err(UncertainError::LowAboveHigh { low, high }) }
}

/// The uniform distribution on `[low, high]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Uniform {
    pub low: f64,
    pub high: f64,
}

impl Uniform {
    /// Checks that the bounds are finite with `low < high`.
    pub fn check(&self) -> Result<(), UncertainError> {
        ordered(self.low, self.high)
    }

    /// The `u`-quantile, `u` in [0, 1].
    pub fn quantile(&self, u: f64) -> f64 {
        self.low + u * (self.high - self.low)
    }

    /// One draw.
    pub fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        self.quantile(rng.random::<f64>())
    }
}

/// The triangular distribution on `[low, high]` with its peak at `mode`.
#[derive(Clone, Debug, PartialEq)]
pub struct Triangular {
    pub low: f64,
    pub mode: f64,
    pub high: f64,
}

impl Triangular {
    /// Checks that the bounds are finite with `low < high` and `low <= mode <= high`.
    pub fn check(&self) -> Result<(), UncertainError> {
        ordered(self.low, self.high)?;
        finite("mode", self.mode)?;
        if (self.low..=self.high).contains(&self.mode) {
            Ok(())
        } else {
            Err(UncertainError::ModeOutside { mode: self.mode, low: self.low, high: self.high })
        }
    }

    /// The `u`-quantile, `u` in [0, 1].
    pub fn quantile(&self, u: f64) -> f64 {
        let (a, c, b) = (self.low, self.mode, self.high);
        let f = (c - a) / (b - a);
        if u < f { a + (u * (b - a) * (c - a)).sqrt() } else { b - ((1.0 - u) * (b - a) * (b - c)).sqrt() }
    }

    /// One draw.
    pub fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        self.quantile(rng.random::<f64>())
    }
}

/// A normal distribution with `mean` and standard deviation `sd`, truncated to `[low, high]`.
#[derive(Clone, Debug, PartialEq)]
pub struct TruncatedNormal {
    pub mean: f64,
    pub sd: f64,
    pub low: f64,
    pub high: f64,
}

impl TruncatedNormal {
    /// Checks that the mean and bounds are finite, `sd > 0` and `low < high`.
    pub fn check(&self) -> Result<(), UncertainError> {
        finite("mean", self.mean)?;
        finite("sd", self.sd)?;
        if self.sd <= 0.0 {
            return Err(UncertainError::SdNotPositive { sd: self.sd });
        }
        ordered(self.low, self.high)
    }

    /// The `u`-quantile, `u` in [0, 1]; always inside `[low, high]`.
    pub fn quantile(&self, u: f64) -> f64 {
        let alpha = (self.low - self.mean) / self.sd;
        let beta = (self.high - self.mean) / self.sd;
        // Work in whichever tail the interval lies in, so that Φ keeps its relative precision
        // far from the mean: an interval above the mean is mirrored below it. In the working
        // coordinates the interval is [far, near], and `q` is the probability fraction of the
        // draw measured from `near` towards `far`.
        let mirrored = alpha > 0.0;
        let (near, far, q) = if mirrored { (-alpha, -beta, u) } else { (beta, alpha, 1.0 - u) };
        let (pf, pn) = (normal::cdf(far), normal::cdf(near));
        let z = if pn > 0.0 {
            normal::quantile(pn - q * (pn - pf))
        } else {
            // Beyond about 37 standard deviations Φ underflows; there the normal tail is an
            // exponential tail of rate |near| to relative order 1 / near², so draw the distance
            // below `near` from that exponential truncated to the interval's width.
            let rate = -near;
            let width = near - far;
            near + (q * (-rate * width).exp_m1()).ln_1p() / rate
        };
        let x = if mirrored { self.mean - self.sd * z } else { self.mean + self.sd * z };
        x.clamp(self.low, self.high)
    }

    /// One draw.
    pub fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        self.quantile(rng.random::<f64>())
    }
}

/// One of `values`, drawn with probabilities proportional to `weights` (equal when `weights`
/// is empty). [`Choice::sample_index`] gives the index, for values that are not numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub values: Vec<f64>,
    pub weights: Vec<f64>,
}

impl Choice {
    /// Checks that there is at least one value, that the weights (if given) match the values
    /// in number, are finite and non-negative, and do not all vanish.
    pub fn check(&self) -> Result<(), UncertainError> {
        if self.values.is_empty() {
            return Err(UncertainError::EmptyChoices);
        }
        for &v in &self.values {
            finite("choice value", v)?;
        }
        if self.weights.is_empty() {
            return Ok(());
        }
        if self.weights.len() != self.values.len() {
            return Err(UncertainError::WeightCount { weights: self.weights.len(), values: self.values.len() });
        }
        for (index, &weight) in self.weights.iter().enumerate() {
            if !(weight.is_finite() && weight >= 0.0) {
                return Err(UncertainError::BadWeight { index, weight });
            }
        }
        if self.weights.iter().sum::<f64>() > 0.0 { Ok(()) } else { Err(UncertainError::ZeroWeights) }
    }

    /// The index whose cumulative-weight interval holds `u`, `u` in [0, 1]; never the index of
    /// a zero weight.
    pub fn quantile_index(&self, u: f64) -> usize {
        let n = self.values.len();
        if self.weights.is_empty() {
            return ((u * n as f64) as usize).min(n - 1);
        }
        let total: f64 = self.weights.iter().sum();
        let target = u * total;
        let mut acc = 0.0;
        let mut last = 0;
        for (i, &w) in self.weights.iter().enumerate() {
            if w <= 0.0 {
                continue;
            }
            acc += w;
            last = i;
            if target < acc {
                return i;
            }
        }
        last
    }

    /// The `u`-quantile value.
    pub fn quantile(&self, u: f64) -> f64 {
        self.values[self.quantile_index(u)]
    }

    /// One drawn index.
    pub fn sample_index(&self, rng: &mut ChaCha8Rng) -> usize {
        self.quantile_index(rng.random::<f64>())
    }

    /// One drawn value.
    pub fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        self.values[self.sample_index(rng)]
    }
}

/// Any of the distributions, for a parameter list of mixed kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum Uncertain {
    Uniform(Uniform),
    Triangular(Triangular),
    TruncatedNormal(TruncatedNormal),
    Choice(Choice),
}

impl Uncertain {
    /// Checks the distribution's parameters.
    pub fn check(&self) -> Result<(), UncertainError> {
        match self {
            Uncertain::Uniform(d) => d.check(),
            Uncertain::Triangular(d) => d.check(),
            Uncertain::TruncatedNormal(d) => d.check(),
            Uncertain::Choice(d) => d.check(),
        }
    }

    /// The `u`-quantile, `u` in [0, 1]: maps a unit-cube design value onto the distribution.
    pub fn quantile(&self, u: f64) -> f64 {
        match self {
            Uncertain::Uniform(d) => d.quantile(u),
            Uncertain::Triangular(d) => d.quantile(u),
            Uncertain::TruncatedNormal(d) => d.quantile(u),
            Uncertain::Choice(d) => d.quantile(u),
        }
    }

    /// One draw (one uniform from `rng`).
    pub fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        self.quantile(rng.random::<f64>())
    }

    /// The range the draws fall in.
    pub fn support(&self) -> (f64, f64) {
        match self {
            Uncertain::Uniform(d) => (d.low, d.high),
            Uncertain::Triangular(d) => (d.low, d.high),
            Uncertain::TruncatedNormal(d) => (d.low, d.high),
            Uncertain::Choice(d) => {
                d.values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn draws(d: &Uncertain, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n).map(|_| d.sample(&mut rng)).collect()
    }

    fn mean_sd(v: &[f64]) -> (f64, f64) {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        (m, (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt())
    }

    #[test]
    fn check_rejects_bad_parameters() {
        assert_eq!(Uniform { low: 2.0, high: 1.0 }.check(), Err(UncertainError::LowAboveHigh { low: 2.0, high: 1.0 }));
        assert!(matches!(Uniform { low: f64::NAN, high: 1.0 }.check(), Err(UncertainError::NotFinite { .. })));
        assert_eq!(
            Triangular { low: 0.0, mode: 2.0, high: 1.0 }.check(),
            Err(UncertainError::ModeOutside { mode: 2.0, low: 0.0, high: 1.0 })
        );
        assert_eq!(
            TruncatedNormal { mean: 0.0, sd: 0.0, low: -1.0, high: 1.0 }.check(),
            Err(UncertainError::SdNotPositive { sd: 0.0 })
        );
        assert!(matches!(
            TruncatedNormal { mean: 0.0, sd: 1.0, low: 1.0, high: 1.0 }.check(),
            Err(UncertainError::LowAboveHigh { .. })
        ));
        assert_eq!(Choice { values: vec![], weights: vec![] }.check(), Err(UncertainError::EmptyChoices));
        assert_eq!(
            Choice { values: vec![1.0, 2.0], weights: vec![1.0] }.check(),
            Err(UncertainError::WeightCount { weights: 1, values: 2 })
        );
        assert_eq!(
            Choice { values: vec![1.0, 2.0], weights: vec![1.0, -1.0] }.check(),
            Err(UncertainError::BadWeight { index: 1, weight: -1.0 })
        );
        assert_eq!(Choice { values: vec![1.0], weights: vec![0.0] }.check(), Err(UncertainError::ZeroWeights));
        assert!(Triangular { low: 0.0, mode: 0.0, high: 1.0 }.check().is_ok());
        assert_eq!(
            UncertainError::ModeOutside { mode: 2.0, low: 0.0, high: 1.0 }.to_string(),
            "mode (2) must lie in [low, high] = [0, 1]"
        );
    }

    #[test]
    fn moments_match_the_distributions() {
        let n = 200_000;
        // Uniform(2, 5): mean 3.5, sd 3 / sqrt(12).
        let (m, s) = mean_sd(&draws(&Uncertain::Uniform(Uniform { low: 2.0, high: 5.0 }), n, 1));
        assert!((m - 3.5).abs() < 0.01 && (s - 3.0 / 12f64.sqrt()).abs() < 0.01);
        // Triangular(0, 1, 4): mean 5/3, variance (a²+b²+c²-ab-ac-bc)/18 = 13/18.
        let (m, s) = mean_sd(&draws(&Uncertain::Triangular(Triangular { low: 0.0, mode: 1.0, high: 4.0 }), n, 2));
        assert!((m - 5.0 / 3.0).abs() < 0.01 && (s - (13.0f64 / 18.0).sqrt()).abs() < 0.01, "{m} {s}");
        // Normal(1, 2) truncated to [0, 10]: alpha = -0.5, beta = 4.5; mean = 1 + 2 lambda with
        // lambda = (phi(alpha) - phi(beta)) / (Phi(beta) - Phi(alpha)).
        let d = TruncatedNormal { mean: 1.0, sd: 2.0, low: 0.0, high: 10.0 };
        let z = normal::cdf(4.5) - normal::cdf(-0.5);
        let lambda = (normal::pdf(-0.5) - normal::pdf(4.5)) / z;
        let v = draws(&Uncertain::TruncatedNormal(d), n, 3);
        let (m, _) = mean_sd(&v);
        assert!((m - (1.0 + 2.0 * lambda)).abs() < 0.01, "{m}");
        assert!(v.iter().all(|x| (0.0..=10.0).contains(x)));
    }

    #[test]
    fn truncated_normal_stays_inside_far_tail_intervals() {
        for (low, high) in [(8.0, 9.0), (-40.0, -39.0), (30.0, 1e9), (-1e-3, 1e-3)] {
            let d = TruncatedNormal { mean: 0.0, sd: 1.0, low, high };
            d.check().unwrap();
            for u in [0.0, 1e-12, 0.3, 0.5, 0.999, 1.0] {
                let x = d.quantile(u);
                assert!((low..=high).contains(&x), "[{low}, {high}] u = {u}: {x}");
            }
        }
        // Far in the tails the quantiles keep full precision (reference values from
        // scipy.stats.truncnorm.ppf); past 37 standard deviations, to the exponential
        // approximation's 1e-6.
        let cases = [
            (8.0, 9.0, 0.5, 8.08488889901817, 1e-12),
            (30.0, 1e9, 0.3, 30.011873653870605, 1e-12),
            (-40.0, -39.0, 0.3, -39.03083866423938, 1e-6),
        ];
        for (low, high, u, want, rel) in cases {
            let x = TruncatedNormal { mean: 0.0, sd: 1.0, low, high }.quantile(u);
            assert!((x - want).abs() < rel * want.abs(), "[{low}, {high}] u = {u}: {x} vs {want}");
        }
    }

    #[test]
    fn quantiles_increase_with_u() {
        let ds = [
            Uncertain::Triangular(Triangular { low: -1.0, mode: 3.0, high: 4.0 }),
            Uncertain::TruncatedNormal(TruncatedNormal { mean: 0.0, sd: 1.0, low: 2.0, high: 3.0 }),
            Uncertain::TruncatedNormal(TruncatedNormal { mean: 0.0, sd: 1.0, low: -3.0, high: 3.0 }),
            Uncertain::TruncatedNormal(TruncatedNormal { mean: 0.0, sd: 1.0, low: -45.0, high: -40.0 }),
            Uncertain::TruncatedNormal(TruncatedNormal { mean: 5.0, sd: 0.1, low: 9.0, high: 10.0 }),
        ];
        for d in &ds {
            let (lo, hi) = d.support();
            assert!((d.quantile(0.0) - lo).abs() < 1e-9 && (d.quantile(1.0) - hi).abs() < 1e-9, "{d:?}");
            let mut last = f64::NEG_INFINITY;
            for i in 0..=100 {
                let x = d.quantile(i as f64 / 100.0);
                assert!(x >= last, "{d:?} at {i}");
                last = x;
            }
        }
    }

    #[test]
    fn choice_follows_its_weights_and_never_picks_a_zero_weight() {
        let c = Choice { values: vec![10.0, 20.0, 30.0], weights: vec![1.0, 0.0, 3.0] };
        c.check().unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[c.sample_index(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((counts[0] as f64 / 40_000.0 - 0.25).abs() < 0.01, "{counts:?}");
        assert_eq!(c.quantile(1.0), 30.0);
        let eq = Choice { values: vec![1.0, 2.0], weights: vec![] };
        assert_eq!((eq.quantile(0.0), eq.quantile(0.49), eq.quantile(0.5), eq.quantile(1.0)), (1.0, 1.0, 2.0, 2.0));
    }

    #[test]
    fn each_draw_consumes_one_uniform() {
        let ds = [
            Uncertain::Uniform(Uniform { low: 0.0, high: 1.0 }),
            Uncertain::TruncatedNormal(TruncatedNormal { mean: 0.0, sd: 1.0, low: -1.0, high: 1.0 }),
            Uncertain::Choice(Choice { values: vec![1.0, 2.0, 3.0], weights: vec![] }),
        ];
        let mut a = ChaCha8Rng::seed_from_u64(9);
        let mut b = ChaCha8Rng::seed_from_u64(9);
        for d in &ds {
            d.sample(&mut a);
            let _: f64 = b.random();
        }
        assert_eq!(a.random::<u64>(), b.random::<u64>());
    }
}
