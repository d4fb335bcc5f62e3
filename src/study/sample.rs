//! Experimental designs over `k` parameters with bounds: one row per model evaluation, one
//! column per parameter, every value inside its bounds.
//!
//! - Full grids ([`grid_1d`], [`grid_2d`], [`grid`]): every combination of evenly spaced levels,
//!   the last parameter varying fastest (the order of `itertools.product`).
//! - Latin hypercubes ([`lhs`]): McKay, Beckman and Conover (1979), "A comparison of three
//!   methods for selecting values of input variables in the analysis of output from a computer
//!   code", *Technometrics* 21(2), 239–245. Each parameter's range is cut into `n` equal strata;
//!   each stratum holds exactly one point, at a uniform position inside it, and the strata are
//!   paired across parameters by independent random permutations.
//! - Sobol' sequences ([`sobol`], [`sobol_unit`]): Sobol' (1967), with the direction numbers of
//!   Joe and Kuo (2008), "Constructing Sobol sequences with better two-dimensional projections",
//!   *SIAM J. Sci. Comput.* 30(5), 2635–2654 (their `new-joe-kuo-6` set, as the `sobol` crate
//!   ships it, up to 1000 dimensions), in Gray-code order (Antonov and Saleev 1979) starting from
//!   the origin, as `scipy.stats.qmc.Sobol(scramble=False)` produces them. Optional scrambling is
//!   Matoušek's (1998) random linear matrix scramble plus a random digital shift ("On the
//!   L2-discrepancy for anchored boxes", *J. Complexity* 14, 527–556), drawn from the seeded
//!   generator; it keeps the net structure and makes the estimates unbiased.
//! - Saltelli matrices ([`saltelli`]): Saltelli et al. (2010), "Variance based sensitivity
//!   analysis of model output. Design and estimator for the total sensitivity index", *Computer
//!   Physics Communications* 181, 259–270, with the `B_A^(i)` block of Saltelli (2002) for
//!   second-order indices. Rows are laid out block by block exactly as SALib's
//!   `SALib.sample.sobol.sample` lays them out, so one matrix can be fed to both tools.
//! - Morris trajectories ([`morris`]): Morris (1991), "Factorial sampling plans for preliminary
//!   computational experiments", *Technometrics* 33(2), 161–174: `r` random one-at-a-time
//!   trajectories of `k + 1` points on a `p`-level grid with step `Δ = p / (2 (p - 1))`, built as
//!   SALib's `SALib.sample.morris.sample` builds them (without its optional trajectory
//!   selection).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::{StudyError, check_bounds};

/// A design: one row per evaluation, one column per parameter.
pub type Design = Vec<Vec<f64>>;

/// The most dimensions a Sobol' sequence can have here (the direction numbers shipped).
pub const SOBOL_MAX_DIMS: usize = 1000;

/// The most points a Sobol' sequence can have here (32-bit resolution).
pub const SOBOL_MAX_POINTS: usize = 1 << 31;

/// Maps a unit-cube value to `[low, high]` with the same arithmetic as SALib's
/// `scale_samples` (`x * (high - low) + low`), so scaled designs agree bit for bit.
#[inline]
pub fn scale(u: f64, (low, high): (f64, f64)) -> f64 {
    u * (high - low) + low
}

/// Scales every row of a unit-cube design to `bounds` in place.
pub fn scale_design(design: &mut Design, bounds: &[(f64, f64)]) -> Result<(), StudyError> {
    check_bounds(bounds)?;
    for row in design.iter_mut() {
        if row.len() != bounds.len() {
            return Err(StudyError::Length { what: "design row", got: row.len(), expected: bounds.len() });
        }
        for (x, &b) in row.iter_mut().zip(bounds) {
            *x = scale(*x, b);
        }
    }
    Ok(())
}

