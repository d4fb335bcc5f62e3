//! The tournament's player interface: a [`Strategy`] sees one match from its own seat (its moves,
//! the opponent's moves, the match length it was told, the game) and chooses its next move.
//!
//! This is the Axelrod library's `Player` interface (Knight et al. 2016, *Journal of Open Research
//! Software* 4(1)): a strategy is built fresh for every match, may keep any state it likes, may
//! read the match length (Axelrod's `match_attributes["length"]`) and the game's payoffs, and
//! sees the moves as played, after noise. Behaviour rules from `behaviour/` (the reactive tables
//! of the classic strategies and any rule a config defines) play through [`RuleStrategy`].

use crate::behaviour::{Behaviour, Context, History};
use crate::game::{NormalForm, StageView};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Cooperate: action 0 of a two-action game.
pub const C: usize = 0;
/// Defect: action 1 of a two-action game.
pub const D: usize = 1;

/// The prisoner's-dilemma payoffs of a symmetric two-action game, for the row player: reward
/// `r` = u(C, C), punishment `p` = u(D, D), sucker `s` = u(C, D), temptation `t` = u(D, C).
/// Axelrod's `Game.RPST()`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rpst {
    pub r: f64,
    pub p: f64,
    pub s: f64,
    pub t: f64,
}

impl Rpst {
    /// The payoffs of `game` (which must have two actions per player), row player's view.
    pub fn of(game: &NormalForm) -> Rpst {
        let u = |a: usize, b: usize| game.payoff(&[a, b], 0);
        Rpst { r: u(C, C), p: u(D, D), s: u(C, D), t: u(D, C) }
    }

    /// The row player's payoff when it plays `mine` and the opponent `theirs`.
    pub fn payoff(&self, mine: usize, theirs: usize) -> f64 {
        match (mine, theirs) {
            (C, C) => self.r,
            (C, _) => self.s,
            (_, C) => self.t,
            _ => self.p,
        }
    }
}

/// One match as seen from a player's seat, before the current turn is played.
pub struct MatchState<'a> {
    /// This player's moves so far, oldest first, as played (after noise).
    pub mine: &'a [usize],
    /// The opponent's moves so far, as played.
    pub theirs: &'a [usize],
    /// How often each side has defected so far: `[mine, theirs]`.
    pub defections: [u32; 2],
    /// The match length the players are told (Axelrod's `match_attributes["length"]`).
    pub turns: usize,
    /// The stage game, with this player as the row player.
    pub game: &'a NormalForm,
}

impl MatchState<'_> {
    /// Number of turns played so far (the index of the turn being chosen).
    pub fn turn(&self) -> usize {
        self.mine.len()
    }

    /// The opponent's last move, if any.
    pub fn their_last(&self) -> Option<usize> {
        self.theirs.last().copied()
    }

    /// This player's last move, if any.
    pub fn my_last(&self) -> Option<usize> {
        self.mine.last().copied()
    }

    pub fn my_defections(&self) -> u32 {
        self.defections[0]
    }

    pub fn their_defections(&self) -> u32 {
        self.defections[1]
    }

    pub fn my_cooperations(&self) -> u32 {
        self.mine.len() as u32 - self.defections[0]
    }

    pub fn their_cooperations(&self) -> u32 {
        self.theirs.len() as u32 - self.defections[1]
    }

    /// Whether the opponent's move `ago` turns back (1 = the last turn) was `action`; false
    /// when the match is shorter than that.
    pub fn their_ago_is(&self, ago: usize, action: usize) -> bool {
        let n = self.theirs.len();
        n >= ago && self.theirs[n - ago] == action
    }

    /// Turns left after the one being chosen is played, counting it: `turns - turn()`.
    pub fn turns_left(&self) -> usize {
        self.turns.saturating_sub(self.turn())
    }
}

/// A tournament player: chooses a move each turn from its view of the match.
///
/// A strategy is built fresh for every match, so it never needs resetting. Every random draw
/// comes from the generator passed in, which is the match's seeded `ChaCha8Rng`.
pub trait Strategy: Send {
    /// The move this player means to play this turn (noise may still flip it).
    fn choose(&mut self, m: &MatchState, rng: &mut ChaCha8Rng) -> usize;

