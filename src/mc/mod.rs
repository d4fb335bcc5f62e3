//! The Monte Carlo runner: many runs of a plan, in parallel, reduced exactly.
//!
//! Runs are cut into chunks of [`CHUNK`] consecutive run indices; each chunk is played on one
//! thread into a [`ChunkAggregate`] and folded into the exact, mergeable [`Aggregate`].
//! **Invariant:** the result depends only on (plan, seed, runs), never on the number of threads or
//! on the order in which chunks finish, because chunk boundaries are fixed by run index and the
//! fold and merge are exact (see `stats::exact`). Memory is bounded by a few aggregates per
//! thread, whatever the number of runs. Progress and cancellation go through one hook,
//! [`Monitor`], which counts every run including the pilot's and is consulted before every chunk,
//! so a cancel is honoured within one chunk per thread.

use crate::behaviour::BehaviourSpec;
use crate::game::Game;
use crate::plan::RunPlan;
use crate::scenario::{GameVisitor, Repeat};
use crate::sim::{Player, RoundObserver, run_rng};
use crate::stats::aggregate::Bins;
use crate::stats::{Aggregate, ChunkAggregate, Histogram, Layout, Merge, MergeError};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Runs per chunk: the unit of parallel work, of cancellation and of exact merging.
pub const CHUNK: u64 = 64;
/// Runs in the pilot that fixes histogram edges (run indices `0..PILOT_RUNS`).
pub const PILOT_RUNS: u64 = 200;
/// Bins of every histogram.
pub const N_BINS: usize = 80;

/// Watches a runner: how much is planned and done, and whether to stop.
///
/// The terminal progress bar, the web explorer and the Python bindings implement it (or use
/// [`Progress`]). Methods are called from worker threads.
pub trait Monitor: Sync {
    /// Called once before any run: the number of runs planned, the pilot's included.
    fn start(&self, _planned: u64) {}
    /// `runs` more runs are done.
    fn advance(&self, runs: u64);
    /// Whether the runner should stop; consulted before every chunk.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A [`Monitor`] made of atomics: planned and done counts and a stop flag.
#[derive(Debug, Default)]
pub struct Progress {
    pub planned: AtomicU64,
    pub done: AtomicU64,
    pub stop: AtomicBool,
}

impl Progress {
    /// Asks the runner to stop before its next chunk.
    pub fn cancel(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Runs done so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Runs planned (the pilot's included); 0 before the runner starts.
    pub fn planned(&self) -> u64 {
        self.planned.load(Ordering::Relaxed)
    }
}

impl Monitor for Progress {
    fn start(&self, planned: u64) {
        self.planned.store(planned, Ordering::Relaxed);
    }
    fn advance(&self, runs: u64) {
        self.done.fetch_add(runs, Ordering::Relaxed);
    }
    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// A monitor that watches nothing and never cancels.
pub struct Unmonitored;

impl Monitor for Unmonitored {
    fn advance(&self, _: u64) {}
}

/// Why a runner stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The monitor asked to stop.
    #[error("the run was cancelled")]
    Cancelled,
    /// The per-run rows could not be written.
    #[error("{0}")]
    Sink(#[from] std::io::Error),
    /// Chunk results did not fit together (a bug).
    #[error("{0}")]
    Merge(#[from] MergeError),
}

/// Receives per-run rows in run order (see [`RunRows`]).
pub trait RowSink {
    fn rows(&mut self, rows: &RunRows) -> std::io::Result<()>;
}

/// Plays every run of `plan` on rayon's current pool.
pub fn run(plan: &RunPlan, monitor: &dyn Monitor) -> Result<Aggregate, RunError> {
    plan.scenario.game.visit(Job { plan, monitor, sink: None })
}

/// Like [`run`], and hands every chunk's per-run rows to `sink` in run order, headers first.
/// Memory stays bounded: rows are not kept.
pub fn run_with_rows(plan: &RunPlan, monitor: &dyn Monitor, sink: &mut dyn RowSink) -> Result<Aggregate, RunError> {
    plan.scenario.game.visit(Job { plan, monitor, sink: Some(sink) })
}

struct Job<'a> {
    plan: &'a RunPlan,
    monitor: &'a dyn Monitor,
    sink: Option<&'a mut dyn RowSink>,
}

impl<'g> GameVisitor<'g> for Job<'_> {
    type Output = Result<Aggregate, RunError>;
    fn visit<G: Game + 'static>(self, game: &'g G) -> Result<Aggregate, RunError> {
        run_game(game, self.plan, self.monitor, self.sink)
    }
}

/// Extremes of the pilot's values, mergeable in any order.
#[derive(Clone)]
struct PilotRange {
    totals: Vec<(f64, f64)>,
    state: Vec<Vec<(f64, f64)>>,
}

impl PilotRange {
    fn new(layout: &Layout) -> Self {
        let empty = (f64::INFINITY, f64::NEG_INFINITY);
        PilotRange { totals: vec![empty; layout.shape.len()], state: vec![vec![empty; layout.n_state]; layout.rounds] }
    }

