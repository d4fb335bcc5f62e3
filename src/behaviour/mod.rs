//! Behaviour rules: how a player chooses its action each round.
//!
//! A rule implements [`Behaviour`]; one file per rule, each citing its source. Rules are built
//! from their checked spec ([`BehaviourSpec`], read from TOML in `config/`) by [`build`], the one
//! place where a spec becomes a trait object. Every random draw comes from the generator passed
//! in, which is the run's seeded `ChaCha8Rng`.
//!
//! What does not live here: the round loop (`sim/`), the TOML schema (`config/`).

mod best_response;
mod fictitious_play;
mod fixed;
mod history;
mod logit;
mod lookahead;
mod mixed;
mod q_learning;
pub mod reactive;
mod regret_matching;
mod roth_erev;
mod scripted;
mod stackelberg;

pub use best_response::BestResponse;
pub use fictitious_play::FictitiousPlay;
pub use fixed::Fixed;
pub use history::History;
pub use logit::{Belief, Logit};
pub use lookahead::{Lookahead, MAX_LOOKAHEAD_WORK};
pub use mixed::Mixed;
pub use q_learning::QLearning;
pub use reactive::{Condition, Reactive, Rule, Timing};
pub use regret_matching::{RegretMatching, RegretVariant};
pub use roth_erev::RothErev;
pub use scripted::{AfterScript, Scripted};
pub use stackelberg::Stackelberg;

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

    /// Expected payoff to this player of each of its actions against the others' actions in
    /// `profile` (this player's entry is ignored), written to `out` (one entry per action), at
    /// the current state.
    pub fn action_values(&self, profile: &[usize], out: &mut [f64]) {
        self.oracle.action_values(profile, self.player, &mut out[..self.n_actions()]);
    }

    /// The round being played so far (see [`History::current`]): the actions of the players who
    /// moved earlier in this round under a move order, `None` for the others (all `None` when
    /// every player moves at once).
    pub fn current(&self) -> &[Option<usize>] {
        self.history.current()
    }

    /// Writes to `profile` the actions this player should respond to: `base` (e.g. last round's
    /// profile), with the actual actions of this round's earlier movers in place of their entries.
    pub fn respond_to(&self, base: &[usize], profile: &mut [usize]) {
        for ((p, &b), c) in profile.iter_mut().zip(base).zip(self.current()) {
            *p = c.unwrap_or(b);
        }
    }

    /// Whether every other player has already moved in this round (so there is nothing to guess).
    pub fn others_known(&self) -> bool {
        self.current().iter().enumerate().all(|(j, c)| j == self.player || c.is_some())
    }
}

/// What a forward-looking rule may ask of the run it plays in: the outcome of playing on from
/// the current round with copies of every rule and of the game's state. Built by the round loop
/// (`sim/`) for the rules whose [`Behaviour::plans`] is true; the rule sees only this interface,
/// so one rule serves every [`crate::game::Game`].
pub trait Simulator {
    /// Plays the current round with this player choosing `action` (the actions already taken this
    /// round by earlier movers are kept; everyone else chooses with a copy of their rule, seeing
    /// this player's action if they move later), then up to `depth - 1` more rounds (never past
    /// the run's last round) in which this player is driven by a copy of `base` and every other
    /// player by a copy of its rule, all copies learning as they go. Shocks and rules' draws come
    /// from a generator seeded with `seed` alone. Returns this player's Σ_t `discount`^t u_t over
    /// the rounds played (t from 0 for the current round).
    fn rollout(&self, action: usize, base: &dyn Behaviour, depth: usize, discount: f64, seed: u64) -> f64;
}

/// Copies a rule with everything it has learnt (for the rollouts of forward-looking rules).
/// Implemented for every `Clone` rule.
pub trait CloneBehaviour {
    fn box_clone(&self) -> Box<dyn Behaviour>;
}

impl<T: Behaviour + Clone + 'static> CloneBehaviour for T {
    fn box_clone(&self) -> Box<dyn Behaviour> {
        Box::new(self.clone())
    }
}

/// A player's decision rule in the repeated game.
///
/// A rule is built fresh for every run; the runner calls [`Behaviour::choose`] once per round and
/// then [`Behaviour::observe`] once the round's profile and payoffs are recorded in the history.
pub trait Behaviour: Send + CloneBehaviour {
    /// The action (an index into this player's actions) to play this round.
    fn choose(&mut self, ctx: &Context, rng: &mut ChaCha8Rng) -> usize;

