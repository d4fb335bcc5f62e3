//! Scenario discovery with the patient rule induction method (PRIM).
//!
//! Friedman and Fisher (1999), "Bump hunting in high-dimensional data", *Statistics and
//! Computing* 9, 123–143, as adapted to scenario discovery by Bryant and Lempert (2010),
//! "Thinking inside the box", *Technological Forecasting and Social Change* 77, 34–49, and as
//! EMA Workbench's `ema_workbench.analysis.prim.Prim` runs it (Kwakkel 2017, "The Exploratory
//! Modeling Workbench", *Environmental Modelling & Software* 96, 239–250). Given design rows `x`
//! and a flag `y` marking the cases of interest, PRIM looks for a box (an interval on each
//! parameter) that holds many of the cases of interest (coverage) and few others (density):
//!
//! - **Peeling.** Starting from the box that holds all the data, each step considers, for each
//!   parameter, cutting off the `alpha` fraction of the box's points with the lowest values or
//!   the `1 - alpha` quantile upwards (the cut falls midway between two data values, after
//!   skipping ties, as in EMA and sdtoolkit), and keeps the cut with the best objective. The
//!   default objective ("lenient 1" in EMA) is the gain in density divided by the number of
//!   points removed; ties go to the cut that leaves more parameters unrestricted. Peeling stops
//!   when no cut raises the density or the box would fall below `mass_min` of the data.
//! - **Pasting** (optional): the reverse move, widening one restricted limit at a time by the
//!   `paste_alpha` quantile of the points just outside it, while that raises the density.
//! - **The peeling trajectory** records, for every box along the way, its limits, coverage,
//!   density, mass and restricted parameters; the analyst picks one (by default the last, or
//!   the widest whose density reaches a threshold) and reads its limits.
//! - **Covering**: further boxes are searched for in the data the earlier boxes left out.
//!
//! With the same settings the trajectory equals EMA Workbench 2.5.3's step for step (coverage,
//! density, mass, restricted dimensions and every limit; `benches/salib_compare.sh --prim`).
//! One difference is deliberate: EMA accepts a box when its last step's density reaches the
//! threshold, while [`PrimOptions::threshold`] here selects the widest step that reaches it.
//!
//! Parameters are treated as real-valued (an integer-coded discrete parameter works as one);
//! EMA's separate handling of categorical parameters is not implemented.

use super::StudyError;

/// The objective a candidate peel or paste is scored by (EMA Workbench's names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Objective {
    /// Gain in density per point removed (or added): EMA's default.
    #[default]
    Lenient1,
    /// Gain in density times the new box's size per point removed (Friedman and Fisher,
    /// eq. 14.6).
    Lenient2,
    /// The new box's density (the original formulation).
    Original,
}

/// PRIM's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct PrimOptions {
    /// Fraction of the box's points each peel removes (EMA's `peel_alpha`).
    pub alpha: f64,
    /// Whether to paste after peeling.
    pub paste: bool,
    /// Quantile each paste adds (EMA's `paste_alpha`).
    pub paste_alpha: f64,
    /// The smallest share of all points a box may keep.
    pub mass_min: f64,
    /// If set, select on each box the widest step whose density reaches this value, and stop
    /// covering when a box has no such step.
    pub threshold: Option<f64>,
    /// How candidate moves are scored.
    pub objective: Objective,
}

impl Default for PrimOptions {
    fn default() -> Self {
        PrimOptions {
            alpha: 0.05,
            paste: true,
            paste_alpha: 0.05,
            mass_min: 0.05,
            threshold: None,
            objective: Objective::Lenient1,
        }
    }
}

impl PrimOptions {
    fn check(&self) -> Result<(), StudyError> {
        let open = |what, v: f64| {
            if v > 0.0 && v < 0.5 { Ok(()) } else { Err(StudyError::OutOfRange { what, range: "(0, 0.5)", value: v }) }
        };
        open("PRIM alpha", self.alpha)?;
        open("PRIM paste_alpha", self.paste_alpha)?;
        if !(0.0..1.0).contains(&self.mass_min) {
            return Err(StudyError::OutOfRange { what: "PRIM mass_min", range: "[0, 1)", value: self.mass_min });
        }
        if let Some(t) = self.threshold
            && !(0.0..=1.0).contains(&t)
        {
            return Err(StudyError::OutOfRange { what: "PRIM threshold", range: "[0, 1]", value: t });
        }
        Ok(())
    }
}

