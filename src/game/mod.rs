//! The game core: players with named actions, the [`Game`] abstraction shared by matrix games
//! and the stateful export-control model, and the n-player normal form with exact payoffs.
//!
//! What lives here: [`PlayerSpec`], [`Game`], [`NormalForm`], [`Rational`] helpers, and the Gambit
//! `.nfg` reader and writer ([`nfg`]). What does not: behaviour rules (`behaviour/`), the round loop
//! (`sim/`), equilibrium algorithms (`solve/`).

pub mod nfg;
mod normal_form;
pub mod rational;

pub use normal_form::{GameError, NormalForm, check_players};
pub use rational::Rational;

use rand_chacha::ChaCha8Rng;

/// Most players a game may have.
pub const MAX_PLAYERS: usize = 16;
/// Fewest actions a player may have in a config (a game read from a file may give a player one).
pub const MIN_ACTIONS: usize = 2;
/// Most actions a player may have in a config: the limit for games that are simulated, whose
/// players are driven by behaviour rules, and for `.nfg` files named in a config. Configs are
/// checked against it by [`check_players`].
pub const MAX_ACTIONS: usize = 64;
/// Most strategies a player may have in a [`NormalForm`], and so in a `.nfg` file given to
/// `solve`: the methods that scale with the game (`pure`, `lcp`, `logit`) accept games this
/// large, the others refuse with their own, smaller limit. Games are also limited to
/// [`MAX_PROFILES`] profiles.
pub const MAX_FILE_ACTIONS: usize = 100_000;
/// Most action profiles a [`NormalForm`] may have.
pub const MAX_PROFILES: u128 = 100_000_000;

/// One player: a name and its named actions, in a fixed order (the action index is the position).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayerSpec {
    pub name: String,
    pub actions: Vec<String>,
}

impl PlayerSpec {
    pub fn new(name: impl Into<String>, actions: &[&str]) -> Self {
        PlayerSpec { name: name.into(), actions: actions.iter().map(|a| a.to_string()).collect() }
    }

    /// Index of the action called `name`, if any.
    pub fn action_index(&self, name: &str) -> Option<usize> {
        self.actions.iter().position(|a| a == name)
    }
}

/// A state variable the report should draw as a fan chart over rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct FanHint {
    /// Name of the state variable (one of [`Game::state_names`]).
    pub variable: &'static str,
    /// Axis label with unit, e.g. "compute (M H100e)".
    pub label: String,
}

/// "The first round in which `player` chose any of `actions`", counted from `from_round`: a
/// milestone the report tracks per run (charts, probabilities within a horizon).
#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneHint {
    /// Short key for machine-readable output, e.g. `us_permits_h200`.
    pub key: String,
    /// The question a chart of it answers, e.g. "When does the US first permit H200?".
    pub question: String,
    /// The x-axis label of that chart.
    pub axis: String,
    /// How a probability of it is written in text, e.g. "US permits H200".
    pub phrase: String,
    pub player: usize,
    pub actions: Vec<usize>,
    /// First round (0-based) that counts.
    pub from_round: usize,
    /// Horizons k (rounds) at which P(milestone within k) is reported.
    pub horizons: Vec<usize>,
}

/// What the report layer should know about a game beyond its names: units, the state variables
/// worth a fan chart, and milestones. Games describe themselves here, so the report never
/// matches a game's player or action names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportHints {
    /// Unit of payoffs, e.g. "model units" or "game units".
    pub payoff_unit: &'static str,
    /// What one round is, e.g. "quarter" (empty: "round").
    pub round_unit: &'static str,
    pub fans: Vec<FanHint>,
    pub milestones: Vec<MilestoneHint>,
}

/// A stage game played repeatedly, possibly with a world state and random shocks.
///
/// Matrix games have the unit state and deterministic payoffs; the export-control model
/// (`model/`) carries a world state between rounds and draws shocks from the run's generator.
/// Implementations are immutable and `Sync`: one instance is shared by every run and thread,
/// and all per-run data lives in `State` and in the generator passed in.
///
/// Within a round the runner calls every behaviour's choice, then [`Game::play_round`], which
/// by default is [`Game::stage_components`], [`Game::stage_payoffs`] and [`Game::transition`]
/// in that order.
pub trait Game: Sync {
    /// The world state carried from round to round.
    type State: Clone + Send;

    /// The players, in a fixed order; a profile lists one action index per player in this order.
    fn players(&self) -> &[PlayerSpec];

    /// The state before the first round.
    fn initial_state(&self) -> Self::State;

    /// The realised stage payoffs of `profile` at `state`, written to `out` (one per player).
    /// Random shocks are drawn from `rng`.
    fn stage_payoffs(&self, state: &Self::State, profile: &[usize], rng: &mut ChaCha8Rng, out: &mut [f64]);

    /// Moves `state` to the next round after `profile` was played.
    fn transition(&self, state: &mut Self::State, profile: &[usize], rng: &mut ChaCha8Rng);

