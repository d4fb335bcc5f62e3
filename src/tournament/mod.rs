//! An Axelrod-style round-robin tournament of behaviour rules on a symmetric two-player game,
//! with the semantics of the Axelrod library's `Tournament` (Knight et al. 2016, JORS 4(1)):
//! in every repetition every pair of players meets once, self-play included; a player's score in
//! a repetition is the sum of its payoffs over its matches against the *other* players.
//!
//! Matches are independent and each has its own generator (seed, stream = match index), so the
//! scores do not depend on the number of threads.

mod strategies;

pub use strategies::{BUILTIN_NAMES, builtin};

use crate::behaviour::{BehaviourSpec, Condition, Rule};
use crate::game::{Game, NormalForm};
use crate::scenario::{Repeat, TournamentSpec};
use crate::sim::{NoObserver, Player, run_rng};
use rayon::prelude::*;

/// Scores of a tournament.
#[derive(Clone, Debug, PartialEq)]
pub struct TournamentResult {
    pub names: Vec<String>,
    /// `scores[player][repetition]`: total payoff over matches against other players.
    pub scores: Vec<Vec<f64>>,
    pub turns: usize,
}

impl TournamentResult {
    /// Players ordered by median score, best first (ties keep input order), as Axelrod ranks them.
    pub fn ranking(&self) -> Vec<usize> {
        let med: Vec<f64> = self.scores.iter().map(|s| median(s)).collect();
        let mut idx: Vec<usize> = (0..self.names.len()).collect();
        idx.sort_by(|&a, &b| med[b].total_cmp(&med[a]).then(a.cmp(&b)));
        idx
    }

    /// The `--json` form: `{"players": [{"name": ..., "scores": [...]}, ...]}` in input order.
    pub fn to_json(&self) -> serde_json::Value {
        let players: Vec<serde_json::Value> =
            self.names.iter().zip(&self.scores).map(|(n, s)| serde_json::json!({ "name": n, "scores": s })).collect();
        serde_json::json!({ "players": players })
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

/// A rule written for seat 0 moved to `seat` of a two-player game: player references swap.
pub fn reseat(spec: &BehaviourSpec, seat: usize) -> BehaviourSpec {
    if seat == 0 {
        return spec.clone();
    }
    match spec {
        BehaviourSpec::Reactive { initial, rules, default } => BehaviourSpec::Reactive {
            initial: initial.clone(),
            rules: rules
                .iter()
                .map(|r| Rule {
                    when: r.when.iter().map(|c| Condition { player: 1 - c.player, ..c.clone() }).collect(),
                    play: r.play,
                })
                .collect(),
            default: *default,
        },
        other => other.clone(),
    }
}

/// Plays the tournament. Matches run in parallel; scores are summed in a fixed order.
pub fn run(game: &NormalForm, spec: &TournamentSpec) -> TournamentResult {
    let n = spec.strategies.len();
    let repeat = Repeat { rounds: spec.turns, discount: 1.0, continuation: None, runs: 1, seed: spec.seed };
    let pairs: Vec<(usize, usize)> = (0..n).flat_map(|i| (i..n).map(move |j| (i, j))).collect();
    let n_matches = pairs.len();
    let seated: Vec<[BehaviourSpec; 2]> = spec.strategies.iter().map(|(_, s)| [reseat(s, 0), reseat(s, 1)]).collect();
    let results: Vec<(usize, usize, usize, f64, f64)> = (0..spec.repetitions * n_matches)
        .into_par_iter()
        .map(|m| {
            let (rep, (i, j)) = (m / n_matches, pairs[m % n_matches]);
            let specs = [seated[i][0].clone(), seated[j][1].clone()];
            let out =
                Player::new(game, &specs).play(&repeat, spec.noise, &mut run_rng(spec.seed, m as u64), &mut NoObserver);
            (rep, i, j, out.totals[0], out.totals[1])
        })
        .collect();
    let mut scores = vec![vec![0.0; spec.repetitions]; n];
    for (rep, i, j, a, b) in results {
        if i != j {
            scores[i][rep] += a;
            scores[j][rep] += b;
        }
    }
    TournamentResult { names: spec.strategies.iter().map(|(n, _)| n.clone()).collect(), scores, turns: spec.turns }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tourney(names: &[&str], turns: usize) -> TournamentResult {
        let g = prisoners_dilemma();
        let strategies = names.iter().map(|n| (n.to_string(), builtin(n, g.players()).unwrap())).collect();
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
            .map(|n| (n.to_string(), builtin(n, g.players()).unwrap()))
            .collect();
        let spec = TournamentSpec { strategies, turns: 50, repetitions: 4, noise: 0.05, seed: 11 };
        let a = run(&g, &spec);
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let b = one.install(|| run(&g, &spec));
        assert_eq!(a, b);
    }
}
