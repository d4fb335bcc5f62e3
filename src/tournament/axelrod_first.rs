//! The entries to Axelrod's first tournament (Axelrod 1980, "Effective choice in the prisoner's
//! dilemma", *J. Conflict Resolution* 24(1)), as the Axelrod library reconstructs them in
//! `strategies/axelrod_first.py` (`FirstBy*` classes; Knight et al. 2016, *JORS* 4(1)). Tit for
//! tat (Rapoport's winning entry) is a reactive table in `strategies.rs`; Joss's entry is a
//! memory-one vector in `memoryone.rs`.

use super::strategy::{C, D, MatchState, Rpst, Strategy, defect_last_two, looks_random, random_choice};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Davis: cooperates for ten turns, then plays grudger.
pub fn davis(m: &MatchState) -> usize {
    if m.turn() < 10 || m.their_defections() == 0 { C } else { D }
}

/// Downing: models the opponent as answering C or D with fixed probabilities (estimated from how
/// often it cooperated after each of this player's moves) and plays the move with the larger
/// expected payoff; on a tie it switches. Opens with D, D.
pub struct Downing {
    g: Rpst,
    /// The opponent's cooperations right after this player cooperated, and right after it defected.
    coop_after_c: u32,
    coop_after_d: u32,
}

impl Downing {
    pub fn new(g: &Rpst) -> Self {
        Downing { g: *g, coop_after_c: 0, coop_after_d: 0 }
    }
}

impl Strategy for Downing {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        let n = m.turn();
        if n == 0 {
            return D;
        }
        let their_last = m.theirs[n - 1];
        if n == 1 {
            if their_last == C {
                self.coop_after_c += 1;
            }
            return D;
        }
        if their_last == C {
            if m.mine[n - 2] == C {
                self.coop_after_c += 1;
            } else {
                self.coop_after_d += 1;
            }
        }
        let alpha = self.coop_after_c as f64 / (m.my_cooperations() + 1) as f64;
        let beta = self.coop_after_d as f64 / m.my_defections().max(2) as f64;
        let Rpst { r, p, s, t } = self.g;
        let cooperate = alpha * r + (1.0 - alpha) * s;
        let defect = beta * t + (1.0 - beta) * p;
        if cooperate > defect {
            C
        } else if cooperate < defect {
            D
        } else {
            1 - m.mine[n - 1]
        }
    }
}

/// Feld: tit for tat whose probability of answering a cooperation with C falls linearly from 1 to
/// 0.5 over 200 turns.
pub fn feld(m: &MatchState, rng: &mut ChaCha8Rng) -> usize {
    match m.their_last() {
        None => C,
        Some(D) => D,
        Some(_) => {
            let (start, end, rounds) = (1.0, 0.5, 200.0);
            let slope = (end - start) / rounds;
            random_choice((start + slope * m.turn() as f64).max(end), rng)
        }
    }
}

/// Graaskamp: tit for tat for 50 turns, a defection on turn 51, tit for tat to turn 56; then
/// defects for ever against an opponent that looks random (chi-squared test at 5%), plays tit
/// for tat against a copy of itself or a tit-for-tat player, and otherwise cooperates with a
/// defection every 5 to 14 turns.
#[derive(Default)]
pub struct Graaskamp {
    opponent_is_random: bool,
    next_random_defection: Option<usize>,
}

impl Strategy for Graaskamp {
    fn choose(&mut self, m: &MatchState, rng: &mut ChaCha8Rng) -> usize {
        let n = m.turn();
        if n == 0 {
            return C;
        }
        let their_last = m.theirs[n - 1];
        if n < 56 {
            return if their_last == D || n == 50 { D } else { C };
        }
        self.opponent_is_random = self.opponent_is_random || looks_random(m.their_cooperations(), m.their_defections());
        if self.opponent_is_random {
            return D;
        }
        let copies_me = (1..n).all(|i| m.theirs[i] == m.mine[i - 1]);
        if copies_me || m.theirs == m.mine {
            return their_last;
        }
        let next = *self.next_random_defection.get_or_insert_with(|| rng.random_range(5..15) + n);
        if n == next {
            self.next_random_defection = Some(rng.random_range(5..15) + n);
            return D;
        }
        C
    }
}

/// Grofman: cooperates when both players made the same move last turn, otherwise cooperates
/// with probability 2/7.
pub fn grofman(m: &MatchState, rng: &mut ChaCha8Rng) -> usize {
    if m.turn() == 0 || m.mine[m.turn() - 1] == m.theirs[m.turn() - 1] { C } else { random_choice(2.0 / 7.0, rng) }
}

/// Nydegger: tit for tat for three turns (defecting on turn 3 after D, C), then looks the last
/// three turns up in a table of 19 scores that call for a defection.
pub fn nydegger(m: &MatchState) -> usize {
    const DEFECT_ON: [u32; 19] = [1, 6, 7, 17, 22, 23, 26, 29, 30, 31, 33, 38, 39, 45, 49, 54, 55, 58, 61];
    let n = m.turn();
    match n {
        0 => C,
        1 => m.theirs[0],
        2 if m.theirs[..2] == [D, C] => D,
        2 => m.theirs[1],
        _ => {
            // Score of a turn from this seat: (C, C) 0, (C, D) 2, (D, C) 1, (D, D) 3.
            let score = |i: usize| [[0, 2], [1, 3]][m.mine[i]][m.theirs[i]];
            let a = 16 * score(n - 1) + 4 * score(n - 2) + score(n - 3);
            if DEFECT_ON.contains(&a) { D } else { C }
        }
    }
}