/// Which phase produced a step of the trajectory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The box that holds all the (remaining) data.
    Start,
    Peel,
    Paste,
}

/// One box on the peeling (and pasting) trajectory.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// `(low, high)` per parameter, closed; unrestricted parameters keep the data's range.
    pub limits: Vec<(f64, f64)>,
    /// Cases of interest in the box over all cases of interest in the data.
    pub coverage: f64,
    /// Cases of interest in the box over points in the box.
    pub density: f64,
    /// Points in the box over all points in the data.
    pub mass: f64,
    /// Points in the box.
    pub n: usize,
    /// Cases of interest in the box.
    pub coi: usize,
    /// Indices of the restricted parameters.
    pub restricted: Vec<usize>,
    pub phase: Phase,
}

/// A restricted parameter of a box, named.
#[derive(Clone, Debug, PartialEq)]
pub struct Restriction {
    pub index: usize,
    pub name: String,
    pub low: f64,
    pub high: f64,
    /// Whether the lower limit is above the data's minimum.
    pub low_restricted: bool,
    /// Whether the upper limit is below the data's maximum.
    pub high_restricted: bool,
}

/// A box found by PRIM: its whole trajectory and the step currently selected.
#[derive(Clone, Debug, PartialEq)]
pub struct PrimBox {
    pub steps: Vec<Step>,
    /// Index into `steps` of the selected box (by default the last).
    pub selected: usize,
    names: Vec<String>,
    init: Vec<(f64, f64)>,
    /// Row indices of the data in the selected box.
    members: Vec<Vec<usize>>,
}

impl PrimBox {
    /// The selected step.
    pub fn current(&self) -> &Step {
        &self.steps[self.selected]
    }

    /// Selects step `i` of the trajectory.
    pub fn select(&mut self, i: usize) -> Result<(), StudyError> {
        if i >= self.steps.len() {
            return Err(StudyError::OutOfRange { what: "PRIM step", range: "the trajectory", value: i as f64 });
        }
        self.selected = i;
        Ok(())
    }

    /// Selects the step with the highest coverage among those whose density is at least
    /// `density` (the earliest on ties); returns whether there was one (the selection is
    /// unchanged otherwise).
    pub fn select_by_density(&mut self, density: f64) -> bool {
        let mut best: Option<usize> = None;
        for (i, s) in self.steps.iter().enumerate() {
            if s.density >= density && best.is_none_or(|b| s.coverage > self.steps[b].coverage) {
                best = Some(i);
            }
        }
        if let Some(b) = best {
            self.selected = b;
        }
        best.is_some()
    }

    /// The selected box's restricted parameters, named, in column order.
    pub fn limits(&self) -> Vec<Restriction> {
        let s = self.current();
        s.restricted
            .iter()
            .map(|&j| Restriction {
                index: j,
                name: self.names[j].clone(),
                low: s.limits[j].0,
                high: s.limits[j].1,
                low_restricted: s.limits[j].0 != self.init[j].0,
                high_restricted: s.limits[j].1 != self.init[j].1,
            })
            .collect()
    }

    /// Row indices (into the data given to [`Prim::new`]) of the points in the selected box.
    pub fn members(&self) -> &[usize] {
        &self.members[self.selected]
    }

    /// Whether `row` lies in the selected box.
    pub fn contains(&self, row: &[f64]) -> bool {
        row.iter().zip(&self.current().limits).all(|(v, (lo, hi))| lo <= v && v <= hi)
    }
}

/// A candidate move: its objective, the parameters it leaves unrestricted, its limits and the
/// rows it keeps.
type Candidate = (f64, usize, Vec<(f64, f64)>, Vec<usize>);

/// A PRIM analysis of design rows `x` (one column per parameter) and flags `y`.
#[derive(Clone, Debug)]
pub struct Prim<'a> {
    x: &'a [Vec<f64>],
    y: &'a [bool],
    names: Vec<String>,
    init: Vec<(f64, f64)>,
    total_coi: usize,
}

