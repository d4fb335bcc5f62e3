//! Exact sums of floating-point numbers, so that merging aggregates is associative and
//! commutative: any split of the runs (threads, shards) and any merge order give the same bits.
//!
//! An [`ExactSum`] holds its value as a floating-point *expansion*: a short list of
//! non-overlapping `f64` components whose real sum is the exact sum of everything added
//! (Shewchuk, "Adaptive precision floating-point arithmetic and fast robust geometric
//! predicates", *Discrete & Computational Geometry* 18 (1997) 305–363: `two_sum`,
//! `grow_expansion`, `compress`). Products are split exactly with a fused multiply-add
//! (`two_prod`). The value is rounded once, correctly, when it is read ([`ExactSum::value`]).
//!
//! [`MomentSums`] uses it to merge the per-chunk [`Moments`] of the runner exactly: chunk `c`
//! contributes `n_c`, `S_c = n_c·mean_c` and `Q_c = m2_c + n_c·mean_c²`; the merged mean is
//! `ΣS_c / N` and the merged sum of squared deviations is `ΣQ_c − (ΣS_c)² / N`, both evaluated in
//! exact rational arithmetic and rounded once. Inside a chunk, Welford's update stays the fast path.

use super::Moments;
use crate::game::Rational;
use num_traits::{ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

/// `a + b = s + e` exactly (Knuth's two-sum).
#[inline]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

/// `a · b = p + e` exactly, with a fused multiply-add.
#[inline]
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

/// The exact sum of the `f64` values added to it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ExactSum {
    /// Non-overlapping components in increasing magnitude, no zeros.
    parts: Vec<f64>,
    /// The plain floating-point sum, used only once a non-finite value (or an overflow) made
    /// the exact sum meaningless; `None` while the sum is exact.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::lossless::opt_f64")]
    nonfinite: Option<f64>,
}

/// Exact values compare equal, whatever their components.
impl PartialEq for ExactSum {
    fn eq(&self, other: &Self) -> bool {
        match (self.nonfinite, other.nonfinite) {
            (None, None) => self.to_rational() == other.to_rational(),
            (Some(a), Some(b)) => a.total_cmp(&b).is_eq(),
            _ => false,
        }
    }
}

impl ExactSum {
    /// Adds `x` exactly.
    pub fn add(&mut self, x: f64) {
        if let Some(v) = &mut self.nonfinite {
            *v += x;
            return;
        }
        if x == 0.0 {
            return;
        }
        if !x.is_finite() {
            self.nonfinite = Some(self.approx() + x);
            self.parts.clear();
            return;
        }
        // grow_expansion with zero elimination.
        let mut q = x;
        let mut w = 0;
        for i in 0..self.parts.len() {
            let (s, e) = two_sum(q, self.parts[i]);
            q = s;
            if e != 0.0 {
                self.parts[w] = e;
                w += 1;
            }
        }
        self.parts.truncate(w);
        if !q.is_finite() {
            // The exact sum left the range of f64: keep the (infinite) plain sum.
            self.nonfinite = Some(q);
            self.parts.clear();
            return;
        }
        if q != 0.0 {
            self.parts.push(q);
        }
        if self.parts.len() > 8 {
            self.compress();
        }
    }

    /// Adds `a · b` exactly.
    pub fn add_product(&mut self, a: f64, b: f64) {
        let (p, e) = two_prod(a, b);
        if !p.is_finite() {
            self.add(p);
            return;
        }
        self.add(p);
        self.add(e);
    }

    /// Adds another exact sum.
    pub fn merge(&mut self, other: &ExactSum) {
        if let Some(v) = other.nonfinite {
            let mine = self.approx();
            self.parts.clear();
            self.nonfinite = Some(mine + v);
            return;
        }
        for &x in &other.parts {
            self.add(x);
        }
    }

    /// Shewchuk's compression: the same value in as few components as it allows.
    fn compress(&mut self) {
        let e = &self.parts;
        let m = e.len();
        if m == 0 {
            return;
        }
        let mut g = vec![0.0; m];
        let mut q = e[m - 1];
        let mut bottom = m - 1;
        for i in (0..m - 1).rev() {
            let (s, small) = two_sum(q, e[i]);
            if small != 0.0 {
                g[bottom] = s;
                bottom -= 1;
                q = small;
            } else {
                q = s;
            }
        }
        g[bottom] = q;
        let mut out = Vec::with_capacity(m);
        let mut q = g[bottom];
        for &gi in &g[bottom + 1..] {
            let (s, small) = two_sum(gi, q);
            q = s;
            if small != 0.0 {
                out.push(small);
            }
        }
        if q != 0.0 {
            out.push(q);
        }
        self.parts = out;
    }

    /// A floating-point approximation (the sum of the components, largest last).
    pub fn approx(&self) -> f64 {
        self.nonfinite.unwrap_or_else(|| self.parts.iter().sum())
    }

    /// The exact value, or `None` once a non-finite value was added.
    pub fn to_rational(&self) -> Option<Rational> {
        if self.nonfinite.is_some() {
            return None;
        }
        let mut r = Rational::zero();
        for &x in &self.parts {
            r += Rational::from_float(x).expect("components are finite");
        }
        Some(r)
    }

    /// The sum, correctly rounded to `f64`.
    pub fn value(&self) -> f64 {
        match self.to_rational() {
            Some(r) => r.to_f64().unwrap_or(f64::NAN),
            None => self.nonfinite.unwrap_or(f64::NAN),
        }
    }

