//! Parameter sweeps of a scenario: the adapter between the numerical designs of this module
//! ([`super::sample`], [`super::sensitivity`], [`super::prim`]) and the runner.
//!
//! A sweep varies numeric config keys (the dotted keys of `--set`) over a design: a full grid,
//! a Latin hypercube, a Saltelli design (for Sobol' indices) or Morris trajectories. Each design
//! row is a *point*; each point is the scenario with the point's values applied as overrides,
//! checked exactly like the file by [`RunPlan::new`], and **every point is checked before any
//! run starts**. Every point is played with the same seed, so run `i` of each point uses the same
//! generator stream (common random numbers): differences between points are the parameters',
//! not the noise's. Of each point only the per-player total payoff mean, its standard error and
//! three quantiles are kept, so memory does not grow with the runs and stays small per point.
//!
//! With a second config (`compare`), each point is also played on it with the same overrides
//! and the same seed, and the difference of each player's mean is reported with the standard
//! error `sqrt(se₁² + se₂²)`, which treats the two aggregates as independent. Under common
//! random numbers the two are positively correlated, so this is conservative (too wide); the
//! paired per-run difference would be tighter but needs per-run rows, which are not kept.
//!
//! Results are tidy: one row per point with the parameters, then the outcome columns (the
//! EMA Workbench layout of experiments plus outcomes). An outcome is named by its column:
//! `mean.<player>`, `se.<player>`, `q05.<player>`, `q50.<player>`, `q95.<player>`; with a
//! comparison also `cmp_mean.<player>` … for the second config and `diff.<player>`,
//! `diff_se.<player>` for the difference (first config minus second).

use super::prim::{Prim, PrimBox, PrimOptions};
use super::{StudyError, sample, sensitivity};
use crate::config::{ConfigError, Invalid, KeyPath, Override, Overrides};
use crate::mc::{self, Monitor, RunError};
use crate::plan::{PlanError, PlanOptions, RunPlan};
use crate::scenario::Scenario;
use crate::stats::Aggregate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The most points a sweep may have.
pub const MAX_POINTS: usize = 1_000_000;
/// Grid levels of a Morris design (SALib's default).
pub const MORRIS_LEVELS: usize = 4;
/// Bootstrap resamples of the Sobol' and Morris intervals.
pub const N_BOOT: usize = 1000;
/// The density PRIM's boxes must reach by default (EMA Workbench's usual 0.8).
pub const PRIM_THRESHOLD: f64 = 0.8;
/// The most boxes PRIM looks for (by covering).
pub const PRIM_MAX_BOXES: usize = 3;

/// The kind of design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DesignKind {
    /// Full factorial grid: `KEY=START:STOP:COUNT`.
    Grid,
    /// Latin hypercube of `samples` points: `KEY=LOW:HIGH`.
    Lhs,
    /// Saltelli design with `samples` base points, for Sobol' indices: `KEY=LOW:HIGH`.
    Sobol,
    /// `trajectories` Morris trajectories: `KEY=LOW:HIGH`.
    Morris,
}

impl DesignKind {
    /// The command-line flag (and sweep-file key without the dashes).
    pub fn flag(self) -> &'static str {
        match self {
            DesignKind::Grid => "--grid",
            DesignKind::Lhs => "--lhs",
            DesignKind::Sobol => "--sobol",
            DesignKind::Morris => "--morris",
        }
    }

    /// The name in `manifest.json` and the sweep file.
    pub fn name(self) -> &'static str {
        &self.flag()[2..]
    }
}

/// One varied key: its range (and grid levels), and where it was asked for (for errors).
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// The key as typed (`game.params.capacity_learning`).
    pub key: String,
    /// The key split into segments (quoted segments unquoted).
    pub segments: Vec<String>,
    pub low: f64,
    pub high: f64,
    /// Grid levels (grids only).
    pub count: Option<usize>,
    /// What the user wrote, e.g. `--grid repeat.discount=0.9:0.99:10`.
    pub origin: String,
}

