//! One run of the repeated game: the round loop. Pure computation, no I/O.
//!
//! Order within a round: every rule chooses (seeing the history and the current state), noise may
//! flip actions, the game pays out (drawing shocks), the round is recorded, every rule observes,
//! then the state moves on and the continuation draw decides whether another round follows.
//!
//! With a move order (`Repeat::move_order`), the choices are made group by group, earliest
//! first, each group's noise applied after it chose; a later group sees the earlier groups'
//! actions of the round in `History::current`. Without one, all players form one group in player
//! order, which is exactly the simultaneous round (same draws, same results).

pub mod path;

pub use path::stage_game_at;

use crate::behaviour::{self, Behaviour, BehaviourSpec, Context, History, Simulator};
use crate::game::{Game, StageView};
use crate::scenario::Repeat;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator of run `run_idx`: ChaCha8 keyed by the master seed, on stream `run_idx`.
/// **Invariant:** a run's draws depend only on (seed, run index), never on threads or order.
pub fn run_rng(seed: u64, run_idx: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(run_idx);
    rng
}

/// Receives every round of a run as it is played.
pub trait RoundObserver {
    /// Round `round` (from 0) was played: the realised profile, stage payoffs, and the state
    /// variables at which it was played (in the order of `Game::state_names`).
    fn round(&mut self, round: usize, profile: &[usize], payoffs: &[f64], state: &[f64]);
}

/// Ignores every round.
pub struct NoObserver;

impl RoundObserver for NoObserver {
    fn round(&mut self, _: usize, _: &[usize], _: &[f64], _: &[f64]) {}
}

/// What a run produced.
#[derive(Clone, Debug, PartialEq)]
pub struct RunOutput {
    /// Each player's discounted total payoff, Σ_t δ^t u_t.
    pub totals: Vec<f64>,
    /// Rounds actually played (fewer than the cap when a continuation draw ended the run).
    pub rounds_played: usize,
    /// Each payoff component's discounted total (see `Game::component_names`).
    pub components: Vec<f64>,
    /// For each player's each action (players in order, actions in order), the first round
    /// (from 0) in which it was chosen, or `None`.
    pub first_chosen: Vec<Option<usize>>,
}

/// Reusable buffers for playing many runs of one game on one thread.
pub struct Player<'g, G: Game> {
    game: &'g G,
    /// One rule per player, built once and reset before every run.
    rules: Vec<Box<dyn Behaviour>>,
    shape: Vec<usize>,
    history: History,
    profile: Vec<usize>,
    payoffs: Vec<f64>,
    state_values: Vec<f64>,
    stage_components: Vec<f64>,
    offsets: Vec<usize>,
    /// Which rules plan by simulation (`Behaviour::plans`).
    planners: Vec<bool>,
    /// The move order when every player moves at once: one group, in player order.
    simultaneous: Vec<Vec<usize>>,
}

impl<'g, G: Game> Player<'g, G> {
    pub fn new(game: &'g G, specs: &'g [BehaviourSpec]) -> Self {
        let shape: Vec<usize> = game.players().iter().map(|p| p.actions.len()).collect();
        let n = shape.len();
        let offsets = shape
            .iter()
            .scan(0, |o, &k| {
                let r = *o;
                *o += k;
                Some(r)
            })
            .collect();
        let rules: Vec<Box<dyn Behaviour>> =
            specs.iter().enumerate().map(|(i, s)| behaviour::build(s, i, &shape)).collect();
        Player {
            game,
            planners: rules.iter().map(|r| r.plans()).collect(),
            rules,
            simultaneous: vec![(0..n).collect()],
            history: History::new(&shape),
            shape,
            profile: vec![0; n],
            payoffs: vec![0.0; n],
            state_values: vec![0.0; game.state_names().len()],
            stage_components: vec![0.0; game.component_names().len()],
            offsets,
        }
    }

