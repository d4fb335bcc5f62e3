//! A fixed-edge, mergeable histogram with quantile estimates.
//!
//! Bin edges are fixed at construction, so histograms filled by different chunks of runs merge
//! exactly (counts are `u64`), in any order, and the merged result is bit-identical to filling
//! one histogram with every observation. Observations below `lo` or above `hi` go to underflow
//! and overflow counters; NaN goes to its own counter and is ignored by [`Histogram::quantile`].

use serde_json::{Value, json};

/// Two histograms with different bin edges cannot be merged.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("histogram edges differ: [{lo}, {hi}] in {n_bins} bins versus [{other_lo}, {other_hi}] in {other_n_bins} bins")]
pub struct EdgesMismatch {
    pub lo: f64,
    pub hi: f64,
    pub n_bins: usize,
    pub other_lo: f64,
    pub other_hi: f64,
    pub other_n_bins: usize,
}

/// `n_bins` equal-width bins over `[lo, hi]`, plus underflow (`x < lo`) and overflow (`x > hi`)
/// counts, and the exact minimum and maximum of everything pushed.
///
/// Bin `i` holds `edge(i) <= x < edge(i + 1)`; the last bin also holds `x == hi`.
///
/// Serialised as its edges, counts and extremes (the bin width is derived again on reading,
/// with the same arithmetic as [`Histogram::new`], so a read histogram bins like the written one).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(into = "HistogramData", try_from = "HistogramData")]
pub struct Histogram {
    lo: f64,
    hi: f64,
    /// Bin width, `(hi - lo) / n_bins`, and its inverse, fixed at construction so that filling
    /// the histogram needs no division.
    step: f64,
    inv_step: f64,
    counts: Vec<u64>,
    underflow: u64,
    overflow: u64,
    nan: u64,
    min: f64,
    max: f64,
    /// The last value binned and its bin: many variables repeat a value from run to run (counts,
    /// tiers, shares stuck at 0 or 1), and those are often the values that sit on an edge.
    /// A cache only, ignored by `==`.
    recent: (f64, usize),
}

/// Equal edges, counts, and minimum and maximum.
impl PartialEq for Histogram {
    fn eq(&self, other: &Self) -> bool {
        self.lo == other.lo
            && self.hi == other.hi
            && self.counts == other.counts
            && (self.underflow, self.overflow, self.nan) == (other.underflow, other.overflow, other.nan)
            && self.min.total_cmp(&other.min).is_eq()
            && self.max.total_cmp(&other.max).is_eq()
    }
}

/// The serialised form of a [`Histogram`].
#[derive(serde::Serialize, serde::Deserialize)]
struct HistogramData {
    lo: f64,
    hi: f64,
    counts: Vec<u64>,
    underflow: u64,
    overflow: u64,
    nan: u64,
    #[serde(with = "super::lossless::f64")]
    min: f64,
    #[serde(with = "super::lossless::f64")]
    max: f64,
}

impl From<Histogram> for HistogramData {
    fn from(h: Histogram) -> Self {
        HistogramData {
            lo: h.lo,
            hi: h.hi,
            counts: h.counts,
            underflow: h.underflow,
            overflow: h.overflow,
            nan: h.nan,
            min: h.min,
            max: h.max,
        }
    }
}

/// A serialised histogram whose edges are not finite and increasing, or that has no bins.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid histogram edges [{lo}, {hi}] in {n_bins} bins")]
pub struct InvalidEdges {
    pub lo: f64,
    pub hi: f64,
    pub n_bins: usize,
}

impl TryFrom<HistogramData> for Histogram {
    type Error = InvalidEdges;
    fn try_from(d: HistogramData) -> Result<Self, InvalidEdges> {
        if !(d.lo.is_finite() && d.hi.is_finite() && d.lo < d.hi) || d.counts.is_empty() {
            return Err(InvalidEdges { lo: d.lo, hi: d.hi, n_bins: d.counts.len() });
        }
        let mut h = Histogram::new(d.lo, d.hi, d.counts.len());
        h.counts = d.counts;
        (h.underflow, h.overflow, h.nan, h.min, h.max) = (d.underflow, d.overflow, d.nan, d.min, d.max);
        Ok(h)
    }
}

