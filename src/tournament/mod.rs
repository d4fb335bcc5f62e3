//! An Axelrod-style round-robin tournament on a symmetric two-player game, with the semantics of
//! the Axelrod library's `Tournament` (Knight et al. 2016, "An open framework for the
//! reproducible study of the iterated prisoner's dilemma", *JORS* 4(1)): in every repetition
//! every pair of players meets once, self-play included; a player's score in a repetition is the
//! sum of its payoffs over its matches against the *other* players. Players are told the match
//! length (Axelrod's `match_attributes["length"]`), and noise flips a chosen move with the given
//! probability before either player sees it, so both histories hold the moves as played.
//!
//! Players are [`Strategy`] objects built fresh for every match: the strategies of the
//! [`registry`] under the Axelrod library's class names (one file per family: `titfortat`,
//! `grudger`, `prober`, `cycler`, `memoryone`, `axelrod_first`, and the reactive tables of
//! `strategies`), or any behaviour rule (a config's custom strategy) through [`RuleStrategy`].
//!
//! Every match has its own generator (seed, stream = match index, matches numbered repetition
//! by repetition), which both players and the noise draw from in a fixed order, so the scores do
//! not depend on the number of threads. (The Axelrod library seeds each pair's match once and
//! plays its repetitions in sequence; its generator is numpy's, so stochastic strategies agree
//! with it in distribution, not draw for draw.)

mod axelrod_first;
mod cycler;
mod grudger;
mod memoryone;
mod prober;
pub mod registry;
mod strategies;
pub mod strategy;
mod titfortat;

pub use registry::{REGISTRY, StrategyInfo};
pub use strategies::{BUILTIN_NAMES, builtin};
pub use strategy::{MatchState, Rpst, RuleStrategy, Strategy};

use crate::behaviour::{self, BehaviourSpec};
use crate::game::{Game, NormalForm};
use crate::scenario::TournamentSpec;
use crate::sim::run_rng;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// What can go wrong when setting up a tournament.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TournamentError {
    #[error(
        "unknown strategy `{name}`{suggestion}; `chipgame tournament --list-strategies` lists the {known} registered ones"
    )]
    UnknownStrategy { name: String, suggestion: String, known: usize },
    #[error("strategy `{strategy}` does not suit this game: {reason}")]
    Unsuitable { strategy: String, reason: String },
    #[error("{0}")]
    NotSymmetric(String),
    #[error("a tournament needs at least two strategies, got {0}")]
    TooFewStrategies(usize),
    #[error("{0}")]
    BadSettings(String),
}

/// A tournament player: a registered strategy or a behaviour rule written for the row seat
/// (player 0 is "self", player 1 the opponent), such as a config's custom strategy.
#[derive(Clone, Debug, PartialEq)]
pub enum Entrant {
    Registered(&'static StrategyInfo),
    Rule(BehaviourSpec),
}

impl Entrant {
    /// Whether the entrant draws random numbers (a rule counts as stochastic unless it is a
    /// fixed action or a reactive table).
    pub fn stochastic(&self) -> bool {
        match self {
            Entrant::Registered(info) => info.stochastic,
            Entrant::Rule(BehaviourSpec::Fixed { .. } | BehaviourSpec::Reactive { .. }) => false,
            Entrant::Rule(_) => true,
        }
    }

    fn build(&self, rpst: &Rpst, n_actions: usize) -> Box<dyn Strategy> {
        match self {
            Entrant::Registered(info) => info.make(rpst),
            Entrant::Rule(spec) => {
                Box::new(RuleStrategy::new(behaviour::build(spec, 0, &[n_actions, n_actions]), n_actions))
            }
        }
    }
}

/// How a tournament is played.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Turns per match (every player is told this length).
    pub turns: usize,
    pub repetitions: usize,
    /// Probability that each chosen move is flipped.
    pub noise: f64,
    pub seed: u64,
}

/// The registered strategy called `name` (an Axelrod class name, e.g. `FirstByDowning`), checked
/// against `game`: registered strategies need a symmetric game with two actions per player
/// (action 0 is C, action 1 is D), and some (GTFT, the ZD strategies) a prisoner's dilemma.
/// A config's custom strategies are looked up by the caller before this.
pub fn resolve(name: &str, game: &NormalForm) -> Result<Entrant, TournamentError> {
    let info = registry::lookup(name).ok_or_else(|| TournamentError::UnknownStrategy {
        name: name.into(),
        suggestion: closest_name(name).map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default(),
        known: REGISTRY.len(),
    })?;
    if game.shape() != [2, 2] {
        return Err(TournamentError::Unsuitable {
            strategy: name.into(),
            reason: format!("it needs two actions per player (C, D), the game has shape {:?}", game.shape()),
        });
    }
    (info.check)(&Rpst::of(game))?;
    Ok(Entrant::Registered(info))
}