/// Parses one axis: `KEY=START:STOP:COUNT` for a grid, `KEY=LOW:HIGH` otherwise. The error is
/// a message naming the key (the caller adds where the text came from).
pub fn parse_axis(kind: DesignKind, text: &str, origin: String) -> Result<Axis, String> {
    let form = if kind == DesignKind::Grid { "KEY=START:STOP:COUNT" } else { "KEY=LOW:HIGH" };
    let Some((key, range)) = text.rsplit_once('=') else {
        return Err(format!("expected {form}, e.g. game.params.capacity_learning=0:0.2{}", grid_eg(kind)));
    };
    let key = key.trim();
    let segments = Override::parse(&format!("{key}=0"))
        .map_err(|_| format!("`{key}`: the key is empty or badly quoted; expected {form}"))?
        .key;
    let parts: Vec<&str> = range.split(':').map(str::trim).collect();
    let want = if kind == DesignKind::Grid { 3 } else { 2 };
    if parts.len() != want {
        return Err(format!("key `{key}`: expected {form}, got `{range}`"));
    }
    let num = |what: &str, s: &str| -> Result<f64, String> {
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(format!("key `{key}`: the {what} `{s}` is not a finite number")),
        }
    };
    let (lo_name, hi_name) = if kind == DesignKind::Grid { ("START", "STOP") } else { ("LOW", "HIGH") };
    let low = num(lo_name, parts[0])?;
    let high = num(hi_name, parts[1])?;
    if low >= high {
        return Err(format!("key `{key}`: {lo_name} ({low}) must be less than {hi_name} ({high})"));
    }
    let count = if kind == DesignKind::Grid {
        let c: usize =
            parts[2].parse().map_err(|_| format!("key `{key}`: COUNT `{}` is not a whole number", parts[2]))?;
        if c < 2 {
            return Err(format!(
                "key `{key}`: COUNT must be at least 2, got {c} (to fix a value, use --set {key}=VALUE)"
            ));
        }
        Some(c)
    } else {
        None
    };
    Ok(Axis { key: key.to_string(), segments, low, high, count, origin })
}

fn grid_eg(kind: DesignKind) -> &'static str {
    if kind == DesignKind::Grid { ":9" } else { "" }
}

/// A design before it is drawn: its kind, its axes and its size.
#[derive(Clone, Debug, PartialEq)]
pub struct DesignSpec {
    pub kind: DesignKind,
    pub axes: Vec<Axis>,
    /// Points of a Latin hypercube, or base points of a Saltelli design.
    pub samples: Option<usize>,
    /// Morris trajectories.
    pub trajectories: Option<usize>,
}

/// A sweep that cannot be set up: bad design, bad key or value, or a bad outcome. Its message
/// names the key and the argument or file that set it.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SweepError {
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Plan(#[from] PlanError),
}

impl DesignSpec {
    /// The design's rows (one per point, one column per axis), from `seed` for the random ones.
    pub fn rows(&self, seed: u64) -> Result<Vec<Vec<f64>>, SweepError> {
        if self.axes.is_empty() {
            return Err(SweepError::Input(
                "a sweep needs at least one varied key: --grid, --lhs, --sobol or --morris".into(),
            ));
        }
        for (i, a) in self.axes.iter().enumerate() {
            if let Some(b) = self.axes[..i].iter().find(|b| b.segments == a.segments) {
                return Err(SweepError::Input(format!(
                    "{}: key `{}` is already varied by {}",
                    a.origin, a.key, b.origin
                )));
            }
        }
        let bounds: Vec<(f64, f64)> = self.axes.iter().map(|a| (a.low, a.high)).collect();
        let flag = self.kind.flag();
        let need = |v: Option<usize>, what: &str, min: usize| -> Result<usize, SweepError> {
            match v {
                Some(n) if n >= min => Ok(n),
                Some(n) => Err(SweepError::Input(format!("{flag}: {what} must be at least {min}, got {n}"))),
                None => Err(SweepError::Input(format!("{flag} needs {what} (e.g. {what} 64)"))),
            }
        };
        let too_many = |n: usize| {
            SweepError::Input(format!("{flag}: the design has {n} points, more than the limit of {MAX_POINTS}"))
        };
        // Planned size first, so a huge design is refused before it is built.
        let planned = match self.kind {
            DesignKind::Grid => {
                self.axes.iter().try_fold(1usize, |acc, a| acc.checked_mul(a.count.unwrap_or(1))).unwrap_or(usize::MAX)
            }
            DesignKind::Lhs => need(self.samples, "--samples", 2)?,
            DesignKind::Sobol => {
                need(self.samples, "--samples", 2)?.saturating_mul(sample::block_size(self.axes.len(), false))
            }
            DesignKind::Morris => need(self.trajectories, "--trajectories", 2)?.saturating_mul(self.axes.len() + 1),
        };
        if planned > MAX_POINTS {
            return Err(too_many(planned));
        }
        let mut rng = design_rng(seed);
        let st = |e: StudyError| SweepError::Input(format!("{flag}: {e}"));
        match self.kind {
            DesignKind::Grid => {
                let levels: Vec<usize> = self.axes.iter().map(|a| a.count.unwrap_or(2)).collect();
                sample::grid(&bounds, &levels).map_err(st)
            }
            DesignKind::Lhs => sample::lhs(planned, &bounds, &mut rng).map_err(st),
            DesignKind::Sobol => {
                Ok(sample::saltelli(self.samples.unwrap_or(0), &bounds, false, None).map_err(st)?.rows)
            }
            DesignKind::Morris => {
                sample::morris(self.trajectories.unwrap_or(0), &bounds, MORRIS_LEVELS, &mut rng).map_err(st)
            }
        }
    }
}