    fn merge(mut self, other: PilotRange) -> PilotRange {
        let widen = |a: &mut (f64, f64), b: &(f64, f64)| *a = (a.0.min(b.0), a.1.max(b.1));
        self.totals.iter_mut().zip(&other.totals).for_each(|(a, b)| widen(a, b));
        for (a, b) in self.state.iter_mut().zip(&other.state) {
            a.iter_mut().zip(b).for_each(|(x, y)| widen(x, y));
        }
        self
    }

    fn bins(&self) -> Bins {
        let hist = |&(lo, hi): &(f64, f64)| {
            if lo <= hi { Histogram::from_pilot(&[lo, hi], N_BINS) } else { Histogram::from_pilot(&[], N_BINS) }
        };
        Bins {
            totals: self.totals.iter().map(hist).collect(),
            state: self.state.iter().map(|r| r.iter().map(hist).collect()).collect(),
        }
    }
}

impl RoundObserver for PilotRange {
    fn round(&mut self, round: usize, _: &[usize], _: &[f64], state: &[f64]) {
        for (r, &x) in self.state[round].iter_mut().zip(state) {
            // Only finite values count, as in `Histogram::from_pilot`.
            if x.is_finite() {
                *r = (r.0.min(x), r.1.max(x));
            }
        }
    }
}

/// Histogram edges from the pilot: runs `0..min(runs, PILOT_RUNS)`, in parallel chunks (their
/// extremes merge exactly, so the edges never depend on threads).
fn pilot<G: Game>(
    game: &G,
    specs: &[BehaviourSpec],
    repeat: &Repeat,
    layout: &Layout,
    monitor: &dyn Monitor,
) -> Result<Bins, RunError> {
    let runs = repeat.runs.min(PILOT_RUNS);
    let range = (0..runs.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            if monitor.cancelled() {
                return Err(RunError::Cancelled);
            }
            let mut obs = PilotRange::new(layout);
            let mut player = Player::new(game, specs);
            let runs_here = c * CHUNK..((c + 1) * CHUNK).min(runs);
            let n = runs_here.end - runs_here.start;
            for run_idx in runs_here {
                let out = player.play(repeat, 0.0, &mut run_rng(repeat.seed, run_idx), &mut obs);
                for (r, &t) in obs.totals.iter_mut().zip(&out.totals) {
                    if t.is_finite() {
                        *r = (r.0.min(t), r.1.max(t));
                    }
                }
            }
            monitor.advance(n);
            Ok(obs)
        })
        .try_reduce(|| PilotRange::new(layout), |a, b| Ok(a.merge(b)))?;
    Ok(range.bins())
}

/// Per-run rows of one chunk, as CSV bytes without headers: `runs.csv` and `trajectories.csv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRows {
    pub runs: Vec<u8>,
    pub trajectories: Vec<u8>,
}

/// Feeds the aggregate and, when asked, records each round's state and profile as CSV text.
struct ChunkObserver<'a> {
    agg: &'a mut ChunkAggregate,
    rows: Option<&'a mut Vec<u8>>,
    run_idx: u64,
}

impl RoundObserver for ChunkObserver<'_> {
    #[inline]
    fn round(&mut self, round: usize, profile: &[usize], payoffs: &[f64], state: &[f64]) {
        self.agg.round(round, profile, payoffs, state);
        if let Some(rows) = self.rows.as_deref_mut() {
            use std::io::Write;
            let _ = write!(rows, "{},{}", self.run_idx, round + 1);
            for x in state {
                let _ = write!(rows, ",{x}");
            }
            for (a, p) in profile.iter().zip(payoffs) {
                let _ = write!(rows, ",{a},{p}");
            }
            rows.push(b'\n');
        }
    }
}