    /// Number of components (a measure of the expansion's length, for tests and memory estimates).
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.nonfinite.is_none()
    }
}

/// Count, exact sums and extremes of observations, mergeable exactly in any order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MomentSums {
    pub n: u64,
    /// Σ n_c · mean_c over the merged parts.
    pub sum: ExactSum,
    /// Σ (m2_c + n_c · mean_c²) over the merged parts.
    pub sq: ExactSum,
    #[serde(with = "super::lossless::f64")]
    pub min: f64,
    #[serde(with = "super::lossless::f64")]
    pub max: f64,
}

impl MomentSums {
    /// Adds the moments of one batch of observations (a chunk's Welford moments).
    pub fn add_moments(&mut self, m: &Moments) {
        if m.n == 0 {
            return;
        }
        let n = m.n as f64;
        self.sum.add_product(n, m.mean);
        self.sq.add(m.m2);
        let (p, e) = two_prod(m.mean, m.mean);
        self.sq.add_product(n, p);
        self.sq.add_product(n, e);
        self.extremes(m.n, m.min, m.max);
    }

    fn extremes(&mut self, n: u64, min: f64, max: f64) {
        if self.n == 0 {
            self.min = min;
            self.max = max;
        } else {
            self.min = self.min.min(min);
            self.max = self.max.max(max);
        }
        self.n += n;
    }

    /// Merges another set of sums.
    pub fn merge(&mut self, other: &MomentSums) {
        if other.n == 0 {
            return;
        }
        self.sum.merge(&other.sum);
        self.sq.merge(&other.sq);
        self.extremes(other.n, other.min, other.max);
    }

    /// The merged moments: mean and sum of squared deviations rounded once from their exact values.
    pub fn moments(&self) -> Moments {
        if self.n == 0 {
            return Moments::default();
        }
        let n = Rational::from_integer(self.n.into());
        let (mean, m2) = match (self.sum.to_rational(), self.sq.to_rational()) {
            (Some(s), Some(q)) => {
                let m2 = q - &s * &s / &n;
                let mean = s / n;
                (mean.to_f64().unwrap_or(f64::NAN), m2.to_f64().unwrap_or(f64::NAN))
            }
            _ => {
                let mean = self.sum.approx() / self.n as f64;
                (mean, self.sq.approx() - mean * self.sum.approx())
            }
        };
        Moments { n: self.n, mean, m2, min: self.min, max: self.max }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn sums_are_exact_where_plain_addition_is_not() {
        let mut s = ExactSum::default();
        for x in [1e100, 1.0, -1e100, 1e-30, 3.0] {
            s.add(x);
        }
        assert_eq!(s.value(), 4.0);
        assert_eq!(s.to_rational().unwrap(), Rational::from_float(4.0).unwrap() + Rational::from_float(1e-30).unwrap());
        let mut p = ExactSum::default();
        p.add_product(0.1, 0.1);
        assert_eq!(p.to_rational().unwrap(), Rational::from_float(0.1).unwrap().pow(2));
    }

    #[test]
    fn any_grouping_and_order_gives_the_same_value() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let xs: Vec<f64> =
            (0..5000).map(|_| (rng.random::<f64>() - 0.5) * 10f64.powi(rng.random_range(-20..20))).collect();
        let mut whole = ExactSum::default();
        xs.iter().for_each(|&x| whole.add(x));
        let mut parts: Vec<ExactSum> = xs
            .chunks(37)
            .map(|c| {
                let mut s = ExactSum::default();
                c.iter().for_each(|&x| s.add(x));
                s
            })
            .collect();
        parts.reverse();
        let mut merged = ExactSum::default();
        parts.iter().for_each(|p| merged.merge(p));
        assert_eq!(whole, merged);
        assert_eq!(whole.value().to_bits(), merged.value().to_bits());
        assert!(whole.len() <= 9, "expansions stay short: {}", whole.len());
    }

    #[test]
    fn merged_moments_equal_the_exact_two_pass_values() {
        let xs: Vec<f64> = (0..1000).map(|i| ((i * 7919) % 1000) as f64 / 7.0 + 1e6).collect();
        let chunk = |c: &[f64]| {
            let mut m = Moments::default();
            c.iter().for_each(|&x| m.push(x));
            m
        };
        let mut a = MomentSums::default();
        xs.chunks(64).for_each(|c| a.add_moments(&chunk(c)));
        let mut b = MomentSums::default();
        xs.chunks(64).rev().for_each(|c| b.add_moments(&chunk(c)));
        let (ma, mb) = (a.moments(), b.moments());
        assert_eq!((ma.mean.to_bits(), ma.m2.to_bits()), (mb.mean.to_bits(), mb.m2.to_bits()));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let m2: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
        assert!((ma.mean - mean).abs() < 1e-9 && (ma.m2 / m2 - 1.0).abs() < 1e-9);
        assert_eq!((ma.min, ma.max, ma.n), (1e6, 1e6 + 999.0 / 7.0, 1000));
    }

    #[test]
    fn non_finite_values_are_carried_not_lost() {
        let mut s = ExactSum::default();
        s.add(1.0);
        s.add(f64::INFINITY);
        assert_eq!(s.value(), f64::INFINITY);
        let mut t = ExactSum::default();
        t.add(f64::MAX);
        t.add(f64::MAX);
        assert_eq!(t.value(), f64::INFINITY);
        let json = serde_json::to_string(&s).unwrap();
        let back: ExactSum = serde_json::from_str(&json).unwrap();
        assert_eq!(back.value(), f64::INFINITY);
    }
}
