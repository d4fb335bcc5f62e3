//! Mergeable aggregates. Merging is exact for counts; for moments it follows Chan et al. (1979),
//! "Updating formulae and a pairwise algorithm for computing sample variances", and the runner
//! always merges in run order so results are bit-identical for any thread count.

pub mod aggregate;
pub mod exact;
pub mod histogram;
pub mod lossless;

pub use aggregate::{Aggregate, ChunkAggregate, Layout};
pub use exact::{ExactSum, MomentSums};
pub use histogram::{EdgesMismatch, Histogram};

/// Two parts of a result that cannot be merged (different games, rounds or histogram edges).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("cannot merge: {0}")]
pub struct MergeError(pub String);

impl From<EdgesMismatch> for MergeError {
    fn from(e: EdgesMismatch) -> Self {
        MergeError(e.to_string())
    }
}

/// A part of a result that another part of the same shape can be merged into.
///
/// **Invariant:** merging is exact — associative and commutative bit for bit — so the merged
/// result does not depend on how the runs were split (threads, chunks, shards) or on the order
/// in which parts are merged. Counts are integers; moments merge through exact sums
/// ([`MomentSums`]); histograms share the edges fixed before the runs.
pub trait Merge {
    fn merge(&mut self, other: &Self) -> Result<(), MergeError>;
}

impl Merge for Histogram {
    fn merge(&mut self, other: &Self) -> Result<(), MergeError> {
        Histogram::merge(self, other).map_err(MergeError::from)
    }
}

impl Merge for MomentSums {
    fn merge(&mut self, other: &Self) -> Result<(), MergeError> {
        MomentSums::merge(self, other);
        Ok(())
    }
}

/// Merges `other` into `parts` element by element.
pub fn merge_each<T: Merge>(parts: &mut [T], other: &[T]) -> Result<(), MergeError> {
    if parts.len() != other.len() {
        return Err(MergeError(format!("{} parts versus {}", parts.len(), other.len())));
    }
    parts.iter_mut().zip(other).try_for_each(|(a, b)| a.merge(b))
}

/// Adds counts position by position.
pub fn add_counts(counts: &mut [u64], other: &[u64]) -> Result<(), MergeError> {
    if counts.len() != other.len() {
        return Err(MergeError(format!("{} counts versus {}", counts.len(), other.len())));
    }
    counts.iter_mut().zip(other).for_each(|(a, b)| *a += b);
    Ok(())
}

/// Count, mean, sum of squared deviations, min and max of a stream of numbers.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Moments {
    pub n: u64,
    pub mean: f64,
    pub m2: f64,
    pub min: f64,
    pub max: f64,
}

impl Moments {
    /// Adds one observation (Welford 1962).
    #[inline]
    pub fn push(&mut self, x: f64) {
        if self.n == 0 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Adds one observation given `inv_n = 1 / (n + 1)`, the inverse of the count after it:
    /// Welford's update with a multiplication instead of a division, for aggregates that update
    /// many moments with the same count.
    #[inline]
    pub fn push_nth(&mut self, x: f64, inv_n: f64) {
        self.n += 1;
        debug_assert!((inv_n * self.n as f64 - 1.0).abs() < 1e-12);
        let n = self.n;
        if n == 1 {
            self.min = x;
            self.max = x;
        } else {
            // Plain comparisons (cheaper than `f64::min`): a NaN never replaces a bound, and a
            // NaN first observation stays the bound, as it stays the mean.
            if x < self.min {
                self.min = x;
            }
            if x > self.max {
                self.max = x;
            }
        }
        let d = x - self.mean;
        self.mean += d * inv_n;
        self.m2 += d * (x - self.mean);
    }

    /// Merges `other` into `self`, as if its observations came after this one's.
    pub fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = other.clone();
            return;
        }
        let n = self.n + other.n;
        let d = other.mean - self.mean;
        self.mean += d * other.n as f64 / n as f64;
        self.m2 += other.m2 + d * d * (self.n as f64) * (other.n as f64) / n as f64;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.n = n;
    }

    /// Sample standard deviation (n − 1 in the denominator); 0 for fewer than two observations.
    pub fn sd(&self) -> f64 {
        if self.n < 2 { 0.0 } else { (self.m2 / (self.n - 1) as f64).sqrt() }
    }

    /// Half-width of the normal-approximation 95% confidence interval of the mean.
    pub fn ci95_half_width(&self) -> f64 {
        if self.n < 2 { 0.0 } else { 1.959_963_984_540_054 * self.sd() / (self.n as f64).sqrt() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_match_the_two_pass_formulas_and_merge() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.push(x));
        assert_eq!(all.mean, 5.0);
        assert!((all.sd() - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!((all.min, all.max), (2.0, 9.0));
        let (mut a, mut b) = (Moments::default(), Moments::default());
        xs[..3].iter().for_each(|&x| a.push(x));
        xs[3..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert_eq!(a.n, 8);
        assert!((a.mean - 5.0).abs() < 1e-12 && (a.m2 - all.m2).abs() < 1e-9);
    }
}
