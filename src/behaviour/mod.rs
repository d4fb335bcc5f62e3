//! Behaviour rules: how a player chooses its action each round.
//!
//! A rule implements [`Behaviour`]; one file per rule, each citing its source. Rules are built
//! from their checked spec ([`BehaviourSpec`], read from TOML in `config/`) by [`build`], the one
//! place where a spec becomes a trait object. Every random draw comes from the generator passed
//! in, which is the run's seeded `ChaCha8Rng`.
//!
//! What does not live here: the round loop (`sim/`), the TOML schema (`config/`).

mod fixed;
mod history;
mod mixed;
pub mod reactive;
mod scripted;

pub use fixed::Fixed;
pub use history::History;
pub use mixed::Mixed;
pub use reactive::{Condition, Reactive, Rule, Timing};
pub use scripted::{AfterScript, Scripted};

use crate::game::PayoffOracle;
use rand_chacha::ChaCha8Rng;

/// What a rule sees when it chooses or learns.
pub struct Context<'a> {
    /// Index of the player this rule drives.
    pub player: usize,
    /// Index of the current round, from 0.
    pub round: usize,
    /// Number of actions of every player.
    pub shape: &'a [usize],
    /// Every earlier round's profile and payoffs (in `observe`, including the round just played).
    pub history: &'a History,
    /// Expected stage payoffs at the state of the current round.
    pub oracle: &'a dyn PayoffOracle,
}

impl Context<'_> {
    /// Number of actions of the player this rule drives.
    pub fn n_actions(&self) -> usize {
        self.shape[self.player]
    }

    /// Expected payoff to this player of each of its actions when the others play `others`
    /// (a full profile; this player's entry is ignored), written to `out`.
    pub fn action_values_against(&self, others: &[usize], out: &mut [f64]) {
        let n = self.shape.len();
        let mut profile = others.to_vec();
        let mut pay = vec![0.0; n];
        for (a, slot) in out.iter_mut().enumerate().take(self.n_actions()) {
            profile[self.player] = a;
            self.oracle.expected_payoffs(&profile, &mut pay);
            *slot = pay[self.player];
        }
    }
}

/// A player's decision rule in the repeated game.
///
/// A rule is built fresh for every run; the runner calls [`Behaviour::choose`] once per round and
/// then [`Behaviour::observe`] once the round's profile and payoffs are recorded in the history.
pub trait Behaviour: Send {
    /// The action (an index into this player's actions) to play this round.
    fn choose(&mut self, ctx: &Context, rng: &mut ChaCha8Rng) -> usize;

    /// Learns from the round just played: `ctx.history.last()` is its profile and payoffs, and
    /// `ctx.oracle` still answers for the state at which it was played. The default does nothing.
    fn observe(&mut self, _ctx: &Context) {}
}

/// A checked behaviour rule with its parameters: action names are already resolved to indices
/// and every number is in range. Built by `config/` from TOML.
#[derive(Clone, Debug, PartialEq)]
pub enum BehaviourSpec {
    /// Always the same action.
    Fixed { action: usize },
    /// A fixed mixed strategy (probabilities per action, summing to one).
    Mixed { probabilities: Vec<f64> },
    /// A script of actions, then what to do when it runs out.
    Scripted { actions: Vec<usize>, after: AfterScript },
    /// A table of conditions on recent actions.
    Reactive { initial: Vec<usize>, rules: Vec<Rule>, default: usize },
}

/// Builds the rule for one player from its checked spec: the one place a spec becomes a trait object.
pub fn build(spec: &BehaviourSpec, _player: usize, _shape: &[usize]) -> Box<dyn Behaviour> {
    match spec {
        BehaviourSpec::Fixed { action } => Box::new(Fixed::new(*action)),
        BehaviourSpec::Mixed { probabilities } => Box::new(Mixed::new(probabilities.clone())),
        BehaviourSpec::Scripted { actions, after } => Box::new(Scripted::new(actions.clone(), *after)),
        BehaviourSpec::Reactive { initial, rules, default } => {
            Box::new(Reactive::new(initial.clone(), rules.clone(), *default))
        }
    }
}

/// Draws an index from `weights` (non-negative, not all zero) with one uniform draw from `rng`.
/// Falls back to uniform when the weights sum to zero or are not finite.
pub fn sample_weighted(weights: &[f64], rng: &mut ChaCha8Rng) -> usize {
    use rand::RngExt;
    let total: f64 = weights.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return rng.random_range(0..weights.len());
    }
    let mut u = rng.random::<f64>() * total;
    for (i, &w) in weights.iter().enumerate() {
        if u < w {
            return i;
        }
        u -= w;
    }
    // Rounding left `u` at or past the total: take the last action with positive weight.
    weights.iter().rposition(|&w| w > 0.0).unwrap_or(weights.len() - 1)
}

/// Index of the largest value; ties go to the lowest index, so choices are reproducible.
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate().skip(1) {
        if v > values[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
pub(crate) mod tests {
    //! Fixtures for the rules' unit tests.
    use super::{Context, History};
    use crate::game::{Game, NormalForm, PlayerSpec, StageView};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// A game of the given shape whose payoffs are all zero.
    pub fn zero_game(shape: &[usize]) -> NormalForm {
        let players: Vec<PlayerSpec> = shape
            .iter()
            .enumerate()
            .map(|(i, &k)| PlayerSpec { name: format!("P{i}"), actions: (0..k).map(|a| format!("a{a}")).collect() })
            .collect();
        let n: usize = shape.iter().product::<usize>() * shape.len();
        NormalForm::from_f64(String::new(), players, vec![0.0; n]).unwrap()
    }

    /// Runs `f` with a context for player 0 of `game` after `history` (payoffs taken from the game),
    /// at round `round` (defaults to the history's length), with a generator seeded by `seed`.
    pub fn with_game<R>(
        game: &NormalForm,
        player: usize,
        history: &[&[usize]],
        round: Option<usize>,
        seed: u64,
        f: impl FnOnce(&Context, &mut ChaCha8Rng) -> R,
    ) -> R {
        let shape = game.shape().to_vec();
        let mut h = History::new(&shape);
        let mut pay = vec![0.0; shape.len()];
        for p in history {
            game.expected_payoffs(&(), p, &mut pay);
            h.push(p, &pay);
        }
        let view = StageView { game, state: &() };
        let ctx = Context { player, round: round.unwrap_or(history.len()), shape: &shape, history: &h, oracle: &view };
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        f(&ctx, &mut rng)
    }

    pub fn with_ctx<R>(shape: &[usize], history: &[&[usize]], f: impl FnOnce(&Context, &mut ChaCha8Rng) -> R) -> R {
        with_game(&zero_game(shape), 0, history, None, 1, f)
    }

    pub fn with_ctx_seed<R>(
        shape: &[usize],
        history: &[&[usize]],
        seed: u64,
        f: impl FnOnce(&Context, &mut ChaCha8Rng) -> R,
    ) -> R {
        with_game(&zero_game(shape), 0, history, None, seed, f)
    }

    pub fn with_ctx_round<R>(shape: &[usize], round: usize, f: impl FnOnce(&Context, &mut ChaCha8Rng) -> R) -> R {
        with_game(&zero_game(shape), 0, &[], Some(round), 1, f)
    }
}
