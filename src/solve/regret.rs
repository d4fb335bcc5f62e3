//! Maximum regret of a mixed profile: the largest gain any player gets by switching to a best
//! pure response. Zero exactly at a Nash equilibrium (Nash 1951); Gambit calls it `max_regret`.
//! Computed exactly over rationals and in `f64`.

use crate::game::{NormalForm, Rational};
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
}