/// The generator of random designs and bootstraps: the sweep's seed on a stream of its own, so
/// it never shares draws with the runs (which use streams `0..runs`).
fn design_rng(seed: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::MAX);
    rng
}

/// Looks a dotted key up in a TOML document.
fn lookup<'a>(doc: &'a toml::Table, segments: &[String]) -> Option<&'a toml::Value> {
    let (last, parents) = segments.split_last()?;
    let mut t = doc;
    for s in parents {
        t = t.get(s)?.as_table()?;
    }
    t.get(last)
}

/// Whether a key takes whole numbers: it holds an integer in the config, or is absent.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Numeric {
    Integer,
    Float,
    Absent,
}

/// Checks that every axis names a number in the scenario (or a key the file leaves at its
/// default, checked later by the config), and says which ones are integers.
fn numeric_kinds(scenario: &Scenario, axes: &[Axis]) -> Result<Vec<Numeric>, SweepError> {
    let doc: toml::Table = toml::from_str(&scenario.effective_toml()).unwrap_or_default();
    axes.iter()
        .map(|a| match lookup(&doc, &a.segments) {
            Some(toml::Value::Integer(_)) => Ok(Numeric::Integer),
            Some(toml::Value::Float(_)) => Ok(Numeric::Float),
            None => Ok(Numeric::Absent),
            Some(other) => Err(SweepError::Input(format!(
                "{}: {}: key `{}` is a {}, not a number; a sweep varies numeric keys (use --set for the others)",
                scenario.source.path.display(),
                a.origin,
                a.key,
                other.type_str()
            ))),
        })
        .collect()
}

/// The overrides of one point: each axis's value, as an integer when the key holds one (or is
/// absent) and the value is whole, else as a float.
fn point_overrides(axes: &[Axis], kinds: &[Numeric], row: &[f64]) -> Result<Overrides, SweepError> {
    let mut o = Overrides::new();
    for ((a, &kind), &v) in axes.iter().zip(kinds).zip(row) {
        let whole = v.fract() == 0.0 && v.abs() < 9.0e15;
        let value = match kind {
            Numeric::Float => toml::Value::Float(v),
            _ if whole => toml::Value::Integer(v as i64),
            Numeric::Integer => {
                return Err(SweepError::Input(format!(
                    "{}: key `{}` takes whole numbers, but the design gives {v}; use a grid with whole steps",
                    a.origin, a.key
                )));
            }
            Numeric::Absent => toml::Value::Float(v),
        };
        o.0.push(Override { key: a.segments.clone(), value, origin: format!("{} (point value {v})", a.origin) });
    }
    Ok(o)
}

/// One point's checked plans: the scenario and, with a comparison, the second config.
#[derive(Clone, Debug)]
pub struct Point {
    pub values: Vec<f64>,
    pub plan: RunPlan,
    pub other: Option<RunPlan>,
}

/// A checked sweep: every point's plan built (so every value was checked) before any run.
#[derive(Clone, Debug)]
pub struct SweepPlan {
    pub design: DesignSpec,
    /// The first config with the fixed overrides only (for the manifest).
    pub base: RunPlan,
    /// The second config with the fixed overrides only, when comparing.
    pub other: Option<RunPlan>,
    pub points: Vec<Point>,
    /// Player names (the same in both configs).
    pub players: Vec<String>,
}

