//! Variants of tit for tat, after the Axelrod library's `strategies/titfortat.py` and
//! `strategies/forgiver.py` (Knight et al. 2016, *JORS* 4(1)); the originals are cited per
//! strategy. Tit for tat itself (Axelrod 1980, *J. Conflict Resolution* 24(1)) and its classic
//! relatives are reactive tables in `strategies.rs`.

use super::strategy::{C, D, MatchState, Strategy};
use rand_chacha::ChaCha8Rng;

/// A strategy whose move is a function of the match so far and nothing else.
pub struct Stateless(pub fn(&MatchState) -> usize);

impl Strategy for Stateless {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        (self.0)(m)
    }
}

/// Anti tit for tat (Hilbe, Nowak and Traulsen 2013, *PLoS ONE* 8(11)): cooperates first,
/// then plays the opposite of the opponent's last move.
pub fn anti_tit_for_tat(m: &MatchState) -> usize {
    if m.their_last() == Some(C) { D } else { C }
}

/// Bully, reverse tit for tat (Nachbar 1992, *J. Economic Behavior & Organization* 19(3)):
/// defects first, then cooperates only after the opponent defected.
pub fn bully(m: &MatchState) -> usize {
    if m.their_last() == Some(D) { C } else { D }
}

/// Hard tit for tat (Stewart and Plotkin 2012, *PNAS* 109(26)): cooperates first, then defects if
/// the opponent defected in any of the last three turns.
pub fn hard_tit_for_tat(m: &MatchState) -> usize {
    let n = m.theirs.len();
    if m.theirs[n.saturating_sub(3)..].contains(&D) { D } else { C }
}

/// Hard tit for two tats (Stewart and Plotkin 2012): defects if the opponent defected twice in a
/// row within the last three turns.
pub fn hard_tit_for_2_tats(m: &MatchState) -> usize {
    let n = m.theirs.len();
    if m.theirs[n.saturating_sub(3)..].windows(2).any(|w| w == [D, D]) { D } else { C }
}

/// Forgiving tit for tat (Axelrod library): cooperates while the opponent defected in at most a
/// tenth of the turns, otherwise copies the opponent's last move.
pub fn forgiving_tit_for_tat(m: &MatchState) -> usize {
    if 10 * m.their_defections() as usize > m.theirs.len() { m.theirs[m.theirs.len() - 1] } else { C }
}

/// Forgiver (Axelrod library): defects while the opponent defected in more than a tenth of the
/// turns, otherwise cooperates.
pub fn forgiver(m: &MatchState) -> usize {
    if 10 * m.their_defections() as usize > m.theirs.len() { D } else { C }
}

/// Sneaky tit for tat (Axelrod library): tit for tat that tries a defection after two turns
/// against a never-defecting opponent, and apologises once after being punished for it.
pub fn sneaky_tit_for_tat(m: &MatchState) -> usize {
    if m.turn() < 2 {
        return C;
    }
    if !m.theirs.contains(&D) {
        return D;
    }
    let last = m.theirs[m.theirs.len() - 1];
    if last == D && m.mine[m.mine.len() - 2] == D { C } else { last }
}

/// Omega tit for tat (Slany and Kienreich 2007, in *The Iterated Prisoners' Dilemma: 20 Years
/// On*): tit for tat with a deadlock counter (cooperates to break C/D alternations) and a
/// randomness counter (defects against an opponent that looks random). Thresholds 3 and 8.
#[derive(Default)]
pub struct OmegaTft {
    randomness: i32,
    deadlock: i32,
}

impl OmegaTft {
    const DEADLOCK_THRESHOLD: i32 = 3;
    const RANDOMNESS_THRESHOLD: i32 = 8;
}

impl Strategy for OmegaTft {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        let n = m.turn();
        if n == 0 {
            return C;
        }
        let last = m.theirs[n - 1];
        if n == 1 {
            return last;
        }
        if self.deadlock >= Self::DEADLOCK_THRESHOLD {
            self.deadlock = if self.deadlock == Self::DEADLOCK_THRESHOLD { Self::DEADLOCK_THRESHOLD + 1 } else { 0 };
            return C;
        }
        let before = m.theirs[n - 2];
        if before == C && last == C {
            self.randomness -= 1;
        }
        if before != last {
            self.randomness += 1;
        }
        if m.mine[n - 1] != last {
            self.randomness += 1;
        }
        if self.randomness >= Self::RANDOMNESS_THRESHOLD {
            return D;
        }
        if before != last {
            self.deadlock += 1;
        } else {
            self.deadlock = 0;
        }
        last
    }
}

/// Gradual (Beaufils, Delahaye and Mathieu 1997, *Artificial Life V*): after the opponent's n-th
/// defection it defects n times, then cooperates twice to calm down.
#[derive(Default)]
pub struct Gradual {
    calm: u32,
    punish: u32,
}

impl Strategy for Gradual {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        if m.turn() == 0 {
            return C;
        }
        if self.punish > 0 {
            self.punish -= 1;
            return D;
        }
        if self.calm > 0 {
            self.calm -= 1;
            return C;
        }
        if m.their_last() == Some(D) {
            self.punish = m.their_defections() - 1;
            self.calm = 2;
            return D;
        }
        C
    }
}

/// Contrite tit for tat (Boyd 1989, *J. Theoretical Biology* 136(1)): tit for tat that, when noise
/// turned its intended cooperation into a defection against a cooperator, accepts the
/// opponent's retaliation and cooperates until its own cooperation is seen again.
#[derive(Default)]
pub struct ContriteTitForTat {
    contrite: bool,
    /// The move it meant to play last turn (before noise).
    intended: Option<usize>,
}

impl Strategy for ContriteTitForTat {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        let action = self.decide(m);
        self.intended = Some(action);
        action
    }
}

impl ContriteTitForTat {
    fn decide(&mut self, m: &MatchState) -> usize {
        let (Some(their_last), Some(my_last)) = (m.their_last(), m.my_last()) else {
            return C;
        };
        if self.contrite && my_last == C {
            self.contrite = false;
            return C;
        }
        if self.intended != Some(my_last) && my_last == D && their_last == C {
            self.contrite = true;
        }
        their_last
    }
}
