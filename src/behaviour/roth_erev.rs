//! Roth–Erev reinforcement learning, the three-parameter model of Erev and Roth (1998, *American
//! Economic Review* 88(4), "Predicting how people play games"), extending Roth and Erev (1995,
//! *Games and Economic Behavior* 8(1), "Learning in extensive-form games").
//!
//! Each action `j` has a propensity `q_j`, initially `initial_propensity`, and is played with
//! probability `q_j / sum q`. After playing `k` and earning `x`, every propensity is updated as
//! `q_j <- (1 - phi) q_j + E_j`, with forgetting `phi = recency` and experimentation
//! `epsilon = experimentation`: `E_k = R (1 - epsilon)` and `E_j = R epsilon / (m - 1)` for
//! `j != k` (`m` actions).
//!
//! The reinforcement `R` is the realised payoff `x` minus a reference: the smaller of zero and
//! the lowest payoff seen so far (including `x`). With non-negative payoffs this is the original
//! model (`R = x`); with negative payoffs every reinforcement stays non-negative, the lowest
//! payoff seen reinforcing by nothing. Propensities never fall below [`PROPENSITY_FLOOR`], so
//! every action keeps a positive probability.

use super::{Behaviour, Context, sample_weighted};
use rand_chacha::ChaCha8Rng;

/// The least a propensity can be.
pub const PROPENSITY_FLOOR: f64 = 1e-6;

/// Roth–Erev propensities.
#[derive(Clone, Debug)]
pub struct RothErev {
    initial_propensity: f64,
    recency: f64,
    experimentation: f64,
    propensities: Vec<f64>,
    /// Lowest realised payoff seen so far (starts at zero, so the reference is `min(0, min x)`).
    reference: f64,
}

impl RothErev {
    /// `recency` (phi) and `experimentation` (epsilon) are in [0, 1]; `initial_propensity` > 0.
    pub fn new(initial_propensity: f64, recency: f64, experimentation: f64, n_actions: usize) -> Self {
        RothErev {
            initial_propensity,
            recency,
            experimentation,
            propensities: vec![initial_propensity.max(PROPENSITY_FLOOR); n_actions],
            reference: 0.0,
        }
    }

    pub fn propensities(&self) -> &[f64] {
        &self.propensities
    }
}

impl Behaviour for RothErev {
    fn choose(&mut self, _ctx: &Context, rng: &mut ChaCha8Rng) -> usize {
        sample_weighted(&self.propensities, rng)
    }

    fn observe(&mut self, ctx: &Context) {
        let (Some(profile), Some(payoffs)) = (ctx.history.last(), ctx.history.payoffs_ago(1)) else { return };
        let played = profile[ctx.player];
        let x = payoffs[ctx.player];
        self.reference = self.reference.min(x);
        let r = x - self.reference;
        let m = self.propensities.len();
        let spill = if m > 1 { r * self.experimentation / (m - 1) as f64 } else { 0.0 };
        let own = if m > 1 { r * (1.0 - self.experimentation) } else { r };
        for (j, q) in self.propensities.iter_mut().enumerate() {
            let e = if j == played { own } else { spill };
            *q = ((1.0 - self.recency) * *q + e).max(PROPENSITY_FLOOR);
        }
    }

    fn reset(&mut self) {
        self.propensities.fill(self.initial_propensity.max(PROPENSITY_FLOOR));
        self.reference = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::{play, with_game};
    use crate::game::NormalForm;

    /// A two-armed problem for player 0: arm 1 pays 3, arm 0 pays 1, whatever player 1 does.
    fn two_arms(shift: f64) -> NormalForm {
        NormalForm::bimatrix(
            &[vec![1.0 + shift, 1.0 + shift], vec![3.0 + shift, 3.0 + shift]],
            &[vec![0.0, 0.0], vec![0.0, 0.0]],
        )
        .unwrap()
    }

    #[test]
    fn update_follows_the_three_parameter_model() {
        let g = two_arms(0.0);
        with_game(&g, 0, &[&[1, 0]], None, 1, |ctx, _| {
            let mut b = RothErev::new(1.0, 0.1, 0.2, 2);
            b.observe(ctx);
            // q_1 = 0.9 + 3 * 0.8, q_0 = 0.9 + 3 * 0.2.
            let q = b.propensities();
            assert!((q[1] - 3.3).abs() < 1e-12 && (q[0] - 1.5).abs() < 1e-12, "{q:?}");
        });
        let neg = two_arms(-10.0);
        with_game(&neg, 0, &[&[0, 0]], None, 1, |ctx, _| {
            let mut b = RothErev::new(1.0, 1.0, 0.0, 2);
            b.observe(ctx);
            assert_eq!(
                b.propensities(),
                &[PROPENSITY_FLOOR, PROPENSITY_FLOOR],
                "the lowest payoff reinforces by nothing"
            );
        });
    }

    #[test]
    fn learns_the_better_arm() {
        for shift in [0.0, -10.0] {
            let g = two_arms(shift);
            let mut rules: Vec<Box<dyn Behaviour>> =
                vec![Box::new(RothErev::new(1.0, 0.01, 0.05, 2)), Box::new(crate::behaviour::Fixed::new(0))];
            let rounds = 3000;
            let h = play(&g, &mut rules, rounds, 7);
            let late = (rounds - 500..rounds).filter(|&r| h.action(r, 0) == 1).count();
            assert!(late > 425, "shift {shift}: arm 1 in {late} of the last 500 rounds");
        }
    }

    #[test]
    fn same_seed_same_play() {
        let g = two_arms(0.0);
        let run = |seed| {
            let mut rules: Vec<Box<dyn Behaviour>> =
                vec![Box::new(RothErev::new(1.0, 0.0, 0.0, 2)), Box::new(crate::behaviour::Fixed::new(0))];
            let h = play(&g, &mut rules, 100, seed);
            (0..100).map(|r| h.action(r, 0)).collect::<Vec<_>>()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }
}