/// `levels` evenly spaced values from `low` to `high`, both included (as `numpy.linspace`: one
/// level gives `low`).
pub fn grid_1d(low: f64, high: f64, levels: usize) -> Result<Vec<f64>, StudyError> {
    check_bounds(&[(low, high)])?;
    if levels == 0 {
        return Err(StudyError::TooFew { what: "grid levels", min: 1, got: 0 });
    }
    if levels == 1 {
        return Ok(vec![low]);
    }
    let step = (high - low) / (levels - 1) as f64;
    let mut v: Vec<f64> = (0..levels).map(|i| low + i as f64 * step).collect();
    v[levels - 1] = high;
    Ok(v)
}

/// The full grid over two parameters: `levels[0] * levels[1]` rows, the second varying fastest.
pub fn grid_2d(bounds: [(f64, f64); 2], levels: [usize; 2]) -> Result<Design, StudyError> {
    grid(&bounds, &levels)
}

/// The full factorial grid over `k` parameters, `levels[j]` evenly spaced values for parameter
/// `j`, every combination once, the last parameter varying fastest.
pub fn grid(bounds: &[(f64, f64)], levels: &[usize]) -> Result<Design, StudyError> {
    check_bounds(bounds)?;
    if levels.len() != bounds.len() {
        return Err(StudyError::Length { what: "grid levels", got: levels.len(), expected: bounds.len() });
    }
    let axes: Vec<Vec<f64>> =
        bounds.iter().zip(levels).map(|(&(lo, hi), &l)| grid_1d(lo, hi, l)).collect::<Result<_, _>>()?;
    let total = levels.iter().try_fold(1usize, |acc, &l| acc.checked_mul(l));
    let total = match total {
        Some(t) if t <= 1 << 32 => t,
        _ => return Err(StudyError::TooMany { what: "grid points", max: 1 << 32, got: usize::MAX }),
    };
    let mut rows = Vec::with_capacity(total);
    let mut idx = vec![0usize; bounds.len()];
    for _ in 0..total {
        rows.push(idx.iter().zip(&axes).map(|(&i, a)| a[i]).collect());
        // Odometer increment, last digit fastest.
        for j in (0..idx.len()).rev() {
            idx[j] += 1;
            if idx[j] < levels[j] {
                break;
            }
            idx[j] = 0;
        }
    }
    Ok(rows)
}

/// A Latin hypercube of `n` points in `bounds` (McKay, Beckman and Conover 1979).
pub fn lhs(n: usize, bounds: &[(f64, f64)], rng: &mut ChaCha8Rng) -> Result<Design, StudyError> {
    check_bounds(bounds)?;
    if n == 0 {
        return Err(StudyError::TooFew { what: "sample size", min: 1, got: 0 });
    }
    let k = bounds.len();
    let mut rows = vec![vec![0.0; k]; n];
    let mut perm: Vec<usize> = (0..n).collect();
    for (j, &b) in bounds.iter().enumerate() {
        shuffle(&mut perm, rng);
        for (row, &stratum) in rows.iter_mut().zip(&perm) {
            let u = (stratum as f64 + rng.random::<f64>()) / n as f64;
            row[j] = scale(u, b);
        }
    }
    Ok(rows)
}

/// Fisher–Yates shuffle with an explicit draw per position, so the design depends only on the
/// generator's stream and not on a library's shuffle implementation.
pub(crate) fn shuffle<T>(v: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.random_range(0..=i);
        v.swap(i, j);
    }
}