impl SweepPlan {
    /// Builds and checks every point. `fixed` are the overrides of every point (`--set`,
    /// `--runs`, `--seed`), applied before the point's values.
    pub fn new(
        scenario: &Scenario,
        other: Option<&Scenario>,
        fixed: &Overrides,
        design: DesignSpec,
        options: &PlanOptions,
    ) -> Result<SweepPlan, SweepError> {
        let base = RunPlan::new(scenario, fixed, options)?;
        let players: Vec<String> = base.scenario.game.players().iter().map(|p| p.name.clone()).collect();
        let other_base = match other {
            Some(o) => {
                let p = RunPlan::new(o, fixed, options)?;
                let theirs: Vec<String> = p.scenario.game.players().iter().map(|p| p.name.clone()).collect();
                if theirs != players {
                    return Err(SweepError::Input(format!(
                        "{}: its players ({}) differ from {}'s ({}); compared configs need the same players",
                        o.source.path.display(),
                        theirs.join(", "),
                        scenario.source.path.display(),
                        players.join(", ")
                    )));
                }
                Some(p)
            }
            None => None,
        };
        let kinds = numeric_kinds(&base.scenario, &design.axes)?;
        let other_kinds = match &other_base {
            Some(p) => Some(numeric_kinds(&p.scenario, &design.axes)?),
            None => None,
        };
        let rows = design.rows(base.scenario.repeat.seed)?;
        let points = rows
            .into_iter()
            .map(|values| {
                let plan =
                    RunPlan::new(scenario, &fixed.then(&point_overrides(&design.axes, &kinds, &values)?), options)?;
                let other = match (other, &other_kinds) {
                    (Some(o), Some(k)) => {
                        Some(RunPlan::new(o, &fixed.then(&point_overrides(&design.axes, k, &values)?), options)?)
                    }
                    _ => None,
                };
                Ok(Point { values, plan, other })
            })
            .collect::<Result<Vec<_>, SweepError>>()?;
        Ok(SweepPlan { design, base, other: other_base, points, players })
    }

    /// Runs planned in all, pilots included.
    pub fn planned_runs(&self) -> u64 {
        let per = |p: &RunPlan| p.runs() + p.runs().min(mc::PILOT_RUNS);
        self.points.iter().map(|p| per(&p.plan) + p.other.as_ref().map_or(0, per)).sum()
    }

    /// The parameter names (the keys), in column order.
    pub fn names(&self) -> Vec<String> {
        self.design.axes.iter().map(|a| a.key.clone()).collect()
    }
}

/// The kept statistics of one player's total payoff at one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub mean: f64,
    /// Standard error of the mean: `sd / sqrt(runs)`.
    pub se: f64,
    pub q05: f64,
    pub q50: f64,
    pub q95: f64,
}

/// Per-player outcomes of an aggregate (quantiles from its histograms, as in `summary.json`).
pub fn outcomes(agg: &Aggregate) -> Vec<Outcome> {
    let v = agg.view();
    v.totals
        .iter()
        .zip(&agg.totals_hist)
        .map(|(m, h)| {
            let q = |l: f64| h.quantile(l).unwrap_or(f64::NAN);
            let se = if m.n < 2 { 0.0 } else { m.sd() / (m.n as f64).sqrt() };
            Outcome { mean: m.mean, se, q05: q(0.05), q50: q(0.5), q95: q(0.95) }
        })
        .collect()
}

/// A point's results: the first config's outcomes and, when comparing, the second's.
#[derive(Clone, Debug, PartialEq)]
pub struct PointResult {
    pub base: Vec<Outcome>,
    pub other: Option<Vec<Outcome>>,
}

/// A sweep's results: the design and one result per point, in design order.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepResult {
    pub names: Vec<String>,
    pub players: Vec<String>,
    pub kind: DesignKind,
    pub rows: Vec<Vec<f64>>,
    pub results: Vec<PointResult>,
}

/// Forwards progress to the sweep's monitor, whose total was announced once.
struct Inner<'a>(&'a dyn Monitor);