/// A plain-text list of the registered strategies: name, whether stochastic, description.
pub fn list_strategies() -> String {
    let width = REGISTRY.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for s in REGISTRY {
        let kind = if s.stochastic { "stochastic" } else { "deterministic" };
        out += &format!("{:<width$}  {kind:<13}  {}\n", s.name, s.description);
    }
    out
}

/// The registered name closest to `word` (same letters ignoring case, or at most three edits).
fn closest_name(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    if let Some(s) = REGISTRY.iter().find(|s| s.name.to_lowercase() == lower) {
        return Some(s.name);
    }
    let distance = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + usize::from(ca != cb));
                prev = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    };
    REGISTRY
        .iter()
        .map(|s| (distance(&lower, &s.name.to_lowercase()), s.name))
        .filter(|&(d, _)| d <= 3)
        .min_by_key(|&(d, _)| d)
        .map(|(_, n)| n)
}

/// Scores of a tournament.
#[derive(Clone, Debug, PartialEq)]
pub struct TournamentResult {
    pub names: Vec<String>,
    /// `scores[player][repetition]`: total payoff over matches against other players.
    pub scores: Vec<Vec<f64>>,
    pub turns: usize,
    /// `payoff_matrix[i][j]`: player i's payoff per turn against player j, averaged over the
    /// repetitions (Axelrod's `ResultSet.payoff_matrix`); the diagonal averages both seats of
    /// the self-play match.
    pub payoff_matrix: Vec<Vec<f64>>,
    /// `payoff_stddevs[i][j]`: the sample standard deviation over repetitions of that payoff per
    /// turn (0 with one repetition).
    pub payoff_stddevs: Vec<Vec<f64>>,
}

impl TournamentResult {
    /// Players ordered by median score, best first (ties keep input order), as Axelrod ranks them.
    pub fn ranking(&self) -> Vec<usize> {
        let med: Vec<f64> = self.scores.iter().map(|s| median(s)).collect();
        let mut idx: Vec<usize> = (0..self.names.len()).collect();
        idx.sort_by(|&a, &b| med[b].total_cmp(&med[a]).then(a.cmp(&b)));
        idx
    }

    /// The `--json` form: `{"players": [{"name": ..., "scores": [...]}, ...], "payoff_matrix":
    /// [[...]], "payoff_stddevs": [[...]]}`, players in input order.
    pub fn to_json(&self) -> serde_json::Value {
        let players: Vec<serde_json::Value> =
            self.names.iter().zip(&self.scores).map(|(n, s)| serde_json::json!({ "name": n, "scores": s })).collect();
        serde_json::json!({
            "players": players,
            "payoff_matrix": self.payoff_matrix,
            "payoff_stddevs": self.payoff_stddevs,
        })
    }

    /// A ranked plain-text table.
    pub fn to_table(&self) -> String {
        let width = self.names.iter().map(|n| n.len()).max().unwrap_or(4).max(8);
        let mut s = format!(
            "{:>4}  {:<width$}  {:>12}  {:>12}  {:>14}\n",
            "rank", "strategy", "median score", "mean score", "per turn/match"
        );
        let opponents = (self.names.len() - 1).max(1) as f64;
        for (rank, &i) in self.ranking().iter().enumerate() {
            let mean = self.scores[i].iter().sum::<f64>() / self.scores[i].len() as f64;
            let med = median(&self.scores[i]);
            let per_turn = med / opponents / self.turns as f64;
            s += &format!(
                "{:>4}  {:<width$}  {:>12}  {:>12.3}  {:>14.4}\n",
                rank + 1,
                self.names[i],
                fmt_num(med),
                mean,
                per_turn
            );
        }
        s
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 { format!("{x:.0}") } else { format!("{x:.3}") }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// Checks that `game` is a symmetric two-player game (the column player's payoff at (i, j) is
/// the row player's at (j, i)), as a tournament between seats requires.
pub fn check_symmetric(game: &NormalForm) -> Result<(), String> {
    let shape = game.shape();
    if shape.len() != 2 || shape[0] != shape[1] {
        return Err(format!("a tournament needs a symmetric two-player game; this one has shape {shape:?}"));
    }
    let k = shape[0];
    for i in 0..k {
        for j in 0..k {
            if game.payoff(&[i, j], 1) != game.payoff(&[j, i], 0) {
                let p = game.players();
                return Err(format!(
                    "a tournament needs a symmetric game, but the column player's payoff at ({}, {}) is {} and the row player's at ({}, {}) is {}",
                    p[0].actions[i],
                    p[1].actions[j],
                    game.payoff(&[i, j], 1),
                    p[0].actions[j],
                    p[1].actions[i],
                    game.payoff(&[j, i], 0)
                ));
            }
        }
    }
    Ok(())
}

/// The prisoner's dilemma with Axelrod's payoffs R, S, T, P = 3, 0, 5, 1 (action 0 = C, 1 = D).
pub fn prisoners_dilemma() -> NormalForm {
    let mut g = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![5.0, 1.0]], &[vec![3.0, 5.0], vec![0.0, 1.0]])
        .expect("the prisoner's dilemma is a valid game");
    g.set_title("Prisoner's dilemma (R, S, T, P = 3, 0, 5, 1)");
    let mut players = g.players().to_vec();
    for p in &mut players {
        p.actions = vec!["C".into(), "D".into()];
    }
    NormalForm::new(g.title().into(), players, g.exact_table().to_vec()).expect("renaming actions keeps the game valid")
}