/// The first `n` points of the `dims`-dimensional Sobol' sequence in the unit cube, optionally
/// scrambled (linear matrix scramble and digital shift drawn from `scramble`).
///
/// Unscrambled, point 0 is the origin and the points equal
/// `scipy.stats.qmc.Sobol(d, scramble=False).random(n)` exactly. Balance properties hold for
/// `n` a power of two.
pub fn sobol_unit(n: usize, dims: usize, scramble: Option<&mut ChaCha8Rng>) -> Result<Design, StudyError> {
    if dims == 0 {
        return Err(StudyError::NoParameters);
    }
    if dims > SOBOL_MAX_DIMS {
        return Err(StudyError::TooMany { what: "Sobol' dimensions", max: SOBOL_MAX_DIMS, got: dims });
    }
    if n == 0 {
        return Err(StudyError::TooFew { what: "sample size", min: 1, got: 0 });
    }
    if n > SOBOL_MAX_POINTS {
        return Err(StudyError::TooMany { what: "Sobol' points", max: SOBOL_MAX_POINTS, got: n });
    }
    let params = sobol::params::JoeKuoD6::standard();
    let seq = sobol::Sobol::<u32>::new(dims, &params);
    let scrambles: Option<Vec<Scramble>> = scramble.map(|rng| (0..dims).map(|_| Scramble::draw(rng)).collect());
    const TWO_POW_32: f64 = 4_294_967_296.0;
    let rows = seq
        .take(n)
        .map(|p| match &scrambles {
            None => p.iter().map(|&v| v as f64 / TWO_POW_32).collect(),
            Some(s) => p.iter().zip(s).map(|(&v, s)| s.apply(v) as f64 / TWO_POW_32).collect(),
        })
        .collect();
    Ok(rows)
}

/// The first `n` points of the Sobol' sequence scaled to `bounds` (see [`sobol_unit`]).
pub fn sobol(n: usize, bounds: &[(f64, f64)], scramble: Option<&mut ChaCha8Rng>) -> Result<Design, StudyError> {
    check_bounds(bounds)?;
    let mut d = sobol_unit(n, bounds.len(), scramble)?;
    scale_design(&mut d, bounds)?;
    Ok(d)
}

/// One dimension's random linear matrix scramble (a lower-triangular binary matrix with unit
/// diagonal, acting on the binary digits most significant first) and digital shift.
struct Scramble {
    /// `rows[j]` selects the input digits that output digit `j` (bit `31 - j`) depends on.
    rows: [u32; 32],
    shift: u32,
}

impl Scramble {
    fn draw(rng: &mut ChaCha8Rng) -> Self {
        let mut rows = [0u32; 32];
        for (j, row) in rows.iter_mut().enumerate() {
            let own = 1u32 << (31 - j);
            let above = if j == 0 { 0 } else { !0u32 << (32 - j) };
            *row = own | (rng.random::<u32>() & above);
        }
        Scramble { rows, shift: rng.random::<u32>() }
    }

    fn apply(&self, v: u32) -> u32 {
        let mut out = 0u32;
        for (j, &row) in self.rows.iter().enumerate() {
            out |= ((v & row).count_ones() & 1) << (31 - j);
        }
        out ^ self.shift
    }
}

/// The Saltelli design for Sobol' indices: for each of `n` base points, the rows `A`,
/// `A_B^(1..k)`, then (with second order) `B_A^(1..k)`, then `B`, as SALib lays them out.
///
/// `A` is the first `k` columns of a `2k`-dimensional Sobol' sequence and `B` the last `k`;
/// `A_B^(j)` is `A` with column `j` taken from `B`, and `B_A^(j)` is `B` with column `j` taken
/// from `A`. There are `n (k + 2)` rows, or `n (2k + 2)` with second order.
#[derive(Clone, Debug, PartialEq)]
pub struct Saltelli {
    /// Base points.
    pub n: usize,
    /// Parameters.
    pub k: usize,
    /// Whether the `B_A` rows (needed for second-order indices) are present.
    pub second_order: bool,
    /// The design, scaled to the bounds.
    pub rows: Design,
}

impl Saltelli {
    /// Rows per base point: `k + 2`, or `2k + 2` with second order.
    pub fn block(&self) -> usize {
        block_size(self.k, self.second_order)
    }

    /// The row of `A` for base point `i`.
    pub fn a_row(&self, i: usize) -> usize {
        i * self.block()
    }