    /// Called once the turn is recorded (`m` includes it). The default does nothing.
    fn observe(&mut self, _m: &MatchState) {}
}

/// Axelrod's `random_choice(p)`: C with probability `p`, else D; no draw when `p` is 0 or 1.
pub fn random_choice(p: f64, rng: &mut ChaCha8Rng) -> usize {
    // A sure choice draws nothing; otherwise one uniform draw decides.
    let cooperate = p >= 1.0 || (p > 0.0 && rng.random::<f64>() < p);
    if cooperate { C } else { D }
}

/// Axelrod's `FinalTransformer((D, D))`: the strategy's own move, except that the last two
/// turns of a match of known length are defections.
pub fn defect_last_two(m: &MatchState, action: usize) -> usize {
    let left = m.turns_left();
    if (1..=2).contains(&left) { D } else { action }
}

/// The p-value test of Axelrod's `FirstByGraaskamp` and `FirstBySteinAndRapoport` at their
/// default level 0.05: is the opponent's split of cooperations and defections consistent with a
/// fair coin? scipy's `chisquare([c, d]).pvalue >= 0.05` holds exactly when the statistic
/// `(c - d)² / (c + d)` is at most the 95% quantile of the chi-squared law with one degree of
/// freedom (Pearson 1900), so the statistic is compared with that quantile.
pub fn looks_random(cooperations: u32, defections: u32) -> bool {
    /// `scipy.stats.chi2.isf(0.05, 1)`: the square of the normal 97.5% quantile.
    const CHI2_1_95: f64 = 3.841_458_820_694_124;
    let n = (cooperations + defections) as f64;
    let diff = cooperations as f64 - defections as f64;
    n > 0.0 && diff * diff / n <= CHI2_1_95
}

/// A behaviour rule (`behaviour/`) playing in a tournament. The rule always sits in seat 0 of
/// its own history, with the opponent in seat 1, so that rules written for "self" (player 0)
/// and "opponent" (player 1) need no reseating.
pub struct RuleStrategy {
    rule: Box<dyn Behaviour>,
    history: History,
    shape: [usize; 2],
}

impl RuleStrategy {
    /// Wraps `rule`, built for player 0 of a game with `n_actions` actions per player.
    pub fn new(rule: Box<dyn Behaviour>, n_actions: usize) -> Self {
        let shape = [n_actions, n_actions];
        RuleStrategy { rule, history: History::new(&shape), shape }
    }
}

impl Strategy for RuleStrategy {
    fn choose(&mut self, m: &MatchState, rng: &mut ChaCha8Rng) -> usize {
        let view = StageView { game: m.game, state: &() };
        let ctx = Context { player: 0, round: m.turn(), shape: &self.shape, history: &self.history, oracle: &view };
        self.rule.choose(&ctx, rng)
    }

    fn observe(&mut self, m: &MatchState) {
        let profile = [m.mine[m.turn() - 1], m.theirs[m.turn() - 1]];
        let pay = [m.game.payoff(&profile, 0), m.game.payoff(&profile, 1)];
        self.history.push(&profile, &pay);
        let view = StageView { game: m.game, state: &() };
        let ctx = Context { player: 0, round: m.turn() - 1, shape: &self.shape, history: &self.history, oracle: &view };
        self.rule.observe(&ctx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_squared_threshold_matches_scipy() {
        // scipy.stats.chisquare([c, d]).pvalue >= 0.05 for these splits, and < 0.05 for the next.
        assert!(looks_random(7, 7));
        assert!(looks_random(10, 4)); // statistic 36/14 = 2.57
        assert!(!looks_random(11, 3)); // statistic 64/14 = 4.57
        assert!(looks_random(60, 45)); // statistic 225/105 = 2.14
        assert!(!looks_random(70, 45)); // statistic 625/115 = 5.43
        assert!(!looks_random(0, 0));
    }

    #[test]
    fn random_choice_draws_only_when_needed() {
        use rand::SeedableRng;
        let mut a = ChaCha8Rng::seed_from_u64(3);
        let b = a.clone();
        assert_eq!(random_choice(1.0, &mut a), C);
        assert_eq!(random_choice(0.0, &mut a), D);
        assert_eq!(a, b, "no draw for a sure choice");
    }
}