/// Plays the tournament of behaviour rules in `spec` (a config's `[tournament]`), whose game has
/// been checked to be symmetric. Matches run in parallel; scores are summed in a fixed order.
pub fn run(game: &NormalForm, spec: &TournamentSpec) -> TournamentResult {
    let settings = Settings { turns: spec.turns, repetitions: spec.repetitions, noise: spec.noise, seed: spec.seed };
    play_checked(game, &spec.strategies, &settings)
}

/// Plays a tournament between `entrants` (names with their players) on `game`, checking the
/// game (symmetric, two players) and the settings first. Matches run in parallel; the result does
/// not depend on the thread count.
pub fn play(
    game: &NormalForm,
    entrants: &[(String, Entrant)],
    settings: &Settings,
) -> Result<TournamentResult, TournamentError> {
    check_symmetric(game).map_err(TournamentError::NotSymmetric)?;
    if entrants.len() < 2 {
        return Err(TournamentError::TooFewStrategies(entrants.len()));
    }
    if settings.turns == 0 || settings.repetitions == 0 {
        return Err(TournamentError::BadSettings("turns and repetitions must be at least 1".into()));
    }
    if !(0.0..=1.0).contains(&settings.noise) {
        return Err(TournamentError::BadSettings(format!(
            "noise is a probability and must be in [0, 1], got {}",
            settings.noise
        )));
    }
    for (name, e) in entrants {
        if let Entrant::Registered(info) = e {
            resolve(info.name, game).map_err(|err| match err {
                TournamentError::Unsuitable { reason, .. } => {
                    TournamentError::Unsuitable { strategy: name.clone(), reason }
                }
                other => other,
            })?;
        }
    }
    Ok(play_checked(game, entrants, settings))
}

fn play_checked(game: &NormalForm, entrants: &[(String, Entrant)], settings: &Settings) -> TournamentResult {
    let n = entrants.len();
    let k = game.shape()[0];
    // The row player's payoffs; the column player's at (a, b) are the row player's at (b, a).
    let pay: Vec<f64> = (0..k * k).map(|x| game.payoff(&[x / k, x % k], 0)).collect();
    let rpst = if k == 2 { Rpst::of(game) } else { Rpst { r: 0.0, p: 0.0, s: 0.0, t: 0.0 } };
    let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect();
    let n_matches = pairs.len();
    let totals: Vec<[f64; 2]> = (0..settings.repetitions * n_matches)
        .into_par_iter()
        .map(|m| {
            let (i, j) = pairs[m % n_matches];
            let mut a = entrants[i].1.build(&rpst, k);
            let mut b = entrants[j].1.build(&rpst, k);
            let mut rng = run_rng(settings.seed, m as u64);
            play_match(game, &pay, [a.as_mut(), b.as_mut()], settings, &mut rng)
        })
        .collect();
    // Reduced in match order (repetition by repetition), so the sums are thread-independent.
    let mut scores = vec![vec![0.0; settings.repetitions]; n];
    let mut per_turn = vec![vec![Welford::default(); n]; n];
    let turns = settings.turns as f64;
    for (m, [a, b]) in totals.into_iter().enumerate() {
        let (rep, (i, j)) = (m / n_matches, pairs[m % n_matches]);
        if i != j {
            scores[i][rep] += a;
            scores[j][rep] += b;
            per_turn[i][j].push(a / turns);
            per_turn[j][i].push(b / turns);
        } else {
            per_turn[i][i].push((a + b) / (2.0 * turns));
        }
    }
    TournamentResult {
        names: entrants.iter().map(|(n, _)| n.clone()).collect(),
        scores,
        turns: settings.turns,
        payoff_matrix: per_turn.iter().map(|row| row.iter().map(|w| w.mean).collect()).collect(),
        payoff_stddevs: per_turn.iter().map(|row| row.iter().map(Welford::stddev).collect()).collect(),
    }
}