impl Monitor for Inner<'_> {
    fn advance(&self, runs: u64) {
        self.0.advance(runs);
    }
    fn cancelled(&self) -> bool {
        self.0.cancelled()
    }
}

/// Plays every point on rayon's current pool (points in parallel, each point's runs in
/// parallel). Results depend only on the plan, never on the threads. Only each point's
/// [`Outcome`]s are kept.
pub fn run(plan: &SweepPlan, monitor: &dyn Monitor) -> Result<SweepResult, RunError> {
    monitor.start(plan.planned_runs());
    let inner = Inner(monitor);
    let results = plan
        .points
        .par_iter()
        .map(|p| {
            let base = outcomes(&mc::run(&p.plan, &inner)?);
            let other = match &p.other {
                Some(o) => Some(outcomes(&mc::run(o, &inner)?)),
                None => None,
            };
            Ok(PointResult { base, other })
        })
        .collect::<Result<Vec<_>, RunError>>()?;
    Ok(SweepResult {
        names: plan.names(),
        players: plan.players.clone(),
        kind: plan.design.kind,
        rows: plan.points.iter().map(|p| p.values.clone()).collect(),
        results,
    })
}

const STATS: [&str; 5] = ["mean", "se", "q05", "q50", "q95"];

fn stat(o: &Outcome, s: usize) -> f64 {
    [o.mean, o.se, o.q05, o.q50, o.q95][s]
}

impl SweepResult {
    fn comparing(&self) -> bool {
        self.results.first().is_some_and(|r| r.other.is_some())
    }

    /// The outcome columns, in order.
    pub fn outcome_columns(&self) -> Vec<String> {
        let mut c = Vec::new();
        for p in &self.players {
            c.extend(STATS.iter().map(|s| format!("{s}.{p}")));
        }
        if self.comparing() {
            for p in &self.players {
                c.extend(STATS.iter().map(|s| format!("cmp_{s}.{p}")));
            }
            for p in &self.players {
                c.push(format!("diff.{p}"));
                c.push(format!("diff_se.{p}"));
            }
        }
        c
    }

    /// The outcome values of point `i`, in the order of [`Self::outcome_columns`].
    pub fn outcome_values(&self, i: usize) -> Vec<f64> {
        let r = &self.results[i];
        let mut v: Vec<f64> = r.base.iter().flat_map(|o| (0..5).map(move |s| stat(o, s))).collect();
        if let Some(other) = &r.other {
            v.extend(other.iter().flat_map(|o| (0..5).map(move |s| stat(o, s))));
            for (a, b) in r.base.iter().zip(other) {
                v.push(a.mean - b.mean);
                v.push((a.se * a.se + b.se * b.se).sqrt());
            }
        }
        v
    }

    /// An outcome column over all points, or an error listing the columns.
    pub fn column(&self, name: &str) -> Result<Vec<f64>, SweepError> {
        let cols = self.outcome_columns();
        match cols.iter().position(|c| c == name) {
            Some(j) => Ok((0..self.rows.len()).map(|i| self.outcome_values(i)[j]).collect()),
            None => Err(SweepError::Input(format!(
                "outcome `{name}` is not a column of this sweep{}; the outcomes are {}",
                crate::config::error::did_you_mean(name, cols.iter().map(String::as_str)),
                cols.join(", ")
            ))),
        }
    }

    /// `sweep.csv`: the parameters, then the outcome columns; one row per point.
    pub fn csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header: Vec<String> = self.names.iter().cloned().chain(self.outcome_columns()).collect();
        w.write_record(&header).expect("writing to memory cannot fail");
        for (i, row) in self.rows.iter().enumerate() {
            let rec: Vec<String> = row.iter().chain(&self.outcome_values(i)).map(|v| format!("{v}")).collect();
            w.write_record(&rec).expect("writing to memory cannot fail");
        }
        w.into_inner().expect("writing to memory cannot fail")
    }

    /// The default outcomes: each player's difference when comparing, else each player's mean.
    pub fn default_outcomes(&self) -> Vec<String> {
        let prefix = if self.comparing() { "diff" } else { "mean" };
        self.players.iter().map(|p| format!("{prefix}.{p}")).collect()
    }
}

