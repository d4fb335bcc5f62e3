//! Myopic best response with mistakes: each round, the action with the highest expected payoff
//! against the others' actions of the last round, at the current state; with probability
//! `epsilon` a uniformly random action instead. This is the "adaptive play with mistakes" of
//! Kandori, Mailath and Rob (1993, *Econometrica* 61(1), "Learning, mutation, and long run
//! equilibria") and Young (1993, *Econometrica* 61(1), "The evolution of conventions"), with a
//! memory of one round.
//!
//! Payoffs come from the oracle only (the stage game may change with the state). In round 0
//! there is nothing to respond to and the action is uniformly random. Ties go to the lowest index.
//!
//! Under a move order (`[repeat] move_order`), the actions of this round's earlier movers replace
//! their last-round actions: a follower answers what the leader actually did. In round 0 a player
//! who moves after every other player answers them; otherwise it still picks uniformly.

use super::{Behaviour, Context, argmax};
use crate::game::MAX_PLAYERS;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Best response to the last round, with uniform mistakes.
#[derive(Clone, Debug)]
pub struct BestResponse {
    epsilon: f64,
    /// Scratch: this player's action values.
    values: Vec<f64>,
}

impl BestResponse {
    /// `epsilon` in [0, 1] is the probability of a uniformly random action.
    pub fn new(epsilon: f64, n_actions: usize) -> Self {
        BestResponse { epsilon, values: vec![0.0; n_actions] }
    }
}

impl Behaviour for BestResponse {
    fn choose(&mut self, ctx: &Context, rng: &mut ChaCha8Rng) -> usize {
        let n = ctx.n_actions();
        let k = ctx.shape.len();
        let mut profile = [0usize; MAX_PLAYERS];
        match ctx.history.last() {
            Some(last) => ctx.respond_to(last, &mut profile[..k]),
            None if ctx.others_known() && ctx.current().iter().any(Option::is_some) => {
                ctx.respond_to(&[0; MAX_PLAYERS][..k], &mut profile[..k])
            }
            None => return rng.random_range(0..n),
        }
        if self.epsilon > 0.0 && rng.random::<f64>() < self.epsilon {
            return rng.random_range(0..n);
        }
        self.values.resize(n, 0.0);
        ctx.action_values(&profile[..k], &mut self.values);
        argmax(&self.values)
    }

    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::{prisoners_dilemma, with_ctx_seed, with_game};
    use crate::game::NormalForm;

    const C: usize = 0;
    const D: usize = 1;

    #[test]
    fn defects_in_the_prisoners_dilemma() {
        let g = prisoners_dilemma();
        for last in [[C, C], [C, D], [D, C], [D, D]] {
            for player in 0..2 {
                let a = with_game(&g, player, &[&last], None, 3, |ctx, rng| BestResponse::new(0.0, 2).choose(ctx, rng));
                assert_eq!(a, D, "player {player} after {last:?}");
            }
        }
    }

    #[test]
    fn responds_to_the_last_round_and_breaks_ties_low() {
        // Coordination game: match the column player's last action.
        let g = NormalForm::bimatrix(&[vec![2.0, 0.0], vec![0.0, 1.0]], &[vec![2.0, 0.0], vec![0.0, 1.0]]).unwrap();
        let br = |h: &[&[usize]]| with_game(&g, 0, h, None, 1, |ctx, rng| BestResponse::new(0.0, 2).choose(ctx, rng));
        assert_eq!(br(&[&[0, 0], &[0, 1]]), 1);
        assert_eq!(br(&[&[1, 1], &[1, 0]]), 0);
        let flat = NormalForm::bimatrix(&[vec![1.0, 1.0], vec![1.0, 1.0]], &[vec![0.0, 0.0], vec![0.0, 0.0]]).unwrap();
        assert_eq!(with_game(&flat, 0, &[&[1, 1]], None, 1, |ctx, rng| BestResponse::new(0.0, 2).choose(ctx, rng)), 0);
    }

    #[test]
    fn round_zero_is_uniform_and_mistakes_happen_at_rate_epsilon() {
        let counts = with_ctx_seed(&[3, 2], &[], 5, |ctx, rng| {
            let mut b = BestResponse::new(0.0, 3);
            let mut c = [0usize; 3];
            for _ in 0..3000 {
                c[b.choose(ctx, rng)] += 1;
            }
            c
        });
        assert!(counts.iter().all(|&k| k > 850), "{counts:?}");
        let g = prisoners_dilemma();
        let coop = with_game(&g, 0, &[&[C, C]], None, 9, |ctx, rng| {
            let mut b = BestResponse::new(0.2, 2);
            (0..10_000).filter(|_| b.choose(ctx, rng) == C).count()
        });
        // A mistake picks C half the time: rate 0.1, standard error 0.003.
        assert!((coop as f64 / 10_000.0 - 0.1).abs() < 0.015, "{coop}");
    }

    #[test]
    fn same_seed_same_choices() {
        let g = prisoners_dilemma();
        let run = |seed| {
            with_game(&g, 0, &[&[C, C]], None, seed, |ctx, rng| {
                let mut b = BestResponse::new(0.5, 2);
                (0..64).map(|_| b.choose(ctx, rng)).collect::<Vec<_>>()
            })
        };
        assert_eq!(run(4), run(4));
        assert_ne!(run(4), run(5));
    }
}
