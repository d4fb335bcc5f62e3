//! Always the same action: the "unconditional" strategies of Axelrod (1984), e.g. Cooperator
//! and Defector.

use super::{Behaviour, Context};
use rand_chacha::ChaCha8Rng;

/// Plays one action every round.
#[derive(Clone, Debug)]
pub struct Fixed {
    action: usize,
}

impl Fixed {
    pub fn new(action: usize) -> Self {
        Fixed { action }
    }
}

impl Behaviour for Fixed {
    fn choose(&mut self, _ctx: &Context, _rng: &mut ChaCha8Rng) -> usize {
        self.action
    }

    /// Nothing to forget: every choice is worked out afresh from the history.
    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::with_ctx;

    #[test]
    fn always_plays_its_action() {
        with_ctx(&[2, 2], &[], |ctx, rng| {
            let mut b = Fixed::new(1);
            for _ in 0..5 {
                assert_eq!(b.choose(ctx, rng), 1);
            }
        });
    }
}