/// Checks outcome names against the columns a sweep with `players` (and a comparison or not)
/// will have, before any run.
pub fn check_outcome(name: &str, players: &[String], comparing: bool) -> Result<(), SweepError> {
    let probe = SweepResult {
        names: vec![],
        players: players.to_vec(),
        kind: DesignKind::Grid,
        rows: vec![],
        results: vec![PointResult { base: vec![], other: comparing.then(Vec::new) }],
    };
    probe.column(name).map(|_| ())
}

/// Sobol' indices of each outcome (first-order and total, with bootstrap half-widths).
pub fn sobol_indices(
    result: &SweepResult,
    outcomes: &[String],
    seed: u64,
) -> Result<Vec<(String, sensitivity::SobolIndices)>, SweepError> {
    let k = result.names.len();
    let mut rng = design_rng(seed);
    outcomes
        .iter()
        .map(|name| {
            let y = result.column(name)?;
            let s = sensitivity::sobol_design(&y, k, false, N_BOOT, &mut rng)
                .map_err(|e| SweepError::Input(format!("Sobol' indices of `{name}`: {e}")))?;
            Ok((name.clone(), s))
        })
        .collect()
}

/// Morris screening measures of each outcome.
pub fn morris_indices(
    result: &SweepResult,
    outcomes: &[String],
    seed: u64,
) -> Result<Vec<(String, sensitivity::MorrisIndices)>, SweepError> {
    let mut rng = design_rng(seed);
    outcomes
        .iter()
        .map(|name| {
            let y = result.column(name)?;
            let m = sensitivity::morris(&result.rows, &y, MORRIS_LEVELS, N_BOOT, &mut rng)
                .map_err(|e| SweepError::Input(format!("Morris measures of `{name}`: {e}")))?;
            Ok((name.clone(), m))
        })
        .collect()
}

/// `sensitivity.json`: per outcome and parameter, S1 and ST (Sobol') or μ, μ*, σ (Morris)
/// with the half-widths of their 95% bootstrap intervals.
pub fn sensitivity_json(
    names: &[String],
    sobol: &[(String, sensitivity::SobolIndices)],
    morris: &[(String, sensitivity::MorrisIndices)],
) -> Value {
    let f = |v: f64| if v.is_finite() { json!(v) } else { Value::Null };
    let mut out = serde_json::Map::new();
    for (o, s) in sobol {
        let ps: Vec<Value> = names
            .iter()
            .enumerate()
            .map(|(j, n)| json!({"parameter": n, "S1": f(s.s1[j]), "S1_ci95": f(s.s1_ci[j]), "ST": f(s.st[j]), "ST_ci95": f(s.st_ci[j])}))
            .collect();
        out.insert(o.clone(), json!({"method": "sobol", "parameters": ps}));
    }
    for (o, m) in morris {
        let ps: Vec<Value> = names
            .iter()
            .enumerate()
            .map(|(j, n)| json!({"parameter": n, "mu": f(m.mu[j]), "mu_star": f(m.mu_star[j]), "mu_star_ci95": f(m.mu_star_ci[j]), "sigma": f(m.sigma[j])}))
            .collect();
        out.insert(o.clone(), json!({"method": "morris", "parameters": ps}));
    }
    json!({
        "confidence": sensitivity::CONFIDENCE,
        "bootstrap_resamples": N_BOOT,
        "interval": "half-width of the 95% normal bootstrap interval",
        "outcomes": out,
    })
}

/// A PRIM condition: `OUTCOME>VALUE` (or `<`, `>=`, `<=`).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub outcome: String,
    pub op: &'static str,
    pub threshold: f64,
}

impl Condition {
    /// Parses `diff.beijing>0`, `mean.beijing>=300`, `q05.nvidia<0`.
    pub fn parse(text: &str) -> Result<Condition, String> {
        for op in [">=", "<=", ">", "<"] {
            if let Some((o, v)) = text.split_once(op) {
                let threshold = v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|t| t.is_finite())
                    .ok_or_else(|| format!("`{text}`: the threshold `{}` is not a finite number", v.trim()))?;
                let outcome = o.trim().to_string();
                if outcome.is_empty() {
                    return Err(format!("`{text}`: expected OUTCOME>VALUE, e.g. diff.beijing>0"));
                }
                return Ok(Condition { outcome, op, threshold });
            }
        }
        Err(format!("`{text}`: expected OUTCOME>VALUE (or <, >=, <=), e.g. diff.beijing>0"))
    }

    pub fn holds(&self, v: f64) -> bool {
        match self.op {
            ">" => v > self.threshold,
            "<" => v < self.threshold,
            ">=" => v >= self.threshold,
            _ => v <= self.threshold,
        }
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.outcome, self.op, self.threshold)
    }
}

