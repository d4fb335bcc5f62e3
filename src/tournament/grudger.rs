//! Grudges that fade or that start early, after the Axelrod library's `strategies/grudger.py`
//! (Knight et al. 2016, *JORS* 4(1)). Grudger itself (grim trigger, Friedman 1971, *Review of
//! Economic Studies* 38(1)) is a reactive table in `strategies.rs`.

use super::strategy::{C, D, MatchState, Strategy};
use rand_chacha::ChaCha8Rng;

/// Soft grudger (Li et al. 2011, in *The Iterated Prisoners' Dilemma: 20 Years On*): answers a
/// defection with D, D, D, D, C, C, then cooperates again.
#[derive(Default)]
pub struct SoftGrudger {
    /// Position in the punishment sequence, while punishing.
    punishing: Option<usize>,
}

impl Strategy for SoftGrudger {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        const AFTER: [usize; 5] = [D, D, D, C, C];
        if let Some(i) = self.punishing {
            self.punishing = if i + 1 == AFTER.len() { None } else { Some(i + 1) };
            return AFTER[i];
        }
        if m.their_last() == Some(D) {
            self.punishing = Some(0);
            return D;
        }
        C
    }
}

/// Forgetful grudger (Axelrod library): after a defection it defects for ten turns, then forgets.
#[derive(Default)]
pub struct ForgetfulGrudger {
    grudged: bool,
    memory: u32,
}

impl Strategy for ForgetfulGrudger {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        if self.memory == 10 {
            self.memory = 0;
            self.grudged = false;
        }
        if m.their_last() == Some(D) {
            self.grudged = true;
        }
        if self.grudged {
            self.memory += 1;
            D
        } else {
            C
        }
    }
}

/// Aggravater (Axelrod library): defects for three turns, then plays grudger.
pub fn aggravater(m: &MatchState) -> usize {
    if m.theirs.len() < 3 || m.their_defections() > 0 { D } else { C }
}