impl Histogram {
    /// An empty histogram of `n_bins` equal bins over `[lo, hi]`.
    ///
    /// # Panics
    /// If `lo` or `hi` is not finite, `lo >= hi`, or `n_bins == 0`.
    pub fn new(lo: f64, hi: f64, n_bins: usize) -> Self {
        assert!(
            lo.is_finite() && hi.is_finite() && lo < hi,
            "histogram range [{lo}, {hi}] must be finite and non-empty"
        );
        assert!(n_bins > 0, "a histogram needs at least one bin");
        let step = (hi - lo) / n_bins as f64;
        Histogram {
            lo,
            hi,
            step,
            inv_step: n_bins as f64 / (hi - lo),
            counts: vec![0; n_bins],
            underflow: 0,
            overflow: 0,
            nan: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            recent: (f64::NAN, 0),
        }
    }

    /// An empty histogram whose edges suit a pilot sample: the sample's range, padded by 10% of
    /// its width on each side, then widened to `n_bins` bins of a "nice" width (1, 2, 2.5 or 5
    /// times a power of ten) starting at a multiple of that width. The pilot values are **not**
    /// pushed. Non-finite pilot values are ignored; with no finite value the range is `[0, 1]`
    /// before snapping, and a constant sample gets a width of 1 (or 10% of its magnitude).
    ///
    /// # Panics
    /// If `n_bins == 0`.
    pub fn from_pilot(samples: &[f64], n_bins: usize) -> Self {
        assert!(n_bins > 0, "a histogram needs at least one bin");
        let (mut lo, mut hi) = samples
            .iter()
            .filter(|x| x.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
        if lo > hi {
            (lo, hi) = (0.0, 1.0);
        }
        let mut range = hi - lo;
        if range <= 0.0 {
            range = if lo == 0.0 { 1.0 } else { lo.abs() };
        }
        let (lo, hi) = (lo - 0.1 * range, hi + 0.1 * range);
        let mut width = nice_at_least((hi - lo) / n_bins as f64);
        loop {
            let start = (lo / width).floor() * width;
            let end = start + width * n_bins as f64;
            if end >= hi && start < end {
                return Histogram::new(start, end, n_bins);
            }
            width = nice_at_least(width * 1.000_001);
        }
    }

    /// Lower edge of the first bin.
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// Upper edge of the last bin.
    pub fn hi(&self) -> f64 {
        self.hi
    }

    pub fn n_bins(&self) -> usize {
        self.counts.len()
    }

    /// Width of every bin.
    pub fn bin_width(&self) -> f64 {
        (self.hi - self.lo) / self.counts.len() as f64
    }

    /// Edge `i` for `i` in `0..=n_bins`; edge 0 is `lo` and edge `n_bins` is `hi` exactly.
    pub fn edge(&self, i: usize) -> f64 {
        let n = self.counts.len();
        if i >= n { self.hi } else { self.lo + self.step * i as f64 }
    }

    /// All `n_bins + 1` edges.
    pub fn edges(&self) -> Vec<f64> {
        (0..=self.counts.len()).map(|i| self.edge(i)).collect()
    }

    /// Counts per bin.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Observations below `lo`.
    pub fn underflow(&self) -> u64 {
        self.underflow
    }

    /// Observations above `hi`.
    pub fn overflow(&self) -> u64 {
        self.overflow
    }

    /// NaN observations (counted, otherwise ignored).
    pub fn nan(&self) -> u64 {
        self.nan
    }

    /// Non-NaN observations: underflow + bins + overflow.
    pub fn n(&self) -> u64 {
        self.underflow + self.overflow + self.counts.iter().sum::<u64>()
    }

    /// Smallest non-NaN observation, if any.
    pub fn min(&self) -> Option<f64> {
        (self.n() > 0).then_some(self.min)
    }

    /// Largest non-NaN observation, if any.
    pub fn max(&self) -> Option<f64> {
        (self.n() > 0).then_some(self.max)
    }

    /// Adds one observation.
    #[inline]
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            self.nan += 1;
            return;
        }
        // `x` is not NaN here, so plain comparisons are exact (and cheaper than `f64::min`).
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
        if x == self.recent.0 {
            self.counts[self.recent.1] += 1;
            return;
        }
        if x >= self.lo && x < self.hi {
            let i = self.bin_of(x);
            self.counts[i] += 1;
            self.recent = (x, i);
            return;
        }
        if x < self.lo {
            self.underflow += 1;
        } else if x > self.hi {
            self.overflow += 1;
        } else {
            let i = self.bin_of(x);
            self.counts[i] += 1;
        }
    }

    /// The bin of `x` in `[lo, hi]`, consistent with [`Histogram::edge`] despite rounding.
    #[inline]
    fn bin_of(&self, x: f64) -> usize {
        let n = self.counts.len();
        // `x >= lo` here, so the product is non-negative; `as` truncates (floors) and saturates.
        let i = (((x - self.lo) * self.inv_step) as usize).min(n - 1);
        let above_lower = i == 0 || x >= self.edge(i);
        let below_upper = i + 1 == n || x < self.edge(i + 1);
        if above_lower && below_upper { i } else { self.bin_near(x, i) }
    }

    /// The product in [`Histogram::bin_of`] was off by a rounding error: step from bin `i` to the
    /// bin whose edges hold `x`.
    #[cold]
    #[inline(never)]
    fn bin_near(&self, x: f64, mut i: usize) -> usize {
        let n = self.counts.len();
        while i > 0 && x < self.edge(i) {
            i -= 1;
        }
        while i + 1 < n && x >= self.edge(i + 1) {
            i += 1;
        }
        i
    }

    /// Merges `other` into `self`. Exact and order-independent.
    pub fn merge(&mut self, other: &Histogram) -> Result<(), EdgesMismatch> {
        if self.lo != other.lo || self.hi != other.hi || self.counts.len() != other.counts.len() {
            return Err(EdgesMismatch {
                lo: self.lo,
                hi: self.hi,
                n_bins: self.counts.len(),
                other_lo: other.lo,
                other_hi: other.hi,
                other_n_bins: other.counts.len(),
            });
        }
        self.counts.iter_mut().zip(&other.counts).for_each(|(a, b)| *a += b);
        self.underflow += other.underflow;
        self.overflow += other.overflow;
        self.nan += other.nan;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        Ok(())
    }

    /// Estimated `q`-quantile (`q` clamped to `[0, 1]`); `None` when empty.
    ///
    /// The target rank `t = q·n` is located in the cumulative counts and the value is
    /// interpolated linearly inside its bin (underflow is spread over `[min, lo]`, overflow over
    /// `[hi, max]`), then clamped to `[min, max]`; `q = 0` gives `min` and `q = 1` gives `max`
    /// exactly.
    ///
    /// **Error bound.** Let `x(k)` be the `k`-th smallest observation and `k = ⌈q·n⌉` (the
    /// inverse empirical CDF). The estimate and `x(k)` always lie in the same bin, so when
    /// `x(k)` is inside `[lo, hi]` the error is at most one [`Histogram::bin_width`]. When it is
    /// in the underflow (overflow) region the error is at most `lo − min` (`max − hi`).
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
        if q == 0.0 {
            return Some(self.min);
        }
        if q == 1.0 {
            return Some(self.max);
        }
        let t = q * n as f64;
        let interp = |lo: f64, hi: f64, before: u64, count: u64| lo + (hi - lo) * ((t - before as f64) / count as f64);
        let mut before = 0u64;
        let estimate = 'found: {
            if self.underflow > 0 {
                if t <= self.underflow as f64 {
                    break 'found interp(self.min, self.lo, 0, self.underflow);
                }
                before = self.underflow;
            }
            for (i, &c) in self.counts.iter().enumerate() {
                if c > 0 && t <= (before + c) as f64 {
                    break 'found interp(self.edge(i), self.edge(i + 1), before, c);
                }
                before += c;
            }
            interp(self.hi, self.max, before, self.overflow.max(1))
        };
        Some(estimate.clamp(self.min, self.max))
    }

    /// Several quantiles at once (see [`Histogram::quantile`]).
    pub fn quantiles(&self, qs: &[f64]) -> Option<Vec<f64>> {
        qs.iter().map(|&q| self.quantile(q)).collect()
    }

    /// `{edges, counts, underflow, overflow, nan, n, min, max}`; `min`/`max` are null when empty.
    pub fn to_json(&self) -> Value {
        json!({
            "edges": self.edges(),
            "counts": self.counts,
            "underflow": self.underflow,
            "overflow": self.overflow,
            "nan": self.nan,
            "n": self.n(),
            "min": self.min(),
            "max": self.max(),
        })
    }
}

