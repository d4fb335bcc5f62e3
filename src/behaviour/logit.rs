//! Logit response: each action is played with probability proportional to
//! `exp(u(a) / temperature)`, where `u(a)` is its expected payoff against a belief about the
//! others. This is the logit quantal response of McKelvey and Palfrey (1995, *Games and Economic
//! Behavior* 10(1), "Quantal response equilibria for normal form games"); with empirical beliefs
//! it is smoothed fictitious play (Fudenberg and Levine 1998, *The Theory of Learning in Games*,
//! ch. 4).
//!
//! Beliefs are either the others' last-round actions ([`Belief::LastRound`]; in round 0 the
//! action is uniformly random) or their empirical frequencies with `prior` pseudo-counts
//! ([`Belief::Empirical`], exactly as in fictitious play). Payoffs come from the oracle at the
//! current state. The exponentials are computed after subtracting the largest value, so large
//! payoffs or small temperatures do not overflow. A temperature of zero or less is taken as its
//! limit: the best response, ties to the lowest index.
//!
//! Under a move order (`[repeat] move_order`) the belief about each of this round's earlier
//! movers is its actual action; with last-round beliefs, a player who moves after every other
//! player responds to them even in round 0.

use super::fictitious_play::Beliefs;
use super::{Behaviour, Context, argmax, sample_weighted};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// What a logit responder believes the others will play.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Belief {
    /// Exactly what they played in the last round.
    LastRound,
    /// Their empirical action frequencies plus `prior` pseudo-counts (smoothed fictitious play).
    Empirical,
}

/// Logit (quantal) response to a belief.
#[derive(Clone, Debug)]
pub struct Logit {
    temperature: f64,
    belief: Belief,
    prior: f64,
    beliefs: Beliefs,
    /// Choice probabilities of the last call to [`Logit::probabilities`].
    probs: Vec<f64>,
}

impl Logit {
    pub fn new(temperature: f64, belief: Belief, prior: f64, player: usize, shape: &[usize]) -> Self {
        Logit { temperature, belief, prior, beliefs: Beliefs::new(player, shape), probs: vec![0.0; shape[player]] }
    }

    /// The choice probabilities in `ctx`, or `None` in round 0 with last-round beliefs (uniform).
    pub fn probabilities(&mut self, ctx: &Context) -> Option<&[f64]> {
        match self.belief {
            Belief::LastRound => match ctx.history.last() {
                Some(last) => self.beliefs.set_point(last),
                None if ctx.others_known() && ctx.current().iter().any(Option::is_some) => {
                    self.beliefs.set_point(&[0; crate::game::MAX_PLAYERS][..ctx.shape.len()])
                }
                None => return None,
            },
            Belief::Empirical => self.beliefs.set_empirical(ctx, self.prior),
        }
        self.beliefs.fix_current(ctx);
        let values = self.beliefs.expected_values(ctx);
        if self.temperature > 0.0 {
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut total = 0.0;
            for (p, &v) in self.probs.iter_mut().zip(values) {
                *p = ((v - max) / self.temperature).exp();
                total += *p;
            }
            self.probs.iter_mut().for_each(|p| *p /= total);
        } else {
            let best = argmax(values);
            self.probs.fill(0.0);
            self.probs[best] = 1.0;
        }
        Some(&self.probs)
    }
}

impl Behaviour for Logit {
    fn choose(&mut self, ctx: &Context, rng: &mut ChaCha8Rng) -> usize {
        let n = ctx.n_actions();
        match self.probabilities(ctx) {
            Some(p) => sample_weighted(p, rng),
            None => rng.random_range(0..n),
        }
    }

    /// Nothing to forget: every choice is worked out afresh from the history.
    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::{prisoners_dilemma, with_game};

    #[test]
    fn two_action_probabilities_match_the_closed_form() {
        let g = prisoners_dilemma();
        // Against C last round: u(C) = 3, u(D) = 5, so P(D) = 1 / (1 + exp(-2 / T)).
        for t in [0.5, 1.0, 4.0] {
            with_game(&g, 0, &[&[1, 0]], None, 1, |ctx, _| {
                let mut l = Logit::new(t, Belief::LastRound, 0.0, 0, ctx.shape);
                let p = l.probabilities(ctx).unwrap().to_vec();
                let want = 1.0 / (1.0 + (-2.0 / t).exp());
                assert!((p[1] - want).abs() < 1e-12 && (p[0] + p[1] - 1.0).abs() < 1e-12, "T = {t}: {p:?}");
            });
        }
        // Empirical beliefs with prior 1 after C, D: belief (1/2, 1/2), u(C) = 1.5, u(D) = 3.
        with_game(&g, 0, &[&[0, 0], &[0, 1]], None, 1, |ctx, _| {
            let mut l = Logit::new(1.0, Belief::Empirical, 1.0, 0, ctx.shape);
            let p = l.probabilities(ctx).unwrap().to_vec();
            assert!((p[1] - 1.0 / (1.0 + (-1.5f64).exp())).abs() < 1e-12, "{p:?}");
        });
    }

    #[test]
    fn stable_for_huge_payoffs_and_tiny_temperatures() {
        let g = crate::game::NormalForm::bimatrix(
            &[vec![1e6, 1e6], vec![1e6 + 1.0, 1e6 + 1.0]],
            &[vec![0.0, 0.0], vec![0.0, 0.0]],
        )
        .unwrap();
        with_game(&g, 0, &[&[0, 0]], None, 1, |ctx, rng| {
            let mut l = Logit::new(1e-3, Belief::LastRound, 0.0, 0, ctx.shape);
            let p = l.probabilities(ctx).unwrap().to_vec();
            assert!(p.iter().all(|x| x.is_finite()) && p[1] > 0.999_999, "{p:?}");
            let mut zero = Logit::new(0.0, Belief::LastRound, 0.0, 0, ctx.shape);
            assert_eq!(zero.choose(ctx, rng), 1);
        });
    }

    #[test]
    fn sampled_frequencies_follow_the_probabilities() {
        let g = prisoners_dilemma();
        let share = with_game(&g, 0, &[&[1, 0]], None, 2, |ctx, rng| {
            let mut l = Logit::new(2.0, Belief::LastRound, 0.0, 0, ctx.shape);
            (0..20_000).filter(|_| l.choose(ctx, rng) == 1).count() as f64 / 20_000.0
        });
        let want = 1.0 / (1.0 + (-1.0f64).exp());
        assert!((share - want).abs() < 0.015, "{share} vs {want}");
    }

    #[test]
    fn same_seed_same_choices() {
        let g = prisoners_dilemma();
        let run = |seed| {
            with_game(&g, 0, &[&[0, 0]], None, seed, |ctx, rng| {
                let mut l = Logit::new(3.0, Belief::Empirical, 1.0, 0, ctx.shape);
                (0..64).map(|_| l.choose(ctx, rng)).collect::<Vec<_>>()
            })
        };
        assert_eq!(run(11), run(11));
        assert_ne!(run(11), run(12));
    }
}
