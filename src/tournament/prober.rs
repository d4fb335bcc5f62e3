//! Probers: strategies that open with a fixed test of the opponent, then exploit a pushover or
//! fall back on tit for tat. After the Axelrod library's `strategies/prober.py` (Knight et al.
//! 2016, *JORS* 4(1)); the openings are Mathieu and Delahaye's (2017, *JASSS* 20(4)) and
//! Li et al.'s (2011, in *The Iterated Prisoners' Dilemma: 20 Years On*).

use super::strategy::{C, D, MatchState};

fn tit_for_tat(m: &MatchState) -> usize {
    if m.their_last() == Some(D) { D } else { C }
}

/// Prober: D, C, C; then defects for ever if the opponent cooperated in turns 2 and 3,
/// otherwise plays tit for tat.
pub fn prober(m: &MatchState) -> usize {
    match m.turn() {
        0 => D,
        1 | 2 => C,
        _ if m.theirs[1..3] == [C, C] => D,
        _ => tit_for_tat(m),
    }
}

/// Prober 2: D, C, C; then cooperates for ever if the opponent answered D then C, otherwise
/// plays tit for tat.
pub fn prober2(m: &MatchState) -> usize {
    match m.turn() {
        0 => D,
        1 | 2 => C,
        _ if m.theirs[1..3] == [D, C] => C,
        _ => tit_for_tat(m),
    }
}

/// Prober 3: D, C; then defects for ever if the opponent cooperated in turn 2, otherwise plays
/// tit for tat.
pub fn prober3(m: &MatchState) -> usize {
    match m.turn() {
        0 => D,
        1 => C,
        _ if m.theirs[1] == C => D,
        _ => tit_for_tat(m),
    }
}

/// Hard prober: D, D, C, C; then defects for ever if the opponent cooperated in turns 2 and 3,
/// otherwise plays tit for tat.
pub fn hard_prober(m: &MatchState) -> usize {
    match m.turn() {
        0 | 1 => D,
        2 | 3 => C,
        _ if m.theirs[1..3] == [C, C] => D,
        _ => tit_for_tat(m),
    }
}