    /// The expected stage payoffs of `profile` at `state` (expectation over this round's shocks),
    /// written to `out`. Best-response-type rules and the equilibrium solvers use it.
    fn expected_payoffs(&self, state: &Self::State, profile: &[usize], out: &mut [f64]);

    /// The expected stage payoff to `player` of each of its actions, the others playing as in
    /// `profile` (whose entry for `player` is ignored), written to `out` (one per action).
    /// Learning rules call this many times a round; games override it to share work between
    /// the actions. The default evaluates [`Game::expected_payoffs`] once per action.
    fn action_values(&self, state: &Self::State, profile: &[usize], player: usize, out: &mut [f64]) {
        let n = profile.len();
        let mut prof = [0usize; MAX_PLAYERS];
        let mut pay = [0.0; MAX_PLAYERS];
        prof[..n].copy_from_slice(profile);
        for (a, slot) in out.iter_mut().enumerate() {
            prof[player] = a;
            self.expected_payoffs(state, &prof[..n], &mut pay[..n]);
            *slot = pay[player];
        }
    }

    /// Names of the numeric state variables reported per round (empty for matrix games).
    fn state_names(&self) -> &[&'static str] {
        &[]
    }

    /// Writes the state variables, in the order of [`Game::state_names`], to `out`.
    fn state_values(&self, _state: &Self::State, _out: &mut [f64]) {}

    /// Names of the stage payoff's components, `player.component` (empty when the game has none).
    /// A player's stage payoff is the sum of its components.
    fn component_names(&self) -> &[&'static str] {
        &[]
    }

    /// The realised, weighted payoff components of this round, in the order of
    /// [`Game::component_names`]: the same shocks as [`Game::stage_payoffs`] given the same
    /// generator state (which this method does not advance).
    fn stage_components(&self, _state: &Self::State, _profile: &[usize], _rng: &ChaCha8Rng, _out: &mut [f64]) {}

    /// Plays one round of `profile`: writes the realised stage payoffs to `payoffs` (one per
    /// player) and, when `components` is not empty, the realised weighted components to it, then
    /// moves `state` to the next round. Equivalent to [`Game::stage_components`],
    /// [`Game::stage_payoffs`] and [`Game::transition`] in that order (games override it to draw
    /// the round's shocks and work out its outcome once).
    fn play_round(
        &self,
        state: &mut Self::State,
        profile: &[usize],
        rng: &mut ChaCha8Rng,
        payoffs: &mut [f64],
        components: &mut [f64],
    ) {
        if !components.is_empty() {
            self.stage_components(state, profile, rng, components);
        }
        self.stage_payoffs(state, profile, rng, payoffs);
        self.transition(state, profile, rng);
    }

    /// Units, fan-chart variables and milestones for reports (see [`ReportHints`]).
    fn hints(&self) -> ReportHints {
        ReportHints { payoff_unit: "game units", ..ReportHints::default() }
    }

    /// The game as a normal form, when it is one (matrix games).
    fn as_normal_form(&self) -> Option<&NormalForm> {
        None
    }

    /// Number of players.
    fn n_players(&self) -> usize {
        self.players().len()
    }

    /// The expected stage game at `state` as a normal form (every profile evaluated once).
    fn stage_normal_form(&self, state: &Self::State) -> NormalForm {
        let players = self.players().to_vec();
        let shape: Vec<usize> = players.iter().map(|p| p.actions.len()).collect();
        let n = players.len();
        let n_profiles: usize = shape.iter().product();
        let mut payoffs = vec![0.0; n_profiles * n];
        let mut profile = vec![0usize; n];
        for idx in 0..n_profiles {
            NormalForm::decode_profile(&shape, idx, &mut profile);
            self.expected_payoffs(state, &profile, &mut payoffs[idx * n..(idx + 1) * n]);
        }
        NormalForm::from_f64(String::new(), players, payoffs)
            .expect("a game's expected payoffs are finite and its shape is valid")
    }
}

/// The expected stage payoffs at the current state, as seen by behaviour rules.
///
/// Object-safe so that one behaviour implementation serves every [`Game`].
pub trait PayoffOracle {
    /// Expected payoffs of `profile` for every player, written to `out`.
    fn expected_payoffs(&self, profile: &[usize], out: &mut [f64]);

    /// Expected payoff to `player` of each of its actions against the others' actions in
    /// `profile` (see [`Game::action_values`]), written to `out`.
    fn action_values(&self, profile: &[usize], player: usize, out: &mut [f64]);
}

/// A game frozen at one state: the [`PayoffOracle`] the round loop hands to behaviour rules.
pub struct StageView<'a, G: Game> {
    pub game: &'a G,
    pub state: &'a G::State,
}

impl<G: Game> PayoffOracle for StageView<'_, G> {
    fn expected_payoffs(&self, profile: &[usize], out: &mut [f64]) {
        self.game.expected_payoffs(self.state, profile, out);
    }

    fn action_values(&self, profile: &[usize], player: usize, out: &mut [f64]) {
        self.game.action_values(self.state, profile, player, out);
    }
}