    /// Plays one run with generator `rng`, reporting each round to `obs`.
    pub fn play<O: RoundObserver>(
        &mut self,
        repeat: &Repeat,
        noise: f64,
        rng: &mut ChaCha8Rng,
        obs: &mut O,
    ) -> RunOutput {
        self.play_with_state(repeat, noise, rng, obs).0
    }

    /// Like [`Player::play`], also returning the state after the last round played.
    pub fn play_with_state<O: RoundObserver>(
        &mut self,
        repeat: &Repeat,
        noise: f64,
        rng: &mut ChaCha8Rng,
        obs: &mut O,
    ) -> (RunOutput, G::State) {
        let n = self.shape.len();
        let rules = &mut self.rules;
        rules.iter_mut().for_each(|r| r.reset());
        let groups: &[Vec<usize>] = repeat.move_order.as_deref().unwrap_or(&self.simultaneous);
        let sequential = groups.len() > 1;
        self.history.clear();
        let mut state = self.game.initial_state();
        // The state after the round being played, so that rules still see the round's own state.
        let mut next = state.clone();
        let mut totals = vec![0.0; n];
        let mut components = vec![0.0; self.stage_components.len()];
        let mut first_chosen = vec![None; self.shape.iter().sum()];
        let mut weight = 1.0;
        let mut rounds_played = 0;
        for round in 0..repeat.rounds {
            {
                let view = StageView { game: self.game, state: &state };
                for group in groups {
                    for &i in group {
                        let ctx =
                            Context { player: i, round, shape: &self.shape, history: &self.history, oracle: &view };
                        self.profile[i] = if self.planners[i] {
                            let (before, rest) = rules.split_at_mut(i);
                            let (me, after) = rest.split_first_mut().expect("every player has a rule");
                            let sim = Rollouts {
                                game: self.game,
                                state: &state,
                                history: &self.history,
                                before,
                                after,
                                groups,
                                shape: &self.shape,
                                round,
                                rounds_left: repeat.rounds - round,
                            };
                            me.choose_ahead(&ctx, &sim, rng)
                        } else {
                            rules[i].choose(&ctx, rng)
                        };
                    }
                    if noise > 0.0 {
                        for &i in group {
                            let k = self.shape[i];
                            if rng.random::<f64>() < noise {
                                // Flip to another action, uniformly among the others (C <-> D in 2x2 games).
                                self.profile[i] = (self.profile[i] + rng.random_range(1..k)) % k;
                            }
                        }
                    }
                    if sequential {
                        for &i in group {
                            self.history.set_current(i, self.profile[i]);
                        }
                    }
                }
                self.game.state_values(&state, &mut self.state_values);
                next.clone_from(&state);
                self.game.play_round(&mut next, &self.profile, rng, &mut self.payoffs, &mut self.stage_components);
                for (t, c) in components.iter_mut().zip(&self.stage_components) {
                    *t += weight * c;
                }
                for (&o, &a) in self.offsets.iter().zip(&self.profile) {
                    first_chosen[o + a].get_or_insert(round);
                }
                obs.round(round, &self.profile, &self.payoffs, &self.state_values);
                for (t, p) in totals.iter_mut().zip(&self.payoffs) {
                    *t += weight * p;
                }
                self.history.push(&self.profile, &self.payoffs);
                // Rules learn at the state the round was played at; then the state moves on.
                for (i, rule) in rules.iter_mut().enumerate() {
                    let ctx = Context { player: i, round, shape: &self.shape, history: &self.history, oracle: &view };
                    rule.observe(&ctx);
                }
            }
            std::mem::swap(&mut state, &mut next);
            rounds_played += 1;
            weight *= repeat.discount;
            if let Some(p) = repeat.continuation
                && p < 1.0
                && rng.random::<f64>() >= p
            {
                break;
            }
        }
        (RunOutput { totals, rounds_played, components, first_chosen }, state)
    }