/// The smallest of {1, 2, 2.5, 5} × 10^k that is at least `x` (`x > 0`).
fn nice_at_least(x: f64) -> f64 {
    let x = if x.is_finite() && x > 0.0 { x } else { 1.0 };
    let mut p = 10f64.powf(x.log10().floor());
    // Guard against log10 rounding on exact powers of ten.
    if p > x {
        p /= 10.0;
    }
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    fn sample(n: usize, seed: u64) -> Vec<f64> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        // A skewed mixture, so bins are unevenly filled.
        (0..n)
            .map(|i| {
                let u: f64 = rng.random();
                if i % 3 == 0 { 10.0 * u * u } else { 3.0 + 2.0 * u }
            })
            .collect()
    }

    #[test]
    fn edges_bins_and_out_of_range() {
        let mut h = Histogram::new(0.0, 1.0, 4);
        assert_eq!(h.edges(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        for x in [-0.1, 0.0, 0.25, 0.3, 0.999, 1.0, 1.5, f64::NAN] {
            h.push(x);
        }
        assert_eq!(h.counts(), &[1, 2, 0, 2]);
        assert_eq!((h.underflow(), h.overflow(), h.nan(), h.n()), (1, 1, 1, 7));
        assert_eq!((h.min(), h.max()), (Some(-0.1), Some(1.5)));
        let j = h.to_json();
        assert_eq!(j["counts"], json!([1, 2, 0, 2]));
        assert_eq!(j["edges"].as_array().unwrap().len(), 5);
        assert_eq!((j["underflow"].as_u64(), j["overflow"].as_u64()), (Some(1), Some(1)));
        assert!(Histogram::new(0.0, 1.0, 3).to_json()["min"].is_null());
    }

    #[test]
    fn quantiles_are_within_one_bin_of_the_order_statistic_and_exact_at_the_ends() {
        let xs = sample(5001, 7);
        let h0 = Histogram::from_pilot(&xs[..200], 50);
        let mut h = h0.clone();
        xs.iter().for_each(|&x| h.push(x));
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        assert_eq!(h.quantile(0.0), Some(sorted[0]));
        assert_eq!(h.quantile(1.0), Some(sorted[n - 1]));
        for i in 1..200 {
            let q = i as f64 / 200.0;
            let k = (q * n as f64).ceil() as usize;
            let truth = sorted[k - 1];
            let est = h.quantile(q).unwrap();
            if (h.lo()..=h.hi()).contains(&truth) {
                assert!((est - truth).abs() <= h.bin_width(), "q={q}: {est} vs {truth}, width {}", h.bin_width());
            }
        }
        // Monotone in q.
        let qs: Vec<f64> = (0..=100).map(|i| h.quantile(i as f64 / 100.0).unwrap()).collect();
        assert!(qs.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(Histogram::new(0.0, 1.0, 2).quantile(0.5), None);
    }

    #[test]
    fn quantiles_in_the_tails_stay_between_min_and_the_edges() {
        let mut h = Histogram::new(0.0, 10.0, 10);
        for x in [-5.0, -4.0, 1.0, 2.0, 3.0, 12.0, 20.0] {
            h.push(x);
        }
        let q_low = h.quantile(0.2).unwrap();
        assert!((-5.0..=0.0).contains(&q_low));
        let q_high = h.quantile(0.95).unwrap();
        assert!((10.0..=20.0).contains(&q_high));
        assert_eq!(h.quantiles(&[0.0, 1.0]), Some(vec![-5.0, 20.0]));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            rng_seed: proptest::test_runner::RngSeed::Fixed(17),
            ..proptest::test_runner::Config::default()
        })]
        #[test]
        fn prop_quantile_error_is_at_most_one_bin(
            xs in proptest::collection::vec(-50.0f64..150.0, 1..400),
            n_bins in 1usize..60,
            split in 0usize..400,
            q in 0.0f64..=1.0,
        ) {
            let mut whole = Histogram::new(0.0, 100.0, n_bins);
            xs.iter().for_each(|&x| whole.push(x));
            // Merging any split equals filling once.
            let split = split.min(xs.len());
            let (mut a, mut b) = (Histogram::new(0.0, 100.0, n_bins), Histogram::new(0.0, 100.0, n_bins));
            xs[..split].iter().for_each(|&x| a.push(x));
            xs[split..].iter().for_each(|&x| b.push(x));
            a.merge(&b).unwrap();
            proptest::prop_assert_eq!(&a, &whole);
            let mut sorted = xs.clone();
            sorted.sort_by(f64::total_cmp);
            let k = ((q * xs.len() as f64).ceil() as usize).max(1);
            let truth = sorted[k - 1];
            let est = whole.quantile(q).unwrap();
            let bound = if truth < 0.0 { -sorted[0] } else if truth > 100.0 { sorted[xs.len() - 1] - 100.0 } else { whole.bin_width() };
            proptest::prop_assert!((est - truth).abs() <= bound + 1e-9, "q={} est={} truth={} bound={}", q, est, truth, bound);
        }
    }

    #[test]
    fn merging_chunks_equals_filling_once() {
        let xs = sample(1000, 3);
        let mut whole = Histogram::new(-1.0, 9.0, 37);
        xs.iter().for_each(|&x| whole.push(x));
        let mut merged = Histogram::new(-1.0, 9.0, 37);
        for chunk in xs.chunks(64) {
            let mut part = Histogram::new(-1.0, 9.0, 37);
            chunk.iter().for_each(|&x| part.push(x));
            merged.merge(&part).unwrap();
        }
        assert_eq!(merged, whole);
        // Merging an empty histogram changes nothing, including min and max.
        merged.merge(&Histogram::new(-1.0, 9.0, 37)).unwrap();
        assert_eq!(merged, whole);
        let err = merged.merge(&Histogram::new(-1.0, 9.0, 36)).unwrap_err();
        assert_eq!((err.n_bins, err.other_n_bins), (37, 36));
        assert!(merged.merge(&Histogram::new(-1.0, 9.5, 37)).is_err());
    }

    #[test]
    fn pilot_edges_are_padded_and_nice() {
        let h = Histogram::from_pilot(&[3.2, 7.9, 5.0, f64::NAN], 20);
        // Range 4.7, padded to [2.73, 8.37]; width ≥ 0.282 → 0.5; start 2.5; end 12.5.
        assert!(h.lo() <= 3.2 - 0.47 && h.hi() >= 7.9 + 0.47);
        assert_eq!(h.bin_width(), 0.5);
        assert_eq!((h.lo(), h.hi(), h.n_bins()), (2.5, 12.5, 20));
        let c = Histogram::from_pilot(&[4.0, 4.0], 10);
        assert!(c.lo() < 4.0 && c.hi() > 4.0);
        let e = Histogram::from_pilot(&[], 10);
        assert!(e.lo() <= 0.0 && e.hi() >= 1.0);
        let neg = Histogram::from_pilot(&[-1234.5, -0.3], 8);
        assert!(neg.lo() <= -1234.5 && neg.hi() >= -0.3);
        let w = neg.bin_width();
        assert!([1.0, 2.0, 2.5, 5.0].iter().any(|m| {
            let p = 10f64.powf(w.log10().floor());
            (w / p - m).abs() < 1e-9
        }));
        for x in [0.3, 1.0, 0.1, 7.0, 1e-7, 123.0] {
            let n = nice_at_least(x);
            assert!(n >= x && n < 2.5 * x, "{x} → {n}");
        }
    }
}
