//! Memory-one strategies: the probability of cooperating depends only on the last turn's pair of
//! moves, (C, C), (C, D), (D, C) or (D, D) from the player's seat (Nowak and Sigmund 1993,
//! *Nature* 364). After the Axelrod library's `strategies/memoryone.py` and
//! `strategies/zero_determinant.py` (Knight et al. 2016, *JORS* 4(1)); the zero-determinant
//! strategies are Press and Dyson's (2012, *PNAS* 109(26)), in the linear-relation form of
//! Stewart and Plotkin (2012, *PNAS* 109(26)).

use super::TournamentError;
use super::strategy::{C, D, MatchState, Rpst, Strategy, random_choice};
use rand_chacha::ChaCha8Rng;

/// A memory-one strategy: its first move, then C with probability `vector[k]` where `k` indexes
/// the last turn's (mine, theirs) as (C, C), (C, D), (D, C), (D, D).
pub struct MemoryOne {
    pub vector: [f64; 4],
    pub initial: usize,
}

impl Strategy for MemoryOne {
    fn choose(&mut self, m: &MatchState, rng: &mut ChaCha8Rng) -> usize {
        match (m.my_last(), m.their_last()) {
            (Some(mine), Some(theirs)) => random_choice(self.vector[2 * mine + theirs], rng),
            _ => self.initial,
        }
    }
}

/// Win-shift lose-stay: the deterministic memory-one vector (0, 1, 1, 0), opening with D.
pub fn win_shift_lose_stay() -> MemoryOne {
    MemoryOne { vector: [0.0, 1.0, 1.0, 0.0], initial: D }
}

/// Generous tit for tat (Nowak and Sigmund 1992, *Nature* 355): (1, p, 1, p) with
/// p = min(1 - (T - R)/(R - S), (R - P)/(T - P)), 1/3 in Axelrod's game.
pub fn gtft(g: &Rpst) -> MemoryOne {
    let p = (1.0 - (g.t - g.r) / (g.r - g.s)).min((g.r - g.p) / (g.t - g.p));
    MemoryOne { vector: [1.0, p, 1.0, p], initial: C }
}

/// Stochastic win-stay lose-shift: (1 - e, e, e, 1 - e) with e = 0.05.
pub fn stochastic_wsls() -> MemoryOne {
    let ep = 0.05;
    MemoryOne { vector: [1.0 - ep, ep, ep, 1.0 - ep], initial: C }
}

/// Firm but fair (Frean 1994, *Proc. R. Soc. B* 257): (1, 0, 1, 2/3).
pub fn firm_but_fair() -> MemoryOne {
    MemoryOne { vector: [1.0, 0.0, 1.0, 2.0 / 3.0], initial: C }
}

/// Stochastic cooperator (Adami and Hintze 2013, *Nature Communications* 4):
/// (0.935, 0.229, 0.266, 0.42).
pub fn stochastic_cooperator() -> MemoryOne {
    MemoryOne { vector: [0.935, 0.229, 0.266, 0.42], initial: C }
}

/// Soft Joss (Prison game library): (1, 1 - q, 1, 1 - q) with q = 0.9.
pub fn soft_joss() -> MemoryOne {
    let q = 0.9;
    MemoryOne { vector: [1.0, 1.0 - q, 1.0, 1.0 - q], initial: C }
}

/// Joss's entry to Axelrod's first tournament (Axelrod 1980): tit for tat that cooperates only
/// with probability 0.9, the memory-one vector (0.9, 0, 0.9, 0).
pub fn first_by_joss() -> MemoryOne {
    let p = 0.9;
    MemoryOne { vector: [p, 0.0, p, 0.0], initial: C }
}

/// The linear-relation (zero-determinant) vector of Stewart and Plotkin (2012) with scale `phi`,
/// slope `s` and baseline `l`, for the game `g`; an error names the strategy when the game does
/// not admit it (the Axelrod library raises `ValueError` there).
fn linear_relation(name: &str, g: &Rpst, phi: f64, s: f64, l: f64) -> Result<[f64; 4], TournamentError> {
    let Rpst { r, p, s: sucker, t } = *g;
    let s_min = -((t - l) / (l - sucker)).min((l - sucker) / (t - l));
    let vector = [
        1.0 - phi * (1.0 - s) * (r - l),
        1.0 - phi * (s * (l - sucker) + (t - l)),
        phi * (l - sucker + s * (t - l)),
        phi * (1.0 - s) * (l - p),
    ];
    if l < p || l > r || s > 1.0 || s_min.is_nan() || s < s_min || vector.iter().any(|x| !(0.0..=1.0).contains(x)) {
        return Err(TournamentError::Unsuitable {
            strategy: name.into(),
            reason: format!(
                "its linear relation (phi {phi}, slope {s}, baseline {l}) gives no valid memory-one strategy for R, P, S, T = {r}, {p}, {sucker}, {t}"
            ),
        });
    }
    Ok(vector)
}

/// ZD-Extort-2: the zero-determinant extortioner with phi = 1/9, s = 1/2, baseline P.
pub fn zd_extort2_vector(g: &Rpst) -> Result<[f64; 4], TournamentError> {
    linear_relation("ZDExtort2", g, 1.0 / 9.0, 0.5, g.p)
}

/// ZD-GTFT-2: the generous zero-determinant strategy with phi = 1/4, s = 1/2, baseline R.
pub fn zdgtft2_vector(g: &Rpst) -> Result<[f64; 4], TournamentError> {
    linear_relation("ZDGTFT2", g, 0.25, 0.5, g.r)
}

/// ZD-SET-2: the equaliser with phi = 1/4, s = 0, baseline 2 (sets the opponent's score).
pub fn zdset2_vector(g: &Rpst) -> Result<[f64; 4], TournamentError> {
    linear_relation("ZDSet2", g, 0.25, 0.0, 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AXELROD: Rpst = Rpst { r: 3.0, p: 1.0, s: 0.0, t: 5.0 };

    #[test]
    fn zero_determinant_vectors_in_axelrods_game() {
        let close = |a: [f64; 4], b: [f64; 4]| a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 1e-12);
        assert!(close(zd_extort2_vector(&AXELROD).unwrap(), [8.0 / 9.0, 0.5, 1.0 / 3.0, 0.0]));
        assert!(close(zdgtft2_vector(&AXELROD).unwrap(), [1.0, 0.125, 1.0, 0.25]));
        assert!(close(zdset2_vector(&AXELROD).unwrap(), [0.75, 0.25, 0.5, 0.25]));
        assert!((gtft(&AXELROD).vector[1] - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn unsuitable_games_are_refused() {
        let coordination = Rpst { r: 2.0, p: 1.0, s: 0.0, t: 0.0 };
        assert!(matches!(zdset2_vector(&coordination), Err(TournamentError::Unsuitable { .. })));
    }
}