    /// The history of the last run played.
    pub fn history(&self) -> &History {
        &self.history
    }
}

/// The [`Simulator`] the round loop hands to a planning rule: the run as it stands when the rule
/// chooses (game, state, history with this round's earlier movers, the other players' rules).
struct Rollouts<'a, G: Game> {
    game: &'a G,
    state: &'a G::State,
    history: &'a History,
    /// The rules of the players before and after the planner (whose index is `before.len()`).
    before: &'a [Box<dyn Behaviour>],
    after: &'a [Box<dyn Behaviour>],
    groups: &'a [Vec<usize>],
    shape: &'a [usize],
    round: usize,
    /// Rounds left in the run, counting the current one.
    rounds_left: usize,
}

impl<G: Game> Simulator for Rollouts<'_, G> {
    fn rollout(&self, action: usize, base: &dyn Behaviour, depth: usize, discount: f64, seed: u64) -> f64 {
        let me = self.before.len();
        let n = self.shape.len();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut rules: Vec<Box<dyn Behaviour>> = self
            .before
            .iter()
            .map(|r| r.box_clone())
            .chain(std::iter::once(base.box_clone()))
            .chain(self.after.iter().map(|r| r.box_clone()))
            .collect();
        let mut history = self.history.clone();
        let mut state = self.state.clone();
        let mut next = state.clone();
        let mut profile = vec![0; n];
        let mut payoffs = vec![0.0; n];
        let (mut total, mut weight) = (0.0, 1.0);
        let sequential = self.groups.len() > 1;
        for t in 0..depth.min(self.rounds_left) {
            let round = self.round + t;
            {
                let view = StageView { game: self.game, state: &state };
                for group in self.groups {
                    for &i in group {
                        profile[i] = match (t, history.current()[i]) {
                            (0, Some(a)) => a,
                            (0, None) if i == me => action,
                            _ => {
                                let ctx =
                                    Context { player: i, round, shape: self.shape, history: &history, oracle: &view };
                                rules[i].choose(&ctx, &mut rng)
                            }
                        };
                    }
                    if sequential {
                        for &i in group {
                            history.set_current(i, profile[i]);
                        }
                    }
                }
                next.clone_from(&state);
                self.game.play_round(&mut next, &profile, &mut rng, &mut payoffs, &mut []);
                total += weight * payoffs[me];
                history.push(&profile, &payoffs);
                for (i, rule) in rules.iter_mut().enumerate() {
                    let ctx = Context { player: i, round, shape: self.shape, history: &history, oracle: &view };
                    rule.observe(&ctx);
                }
            }
            std::mem::swap(&mut state, &mut next);
            weight *= discount;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::NormalForm;

    fn pd() -> NormalForm {
        NormalForm::bimatrix(&[vec![3.0, 0.0], vec![5.0, 1.0]], &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap()
    }

    fn repeat(rounds: usize) -> Repeat {
        Repeat { rounds, discount: 1.0, continuation: None, runs: 1, seed: 0, move_order: None }
    }

    #[test]
    fn fixed_rules_sum_their_payoffs() {
        let g = pd();
        let specs = [BehaviourSpec::Fixed { action: 0 }, BehaviourSpec::Fixed { action: 1 }];
        let out = Player::new(&g, &specs).play(&repeat(10), 0.0, &mut run_rng(1, 0), &mut NoObserver);
        assert_eq!(out.totals, vec![0.0, 50.0]);
        assert_eq!(out.rounds_played, 10);
    }

    #[test]
    fn discounting_weights_round_t_by_delta_to_the_t() {
        let g = pd();
        let specs = [BehaviourSpec::Fixed { action: 0 }, BehaviourSpec::Fixed { action: 0 }];
        let r = Repeat { discount: 0.5, ..repeat(3) };
        let out = Player::new(&g, &specs).play(&r, 0.0, &mut run_rng(1, 0), &mut NoObserver);
        assert_eq!(out.totals, vec![3.0 * 1.75, 3.0 * 1.75]);
    }

    #[test]
    fn continuation_gives_geometric_lengths() {
        let g = pd();
        let specs = [BehaviourSpec::Fixed { action: 0 }, BehaviourSpec::Fixed { action: 0 }];
        let r = Repeat { continuation: Some(0.9), ..repeat(10_000) };
        let mut p = Player::new(&g, &specs);
        let n = 4000;
        let mean: f64 =
            (0..n).map(|i| p.play(&r, 0.0, &mut run_rng(3, i), &mut NoObserver).rounds_played as f64).sum::<f64>()
                / n as f64;
        // Expected length 1/(1-0.9) = 10, standard deviation about 9.5, so the standard error is 0.15.
        assert!((mean - 10.0).abs() < 0.75, "mean length {mean}");
    }

    #[test]
    fn reused_rules_play_like_fresh_ones() {
        // Every rule, after a run of its own, plays the next run exactly as a freshly built rule.
        use crate::behaviour::{AfterScript, Belief, RegretVariant};
        let g = NormalForm::bimatrix(
            &[vec![3.0, 0.0, 1.0], vec![5.0, 1.0, 0.0], vec![2.0, 2.0, 2.0]],
            &[vec![3.0, 5.0, 0.0], vec![0.0, 1.0, 2.0], vec![1.0, 0.0, 4.0]],
        )
        .unwrap();
        let specs = [
            BehaviourSpec::Fixed { action: 2 },
            BehaviourSpec::Mixed { probabilities: vec![0.2, 0.3, 0.5] },
            BehaviourSpec::Scripted { actions: vec![0, 1], after: AfterScript::Repeat },
            BehaviourSpec::BestResponse { epsilon: 0.1 },
            BehaviourSpec::FictitiousPlay { prior: 1.0 },
            BehaviourSpec::Logit { temperature: 0.5, belief: Belief::Empirical, prior: 1.0 },
            BehaviourSpec::RegretMatching { variant: RegretVariant::Conditional, inertia: 0.0 },
            BehaviourSpec::RegretMatching { variant: RegretVariant::Unconditional, inertia: 0.0 },
            BehaviourSpec::RothErev { initial_propensity: 1.0, recency: 0.05, experimentation: 0.05 },
            BehaviourSpec::QLearning { learning_rate: 0.2, discount: 0.9, epsilon: 0.1, initial_q: 0.5 },
            BehaviourSpec::Stackelberg { order: vec![] },
            BehaviourSpec::Lookahead { depth: 3, rollouts: 2, discount: 0.9 },
        ];
        for spec in &specs {
            let pair = [spec.clone(), BehaviourSpec::Mixed { probabilities: vec![0.4, 0.3, 0.3] }];
            let mut used = Player::new(&g, &pair);
            let _ = used.play(&repeat(60), 0.05, &mut run_rng(4, 0), &mut NoObserver);
            let again = used.play(&repeat(60), 0.05, &mut run_rng(4, 1), &mut NoObserver);
            let history: Vec<usize> = (0..60).map(|r| used.history().action(r, 0)).collect();
            let mut fresh = Player::new(&g, &pair);
            let first = fresh.play(&repeat(60), 0.05, &mut run_rng(4, 1), &mut NoObserver);
            let fresh_history: Vec<usize> = (0..60).map(|r| fresh.history().action(r, 0)).collect();
            assert_eq!((again, history), (first, fresh_history), "{spec:?}");
        }
    }

    #[test]
    fn runs_depend_only_on_seed_and_run_index() {
        let g = pd();
        let specs = [BehaviourSpec::Mixed { probabilities: vec![0.5, 0.5] }, BehaviourSpec::Fixed { action: 0 }];
        let mut p = Player::new(&g, &specs);
        let a = p.play(&repeat(50), 0.1, &mut run_rng(9, 5), &mut NoObserver);
        let _ = p.play(&repeat(50), 0.1, &mut run_rng(9, 6), &mut NoObserver);
        let b = p.play(&repeat(50), 0.1, &mut run_rng(9, 5), &mut NoObserver);
        assert_eq!(a, b);
        let c = p.play(&repeat(50), 0.1, &mut run_rng(10, 5), &mut NoObserver);
        assert_ne!(a, c);
    }

    /// A coordination game for the column player: it gets 1 when it matches the row player.
    fn matching() -> NormalForm {
        NormalForm::bimatrix(&[vec![0.0, 0.0], vec![0.0, 0.0]], &[vec![1.0, 0.0], vec![0.0, 1.0]]).unwrap()
    }

    fn ordered(rounds: usize, order: Vec<Vec<usize>>) -> Repeat {
        Repeat { move_order: Some(order), ..repeat(rounds) }
    }

    #[test]
    fn a_follower_answers_the_leaders_action_of_the_same_round() {
        let g = matching();
        let leader = BehaviourSpec::Mixed { probabilities: vec![0.5, 0.5] };
        for follower in [
            BehaviourSpec::BestResponse { epsilon: 0.0 },
            BehaviourSpec::FictitiousPlay { prior: 1.0 },
            BehaviourSpec::Logit { temperature: 0.01, belief: crate::behaviour::Belief::LastRound, prior: 0.0 },
            BehaviourSpec::Logit { temperature: 0.01, belief: crate::behaviour::Belief::Empirical, prior: 1.0 },
        ] {
            let specs = [leader.clone(), follower.clone()];
            let mut p = Player::new(&g, &specs);
            let _ = p.play(&ordered(200, vec![vec![0], vec![1]]), 0.0, &mut run_rng(7, 0), &mut NoObserver);
            let matched = (0..200).filter(|&r| p.history().action(r, 0) == p.history().action(r, 1)).count();
            assert_eq!(matched, 200, "{follower:?}");
            // Moving at the same time it can only guess: about half the rounds match.
            let _ = p.play(&repeat(200), 0.0, &mut run_rng(7, 0), &mut NoObserver);
            let matched = (0..200).filter(|&r| p.history().action(r, 0) == p.history().action(r, 1)).count();
            assert!((60..140).contains(&matched), "{follower:?}: {matched}");
        }
        // A reactive follower reads the leader's action of this round with `ago = 0`.
        use crate::behaviour::{Condition, Rule, Timing};
        let copy = BehaviourSpec::Reactive {
            initial: vec![],
            rules: vec![Rule {
                when: vec![Condition { player: 0, actions: vec![1], timing: Timing::Ago(0), negate: false }],
                play: 1,
            }],
            default: 0,
        };
        let specs = [leader, copy];
        let mut p = Player::new(&g, &specs);
        let out = p.play(&ordered(100, vec![vec![0], vec![1]]), 0.0, &mut run_rng(8, 0), &mut NoObserver);
        assert_eq!(out.totals[1], 100.0);
    }

    #[test]
    fn one_group_is_the_simultaneous_round_and_the_order_of_groups_matters() {
        let g = pd();
        let specs =
            [BehaviourSpec::Mixed { probabilities: vec![0.3, 0.7] }, BehaviourSpec::BestResponse { epsilon: 0.1 }];
        let mut p = Player::new(&g, &specs);
        let plain = p.play(&repeat(50), 0.1, &mut run_rng(9, 1), &mut NoObserver);
        let one = p.play(&ordered(50, vec![vec![0, 1]]), 0.1, &mut run_rng(9, 1), &mut NoObserver);
        assert_eq!(plain, one);
        let seq = p.play(&ordered(50, vec![vec![0], vec![1]]), 0.1, &mut run_rng(9, 1), &mut NoObserver);
        assert_eq!(seq.rounds_played, 50);
    }

    #[test]
    fn a_stackelberg_leader_commits_and_the_follower_answers() {
        // Row's T dominates B, so Nash play is (T, L) paying (1, 1); committing to B makes the
        // column player answer R, which pays the row player 2 (see behaviour/stackelberg.rs).
        let g = NormalForm::bimatrix(&[vec![1.0, 3.0], vec![0.0, 2.0]], &[vec![1.0, 0.0], vec![0.0, 1.0]]).unwrap();
        let follower = BehaviourSpec::BestResponse { epsilon: 0.0 };
        let order = vec![vec![0], vec![1]];
        let lead = [BehaviourSpec::Stackelberg { order: order.clone() }, follower.clone()];
        let out = Player::new(&g, &lead).play(&ordered(20, order.clone()), 0.0, &mut run_rng(1, 0), &mut NoObserver);
        assert_eq!(out.totals, vec![40.0, 20.0], "(B, R) every round");
        let myopic = [BehaviourSpec::BestResponse { epsilon: 0.0 }, follower];
        let out = Player::new(&g, &myopic).play(&ordered(20, order), 0.0, &mut run_rng(1, 0), &mut NoObserver);
        assert!(out.totals[0] <= 21.0, "a myopic leader gets the Nash payoff: {:?}", out.totals);
    }

    /// Tit-for-tat in the prisoner's dilemma (C = 0, D = 1).
    fn tit_for_tat() -> BehaviourSpec {
        use crate::behaviour::{Condition, Rule, Timing};
        BehaviourSpec::Reactive {
            initial: vec![],
            rules: vec![Rule {
                when: vec![Condition { player: 0, actions: vec![1], timing: Timing::Ago(1), negate: false }],
                play: 1,
            }],
            default: 0,
        }
    }

    #[test]
    fn lookahead_is_reproducible_and_beats_myopia_against_tit_for_tat() {
        let g = pd();
        let ahead = [BehaviourSpec::Lookahead { depth: 3, rollouts: 4, discount: 0.95 }, tit_for_tat()];
        let mut p = Player::new(&g, &ahead);
        let a = p.play(&repeat(30), 0.0, &mut run_rng(5, 3), &mut NoObserver);
        let b = Player::new(&g, &ahead).play(&repeat(30), 0.0, &mut run_rng(5, 3), &mut NoObserver);
        assert_eq!(a, b);
        let myopic = [BehaviourSpec::BestResponse { epsilon: 0.0 }, tit_for_tat()];
        let m = Player::new(&g, &myopic).play(&repeat(30), 0.0, &mut run_rng(5, 3), &mut NoObserver);
        // Myopia defects from round 1 on and earns 1 a round after that; foresight keeps tit-for-tat
        // cooperating (3 a round) and defects only at the end, when no round is left to punish it.
        assert!(m.totals[0] <= 36.0, "{:?}", m.totals);
        assert!(a.totals[0] >= 85.0, "{:?}", a.totals);
        // In the last round there is nothing left to protect: it defects.
        assert_eq!(p.history().action(29, 0), 1);
    }

    #[test]
    fn lookahead_draws_only_from_the_run_generator() {
        // A noisy opponent: the rollouts' draws differ between seeds, the run is still a function
        // of (seed, run index) alone, and the planner's own rule state does not leak across runs.
        let g = pd();
        let specs = [
            BehaviourSpec::Lookahead { depth: 2, rollouts: 3, discount: 1.0 },
            BehaviourSpec::Mixed { probabilities: vec![0.6, 0.4] },
        ];
        let mut p = Player::new(&g, &specs);
        let a = p.play(&repeat(40), 0.0, &mut run_rng(11, 2), &mut NoObserver);
        let _ = p.play(&repeat(40), 0.0, &mut run_rng(11, 3), &mut NoObserver);
        let b = p.play(&repeat(40), 0.0, &mut run_rng(11, 2), &mut NoObserver);
        assert_eq!(a, b);
    }
}