    /// Whether the rule looks ahead by simulation: the round loop then calls
    /// [`Behaviour::choose_ahead`] instead of [`Behaviour::choose`]. The default is false.
    fn plans(&self) -> bool {
        false
    }

    /// Chooses with access to a [`Simulator`] of the run. Called only when [`Behaviour::plans`]
    /// is true, and only by the real round loop: inside a rollout (and in tournaments) a planning
    /// rule's copy is asked [`Behaviour::choose`], so rollouts never nest. The default is `choose`.
    fn choose_ahead(&mut self, ctx: &Context, _sim: &dyn Simulator, rng: &mut ChaCha8Rng) -> usize {
        self.choose(ctx, rng)
    }

    /// Learns from the round just played: `ctx.history.last()` is its profile and payoffs, and
    /// `ctx.oracle` still answers for the state at which it was played. The default does nothing.
    fn observe(&mut self, _ctx: &Context) {}

    /// Forgets everything learnt, returning the rule to the state [`build`] gives it, so that
    /// one rule serves many runs without allocating. Every rule must implement it: a run's play
    /// may depend only on its own seed and run index, never on the runs before it.
    fn reset(&mut self);
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
    /// Myopic best response to the others' last-round actions, with `epsilon` uniform mistakes.
    BestResponse { epsilon: f64 },
    /// Fictitious play: best response to the others' empirical frequencies (`prior` pseudo-counts).
    FictitiousPlay { prior: f64 },
    /// Logit (quantal) response with `temperature` to the given belief about the others.
    Logit { temperature: f64, belief: Belief, prior: f64 },
    /// Hart and Mas-Colell regret matching; `inertia` is the constant mu (adaptive when <= 0).
    RegretMatching { variant: RegretVariant, inertia: f64 },
    /// Roth and Erev reinforcement learning (initial propensity, forgetting, experimentation).
    RothErev { initial_propensity: f64, recency: f64, experimentation: f64 },
    /// Tabular Q-learning with epsilon-greedy choice; the state is the others' last-round actions.
    QLearning { learning_rate: f64, discount: f64, epsilon: f64, initial_q: f64 },
    /// Stackelberg leader: commits to the action whose predicted replies by the later movers pay
    /// it most. `order` is the scenario's move order (groups of players, earliest first), empty
    /// when everyone moves at once.
    Stackelberg { order: Vec<Vec<usize>> },
    /// Rollout planning: `rollouts` simulated continuations of `depth` rounds per own action,
    /// discounted by `discount`, with common random numbers across actions.
    Lookahead { depth: usize, rollouts: usize, discount: f64 },
}