/// PRIM on a sweep's points: the flags, the boxes found and the data's full ranges.
#[derive(Clone, Debug)]
pub struct PrimResult {
    pub condition: Condition,
    pub density_threshold: f64,
    /// Points where the condition holds.
    pub cases: usize,
    pub points: usize,
    pub boxes: Vec<PrimBox>,
    pub initial: Vec<(f64, f64)>,
}

/// Runs PRIM (EMA Workbench defaults: peel and paste α 0.05, mass at least 0.05) on the points,
/// with the condition as the case of interest; each box is the widest step of its peeling
/// trajectory whose density reaches `density_threshold`; up to [`PRIM_MAX_BOXES`] by covering.
pub fn prim(result: &SweepResult, condition: &Condition, density_threshold: f64) -> Result<PrimResult, SweepError> {
    let y: Vec<bool> = result.column(&condition.outcome)?.iter().map(|&v| condition.holds(v)).collect();
    let p = Prim::new(&result.rows, &y, &result.names).map_err(|e| SweepError::Input(format!("PRIM: {e}")))?;
    let opts = PrimOptions { threshold: Some(density_threshold), ..PrimOptions::default() };
    let boxes = p.find_boxes(&opts, PRIM_MAX_BOXES).map_err(|e| SweepError::Input(format!("PRIM: {e}")))?;
    Ok(PrimResult {
        condition: condition.clone(),
        density_threshold,
        cases: y.iter().filter(|&&b| b).count(),
        points: y.len(),
        boxes,
        initial: p.initial_limits().to_vec(),
    })
}

impl PrimResult {
    /// `prim.json`: the condition, and per box its limits on every parameter, coverage,
    /// density, mass and the peeling trajectory.
    pub fn to_json(&self, names: &[String]) -> Value {
        let boxes: Vec<Value> = self
            .boxes
            .iter()
            .map(|b| {
                let s = b.current();
                let limits: Vec<Value> = names
                    .iter()
                    .enumerate()
                    .map(|(j, n)| {
                        json!({"parameter": n, "low": s.limits[j].0, "high": s.limits[j].1,
                               "restricted": s.restricted.contains(&j)})
                    })
                    .collect();
                let traj: Vec<Value> = b
                    .steps
                    .iter()
                    .map(|t| json!({"coverage": t.coverage, "density": t.density, "mass": t.mass, "n": t.n, "restricted": t.restricted.iter().map(|&j| &names[j]).collect::<Vec<_>>()}))
                    .collect();
                json!({"coverage": s.coverage, "density": s.density, "mass": s.mass, "n": s.n, "cases": s.coi,
                       "selected_step": b.selected, "limits": limits, "trajectory": traj})
            })
            .collect();
        json!({
            "condition": self.condition.to_string(),
            "points": self.points,
            "cases": self.cases,
            "density_threshold": self.density_threshold,
            "ranges": names.iter().zip(&self.initial).map(|(n, (lo, hi))| json!({"parameter": n, "low": lo, "high": hi})).collect::<Vec<_>>(),
            "boxes": boxes,
        })
    }

    /// The boxes as text for the terminal.
    pub fn to_text(&self, names: &[String]) -> String {
        let mut s = format!(
            "PRIM: `{}` holds at {} of {} points; boxes of density at least {}:\n",
            self.condition, self.cases, self.points, self.density_threshold
        );
        if self.boxes.is_empty() {
            s += "  no box (the condition holds nowhere, everywhere, or in no box dense enough)\n";
        }
        for (i, b) in self.boxes.iter().enumerate() {
            let st = b.current();
            s += &format!(
                "  box {}: coverage {:.3}, density {:.3}, mass {:.3} ({} points)\n",
                i + 1,
                st.coverage,
                st.density,
                st.mass,
                st.n
            );
            for (j, n) in names.iter().enumerate() {
                let (lo, hi) = st.limits[j];
                let mark = if st.restricted.contains(&j) { "" } else { "  (unrestricted)" };
                s += &format!("    {n}: [{lo:.6}, {hi:.6}]{mark}\n");
            }
        }
        s
    }
}

