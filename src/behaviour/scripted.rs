//! A scripted sequence of actions, e.g. a historical replay: round `t` plays `actions[t]`.
//! Used for the 2022–2026 replay of the export-control timeline and for Axelrod's cyclers.

use super::{Behaviour, Context};
use rand_chacha::ChaCha8Rng;

/// What a script does once its actions run out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterScript {
    /// Start again from the first action.
    Repeat,
    /// Keep playing the last action.
    Hold,
}

/// Plays a fixed list of actions in order.
#[derive(Clone, Debug)]
pub struct Scripted {
    actions: Vec<usize>,
    after: AfterScript,
}

impl Scripted {
    /// `actions` is not empty (checked by the config layer).
    pub fn new(actions: Vec<usize>, after: AfterScript) -> Self {
        Scripted { actions, after }
    }
}

impl Behaviour for Scripted {
    fn choose(&mut self, ctx: &Context, _rng: &mut ChaCha8Rng) -> usize {
        let t = ctx.round;
        match self.after {
            AfterScript::Repeat => self.actions[t % self.actions.len()],
            AfterScript::Hold => self.actions[t.min(self.actions.len() - 1)],
        }
    }

    /// Nothing to forget: every choice is worked out afresh from the history.
    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::with_ctx_round;

    #[test]
    fn plays_the_script_then_repeats_or_holds() {
        let script = vec![0, 1, 1];
        let rep: Vec<usize> = (0..7)
            .map(|t| {
                with_ctx_round(&[2, 2], t, |ctx, rng| {
                    Scripted::new(script.clone(), AfterScript::Repeat).choose(ctx, rng)
                })
            })
            .collect();
        assert_eq!(rep, vec![0, 1, 1, 0, 1, 1, 0]);
        let hold: Vec<usize> = (0..5)
            .map(|t| {
                with_ctx_round(&[2, 2], t, |ctx, rng| Scripted::new(script.clone(), AfterScript::Hold).choose(ctx, rng))
            })
            .collect();
        assert_eq!(hold, vec![0, 1, 1, 1, 1]);
    }
}
