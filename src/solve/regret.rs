//! Maximum regret of a mixed profile: the largest gain any player gets by switching to a best
//! pure response. Zero exactly at a Nash equilibrium (Nash 1951); Gambit calls it `max_regret`.
//! Computed exactly over rationals and in `f64`.
//!
//! Floating-point methods judge regret against a tolerance relative to the game's payoff range
//! (largest payoff minus smallest, as Gambit does): [`Normalized`] holds the game rescaled
//! exactly to payoffs in [0, 1], so that regrets of games with payoffs near 10^19 are computed
//! without cancellation, and [`Normalized::equilibrium`] builds a verified floating-point
//! equilibrium with accurate payoffs and regret in the original units.

use super::Equilibrium;
use crate::game::{Game, NormalForm, Rational, rational};
use num_traits::{One, Zero};

/// Exact value of each pure action of each player against the others' strategies.
pub fn exact_action_values(game: &NormalForm, profile: &[Vec<Rational>]) -> Vec<Vec<Rational>> {
    let shape = game.shape();
    let n = shape.len();
    let mut out: Vec<Vec<Rational>> = shape.iter().map(|&k| vec![Rational::zero(); k]).collect();
    let mut pr = vec![0usize; n];
    for idx in 0..game.n_profiles() {
        NormalForm::decode_profile(shape, idx, &mut pr);
        let zeros = (0..n).filter(|&j| profile[j][pr[j]].is_zero()).count();
        if zeros > 1 {
            continue;
        }
        for i in 0..n {
            if zeros == 1 && !profile[i][pr[i]].is_zero() {
                continue;
            }
            let pay = game.exact_payoff(idx, i);
            if pay.is_zero() {
                continue;
            }
            let mut w = Rational::one();
            for j in 0..n {
                if j != i {
                    w *= &profile[j][pr[j]];
                }
            }
            out[i][pr[i]] += w * pay;
        }
    }
    out
}

/// Exact expected payoffs and the exact maximum regret of `profile`.
pub fn exact_payoffs_and_regret(game: &NormalForm, profile: &[Vec<Rational>]) -> (Vec<Rational>, Rational) {
    let vals = exact_action_values(game, profile);
    let mut pays = Vec::with_capacity(vals.len());
    let mut reg = Rational::zero();
    for (i, v) in vals.iter().enumerate() {
        let pay: Rational = v.iter().zip(&profile[i]).map(|(a, p)| a * p).sum();
        let best = v.iter().max().cloned().unwrap_or_else(Rational::zero);
        let r = best - &pay;
        if r > reg {
            reg = r;
        }
        pays.push(pay);
    }
    (pays, reg)
}

/// Exact maximum regret.
pub fn max_regret_exact(game: &NormalForm, profile: &[Vec<Rational>]) -> Rational {
    exact_payoffs_and_regret(game, profile).1
}

/// Floating-point maximum regret (never negative).
pub fn max_regret_f64(game: &NormalForm, profile: &[Vec<f64>]) -> f64 {
    let mut reg = 0.0f64;
    for i in 0..game.shape().len() {
        let v = game.action_values(profile, i);
        let pay: f64 = v.iter().zip(&profile[i]).map(|(a, p)| a * p).sum();
        let best = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        reg = reg.max(best - pay);
    }
    reg
}

/// A game rescaled exactly to payoffs in [0, 1]: `scaled = (original - min) / range`.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// The rescaled game (the original itself when every payoff is equal).
    pub game: NormalForm,
    /// Smallest payoff of the original game.
    pub min: f64,
    /// Largest minus smallest payoff of the original game (0 when all payoffs are equal).
    pub range: f64,
}

impl Normalized {
    /// Rescales `game`; the subtraction and division are exact, then rounded once to `f64`.
    pub fn new(game: &NormalForm) -> Self {
        let table = game.exact_table();
        let (Some(lo), Some(hi)) = (table.iter().min(), table.iter().max()) else {
            return Normalized { game: game.clone(), min: 0.0, range: 0.0 };
        };
        let span = hi - lo;
        if span.is_zero() {
            return Normalized { game: game.clone(), min: rational::to_f64(lo), range: 0.0 };
        }
        let scaled: Vec<Rational> = table.iter().map(|x| (x - lo) / &span).collect();
        let players = game.players().to_vec();
        let g = NormalForm::new(game.title().to_string(), players, scaled).expect("a rescaled valid game is valid");
        Normalized { game: g, min: rational::to_f64(lo), range: rational::to_f64(&span) }
    }

    /// The scale that turns a relative tolerance into payoff units (1 for a constant game).
    pub fn scale(&self) -> f64 {
        if self.range > 0.0 { self.range } else { 1.0 }
    }

    /// Maximum regret of `profile` in the original payoff units, computed on the rescaled game.
    pub fn max_regret(&self, profile: &[Vec<f64>]) -> f64 {
        if self.range > 0.0 { max_regret_f64(&self.game, profile) * self.range } else { 0.0 }
    }

    /// A floating-point equilibrium with payoffs and regret computed on the rescaled game and
    /// reported in the original units.
    pub fn equilibrium(&self, profile: Vec<Vec<f64>>) -> Equilibrium {
        if self.range == 0.0 {
            let payoffs = vec![self.min; profile.len()];
            return Equilibrium { profile, exact: None, payoffs, max_regret: 0.0 };
        }
        let payoffs = self.game.mixed_payoffs(&profile).into_iter().map(|v| self.min + self.range * v).collect();
        let max_regret = self.max_regret(&profile);
        Equilibrium { profile, exact: None, payoffs, max_regret }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(n.into(), d.into())
    }

    #[test]
    fn matching_pennies_regret() {
        let g = NormalForm::bimatrix(&[vec![1.0, -1.0], vec![-1.0, 1.0]], &[vec![-1.0, 1.0], vec![1.0, -1.0]]).unwrap();
        let half = vec![q(1, 2), q(1, 2)];
        assert_eq!(max_regret_exact(&g, &[half.clone(), half]), q(0, 1));
        let pure = vec![q(1, 1), q(0, 1)];
        assert_eq!(max_regret_exact(&g, &[pure.clone(), pure]), q(2, 1));
        assert_eq!(max_regret_f64(&g, &[vec![1.0, 0.0], vec![1.0, 0.0]]), 2.0);
    }

    #[test]
    fn normalized_regret_survives_huge_payoffs() {
        // Payoffs 10^19 apart from each other except for a difference of 1: in plain f64 the
        // difference is lost to rounding; rescaled exactly it is kept.
        let big = 1e19;
        let g = NormalForm::bimatrix(&[vec![big, 0.0], vec![1.0, 0.0]], &[vec![0.0, 0.0], vec![0.0, 0.0]]).unwrap();
        let n = Normalized::new(&g);
        assert_eq!(n.range, big);
        let r = n.max_regret(&[vec![0.0, 1.0], vec![0.0, 1.0]]);
        assert_eq!(r, 0.0);
        let e = n.equilibrium(vec![vec![1.0, 0.0], vec![1.0, 0.0]]);
        assert_eq!(e.payoffs, vec![big, 0.0]);
        assert_eq!(e.max_regret, 0.0);
    }
}