/// A sweep file: a TOML file with one `[sweep]` table. Paths are relative to the file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepFile {
    /// The scenario config.
    pub config: String,
    /// A second config, run at every point with the same overrides and seed.
    pub compare: Option<String>,
    pub runs: Option<u64>,
    pub seed: Option<u64>,
    /// Fixed changes, `KEY=VALUE` as `--set` takes them.
    #[serde(default)]
    pub set: Vec<String>,
    #[serde(default)]
    pub grid: Vec<String>,
    #[serde(default)]
    pub lhs: Vec<String>,
    #[serde(default)]
    pub sobol: Vec<String>,
    #[serde(default)]
    pub morris: Vec<String>,
    pub samples: Option<usize>,
    pub trajectories: Option<usize>,
    #[serde(default)]
    pub outcome: Vec<String>,
    pub prim: Option<String>,
    pub prim_threshold: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepDoc {
    sweep: SweepFile,
}

/// A sweep file read and checked: its path, text (for locating errors) and content, with
/// `config` and `compare` resolved against the file's folder.
#[derive(Clone, Debug)]
pub struct LoadedSweepFile {
    pub path: PathBuf,
    pub text: String,
    pub file: SweepFile,
    pub config: PathBuf,
    pub compare: Option<PathBuf>,
}

impl LoadedSweepFile {
    /// An error located at `key` (e.g. `sweep.grid[1]`) of the file.
    pub fn error(&self, key: KeyPath, message: String) -> ConfigError {
        ConfigError::from_invalid(&self.path, &self.text, &Invalid::new(&key, message))
    }
}

/// Reads `path` as a sweep file when its only top-level table is `[sweep]`; `None` when it is
/// a scenario config (it has no `[sweep]` table).
pub fn read_sweep_file(path: &Path) -> Result<Option<LoadedSweepFile>, ConfigError> {
    let text = crate::config::read_text(path, "config")?;
    let Ok(doc) = toml::from_str::<toml::Table>(&text) else {
        return Ok(None); // Not valid TOML: the scenario reader reports it with its location.
    };
    if !doc.contains_key("sweep") {
        return Ok(None);
    }
    let parsed: SweepDoc = toml::from_str(&text).map_err(|e: toml::de::Error| match e.span() {
        Some(sp) => ConfigError::at_offset(path, &text, sp.start, None, e.message().to_string()),
        None => ConfigError::file(path, e.message().to_string()),
    })?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let config = dir.join(&parsed.sweep.config);
    let compare = parsed.sweep.compare.as_ref().map(|c| dir.join(c));
    Ok(Some(LoadedSweepFile { path: path.to_path_buf(), text, file: parsed.sweep, config, compare }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_parse_and_refuse_bad_ranges_naming_the_key() {
        let a = parse_axis(DesignKind::Grid, "repeat.discount=0.9:0.99:10", "--grid".into()).unwrap();
        assert_eq!((a.low, a.high, a.count), (0.9, 0.99, Some(10)));
        assert_eq!(a.segments, ["repeat", "discount"]);
        for bad in
            ["repeat.discount=0.99:0.9:10", "repeat.discount=0:1:0", "repeat.discount=0:1", "repeat.discount=a:1:3"]
        {
            let e = parse_axis(DesignKind::Grid, bad, "--grid".into()).unwrap_err();
            assert!(e.contains("repeat.discount"), "{e}");
        }
        let l = parse_axis(DesignKind::Lhs, "game.params.x=0:2", "--lhs".into()).unwrap();
        assert_eq!((l.low, l.high, l.count), (0.0, 2.0, None));
    }

    #[test]
    fn conditions_parse() {
        let c = Condition::parse("diff.beijing>0").unwrap();
        assert_eq!((c.outcome.as_str(), c.op, c.threshold), ("diff.beijing", ">", 0.0));
        assert!(c.holds(0.1) && !c.holds(0.0));
        let c = Condition::parse("mean.beijing <= 300").unwrap();
        assert_eq!(c.op, "<=");
        assert!(Condition::parse("mean.beijing").is_err());
        assert!(Condition::parse("mean.beijing>x").is_err());
    }
}