    /// The row of `A_B^(j)` for base point `i`.
    pub fn ab_row(&self, i: usize, j: usize) -> usize {
        i * self.block() + 1 + j
    }

    /// The row of `B_A^(j)` for base point `i` (second order only).
    pub fn ba_row(&self, i: usize, j: usize) -> Option<usize> {
        self.second_order.then(|| i * self.block() + 1 + self.k + j)
    }

    /// The row of `B` for base point `i`.
    pub fn b_row(&self, i: usize) -> usize {
        i * self.block() + self.block() - 1
    }
}

/// Rows per base point of a Saltelli design.
pub fn block_size(k: usize, second_order: bool) -> usize {
    if second_order { 2 * k + 2 } else { k + 2 }
}

/// The Saltelli (2010) design with `n` base points (ideally a power of two) over `bounds`,
/// from an unscrambled or scrambled Sobol' sequence of dimension `2k`.
///
/// Unscrambled, the rows equal `SALib.sample.sobol.sample(problem, n, calc_second_order,
/// scramble=False)` exactly.
pub fn saltelli(
    n: usize,
    bounds: &[(f64, f64)],
    second_order: bool,
    scramble: Option<&mut ChaCha8Rng>,
) -> Result<Saltelli, StudyError> {
    check_bounds(bounds)?;
    let k = bounds.len();
    if 2 * k > SOBOL_MAX_DIMS {
        return Err(StudyError::TooMany { what: "parameters of a Saltelli design", max: SOBOL_MAX_DIMS / 2, got: k });
    }
    let base = sobol_unit(n, 2 * k, scramble)?;
    let block = block_size(k, second_order);
    let mut rows = Vec::with_capacity(n * block);
    for p in &base {
        let (a, b) = p.split_at(k);
        rows.push(a.to_vec());
        for j in 0..k {
            let mut r = a.to_vec();
            r[j] = b[j];
            rows.push(r);
        }
        if second_order {
            for j in 0..k {
                let mut r = b.to_vec();
                r[j] = a[j];
                rows.push(r);
            }
        }
        rows.push(b.to_vec());
    }
    scale_design(&mut rows, bounds)?;
    Ok(Saltelli { n, k, second_order, rows })
}