/// Header of `runs.csv`.
pub fn runs_header<G: Game + ?Sized>(game: &G) -> String {
    let mut h = String::from("run,rounds_played");
    for p in game.players() {
        h += &format!(",total.{}", p.name);
    }
    for c in game.component_names() {
        h += &format!(",component.{c}");
    }
    for p in game.players() {
        for a in &p.actions {
            h += &format!(",first_round.{}.{}", p.name, a);
        }
    }
    h.push('\n');
    h
}

/// Header of `trajectories.csv` (actions are indices into each player's action list).
pub fn trajectories_header<G: Game + ?Sized>(game: &G) -> String {
    let mut h = String::from("run,round");
    for s in game.state_names() {
        h += &format!(",state.{s}");
    }
    for p in game.players() {
        h += &format!(",action.{0},payoff.{0}", p.name);
    }
    h.push('\n');
    h
}

/// Plays runs `range` of a game into a fresh chunk aggregate, and per-run rows when `per_run`.
fn play_chunk<G: Game>(
    game: &G,
    specs: &[BehaviourSpec],
    repeat: &Repeat,
    layout: &Layout,
    bins: &Bins,
    range: std::ops::Range<u64>,
    per_run: bool,
) -> (ChunkAggregate, RunRows) {
    use std::io::Write;
    let mut agg = ChunkAggregate::new(layout, bins);
    let mut rows = RunRows::default();
    let mut player = Player::new(game, specs);
    for run_idx in range {
        let mut obs = ChunkObserver { agg: &mut agg, rows: per_run.then_some(&mut rows.trajectories), run_idx };
        let out = player.play(repeat, 0.0, &mut run_rng(repeat.seed, run_idx), &mut obs);
        agg.push_run(&out);
        if per_run {
            let r = &mut rows.runs;
            let _ = write!(r, "{run_idx},{}", out.rounds_played);
            for x in out.totals.iter().chain(&out.components) {
                let _ = write!(r, ",{x}");
            }
            for f in &out.first_chosen {
                match f {
                    Some(t) => {
                        let _ = write!(r, ",{}", t + 1);
                    }
                    None => r.push(b','),
                }
            }
            r.push(b'\n');
        }
    }
    (agg, rows)
}

fn run_game<G: Game>(
    game: &G,
    plan: &RunPlan,
    monitor: &dyn Monitor,
    mut sink: Option<&mut dyn RowSink>,
) -> Result<Aggregate, RunError> {
    let (specs, repeat, layout) = (&plan.scenario.behaviours[..], &plan.scenario.repeat, &plan.layout);
    monitor.start(repeat.runs + repeat.runs.min(PILOT_RUNS));
    if let Some(sink) = sink.as_deref_mut() {
        sink.rows(&RunRows {
            runs: runs_header(game).into_bytes(),
            trajectories: trajectories_header(game).into_bytes(),
        })?;
    }
    let bins = pilot(game, specs, repeat, layout, monitor)?;
    let n_chunks = repeat.runs.div_ceil(CHUNK);
    let chunk = |c: u64, per_run: bool| -> Result<(ChunkAggregate, RunRows), RunError> {
        if monitor.cancelled() {
            return Err(RunError::Cancelled);
        }
        let range = c * CHUNK..((c + 1) * CHUNK).min(repeat.runs);
        let n = range.end - range.start;
        let part = play_chunk(game, specs, repeat, layout, &bins, range, per_run);
        monitor.advance(n);
        Ok(part)
    };
    let Some(sink) = sink else {
        return (0..n_chunks)
            .into_par_iter()
            .try_fold(
                || Aggregate::empty(layout, &bins),
                |mut acc, c| {
                    let (part, _) = chunk(c, false)?;
                    acc.add_chunk(&part)?;
                    Ok(acc)
                },
            )
            .try_reduce(
                || Aggregate::empty(layout, &bins),
                |mut a, b| {
                    a.merge(&b)?;
                    Ok(a)
                },
            );
    };
    // Per-run rows must reach the sink in run order: waves of chunks in parallel, each wave's
    // rows handed over in chunk order.
    let mut total = Aggregate::empty(layout, &bins);
    let wave = (rayon::current_num_threads() as u64 * 4).max(4);
    let mut next = 0;
    while next < n_chunks {
        let end = (next + wave).min(n_chunks);
        let parts: Vec<(ChunkAggregate, RunRows)> =
            (next..end).into_par_iter().map(|c| chunk(c, true)).collect::<Result<_, _>>()?;
        for (agg, rows) in &parts {
            total.add_chunk(agg)?;
            sink.rows(rows)?;
        }
        next = end;
    }
    Ok(total)
}

