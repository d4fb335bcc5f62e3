//! A checked, immutable, `Sync` scenario: the game, the repeated-game settings and one behaviour
//! rule per player. Built only by `config/`; everything downstream trusts its values.

use crate::behaviour::BehaviourSpec;
use crate::game::{NormalForm, PlayerSpec};
use crate::model::ExportGame;

/// The stage game of a scenario.
#[derive(Clone, Debug)]
pub enum ScenarioGame {
    /// A normal-form game (from a payoff table or a `.nfg` file).
    Matrix(NormalForm),
    /// The five-agent export-control model.
    Export(Box<ExportGame>),
}

impl ScenarioGame {
    pub fn players(&self) -> &[PlayerSpec] {
        match self {
            ScenarioGame::Matrix(g) => crate::game::Game::players(g),
            ScenarioGame::Export(g) => crate::game::Game::players(g.as_ref()),
        }
    }
}

/// Settings of the repeated game and of the Monte Carlo batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Repeat {
    /// Rounds per run (the cap when `continuation` is set). At least 1.
    pub rounds: usize,
    /// Per-round discount factor δ in (0, 1]: a run's total is Σ_t δ^t u_t (t from 0).
    pub discount: f64,
    /// Probability in (0, 1] that another round follows each round; `None` plays all rounds.
    pub continuation: Option<f64>,
    /// Number of independent runs.
    pub runs: u64,
    /// Master seed: run `i` uses `ChaCha8Rng` seeded with `seed`, stream `i`.
    pub seed: u64,
}

/// An Axelrod-style round robin.
#[derive(Clone, Debug, PartialEq)]
pub struct TournamentSpec {
    /// Strategy names with their rules, written for the row seat (player 0).
    pub strategies: Vec<(String, BehaviourSpec)>,
    pub turns: usize,
    pub repetitions: usize,
    /// Probability that each chosen action is flipped.
    pub noise: f64,
    pub seed: u64,
}

/// A checked scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub game: ScenarioGame,
    pub repeat: Repeat,
    /// One rule per player, in player order (empty for tournament-only configs).
    pub behaviours: Vec<BehaviourSpec>,
    pub tournament: Option<TournamentSpec>,
    /// FNV-1a hash of the config text.
    pub config_hash: String,
}

impl Scenario {
    /// The expected stage game at the start of round `round` (1-based) on the path of run
    /// `run_idx` (the config's seed, its behaviour rules, the realised shocks). For a matrix game
    /// every round has the same stage game. Errors when `round` exceeds the configured rounds.
    pub fn stage_game_at(&self, round: usize, run_idx: u64) -> Result<NormalForm, String> {
        if round == 0 || round > self.repeat.rounds {
            return Err(format!(
                "--round must be between 1 and the scenario's {} rounds, got {round}",
                self.repeat.rounds
            ));
        }
        let mut g = match &self.game {
            ScenarioGame::Matrix(g) => g.clone(),
            ScenarioGame::Export(g) => {
                let repeat = Repeat { rounds: round - 1, continuation: None, ..self.repeat.clone() };
                let state = if round == 1 {
                    crate::game::Game::initial_state(g.as_ref())
                } else {
                    let mut rng = crate::sim::run_rng(self.repeat.seed, run_idx);
                    crate::sim::Player::new(g.as_ref(), &self.behaviours)
                        .play_with_state(&repeat, 0.0, &mut rng, &mut crate::sim::NoObserver)
                        .1
                };
                let mut nf = crate::game::Game::stage_normal_form(g.as_ref(), &state);
                nf.set_title(format!(
                    "{}: expected stage game at the start of round {round}, on the path of run {run_idx} (seed {})",
                    self.name, self.repeat.seed
                ));
                nf
            }
        };
        if g.title().is_empty() {
            g.set_title(self.name.clone());
        }
        Ok(g)
    }
}