/// The Morris step on the unit scale for `levels` grid levels: `p / (2 (p - 1))`.
pub fn morris_delta(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

/// `r` Morris (1991) trajectories over `bounds` on a `levels`-level grid (SALib's default is 4;
/// use an even number): `r (k + 1)` rows, each trajectory's rows consecutive.
///
/// Each trajectory starts at a random base point whose unit coordinates are drawn from the
/// lower `levels / 2` grid values, then moves one parameter at a time, in a random order, by
/// `±Δ` (each parameter's direction drawn at random: up from the base value, or down from base
/// plus `Δ`), so every step changes exactly one parameter.
pub fn morris(r: usize, bounds: &[(f64, f64)], levels: usize, rng: &mut ChaCha8Rng) -> Result<Design, StudyError> {
    check_bounds(bounds)?;
    if r == 0 {
        return Err(StudyError::TooFew { what: "Morris trajectories", min: 1, got: 0 });
    }
    if levels < 2 {
        return Err(StudyError::TooFew { what: "Morris grid levels", min: 2, got: levels });
    }
    let k = bounds.len();
    let delta = morris_delta(levels);
    // The base grid of SALib: numpy.linspace(0, 1 - delta, levels / 2).
    let half = levels / 2;
    let base_grid: Vec<f64> = if half == 1 {
        vec![0.0]
    } else {
        let hi = 1.0 - delta;
        let step = hi / (half - 1) as f64;
        let mut g: Vec<f64> = (0..half).map(|i| i as f64 * step).collect();
        g[half - 1] = hi;
        g
    };
    let mut rows = Vec::with_capacity(r * (k + 1));
    let mut order: Vec<usize> = (0..k).collect();
    for _ in 0..r {
        shuffle(&mut order, rng);
        let up: Vec<bool> = (0..k).map(|_| rng.random::<bool>()).collect();
        let x_star: Vec<f64> = (0..k).map(|_| base_grid[rng.random_range(0..half)]).collect();
        // Unit coordinates before any move: base for a parameter that moves up, base + delta
        // for one that moves down (SALib's x* + (delta / 2) (d + 1) with d in {-1, 1}).
        let mut unit: Vec<f64> = (0..k).map(|j| x_star[j] + if up[j] { 0.0 } else { (delta / 2.0) * 2.0 }).collect();
        rows.push(unit.iter().zip(bounds).map(|(&u, &b)| scale(u, b)).collect());
        for &j in &order {
            unit[j] = x_star[j] + if up[j] { (delta / 2.0) * 2.0 } else { 0.0 };
            rows.push(unit.iter().zip(bounds).map(|(&u, &b)| scale(u, b)).collect());
        }
    }
    Ok(rows)
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // Tests index parallel arrays by parameter.
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn rng(seed: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(seed)
    }

    #[test]
    fn grids_enumerate_every_combination_last_fastest() {
        assert_eq!(grid_1d(0.0, 1.0, 5).unwrap(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(grid_1d(2.0, 3.0, 1).unwrap(), vec![2.0]);
        let g = grid_2d([(0.0, 1.0), (10.0, 20.0)], [2, 3]).unwrap();
        assert_eq!(
            g,
            vec![vec![0.0, 10.0], vec![0.0, 15.0], vec![0.0, 20.0], vec![1.0, 10.0], vec![1.0, 15.0], vec![1.0, 20.0]]
        );
        let g3 = grid(&[(0.0, 1.0), (0.0, 1.0), (0.0, 1.0)], &[3, 4, 2]).unwrap();
        assert_eq!(g3.len(), 24);
        let mut seen = g3.clone();
        seen.sort_by(|a, b| a.partial_cmp(b).unwrap());
        seen.dedup();
        assert_eq!(seen.len(), 24);
        assert!(matches!(grid(&[(0.0, 1.0)], &[0]), Err(StudyError::TooFew { .. })));
        assert!(matches!(grid(&[(0.0, 1.0)], &[2, 2]), Err(StudyError::Length { .. })));
        assert!(matches!(grid_1d(1.0, 1.0, 3), Err(StudyError::BadBounds { .. })));
    }

    #[test]
    fn lhs_puts_one_point_in_each_stratum_of_each_parameter() {
        let bounds = [(0.0, 1.0), (-5.0, 5.0), (100.0, 200.0)];
        let n = 50;
        let d = lhs(n, &bounds, &mut rng(3)).unwrap();
        assert_eq!(d.len(), n);
        for (j, &(lo, hi)) in bounds.iter().enumerate() {
            let mut strata: Vec<usize> = d.iter().map(|r| (((r[j] - lo) / (hi - lo)) * n as f64) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..n).collect::<Vec<_>>(), "parameter {j}");
        }
        assert_eq!(d, lhs(n, &bounds, &mut rng(3)).unwrap(), "same seed, same design");
        assert_ne!(d, lhs(n, &bounds, &mut rng(4)).unwrap());
    }

    #[test]
    fn sobol_starts_with_the_known_points() {
        // The first points of the Joe-Kuo sequence in three dimensions (scipy's unscrambled
        // output).
        let d = sobol_unit(8, 3, None).unwrap();
        let want = [
            [0.0, 0.0, 0.0],
            [0.5, 0.5, 0.5],
            [0.75, 0.25, 0.25],
            [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625],
            [0.875, 0.875, 0.125],
            [0.625, 0.125, 0.875],
            [0.125, 0.625, 0.375],
        ];
        for (row, w) in d.iter().zip(&want) {
            assert_eq!(row.as_slice(), w.as_slice());
        }
    }

    #[test]
    fn sobol_points_are_balanced_in_every_elementary_interval_scrambled_or_not() {
        // A (0, m, 1)-net property per coordinate: 2^m points put one point in each interval
        // [i / 2^m, (i + 1) / 2^m).
        let n = 256;
        for scrambled in [false, true] {
            let mut r = rng(11);
            let d = sobol_unit(n, 12, scrambled.then_some(&mut r)).unwrap();
            for j in 0..12 {
                let mut cells: Vec<usize> = d.iter().map(|p| (p[j] * n as f64) as usize).collect();
                cells.sort();
                assert_eq!(cells, (0..n).collect::<Vec<_>>(), "dimension {j}, scrambled {scrambled}");
            }
        }
        let mut r1 = rng(5);
        let mut r2 = rng(5);
        assert_eq!(sobol_unit(64, 4, Some(&mut r1)).unwrap(), sobol_unit(64, 4, Some(&mut r2)).unwrap());
        assert!(matches!(sobol_unit(4, 1001, None), Err(StudyError::TooMany { .. })));
    }

    #[test]
    fn saltelli_rows_follow_salib_block_layout() {
        let bounds = [(0.0, 1.0), (0.0, 2.0), (-1.0, 1.0)];
        for second in [false, true] {
            let s = saltelli(16, &bounds, second, None).unwrap();
            assert_eq!(s.rows.len(), 16 * s.block());
            let base =
                sobol(16, &[(0.0, 1.0), (0.0, 2.0), (-1.0, 1.0), (0.0, 1.0), (0.0, 2.0), (-1.0, 1.0)], None).unwrap();
            for i in 0..16 {
                let a = &s.rows[s.a_row(i)];
                let b = &s.rows[s.b_row(i)];
                assert_eq!(a.as_slice(), &base[i][..3]);
                assert_eq!(b.as_slice(), &base[i][3..]);
                for j in 0..3 {
                    let ab = &s.rows[s.ab_row(i, j)];
                    for c in 0..3 {
                        assert_eq!(ab[c], if c == j { b[c] } else { a[c] });
                    }
                    if let Some(r) = s.ba_row(i, j) {
                        let ba = &s.rows[r];
                        for c in 0..3 {
                            assert_eq!(ba[c], if c == j { a[c] } else { b[c] });
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn morris_trajectories_move_one_parameter_by_delta_each_step() {
        let bounds = [(0.0, 1.0), (10.0, 20.0), (-3.0, 3.0), (0.0, 1.0)];
        let r = 30;
        for levels in [4, 6] {
            let d = morris(r, &bounds, levels, &mut rng(9)).unwrap();
            assert_eq!(d.len(), r * 5);
            let delta = morris_delta(levels);
            for t in 0..r {
                let traj = &d[t * 5..t * 5 + 5];
                let mut moved = [0usize; 4];
                for s in 1..5 {
                    let changed: Vec<usize> = (0..4).filter(|&j| traj[s][j] != traj[s - 1][j]).collect();
                    assert_eq!(changed.len(), 1, "one parameter per step");
                    let j = changed[0];
                    moved[j] += 1;
                    let (lo, hi) = bounds[j];
                    let step = ((traj[s][j] - traj[s - 1][j]) / (hi - lo)).abs();
                    assert!((step - delta).abs() < 1e-12);
                }
                assert_eq!(moved, [1, 1, 1, 1], "each parameter once");
                for row in traj {
                    for (j, &(lo, hi)) in bounds.iter().enumerate() {
                        let u = (row[j] - lo) / (hi - lo);
                        let level = u * (levels - 1) as f64;
                        assert!((level - level.round()).abs() < 1e-9 && (-1e-12..=1.0 + 1e-12).contains(&u));
                    }
                }
            }
        }
    }
}
