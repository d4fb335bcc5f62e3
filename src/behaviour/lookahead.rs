//! Rollout planning: for each of its actions the player simulates the game a few rounds ahead,
//! several times, and plays the action with the best mean discounted return. This is the
//! Monte-Carlo rollout of Tesauro and Galperin (1996, "On-line policy improvement using
//! Monte-Carlo search", *Advances in Neural Information Processing Systems* 9) and the rollout
//! algorithm of Bertsekas, Tsitsiklis and Wu (1997, "Rollout algorithms for combinatorial
//! optimization", *Journal of Heuristics* 3(3); Bertsekas 2005, *Dynamic Programming and Optimal
//! Control*, vol. 1, §6.4): one step of policy improvement over a base policy, estimated by
//! simulation.
//!
//! **What a rollout is** (see [`super::Simulator::rollout`]): the current round is played with the
//! candidate action (earlier movers' actions kept, everyone else choosing with a copy of its
//! rule as it stands), then `depth - 1` further rounds, never past the run's last round, with
//! the game's own state transitions and shocks. The other players are copies of their current
//! rules, learning as they go; this player's **base policy** in the later rounds is myopic best
//! response without mistakes (`best_response` with `epsilon = 0`). Planning rules among the
//! others play their base policy inside rollouts, so rollouts never nest. The return is
//! Σ_t `discount`^t u_t, t = 0 for the current round; the continuation probability is ignored.
//!
//! **Randomness.** Each decision draws one `u64` from the run's generator and seeds a ChaCha8
//! generator with it, which gives one seed per rollout; rollout `r` uses the same seed for every
//! candidate action (common random numbers), so actions are compared on the same shocks and the
//! same draws of the other rules. Results therefore depend only on (seed, run index), like
//! everything else.
//!
//! **Cost** per decision: actions × `rollouts` × `depth` rounds, each a choice by every player.
//! The config refuses `rollouts × depth × players` above [`MAX_LOOKAHEAD_WORK`]. Outside a run
//! (in tournaments, or inside another player's rollout) the rule plays its base policy.

use super::{Behaviour, BestResponse, Context, Simulator, argmax};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Largest `rollouts × depth × players` a lookahead rule may ask for (rule choices per candidate
/// action per decision).
pub const MAX_LOOKAHEAD_WORK: usize = 10_000;

/// A rollout planner.
#[derive(Clone, Debug)]
pub struct Lookahead {
    depth: usize,
    rollouts: usize,
    discount: f64,
    /// The base policy: this player's rule in the later rounds of a rollout, and its choice when
    /// it cannot simulate.
    base: BestResponse,
    /// Scratch: one seed per rollout, the mean return of each action.
    seeds: Vec<u64>,
    means: Vec<f64>,
}

impl Lookahead {
    /// `depth` and `rollouts` are at least 1, `discount` in (0, 1] (checked by the config layer).
    pub fn new(depth: usize, rollouts: usize, discount: f64, n_actions: usize) -> Self {
        Lookahead {
            depth,
            rollouts,
            discount,
            base: BestResponse::new(0.0, n_actions),
            seeds: Vec::with_capacity(rollouts),
            means: vec![0.0; n_actions],
        }
    }
}

impl Behaviour for Lookahead {
    fn choose(&mut self, ctx: &Context, rng: &mut ChaCha8Rng) -> usize {
        self.base.choose(ctx, rng)
    }

    fn plans(&self) -> bool {
        true
    }

    fn choose_ahead(&mut self, ctx: &Context, sim: &dyn Simulator, rng: &mut ChaCha8Rng) -> usize {
        let mut seeder = ChaCha8Rng::seed_from_u64(rng.random::<u64>());
        self.seeds.clear();
        self.seeds.extend((0..self.rollouts).map(|_| seeder.random::<u64>()));
        let n = ctx.n_actions();
        self.means.resize(n, 0.0);
        for a in 0..n {
            let total: f64 = self.seeds.iter().map(|&s| sim.rollout(a, &self.base, self.depth, self.discount, s)).sum();
            self.means[a] = total / self.rollouts as f64;
        }
        argmax(&self.means[..n])
    }

    /// Nothing to forget: the base policy keeps no memory and every decision is simulated afresh.
    fn reset(&mut self) {}
}
