//! A checked, immutable, `Sync` scenario: the game, the repeated-game settings and one behaviour
//! rule per player. Built only by `config/`; everything downstream trusts its values.

use crate::behaviour::BehaviourSpec;
use crate::config::Overrides;
use crate::game::{Game, NormalForm, PlayerSpec, ReportHints};
use crate::model::ExportGame;
use std::path::PathBuf;
use std::sync::Arc;

/// The stage game of a scenario.
#[derive(Clone, Debug)]
pub enum ScenarioGame {
    /// A normal-form game (from a payoff table or a `.nfg` file).
    Matrix(NormalForm),
    /// The five-agent export-control model.
    Export(Box<ExportGame>),
}

/// Code that works on any [`Game`]: monomorphised per game type, called through
/// [`ScenarioGame::visit`], the one place where the kind of game is matched.
pub trait GameVisitor<'g> {
    type Output;
    fn visit<G: Game + 'static>(self, game: &'g G) -> Self::Output;
}

/// The facts about a game that need no monomorphisation (object-safe part of [`Game`]).
pub trait GameInfo {
    fn players(&self) -> &[PlayerSpec];
    fn state_names(&self) -> &[&'static str];
    fn component_names(&self) -> &[&'static str];
    fn hints(&self) -> ReportHints;
    fn as_normal_form(&self) -> Option<&NormalForm>;
}

impl<G: Game> GameInfo for G {
    fn players(&self) -> &[PlayerSpec] {
        Game::players(self)
    }
    fn state_names(&self) -> &[&'static str] {
        Game::state_names(self)
    }
    fn component_names(&self) -> &[&'static str] {
        Game::component_names(self)
    }
    fn hints(&self) -> ReportHints {
        Game::hints(self)
    }
    fn as_normal_form(&self) -> Option<&NormalForm> {
        Game::as_normal_form(self)
    }
}

struct AsInfo;

impl<'g> GameVisitor<'g> for AsInfo {
    type Output = &'g dyn GameInfo;
    fn visit<G: Game + 'static>(self, game: &'g G) -> &'g dyn GameInfo {
        game
    }
}

impl ScenarioGame {
    /// Runs `v` on the concrete game.
    pub fn visit<'g, V: GameVisitor<'g>>(&'g self, v: V) -> V::Output {
        match self {
            ScenarioGame::Matrix(g) => v.visit(g),
            ScenarioGame::Export(g) => v.visit(g.as_ref()),
        }
    }

    /// The game's names, hints and normal form, without knowing its type.
    pub fn info(&self) -> &dyn GameInfo {
        self.visit(AsInfo)
    }

    pub fn players(&self) -> &[PlayerSpec] {
        self.info().players()
    }

    /// The game as a normal form, when it is a matrix game.
    pub fn as_normal_form(&self) -> Option<&NormalForm> {
        self.info().as_normal_form()
    }

    /// Whether the game carries a world state between rounds (its stage game depends on the round).
    pub fn is_stateful(&self) -> bool {
        !self.info().state_names().is_empty()
    }
}

/// The text a scenario was read from, and where from (for errors, hashes and relative paths).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
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
    /// Move order within a round: groups of player indices, earliest first, every player exactly
    /// once. Later groups see the earlier groups' actions of the round. `None`: everyone at once.
    pub move_order: Option<Vec<Vec<usize>>>,
}

/// A meta-game: a few named whole-game policies (behaviour rules) per player, every profile of
/// them (or a listed subset) played with the same runs.
#[derive(Clone, Debug, PartialEq)]
pub struct MetagameSpec {
    /// Per player, its policies: name and rule. A player with no `[metagame.policies]` entry has
    /// one policy, its `[behaviour]` rule, named after the rule.
    pub policies: Vec<Vec<(String, BehaviourSpec)>>,
    /// The profiles to play (policy indices per player), in order; every profile by default.
    pub profiles: Vec<Vec<usize>>,
    pub runs: u64,
    pub bootstrap: usize,
}

/// An Axelrod-style round robin.
#[derive(Clone, Debug, PartialEq)]
pub struct TournamentSpec {
    /// Strategy names with their players: registered (Axelrod) strategies, checked against the
    /// game, or a config's custom rules written for the row seat (player 0).
    pub strategies: Vec<(String, crate::tournament::Entrant)>,
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
    pub metagame: Option<MetagameSpec>,
    /// FNV-1a hash of the config text and the overrides applied to it.
    pub config_hash: String,
    /// The config text it was checked from.
    pub source: Arc<Source>,
    /// The command-line changes applied to the text (see [`crate::config::Overrides`]).
    pub overrides: Overrides,
}