/// One match: each turn both players choose, noise may flip each move (to another action
/// uniformly), the turn is recorded and both observe it. Returns both players' total payoffs.
fn play_match(
    game: &NormalForm,
    pay: &[f64],
    players: [&mut dyn Strategy; 2],
    settings: &Settings,
    rng: &mut ChaCha8Rng,
) -> [f64; 2] {
    let k = game.shape()[0];
    let turns = settings.turns;
    let [p0, p1] = players;
    let mut moves = [Vec::with_capacity(turns), Vec::with_capacity(turns)];
    let mut defections = [0u32; 2];
    let mut totals = [0.0; 2];
    for _ in 0..turns {
        let mut chosen = [0; 2];
        for (seat, p) in [(0, &mut *p0), (1, &mut *p1)] {
            chosen[seat] = p.choose(&seat_view(&moves, defections, seat, turns, game), rng);
        }
        if settings.noise > 0.0 {
            for a in &mut chosen {
                if rng.random::<f64>() < settings.noise {
                    *a = (*a + rng.random_range(1..k)) % k;
                }
            }
        }
        let [a, b] = chosen;
        totals[0] += pay[a * k + b];
        totals[1] += pay[b * k + a];
        for (seat, &x) in chosen.iter().enumerate() {
            moves[seat].push(x);
            defections[seat] += u32::from(x == strategy::D);
        }
        for (seat, p) in [(0, &mut *p0), (1, &mut *p1)] {
            p.observe(&seat_view(&moves, defections, seat, turns, game));
        }
    }
    totals
}

/// The match as seen from `seat`.
fn seat_view<'a>(
    moves: &'a [Vec<usize>; 2],
    defections: [u32; 2],
    seat: usize,
    turns: usize,
    game: &'a NormalForm,
) -> MatchState<'a> {
    let other = 1 - seat;
    MatchState {
        mine: &moves[seat],
        theirs: &moves[other],
        defections: [defections[seat], defections[other]],
        turns,
        game,
    }
}

/// Running mean and sum of squared deviations (Welford 1962, *Technometrics* 4(3)).
#[derive(Clone, Copy, Debug, Default)]
struct Welford {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Welford {
    fn push(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    fn stddev(&self) -> f64 {
        if self.n < 2 { 0.0 } else { (self.m2 / (self.n - 1) as f64).sqrt() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tourney(names: &[&str], turns: usize) -> TournamentResult {
        let g = prisoners_dilemma();
        let strategies = names.iter().map(|n| (n.to_string(), resolve(n, &g).unwrap())).collect();
        run(&g, &TournamentSpec { strategies, turns, repetitions: 1, noise: 0.0, seed: 0 })
    }

    fn totals(r: &TournamentResult) -> Vec<f64> {
        r.scores.iter().map(|s| s[0]).collect()
    }

    /// The Axelrod library's integration-test scores (game-theory-anchors.md §2.2 #22).
    #[test]
    fn axelrod_sample_tournaments() {
        assert_eq!(totals(&tourney(&["Cooperator", "Defector"], 10)), vec![0.0, 50.0]);
        assert_eq!(totals(&tourney(&["TitForTat", "Defector"], 10)), vec![9.0, 14.0]);
        assert_eq!(totals(&tourney(&["Cooperator", "TitForTat"], 10)), vec![30.0, 30.0]);
        assert_eq!(totals(&tourney(&["Cooperator", "TitForTat", "Defector"], 10)), vec![30.0, 39.0, 64.0]);
        assert_eq!(
            totals(&tourney(&["Cooperator", "TitForTat", "Defector", "Grudger"], 10)),
            vec![60.0, 69.0, 78.0, 69.0]
        );
        assert_eq!(
            totals(&tourney(&["Cooperator", "TitForTat", "Defector", "Grudger", "GoByMajority"], 10)),
            vec![90.0, 99.0, 92.0, 99.0, 99.0]
        );
    }

    #[test]
    fn asymmetric_games_are_refused() {
        let g = NormalForm::bimatrix(&[vec![1.0, 0.0], vec![0.0, 1.0]], &[vec![0.0, 1.0], vec![1.0, 0.0]]).unwrap();
        assert!(check_symmetric(&g).unwrap_err().contains("symmetric"));
        assert!(check_symmetric(&prisoners_dilemma()).is_ok());
    }

    #[test]
    fn noisy_tournaments_are_reproducible_and_thread_independent() {
        let g = prisoners_dilemma();
        let strategies: Vec<_> = ["TitForTat", "Random", "WinStayLoseShift"]
            .iter()
            .map(|n| (n.to_string(), resolve(n, &g).unwrap()))
            .collect();
        let spec = TournamentSpec { strategies, turns: 50, repetitions: 4, noise: 0.05, seed: 11 };
        let a = run(&g, &spec);
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let b = one.install(|| run(&g, &spec));
        assert_eq!(a, b);
    }
}