impl<'a> Prim<'a> {
    /// Checks the data: `y` as long as `x`, every row with one finite value per name.
    pub fn new<S: AsRef<str>>(x: &'a [Vec<f64>], y: &'a [bool], names: &[S]) -> Result<Self, StudyError> {
        let k = names.len();
        if k == 0 {
            return Err(StudyError::NoParameters);
        }
        if x.is_empty() {
            return Err(StudyError::TooFew { what: "PRIM data rows", min: 1, got: 0 });
        }
        if y.len() != x.len() {
            return Err(StudyError::Length { what: "PRIM outcomes", got: y.len(), expected: x.len() });
        }
        let mut init = vec![(f64::INFINITY, f64::NEG_INFINITY); k];
        for (row_index, row) in x.iter().enumerate() {
            if row.len() != k {
                return Err(StudyError::Length { what: "PRIM data row", got: row.len(), expected: k });
            }
            for (j, &v) in row.iter().enumerate() {
                if !v.is_finite() {
                    return Err(StudyError::NotFinite { what: "PRIM data", row: row_index, value: v });
                }
                init[j] = (init[j].0.min(v), init[j].1.max(v));
            }
        }
        Ok(Prim {
            x,
            y,
            names: names.iter().map(|s| s.as_ref().to_string()).collect(),
            init,
            total_coi: y.iter().filter(|&&b| b).count(),
        })
    }

    /// The box holding all the data: each parameter's minimum and maximum.
    pub fn initial_limits(&self) -> &[(f64, f64)] {
        &self.init
    }

    /// Peels (and pastes) one box on all the data.
    pub fn peel(&self, opts: &PrimOptions) -> Result<PrimBox, StudyError> {
        opts.check()?;
        let all: Vec<usize> = (0..self.x.len()).collect();
        let mut b = self.find_box(&all, opts);
        if let Some(t) = opts.threshold {
            b.select_by_density(t);
        }
        Ok(b)
    }

    /// Finds up to `max_boxes` boxes by covering: each box is searched for among the points
    /// outside the boxes found before it (as selected: by `opts.threshold` if set, else the
    /// last step). Stops early when no case of interest remains, when a box restricts nothing,
    /// or when a threshold is set and a box has no step that reaches it (that box is dropped).
    pub fn find_boxes(&self, opts: &PrimOptions, max_boxes: usize) -> Result<Vec<PrimBox>, StudyError> {
        opts.check()?;
        let mut remaining: Vec<usize> = (0..self.x.len()).collect();
        let mut boxes = Vec::new();
        while boxes.len() < max_boxes && remaining.iter().any(|&i| self.y[i]) {
            let mut b = self.find_box(&remaining, opts);
            if let Some(t) = opts.threshold
                && !b.select_by_density(t)
            {
                break;
            }
            if b.current().restricted.is_empty() {
                break;
            }
            let inside: std::collections::HashSet<usize> = b.members().iter().copied().collect();
            remaining.retain(|i| !inside.contains(i));
            boxes.push(b);
        }
        Ok(boxes)
    }

    fn step(&self, limits: Vec<(f64, f64)>, idx: &[usize], phase: Phase) -> Step {
        let n_total = self.x.len();
        let coi = idx.iter().filter(|&&i| self.y[i]).count();
        let restricted = (0..self.init.len()).filter(|&j| limits[j] != self.init[j]).collect();
        Step {
            coverage: coi as f64 / self.total_coi.max(1) as f64,
            density: if idx.is_empty() { 0.0 } else { coi as f64 / idx.len() as f64 },
            mass: idx.len() as f64 / n_total as f64,
            n: idx.len(),
            coi,
            restricted,
            limits,
            phase,
        }
    }

    fn mean(&self, idx: &[usize]) -> f64 {
        if idx.is_empty() { 0.0 } else { idx.iter().filter(|&&i| self.y[i]).count() as f64 / idx.len() as f64 }
    }

    /// EMA Workbench's objectives, from the points in the old and the candidate box.
    fn objective(&self, kind: Objective, old: &[usize], new: &[usize]) -> f64 {
        let (m_old, m_new) = (self.mean(old), self.mean(new));
        match kind {
            Objective::Original => {
                if new.is_empty() {
                    -1.0
                } else {
                    m_new
                }
            }
            Objective::Lenient1 | Objective::Lenient2 => {
                if m_old == m_new || old.len() == new.len() {
                    return 0.0;
                }
                let change = old.len().abs_diff(new.len()) as f64;
                let delta = m_new - m_old;
                if kind == Objective::Lenient1 { delta / change } else { new.len() as f64 * delta / change }
            }
        }
    }

