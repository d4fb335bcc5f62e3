//! The Monte Carlo runner: many runs of a scenario, in parallel, reduced in run order.
//!
//! Runs are cut into chunks of [`CHUNK`] consecutive run indices; each chunk is played on one
//! thread into its own [`Aggregate`]; chunks are processed in waves and merged strictly in chunk
//! order. **Invariant:** the result depends only on (scenario, seed, runs), never on the number
//! of threads. Memory is bounded by one wave of chunk aggregates, whatever the number of runs.
//! Progress and cancellation go through one hook, [`Progress`].

use crate::behaviour::BehaviourSpec;
use crate::game::Game;
use crate::scenario::{Repeat, Scenario, ScenarioGame};
use crate::sim::{Player, RoundObserver, run_rng};
use crate::stats::{Histogram, Moments};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Runs per chunk: the unit of parallel work and of ordered merging.
pub const CHUNK: u64 = 64;

/// Progress counter and stop flag shared between the runner and whoever watches it.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicU64,
    pub stop: AtomicBool,
}

impl Progress {
    /// Asks the runner to stop at the next chunk boundary.
    pub fn cancel(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The runner was stopped through [`Progress::cancel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the run was cancelled")]
pub struct Cancelled;

/// Everything a batch of runs reports, mergeable.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub runs: u64,
    /// Per player: total (discounted) payoff across runs.
    pub totals: Vec<Moments>,
    /// Rounds played per run.
    pub rounds_played: Moments,
    /// Per round: how many runs reached it.
    pub reached: Vec<u64>,
    /// `action_counts[round][offset(player) + action]`.
    pub action_counts: Vec<Vec<u64>>,
    /// `state[round][variable]`: the state variables at which each round was played.
    pub state: Vec<Vec<Moments>>,
    /// Per player: the stage payoff of each round.
    pub stage: Vec<Vec<Moments>>,
    /// Offsets of each player's actions in `action_counts` rows.
    pub offsets: Vec<usize>,
    /// Per payoff component: its discounted total across runs.
    pub components: Vec<Moments>,
    /// `first_chosen[offset(player) + action][r]`: runs in which the action was first chosen in
    /// round `r`; the last entry counts runs in which it never was.
    pub first_chosen: Vec<Vec<u64>>,
    /// Per player: histogram of total payoffs (edges fixed by the pilot, see [`Bins`]).
    pub totals_hist: Vec<Histogram>,
    /// `state_hist[round][variable]`: histogram of the state variables at each round.
    pub state_hist: Vec<Vec<Histogram>>,
}

/// Histogram edges fixed before the runs, from a pilot of the first runs (run indices
/// `0..PILOT_RUNS`, played sequentially, so the edges never depend on threads).
#[derive(Clone, Debug, PartialEq)]
pub struct Bins {
    pub totals: Vec<Histogram>,
    pub state: Vec<Vec<Histogram>>,
}

/// Runs in the pilot that fixes histogram edges.
pub const PILOT_RUNS: u64 = 200;
/// Bins of every histogram.
pub const N_BINS: usize = 80;

/// Collects per-round state values during the pilot.
struct PilotObserver {
    state: Vec<Vec<Vec<f64>>>,
}

impl RoundObserver for PilotObserver {
    fn round(&mut self, round: usize, _: &[usize], _: &[f64], state: &[f64]) {
        for (v, &x) in self.state[round].iter_mut().zip(state) {
            v.push(x);
        }
    }
}

fn pilot<G: Game>(game: &G, specs: &[BehaviourSpec], repeat: &Repeat) -> Bins {
    let n_state = game.state_names().len();
    let mut obs = PilotObserver { state: vec![vec![Vec::new(); n_state]; repeat.rounds] };
    let mut totals: Vec<Vec<f64>> = vec![Vec::new(); game.n_players()];
    let mut player = Player::new(game, specs);
    for run_idx in 0..repeat.runs.min(PILOT_RUNS) {
        let out = player.play(repeat, 0.0, &mut run_rng(repeat.seed, run_idx), &mut obs);
        for (v, &t) in totals.iter_mut().zip(&out.totals) {
            v.push(t);
        }
    }
    Bins {
        totals: totals.iter().map(|v| Histogram::from_pilot(v, N_BINS)).collect(),
        state: obs.state.iter().map(|r| r.iter().map(|v| Histogram::from_pilot(v, N_BINS)).collect()).collect(),
    }
}

impl Aggregate {
    pub fn new(shape: &[usize], rounds: usize, n_state: usize, n_components: usize, bins: &Bins) -> Self {
        let mut offsets = Vec::with_capacity(shape.len());
        let mut o = 0;
        for &k in shape {
            offsets.push(o);
            o += k;
        }
        Aggregate {
            runs: 0,
            totals: vec![Moments::default(); shape.len()],
            rounds_played: Moments::default(),
            reached: vec![0; rounds],
            action_counts: vec![vec![0; o]; rounds],
            state: vec![vec![Moments::default(); n_state]; rounds],
            stage: vec![vec![Moments::default(); shape.len()]; rounds],
            components: vec![Moments::default(); n_components],
            first_chosen: vec![vec![0; rounds + 1]; o],
            offsets,
            totals_hist: bins.totals.clone(),
            state_hist: bins.state.clone(),
        }
    }

    /// Merges a later batch of runs into this one.
    pub fn merge(&mut self, other: &Aggregate) {
        self.runs += other.runs;
        self.totals.iter_mut().zip(&other.totals).for_each(|(a, b)| a.merge(b));
        self.rounds_played.merge(&other.rounds_played);
        self.reached.iter_mut().zip(&other.reached).for_each(|(a, b)| *a += b);
        for (a, b) in self.action_counts.iter_mut().zip(&other.action_counts) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        for (a, b) in self.state.iter_mut().zip(&other.state) {
            a.iter_mut().zip(b).for_each(|(x, y)| x.merge(y));
        }
        for (a, b) in self.stage.iter_mut().zip(&other.stage) {
            a.iter_mut().zip(b).for_each(|(x, y)| x.merge(y));
        }
        self.components.iter_mut().zip(&other.components).for_each(|(a, b)| a.merge(b));
        for (a, b) in self.first_chosen.iter_mut().zip(&other.first_chosen) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
        for (a, b) in self.totals_hist.iter_mut().zip(&other.totals_hist) {
            a.merge(b).expect("chunk histograms share the pilot's edges");
        }
        for (a, b) in self.state_hist.iter_mut().zip(&other.state_hist) {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y).expect("chunk histograms share the pilot's edges");
            }
        }
    }

    /// Adds one finished run.
    pub fn push_run(&mut self, out: &crate::sim::RunOutput) {
        self.runs += 1;
        for ((m, h), &t) in self.totals.iter_mut().zip(&mut self.totals_hist).zip(&out.totals) {
            m.push(t);
            h.push(t);
        }
        self.rounds_played.push(out.rounds_played as f64);
        for (m, &c) in self.components.iter_mut().zip(&out.components) {
            m.push(c);
        }
        let never = self.reached.len();
        for (counts, first) in self.first_chosen.iter_mut().zip(&out.first_chosen) {
            counts[first.unwrap_or(never)] += 1;
        }
    }

    /// Share of runs reaching `round` in which `player` chose `action`.
    pub fn action_share(&self, round: usize, player: usize, action: usize) -> f64 {
        let r = self.reached[round];
        if r == 0 { 0.0 } else { self.action_counts[round][self.offsets[player] + action] as f64 / r as f64 }
    }
}

impl RoundObserver for Aggregate {
    #[inline]
    fn round(&mut self, round: usize, profile: &[usize], payoffs: &[f64], state: &[f64]) {
        self.reached[round] += 1;
        // Every moment of this round has seen exactly the runs that reached it.
        let inv_n = 1.0 / self.reached[round] as f64;
        let row = &mut self.action_counts[round];
        for (o, &a) in self.offsets.iter().zip(profile) {
            row[o + a] += 1;
        }
        for ((m, h), &x) in self.state[round].iter_mut().zip(&mut self.state_hist[round]).zip(state) {
            m.push_nth(x, inv_n);
            h.push(x);
        }
        for (m, &x) in self.stage[round].iter_mut().zip(payoffs) {
            m.push_nth(x, inv_n);
        }
    }
}

/// Per-run rows of one chunk, as CSV bytes without headers: `runs.csv` and `trajectories.csv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRows {
    pub runs: Vec<u8>,
    pub trajectories: Vec<u8>,
}

/// Feeds the aggregate and, when asked, records each round's state and profile as CSV text.
struct ChunkObserver<'a> {
    agg: &'a mut Aggregate,
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

/// Plays runs `range` of a game into a fresh aggregate, and per-run rows when `per_run`.
fn play_chunk<G: Game>(
    game: &G,
    specs: &[BehaviourSpec],
    repeat: &Repeat,
    bins: &Bins,
    range: std::ops::Range<u64>,
    per_run: bool,
) -> (Aggregate, RunRows) {
    use std::io::Write;
    let shape: Vec<usize> = game.players().iter().map(|p| p.actions.len()).collect();
    let mut agg = Aggregate::new(&shape, repeat.rounds, game.state_names().len(), game.component_names().len(), bins);
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
    specs: &[BehaviourSpec],
    repeat: &Repeat,
    progress: &Progress,
    mut sink: Option<&mut dyn FnMut(&RunRows)>,
) -> Result<Aggregate, Cancelled> {
    if let Some(sink) = sink.as_deref_mut() {
        sink(&RunRows { runs: runs_header(game).into_bytes(), trajectories: trajectories_header(game).into_bytes() });
    }
    let shape: Vec<usize> = game.players().iter().map(|p| p.actions.len()).collect();
    let bins = pilot(game, specs, repeat);
    let mut total =
        Aggregate::new(&shape, repeat.rounds, game.state_names().len(), game.component_names().len(), &bins);
    let n_chunks = repeat.runs.div_ceil(CHUNK);
    let wave = (rayon::current_num_threads() as u64 * 8).max(8);
    let mut next = 0;
    while next < n_chunks {
        if progress.stop.load(Ordering::Relaxed) {
            return Err(Cancelled);
        }
        let end = (next + wave).min(n_chunks);
        let per_run = sink.is_some();
        let parts: Vec<(Aggregate, RunRows)> = (next..end)
            .into_par_iter()
            .map(|c| {
                let range = c * CHUNK..((c + 1) * CHUNK).min(repeat.runs);
                let n = range.end - range.start;
                let part = play_chunk(game, specs, repeat, &bins, range, per_run);
                progress.done.fetch_add(n, Ordering::Relaxed);
                part
            })
            .collect();
        for (agg, rows) in &parts {
            total.merge(agg);
            if let Some(sink) = sink.as_deref_mut() {
                sink(rows);
            }
        }
        next = end;
    }
    Ok(total)
}

/// Plays `repeat.runs` runs of the scenario (with its seed), on rayon's current pool.
pub fn run(scenario: &Scenario, repeat: &Repeat, progress: &Progress) -> Result<Aggregate, Cancelled> {
    run_with_rows(scenario, repeat, progress, None)
}

/// Like [`run`], and hands every chunk's per-run CSV rows to `sink`, in run order (the first
/// call carries the two headers). Memory stays bounded: rows are not kept.
pub fn run_with_rows(
    scenario: &Scenario,
    repeat: &Repeat,
    progress: &Progress,
    sink: Option<&mut dyn FnMut(&RunRows)>,
) -> Result<Aggregate, Cancelled> {
    match &scenario.game {
        ScenarioGame::Matrix(g) => run_game(g, &scenario.behaviours, repeat, progress, sink),
        ScenarioGame::Export(g) => run_game(g.as_ref(), &scenario.behaviours, repeat, progress, sink),
    }
}

/// The payoff component names of the scenario's game.
pub fn component_names(scenario: &Scenario) -> Vec<String> {
    match &scenario.game {
        ScenarioGame::Matrix(g) => g.component_names().iter().map(|s| s.to_string()).collect(),
        ScenarioGame::Export(g) => g.component_names().iter().map(|s| s.to_string()).collect(),
    }
}

/// The state variable names of the scenario's game.
pub fn state_names(scenario: &Scenario) -> Vec<String> {
    match &scenario.game {
        ScenarioGame::Matrix(g) => g.state_names().iter().map(|s| s.to_string()).collect(),
        ScenarioGame::Export(g) => g.state_names().iter().map(|s| s.to_string()).collect(),
    }
}
