//! Cyclers: a fixed sequence of moves repeated whatever the opponent does, after the Axelrod
//! library's `strategies/cycler.py` (Knight et al. 2016, *JORS* 4(1)). A cycler's position
//! advances once per turn, so noise does not shift it.

use super::strategy::{C, D, MatchState};

fn cycle(m: &MatchState, moves: &[usize]) -> usize {
    moves[m.turn() % moves.len()]
}

/// D, C, D, C, ...
pub fn cycler_dc(m: &MatchState) -> usize {
    cycle(m, &[D, C])
}

/// C, C, D, C, C, D, ...
pub fn cycler_ccd(m: &MatchState) -> usize {
    cycle(m, &[C, C, D])
}

/// D, D, C, D, D, C, ...
pub fn cycler_ddc(m: &MatchState) -> usize {
    cycle(m, &[D, D, C])
}

/// C, C, C, D, C, C, C, D, ...
pub fn cycler_cccd(m: &MatchState) -> usize {
    cycle(m, &[C, C, C, D])
}