/// Shubik: tit for tat that answers the opponent's k-th unprovoked defection (one after this
/// player cooperated) with k defections.
#[derive(Default)]
pub struct Shubik {
    retaliation_length: u32,
    remaining: u32,
}

impl Strategy for Shubik {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        if m.turn() == 0 {
            return C;
        }
        if self.remaining > 0 {
            self.remaining -= 1;
            return D;
        }
        if m.their_last() == Some(D) && m.my_last() == Some(C) {
            self.retaliation_length += 1;
            self.remaining = self.retaliation_length - 1;
            return D;
        }
        C
    }
}

/// Tullock: cooperates for eleven turns, then cooperates with probability 10 percentage points
/// below the opponent's cooperation rate over the last ten turns.
pub fn tullock(m: &MatchState, rng: &mut ChaCha8Rng) -> usize {
    let n = m.turn();
    if n < 11 {
        return C;
    }
    let rounds = 10;
    let cooperations = m.theirs[n - rounds..].iter().filter(|&&a| a == C).count();
    let rate = cooperations as f64 / rounds as f64;
    random_choice((rate - 0.1).max(0.0), rng)
}

/// Anonymous: each turn cooperates with a probability drawn uniformly from [0.3, 0.7].
pub fn anonymous(_m: &MatchState, rng: &mut ChaCha8Rng) -> usize {
    let r = rng.random_range(3.0..7.0) / 10.0;
    random_choice(r, rng)
}

/// Stein and Rapoport: cooperates for four turns, then tit for tat; every 15 turns it tests
/// whether the opponent looks random (chi-squared at 5%) and, while it does, defects. Defects on
/// the last two turns.
#[derive(Default)]
pub struct SteinAndRapoport {
    opponent_is_random: bool,
}

impl Strategy for SteinAndRapoport {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        let round = m.turn() + 1;
        let action = if round < 5 {
            C
        } else if round < 15 {
            m.theirs[round - 2]
        } else {
            if round.is_multiple_of(15) {
                self.opponent_is_random = looks_random(m.their_cooperations(), m.their_defections());
            }
            if self.opponent_is_random { D } else { m.theirs[round - 2] }
        };
        defect_last_two(m, action)
    }
}

/// Tideman and Chieruzzi: tit for tat whose k-th retaliation lasts k turns; it offers a fresh
/// start (two cooperations and a forgotten grudge) when it leads by at least 10 points, at least
/// 10 turns remain, 20 turns have passed since the last fresh start, the opponent just
/// cooperated, and the opponent's defections since the last fresh start are more than three
/// standard deviations from half its moves. Defects on the last two turns.
pub struct TidemanAndChieruzzi {
    g: Rpst,
    retaliation_length: u32,
    remaining: u32,
    my_score: f64,
    their_score: f64,
    last_fresh_start: usize,
    fresh_start: bool,
    their_recent_defections: u32,
}

impl TidemanAndChieruzzi {
    pub fn new(g: &Rpst) -> Self {
        TidemanAndChieruzzi {
            g: *g,
            retaliation_length: 0,
            remaining: 0,
            my_score: 0.0,
            their_score: 0.0,
            last_fresh_start: 0,
            fresh_start: false,
            their_recent_defections: 0,
        }
    }

    fn decide(&mut self, m: &MatchState) -> usize {
        let n = m.turn();
        if n == 0 {
            return C;
        }
        let (mine, theirs) = (m.mine[n - 1], m.theirs[n - 1]);
        if theirs == D {
            self.their_recent_defections += 1;
        }
        self.my_score += self.g.payoff(mine, theirs);
        self.their_score += self.g.payoff(theirs, mine);
        if self.fresh_start {
            self.fresh_start = false;
            return C;
        }
        let round = n + 1;
        let may_restart = self.last_fresh_start == 0 || round - self.last_fresh_start >= 20;
        if may_restart && self.my_score - self.their_score >= 10.0 && m.turns as i64 - round as i64 >= 10 && theirs == C
        {
            let total = n as f64;
            let sd = total.powf(0.5) / 2.0;
            let (lower, upper) = (total / 2.0 - 3.0 * sd, total / 2.0 + 3.0 * sd);
            let d = self.their_recent_defections as f64;
            if d <= lower || d >= upper {
                self.last_fresh_start = round;
                self.retaliation_length = 0;
                self.remaining = 0;
                self.their_recent_defections = 0;
                self.fresh_start = true;
                return C;
            }
        }
        if self.remaining > 0 {
            self.remaining -= 1;
            return D;
        }
        if theirs == D {
            self.retaliation_length += 1;
            self.remaining = self.retaliation_length - 1;
            return D;
        }
        C
    }
}

impl Strategy for TidemanAndChieruzzi {
    fn choose(&mut self, m: &MatchState, _rng: &mut ChaCha8Rng) -> usize {
        let action = self.decide(m);
        defect_last_two(m, action)
    }
}