    fn unrestricted(&self, limits: &[(f64, f64)]) -> usize {
        limits.iter().zip(&self.init).filter(|(a, b)| a == b).count()
    }

    fn find_box(&self, remaining: &[usize], opts: &PrimOptions) -> PrimBox {
        let n_total = self.x.len() as f64;
        let mut limits = self.init.clone();
        let mut idx: Vec<usize> = remaining.to_vec();
        let mut steps = vec![self.step(limits.clone(), &idx, Phase::Start)];
        let mut members = vec![idx.clone()];

        // Peeling.
        loop {
            let mut best: Option<Candidate> = None;
            for j in 0..limits.len() {
                let mut xs: Vec<f64> = idx.iter().map(|&i| self.x[i][j]).collect();
                xs.sort_by(f64::total_cmp);
                for upper in [true, false] {
                    let (cut, kept): (f64, Vec<usize>) = if upper {
                        let c = quantile(&xs, 1.0 - opts.alpha);
                        (c, idx.iter().copied().filter(|&i| self.x[i][j] <= c).collect())
                    } else {
                        let c = quantile(&xs, opts.alpha);
                        (c, idx.iter().copied().filter(|&i| self.x[i][j] >= c).collect())
                    };
                    let mut lim = limits.clone();
                    if upper {
                        lim[j].1 = cut;
                    } else {
                        lim[j].0 = cut;
                    }
                    let obj = self.objective(opts.objective, &idx, &kept);
                    let free = self.unrestricted(&lim);
                    if best.as_ref().is_none_or(|b| (obj, free) > (b.0, b.1)) {
                        best = Some((obj, free, lim, kept));
                    }
                }
            }
            let Some((obj, _, lim, kept)) = best else { break };
            let (mass_old, mass_new) = (idx.len() as f64 / n_total, kept.len() as f64 / n_total);
            if !(mass_new >= opts.mass_min && mass_new < mass_old && obj > 0.0) {
                break;
            }
            limits = lim;
            idx = kept;
            steps.push(self.step(limits.clone(), &idx, Phase::Peel));
            members.push(idx.clone());
        }

        // Pasting, over the points still available to this box.
        if opts.paste {
            loop {
                let restricted: Vec<usize> = (0..limits.len()).filter(|&j| limits[j] != self.init[j]).collect();
                let mut best: Option<Candidate> = None;
                for &j in &restricted {
                    for lower in [true, false] {
                        // Points inside the box on every other parameter and beyond this limit.
                        let mut outside = limits.clone();
                        outside[j] = if lower { (self.init[j].0, limits[j].0) } else { (limits[j].1, self.init[j].1) };
                        let mut data: Vec<f64> =
                            remaining.iter().filter(|&&i| self.inside(i, &outside)).map(|&i| self.x[i][j]).collect();
                        data.sort_by(f64::total_cmp);
                        let mut lim = limits.clone();
                        if lower {
                            lim[j].0 =
                                if data.is_empty() { self.init[j].0 } else { quantile(&data, 1.0 - opts.paste_alpha) };
                        } else {
                            lim[j].1 = if data.is_empty() { self.init[j].1 } else { quantile(&data, opts.paste_alpha) };
                        }
                        let kept: Vec<usize> = remaining.iter().copied().filter(|&i| self.inside(i, &lim)).collect();
                        let obj = self.objective(opts.objective, &idx, &kept);
                        let free = self.unrestricted(&lim);
                        if best.as_ref().is_none_or(|b| (obj, free) > (b.0, b.1)) {
                            best = Some((obj, free, lim, kept));
                        }
                    }
                }
                let Some((obj, _, lim, kept)) = best else { break };
                let (mass_old, mass_new) = (idx.len() as f64 / n_total, kept.len() as f64 / n_total);
                if !(mass_new >= opts.mass_min
                    && mass_new > mass_old
                    && obj > 0.0
                    && self.mean(&kept) > self.mean(&idx))
                {
                    break;
                }
                limits = lim;
                idx = kept;
                steps.push(self.step(limits.clone(), &idx, Phase::Paste));
                members.push(idx.clone());
            }
        }

        let selected = steps.len() - 1;
        PrimBox { steps, selected, names: self.names.clone(), init: self.init.clone(), members }
    }