/// Each run's discounted total payoff per player, for runs `0..runs` of `scenario` (its game,
/// rules and `[repeat]`, run `i` on generator stream `i` of the seed), flattened in run order:
/// `totals[run * players + player]`. No aggregates, no rows: what a meta-game's bootstrap needs.
/// The result does not depend on the thread count. The caller starts `monitor` (this advances it
/// by one per run), so that several calls can share one progress bar.
pub fn run_totals(
    scenario: &crate::scenario::Scenario,
    runs: u64,
    monitor: &dyn Monitor,
) -> Result<Vec<f64>, RunError> {
    struct Totals<'a> {
        scenario: &'a crate::scenario::Scenario,
        runs: u64,
        monitor: &'a dyn Monitor,
    }
    impl<'g> GameVisitor<'g> for Totals<'_> {
        type Output = Result<Vec<f64>, RunError>;
        fn visit<G: Game + 'static>(self, game: &'g G) -> Result<Vec<f64>, RunError> {
            let (specs, repeat) = (&self.scenario.behaviours[..], &self.scenario.repeat);
            let n = game.players().len();
            let chunks: Vec<Vec<f64>> = (0..self.runs.div_ceil(CHUNK))
                .into_par_iter()
                .map(|c| {
                    if self.monitor.cancelled() {
                        return Err(RunError::Cancelled);
                    }
                    let range = c * CHUNK..((c + 1) * CHUNK).min(self.runs);
                    let mut player = Player::new(game, specs);
                    let mut out = Vec::with_capacity((range.end - range.start) as usize * n);
                    for run_idx in range.clone() {
                        let r =
                            player.play(repeat, 0.0, &mut run_rng(repeat.seed, run_idx), &mut crate::sim::NoObserver);
                        out.extend_from_slice(&r.totals);
                    }
                    self.monitor.advance(range.end - range.start);
                    Ok(out)
                })
                .collect::<Result<_, _>>()?;
            Ok(chunks.concat())
        }
    }
    scenario.game.visit(Totals { scenario, runs, monitor })
}

/// Plays every profile of `scenario`'s meta-game: each with the scenario's `[repeat]` (same seed,
/// so run `i` of every profile uses generator stream `i`: common random numbers) and the
/// profile's policies as the players' rules, `spec.runs` runs each. Keeps only the per-run totals.
pub fn play_metagame(
    scenario: &crate::scenario::Scenario,
    monitor: &dyn Monitor,
) -> Result<crate::study::metagame::Played, RunError> {
    let spec = scenario.metagame.as_ref().expect("the scenario has a [metagame] table");
    monitor.start(spec.runs * spec.profiles.len() as u64);
    let mut totals = Vec::with_capacity(spec.profiles.len());
    for prof in &spec.profiles {
        let mut s = scenario.clone();
        s.behaviours = prof.iter().enumerate().map(|(i, &k)| spec.policies[i][k].1.clone()).collect();
        totals.push(run_totals(&s, spec.runs, monitor)?);
    }
    Ok(crate::study::metagame::Played {
        players: scenario.game.players().iter().map(|p| p.name.clone()).collect(),
        policies: spec.policies.iter().map(|v| v.iter().map(|(n, _)| n.clone()).collect()).collect(),
        profiles: spec.profiles.clone(),
        runs: spec.runs as usize,
        totals,
    })
}

/// The payoff component names of a plan's game.
pub fn component_names(plan: &RunPlan) -> Vec<String> {
    plan.scenario.game.info().component_names().iter().map(|s| s.to_string()).collect()
}

/// The state variable names of a plan's game.
pub fn state_names(plan: &RunPlan) -> Vec<String> {
    plan.scenario.game.info().state_names().iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests;
