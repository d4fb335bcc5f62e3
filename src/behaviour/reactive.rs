//! Reactive rules: a small table of conditions on the players' recent actions, each mapping to an
//! action; the first rule whose conditions all hold decides, otherwise a default action is played.
//!
//! This one mechanism expresses the memory-based strategies of the repeated-game literature:
//! tit-for-tat and its variants (Axelrod 1984, *The Evolution of Cooperation*), grim trigger
//! (Friedman 1971), win-stay-lose-shift (Nowak and Sigmund 1993, *Nature* 364), go-by-majority,
//! and policies such as "boycott until the US offers tier X". Axelrod's classic strategies are
//! written as tables in `tournament/strategies.rs`.

use super::{Behaviour, Context};
use rand_chacha::ChaCha8Rng;

/// When a condition looks at the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Exactly `k` rounds ago (1 = the last round). False while fewer rounds have been played.
    /// `Ago(0)` is this round, for a player who moves earlier in it under `[repeat] move_order`
    /// (the config checks that it does); false while that player has not moved.
    Ago(usize),
    /// In at least one of the last `k` rounds that exist.
    Within(usize),
    /// In any earlier round.
    Ever,
    /// The player chose one of the condition's actions more often than one of `other`, counting
    /// the last `window` rounds (all rounds when `None`).
    MoreThan { other: Vec<usize>, window: Option<usize> },
}

/// One test on one player's past actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The player whose actions are tested.
    pub player: usize,
    /// The condition holds if the player chose any of these actions (at the time given by `timing`).
    pub actions: Vec<usize>,
    pub timing: Timing,
    /// Inverts the test.
    pub negate: bool,
}

impl Condition {
    fn holds(&self, ctx: &Context) -> bool {
        let h = ctx.history;
        let p = self.player;
        let chose = |round: usize| self.actions.contains(&h.action(round, p));
        let len = h.len();
        let raw = match &self.timing {
            Timing::Ago(0) => ctx.current()[p].is_some_and(|a| self.actions.contains(&a)),
            Timing::Ago(k) => len >= *k && chose(len - k),
            Timing::Within(k) => (len.saturating_sub(*k)..len).any(chose),
            Timing::Ever => self.actions.iter().any(|&a| h.counts(p)[a] > 0),
            Timing::MoreThan { other, window } => {
                let (mine, theirs) = match window {
                    None => {
                        let c = h.counts(p);
                        (self.actions.iter().map(|&a| c[a]).sum::<u32>(), other.iter().map(|&a| c[a]).sum::<u32>())
                    }
                    Some(k) => {
                        let rounds = len.saturating_sub(*k)..len;
                        let mine = rounds.clone().filter(|&r| chose(r)).count() as u32;
                        let theirs = rounds.filter(|&r| other.contains(&h.action(r, p))).count() as u32;
                        (mine, theirs)
                    }
                };
                mine > theirs
            }
        };
        raw != self.negate
    }
}

/// A row of the table: if every condition holds, play `play`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub when: Vec<Condition>,
    pub play: usize,
}

/// A reactive rule table.
#[derive(Clone, Debug)]
pub struct Reactive {
    initial: Vec<usize>,
    rules: Vec<Rule>,
    default: usize,
}

impl Reactive {
    /// `initial` is played in the first rounds, before the table is consulted; then the first
    /// matching rule's action, or `default`.
    pub fn new(initial: Vec<usize>, rules: Vec<Rule>, default: usize) -> Self {
        Reactive { initial, rules, default }
    }

    /// The action this table picks in `ctx` (the table is deterministic).
    pub fn decide(&self, ctx: &Context) -> usize {
        if let Some(&a) = self.initial.get(ctx.round) {
            return a;
        }
        self.rules.iter().find(|r| r.when.iter().all(|c| c.holds(ctx))).map_or(self.default, |r| r.play)
    }
}

impl Behaviour for Reactive {
    fn choose(&mut self, ctx: &Context, _rng: &mut ChaCha8Rng) -> usize {
        self.decide(ctx)
    }

    /// Nothing to forget: every choice is worked out afresh from the history.
    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::with_ctx;

    const C: usize = 0;
    const D: usize = 1;

    fn cond(player: usize, action: usize, timing: Timing) -> Condition {
        Condition { player, actions: vec![action], timing, negate: false }
    }

    fn tit_for_tat() -> Reactive {
        Reactive::new(vec![], vec![Rule { when: vec![cond(1, D, Timing::Ago(1))], play: D }], C)
    }

    fn play(table: &Reactive, history: &[&[usize]]) -> usize {
        with_ctx(&[2, 2], history, |ctx, _| table.decide(ctx))
    }

    #[test]
    fn tit_for_tat_copies_the_last_move() {
        let t = tit_for_tat();
        assert_eq!(play(&t, &[]), C);
        assert_eq!(play(&t, &[&[C, D]]), D);
        assert_eq!(play(&t, &[&[C, D], &[D, C]]), C);
    }

    #[test]
    fn grim_trigger_never_forgives() {
        let g = Reactive::new(vec![], vec![Rule { when: vec![cond(1, D, Timing::Ever)], play: D }], C);
        assert_eq!(play(&g, &[&[C, C]]), C);
        assert_eq!(play(&g, &[&[C, D], &[D, C], &[D, C]]), D);
    }

    #[test]
    fn within_and_conjunctions() {
        let two_tits = Reactive::new(vec![], vec![Rule { when: vec![cond(1, D, Timing::Within(2))], play: D }], C);
        assert_eq!(play(&two_tits, &[&[C, D], &[D, C]]), D);
        assert_eq!(play(&two_tits, &[&[C, D], &[D, C], &[D, C]]), C);
        let tf2t = Reactive::new(
            vec![],
            vec![Rule { when: vec![cond(1, D, Timing::Ago(1)), cond(1, D, Timing::Ago(2))], play: D }],
            C,
        );
        assert_eq!(play(&tf2t, &[&[C, D]]), C);
        assert_eq!(play(&tf2t, &[&[C, D], &[C, D]]), D);
    }

    #[test]
    fn majority_initial_moves_and_negation() {
        let gbm = Reactive::new(
            vec![],
            vec![Rule { when: vec![cond(1, D, Timing::MoreThan { other: vec![C], window: None })], play: D }],
            C,
        );
        assert_eq!(play(&gbm, &[&[C, D], &[C, C]]), C, "a tie is soft: cooperate");
        assert_eq!(play(&gbm, &[&[C, D], &[C, C], &[C, D]]), D);
        let windowed = Reactive::new(
            vec![],
            vec![Rule { when: vec![cond(1, D, Timing::MoreThan { other: vec![C], window: Some(1) })], play: D }],
            C,
        );
        assert_eq!(play(&windowed, &[&[C, D], &[C, D], &[C, C]]), C);
        let suspicious = Reactive::new(vec![D], tit_for_tat().rules, C);
        assert_eq!(play(&suspicious, &[]), D);
        assert_eq!(play(&suspicious, &[&[D, C]]), C);
        let not_c = Reactive::new(
            vec![],
            vec![Rule { when: vec![Condition { negate: true, ..cond(1, C, Timing::Ago(1)) }], play: D }],
            C,
        );
        assert_eq!(play(&not_c, &[]), D, "no last round: `C last round` is false, so its negation holds");
        assert_eq!(play(&not_c, &[&[C, C]]), C);
    }
}