    fn inside(&self, i: usize, limits: &[(f64, f64)]) -> bool {
        self.x[i].iter().zip(limits).all(|(v, (lo, hi))| lo <= v && v <= hi)
    }
}

/// The cut value of sdtoolkit and EMA Workbench for quantile `q` of sorted `data`: the
/// midpoint between the order statistics around position `(len - 1) q`, widened past ties
/// (downwards for an upper quantile, upwards for a lower one) so that the cut separates
/// distinct values.
fn quantile(data: &[f64], q: f64) -> f64 {
    let pos = (data.len() - 1) as f64 * q;
    let mut lo = pos.floor() as usize;
    let mut hi = pos.ceil() as usize;
    if q > 0.5 {
        while data[lo] == data[hi] && lo > 0 {
            lo -= 1;
        }
    } else {
        while data[lo] == data[hi] && hi < data.len() - 1 {
            hi += 1;
        }
    }
    (data[lo] + data[hi]) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::sample;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn names(k: usize) -> Vec<String> {
        (0..k).map(|j| format!("x{j}")).collect()
    }

    #[test]
    fn the_cut_quantile_skips_ties_as_sdtoolkit_does() {
        let d = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(quantile(&d, 0.05), 0.5);
        assert_eq!(quantile(&d, 0.95), 9.5);
        assert_eq!(quantile(&d, 0.1), 1.5, "an exact position moves up to the next value");
        let t = [1.0, 1.0, 1.0, 1.0, 2.0, 3.0];
        assert_eq!(quantile(&t, 0.1), 1.5);
        assert_eq!(quantile(&[4.0, 4.0, 4.0], 0.9), 4.0);
    }

    /// Cases of interest fill the box x0 >= 0.6, x2 <= 0.3 of a 4-parameter Latin hypercube:
    /// the densest wide box on the trajectory restricts exactly x0 and x2, close to the true
    /// limits.
    #[test]
    fn peeling_recovers_a_known_box() {
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        let x = sample::lhs(4000, &[(0.0, 1.0); 4], &mut rng).unwrap();
        let y: Vec<bool> = x.iter().map(|r| r[0] >= 0.6 && r[2] <= 0.3).collect();
        let prim = Prim::new(&x, &y, &names(4)).unwrap();
        let mut b = prim.peel(&PrimOptions::default()).unwrap();
        let first = &b.steps[0];
        assert_eq!((first.coverage, first.mass, first.phase), (1.0, 1.0, Phase::Start));
        assert!((first.density - 0.12).abs() < 0.005);
        for w in b.steps.windows(2).filter(|w| w[1].phase == Phase::Peel) {
            assert!(w[1].mass < w[0].mass && w[1].density > w[0].density && w[1].coverage <= w[0].coverage);
        }
        assert!(b.select_by_density(0.95));
        let s = b.current().clone();
        assert!(s.coverage > 0.9, "coverage {}", s.coverage);
        let lim = b.limits();
        let named: Vec<&str> = lim.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(named, ["x0", "x2"], "{lim:?}");
        assert!(lim[0].low_restricted && !lim[0].high_restricted && (lim[0].low - 0.6).abs() < 0.03, "{lim:?}");
        assert!(lim[1].high_restricted && !lim[1].low_restricted && (lim[1].high - 0.3).abs() < 0.03, "{lim:?}");
        assert_eq!(b.members().len(), s.n);
        assert!(b.members().iter().all(|&i| b.contains(&x[i])));
        // The last step is at least as dense.
        assert!(b.steps.last().unwrap().density >= s.density);
    }

    #[test]
    fn one_dimension_peels_down_to_the_cases_of_interest() {
        let x: Vec<Vec<f64>> = (0..40).map(|i| vec![i as f64]).collect();
        let y: Vec<bool> = (0..40).map(|i| i >= 30).collect();
        let prim = Prim::new(&x, &y, &["v"]).unwrap();
        let b = prim.peel(&PrimOptions { mass_min: 0.0, ..PrimOptions::default() }).unwrap();
        let s = b.current();
        assert_eq!(s.density, 1.0);
        assert!(s.limits[0].0 > 29.0 && s.limits[0].0 < 31.0 && s.limits[0].1 == 39.0, "{:?}", s.limits);
        // Mass never falls below mass_min.
        let b = prim.peel(&PrimOptions { mass_min: 0.5, ..PrimOptions::default() }).unwrap();
        assert!(b.steps.iter().all(|s| s.mass >= 0.5));
        assert!(b.current().density < 1.0);
    }

    /// With 10 % of the labels flipped, peeling in steps of 10 % stops short of density 1 and
    /// overshoots some edges; pasting then takes back slabs denser than the box. (EMA
    /// Workbench's trajectories on such data are compared step for step by
    /// `benches/salib_compare.sh --prim`.)
    #[test]
    fn pasting_takes_back_dense_slabs_after_peeling() {
        let mut pastes = 0;
        for seed in 0..6 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let x = sample::lhs(1500, &[(0.0, 1.0); 3], &mut rng).unwrap();
            let y: Vec<bool> =
                x.iter().map(|r| (r[0] > 0.3 && r[1] < 0.6) ^ (rand::RngExt::random::<f64>(&mut rng) < 0.1)).collect();
            let prim = Prim::new(&x, &y, &names(3)).unwrap();
            let opts = PrimOptions { alpha: 0.1, ..PrimOptions::default() };
            let with = prim.peel(&opts).unwrap();
            let without = prim.peel(&PrimOptions { paste: false, ..opts }).unwrap();
            let peeled = without.steps.len();
            assert_eq!(with.steps[..peeled], without.steps[..], "pasting comes after the same peeling");
            for w in with.steps[peeled - 1..].windows(2) {
                assert_eq!(w[1].phase, Phase::Paste);
                assert!(w[1].mass > w[0].mass && w[1].density > w[0].density && w[1].coverage > w[0].coverage);
                pastes += 1;
            }
        }
        assert!(pastes > 0, "no seed pasted");
    }

    #[test]
    fn covering_finds_two_separate_boxes() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let x = sample::lhs(4000, &[(0.0, 1.0); 3], &mut rng).unwrap();
        // A large region (a quarter of the points) and a small one (4 %): greedy peeling finds
        // the large one first, covering then finds the small one among the points left.
        let y: Vec<bool> = x.iter().map(|r| (r[0] <= 0.5 && r[1] <= 0.5) || (r[0] >= 0.8 && r[2] >= 0.8)).collect();
        let prim = Prim::new(&x, &y, &names(3)).unwrap();
        let opts = PrimOptions { threshold: Some(0.9), mass_min: 0.02, ..PrimOptions::default() };
        let boxes = prim.find_boxes(&opts, 3).unwrap();
        assert!(boxes.len() >= 2, "{} boxes", boxes.len());
        let dims: Vec<Vec<usize>> = boxes.iter().take(2).map(|b| b.current().restricted.clone()).collect();
        assert_eq!(dims, [vec![0, 1], vec![0, 2]], "{dims:?}");
        let second = boxes[1].limits();
        assert!((second[0].low - 0.8).abs() < 0.05 && (second[1].low - 0.8).abs() < 0.05, "{second:?}");
        // No point is in two boxes.
        let a: std::collections::HashSet<_> = boxes[0].members().iter().collect();
        assert!(boxes[1].members().iter().all(|i| !a.contains(i)));
    }

    #[test]
    fn bad_input_is_an_error() {
        let x = vec![vec![0.0, 1.0], vec![1.0, f64::NAN]];
        assert!(matches!(Prim::new(&x, &[true, false], &["a", "b"]), Err(StudyError::NotFinite { row: 1, .. })));
        assert!(matches!(Prim::new(&x, &[true], &["a", "b"]), Err(StudyError::Length { .. })));
        assert!(matches!(Prim::new(&x, &[true, false], &["a"]), Err(StudyError::Length { .. })));
        let x = vec![vec![0.0], vec![1.0]];
        let p = Prim::new(&x, &[true, false], &["a"]).unwrap();
        assert!(matches!(
            p.peel(&PrimOptions { alpha: 0.6, ..PrimOptions::default() }),
            Err(StudyError::OutOfRange { .. })
        ));
        assert!(matches!(
            p.peel(&PrimOptions { threshold: Some(1.5), ..PrimOptions::default() }),
            Err(StudyError::OutOfRange { .. })
        ));
        let mut b = p.peel(&PrimOptions::default()).unwrap();
        assert!(b.select(99).is_err());
    }
}
