//! Stackelberg leadership: the leader commits to the action whose predicted outcome pays it most,
//! knowing that the players who move after it will react to what it chose. This is the
//! leader–follower model of von Stackelberg (1934, *Marktform und Gleichgewicht*, Springer; the
//! standard textbook form is Fudenberg and Tirole 1991, *Game Theory*, §3.1), played here as a
//! one-round-at-a-time heuristic: each round the leader solves the stage game at the current state
//! as a leader–follower game under an explicit model of its followers.
//!
//! **Prediction model.** Under a move order (`[repeat] move_order`), the leader keeps the actual
//! actions of this round's earlier movers and assumes that the players moving at the same time as
//! it play their last-round actions. The followers are the players of the later groups; they
//! answer in move-order sequence, each group as myopic best responders (as the `best_response`
//! rule does under a move order): every follower sees the actions of everyone before it — the
//! leader's candidate action and the predicted replies of earlier groups — and holds later movers
//! at their last-round actions. The players of one group answer each other by iterated best
//! response (Gauss–Seidel, in player order, from their last-round actions, at most
//! [`MAX_PASSES`] passes; ties to the lowest index). Without a move order the leader is treated as
//! moving first and every other player is a follower, all in one group. In round 0 "last-round
//! actions" are each player's first action. Payoffs are expected stage payoffs from the oracle at
//! the current state, so the rule works in any game; it draws no random numbers. Ties between the
//! leader's actions go to the lowest index.
//!
//! The followers' actual rules are not consulted: a leader facing other kinds of players is
//! mistaken in a predictable way, which is the point of comparing it with `lookahead`.

use super::{Behaviour, Context, argmax};
use rand_chacha::ChaCha8Rng;

/// Most best-response passes over a group of simultaneous followers.
pub const MAX_PASSES: usize = 32;

/// A Stackelberg leader.
#[derive(Clone, Debug)]
pub struct Stackelberg {
    player: usize,
    /// The move order as the leader sees it: groups of players, earliest first.
    order: Vec<Vec<usize>>,
    /// Index of the leader's group in `order`.
    own_group: usize,
    /// Scratch: the profile before the leader's choice, the predicted profile, values, payoffs.
    base: Vec<usize>,
    profile: Vec<usize>,
    values: Vec<f64>,
    payoffs: Vec<f64>,
}

impl Stackelberg {
    /// `order` is the scenario's move order (every player exactly once), or empty when every
    /// player moves at once, in which case the leader goes first and all others follow together.
    pub fn new(order: Vec<Vec<usize>>, player: usize, shape: &[usize]) -> Self {
        let n = shape.len();
        let order =
            if order.is_empty() { vec![vec![player], (0..n).filter(|&j| j != player).collect()] } else { order };
        let own_group = order.iter().position(|g| g.contains(&player)).expect("the move order lists every player");
        let most = shape.iter().copied().max().unwrap_or(1);
        Stackelberg {
            player,
            order,
            own_group,
            base: vec![0; n],
            profile: vec![0; n],
            values: vec![0.0; most],
            payoffs: vec![0.0; n],
        }
    }

    /// The predicted profile when the leader plays `action` (written to `self.profile`).
    fn predict(&mut self, ctx: &Context, action: usize) {
        self.profile.copy_from_slice(&self.base);
        self.profile[self.player] = action;
        for group in &self.order[self.own_group + 1..] {
            for _ in 0..MAX_PASSES {
                let mut changed = false;
                for &j in group {
                    let k = ctx.shape[j];
                    ctx.oracle.action_values(&self.profile, j, &mut self.values[..k]);
                    let best = argmax(&self.values[..k]);
                    if best != self.profile[j] {
                        self.profile[j] = best;
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
    }
}

impl Behaviour for Stackelberg {
    fn choose(&mut self, ctx: &Context, _rng: &mut ChaCha8Rng) -> usize {
        self.base.fill(0);
        if let Some(last) = ctx.history.last() {
            self.base.copy_from_slice(last);
        }
        for (b, c) in self.base.iter_mut().zip(ctx.current()) {
            if let Some(a) = c {
                *b = *a;
            }
        }
        let mut best = (f64::NEG_INFINITY, 0);
        for a in 0..ctx.n_actions() {
            self.predict(ctx, a);
            ctx.oracle.expected_payoffs(&self.profile, &mut self.payoffs);
            if self.payoffs[self.player] > best.0 {
                best = (self.payoffs[self.player], a);
            }
        }
        best.1
    }

    /// Nothing to forget: every choice is worked out afresh from the last round and the state.
    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::with_game;
    use crate::game::NormalForm;

    /// A 2×2 game in which commitment pays (Fudenberg and Tirole 1991, §3.1): the row player's
    /// `T` strictly dominates `B`, so the Nash equilibrium is (T, L) paying (1, 1); but if the row
    /// player commits to `B`, the column player answers `R` and the row player gets 2.
    pub fn commitment_game() -> NormalForm {
        // rows T, B; columns L, R.
        NormalForm::bimatrix(&[vec![1.0, 3.0], vec![0.0, 2.0]], &[vec![1.0, 0.0], vec![0.0, 1.0]]).unwrap()
    }

    #[test]
    fn the_leader_commits_to_the_dominated_action_that_pays() {
        let g = commitment_game();
        for history in [&[][..], &[&[0usize, 0][..]][..], &[&[1, 1][..]][..]] {
            let a =
                with_game(&g, 0, history, None, 1, |ctx, rng| Stackelberg::new(vec![], 0, ctx.shape).choose(ctx, rng));
            assert_eq!(a, 1, "after {history:?}");
        }
        // The column player as leader: whatever it does, the row player answers T; L pays it 1.
        let a =
            with_game(&g, 1, &[&[1, 1]], None, 1, |ctx, rng| Stackelberg::new(vec![], 1, ctx.shape).choose(ctx, rng));
        assert_eq!(a, 0);
    }

    #[test]
    fn a_leader_listed_last_has_no_followers_and_best_responds() {
        let g = commitment_game();
        // Order [[1], [0]]: the row player moves last; with no followers it plays its dominant T.
        let a = with_game(&g, 0, &[&[1, 1]], None, 1, |ctx, rng| {
            Stackelberg::new(vec![vec![1], vec![0]], 0, ctx.shape).choose(ctx, rng)
        });
        assert_eq!(a, 0);
    }
}