/// Builds the rule for one player from its checked spec: the one place a spec becomes a trait object.
pub fn build(spec: &BehaviourSpec, player: usize, shape: &[usize]) -> Box<dyn Behaviour> {
    let n_actions = shape[player];
    match spec {
        BehaviourSpec::Fixed { action } => Box::new(Fixed::new(*action)),
        BehaviourSpec::Mixed { probabilities } => Box::new(Mixed::new(probabilities.clone())),
        BehaviourSpec::Scripted { actions, after } => Box::new(Scripted::new(actions.clone(), *after)),
        BehaviourSpec::Reactive { initial, rules, default } => {
            Box::new(Reactive::new(initial.clone(), rules.clone(), *default))
        }
        BehaviourSpec::BestResponse { epsilon } => Box::new(BestResponse::new(*epsilon, n_actions)),
        BehaviourSpec::FictitiousPlay { prior } => Box::new(FictitiousPlay::new(*prior, player, shape)),
        BehaviourSpec::Logit { temperature, belief, prior } => {
            Box::new(Logit::new(*temperature, *belief, *prior, player, shape))
        }
        BehaviourSpec::RegretMatching { variant, inertia } => {
            Box::new(RegretMatching::new(*variant, *inertia, n_actions))
        }
        BehaviourSpec::RothErev { initial_propensity, recency, experimentation } => {
            Box::new(RothErev::new(*initial_propensity, *recency, *experimentation, n_actions))
        }
        BehaviourSpec::QLearning { learning_rate, discount, epsilon, initial_q } => {
            Box::new(QLearning::new(*learning_rate, *discount, *epsilon, *initial_q, player, shape))
        }
        BehaviourSpec::Stackelberg { order } => Box::new(Stackelberg::new(order.clone(), player, shape)),
        BehaviourSpec::Lookahead { depth, rollouts, discount } => {
            Box::new(Lookahead::new(*depth, *rollouts, *discount, n_actions))
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
    use super::{Behaviour, Context, History};
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

    /// Plays `rounds` rounds of `game` with one rule per player, as the runner does (every
    /// choice, then the payoffs are recorded, then every rule observes), and returns the history.
    pub fn play(game: &NormalForm, rules: &mut [Box<dyn Behaviour>], rounds: usize, seed: u64) -> History {
        let shape = game.shape().to_vec();
        let n = shape.len();
        let mut h = History::new(&shape);
        let mut profile = vec![0; n];
        let mut pay = vec![0.0; n];
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let view = StageView { game, state: &() };
        for round in 0..rounds {
            for (player, rule) in rules.iter_mut().enumerate() {
                let ctx = Context { player, round, shape: &shape, history: &h, oracle: &view };
                profile[player] = rule.choose(&ctx, &mut rng);
            }
            game.expected_payoffs(&(), &profile, &mut pay);
            h.push(&profile, &pay);
            for (player, rule) in rules.iter_mut().enumerate() {
                let ctx = Context { player, round, shape: &shape, history: &h, oracle: &view };
                rule.observe(&ctx);
            }
        }
        h
    }

    /// The prisoner's dilemma with actions C = 0, D = 1 (T = 5, R = 3, P = 1, S = 0).
    pub fn prisoners_dilemma() -> NormalForm {
        NormalForm::bimatrix(&[vec![3.0, 0.0], vec![5.0, 1.0]], &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap()
    }

    /// Matching pennies: the row player wins 1 when the actions match.
    pub fn matching_pennies() -> NormalForm {
        NormalForm::bimatrix(&[vec![1.0, -1.0], vec![-1.0, 1.0]], &[vec![-1.0, 1.0], vec![1.0, -1.0]]).unwrap()
    }

    /// Rock-paper-scissors (0 = rock, 1 = paper, 2 = scissors), win 1, lose -1.
    pub fn rock_paper_scissors() -> NormalForm {
        let a = vec![vec![0.0, -1.0, 1.0], vec![1.0, 0.0, -1.0], vec![-1.0, 1.0, 0.0]];
        let b: Vec<Vec<f64>> = (0..3).map(|i| (0..3).map(|j| -a[i][j]).collect()).collect();
        NormalForm::bimatrix(&a, &b).unwrap()
    }

    pub fn with_ctx_round<R>(shape: &[usize], round: usize, f: impl FnOnce(&Context, &mut ChaCha8Rng) -> R) -> R {
        with_game(&zero_game(shape), 0, &[], Some(round), 1, f)
    }

    /// One of each learning rule, as the config layer would specify it.
    fn learning_specs() -> Vec<super::BehaviourSpec> {
        use super::{BehaviourSpec as S, Belief, RegretVariant};
        vec![
            S::BestResponse { epsilon: 0.1 },
            S::FictitiousPlay { prior: 1.0 },
            S::Logit { temperature: 0.5, belief: Belief::Empirical, prior: 1.0 },
            S::Logit { temperature: 0.5, belief: Belief::LastRound, prior: 0.0 },
            S::RegretMatching { variant: RegretVariant::Conditional, inertia: 0.0 },
            S::RegretMatching { variant: RegretVariant::Unconditional, inertia: 0.0 },
            S::RothErev { initial_propensity: 1.0, recency: 0.05, experimentation: 0.05 },
            S::QLearning { learning_rate: 0.2, discount: 0.9, epsilon: 0.1, initial_q: 0.0 },
        ]
    }

    #[test]
    fn built_rules_learn_to_defect_and_replay_with_the_same_seed() {
        let g = prisoners_dilemma();
        for spec in learning_specs() {
            let run = |seed| {
                let mut rules: Vec<_> = (0..2).map(|p| super::build(&spec, p, g.shape())).collect();
                let h = play(&g, &mut rules, 400, seed);
                (0..400).map(|r| h.action(r, 0) + 2 * h.action(r, 1)).collect::<Vec<_>>()
            };
            let a = run(1);
            assert_eq!(a, run(1), "{spec:?}");
            // In the last 100 rounds most play is defection by both.
            let dd = a[300..].iter().filter(|&&x| x == 3).count();
            assert!(dd >= 70, "{spec:?}: (D, D) in {dd} of the last 100 rounds");
        }
    }
}
