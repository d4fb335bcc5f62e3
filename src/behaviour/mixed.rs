//! A fixed mixed strategy: each round an action is drawn independently with fixed probabilities
//! (von Neumann and Morgenstern 1944, ch. 3; Axelrod's `Random` is the 50/50 case).

use super::{Behaviour, Context, sample_weighted};
use rand_chacha::ChaCha8Rng;

/// Draws each round's action from fixed probabilities.
#[derive(Clone, Debug)]
pub struct Mixed {
    probabilities: Vec<f64>,
}

impl Mixed {
    /// `probabilities` are non-negative and sum to one (checked by the config layer).
    pub fn new(probabilities: Vec<f64>) -> Self {
        Mixed { probabilities }
    }
}

impl Behaviour for Mixed {
    fn choose(&mut self, _ctx: &Context, rng: &mut ChaCha8Rng) -> usize {
        sample_weighted(&self.probabilities, rng)
    }

    /// Nothing to forget: every choice is worked out afresh from the history.
    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::with_ctx;

    #[test]
    fn frequencies_match_probabilities() {
        with_ctx(&[3, 2], &[], |ctx, rng| {
            let mut b = Mixed::new(vec![0.2, 0.0, 0.8]);
            let mut counts = [0usize; 3];
            for _ in 0..20_000 {
                counts[b.choose(ctx, rng)] += 1;
            }
            assert_eq!(counts[1], 0, "an action with probability zero is never drawn");
            let share = counts[0] as f64 / 20_000.0;
            // Binomial standard error is 0.0028; allow five of them.
            assert!((share - 0.2).abs() < 0.015, "share of action 0 = {share}");
        });
    }

    #[test]
    fn same_seed_same_draws() {
        let draws = |seed| {
            let mut out = Vec::new();
            crate::behaviour::tests::with_ctx_seed(&[2, 2], &[], seed, |ctx, rng| {
                let mut b = Mixed::new(vec![0.5, 0.5]);
                out = (0..64).map(|_| b.choose(ctx, rng)).collect();
            });
            out
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8));
    }
}
