//! Every pure-strategy Nash equilibrium of an n-player game, by checking each profile against
//! each player's best-response set (Nash 1951; Gambit `enumpure`). Exact: ties are resolved on
//! the rational payoffs, so a profile where a player is indifferent counts.

use super::Equilibrium;
use crate::game::{NormalForm, Rational};
use num_traits::{One, Zero};

/// Indices of all pure equilibria, in increasing profile-index order (first player fastest).
pub fn pure_profiles(game: &NormalForm) -> Vec<usize> {
    let shape = game.shape();
    let n = shape.len();
    let np = game.n_profiles();
    let mut ok = vec![true; np];
    let mut pr = vec![0usize; n];
    for i in 0..n {
        let stride = game.stride(i);
        for idx in 0..np {
            NormalForm::decode_profile(shape, idx, &mut pr);
            if pr[i] != 0 || !ok.iter().skip(idx).step_by(stride).take(shape[i]).any(|&b| b) {
                continue;
            }
            let best: &Rational = (0..shape[i]).map(|a| game.exact_payoff(idx + a * stride, i)).max().unwrap();
            for a in 0..shape[i] {
                if game.exact_payoff(idx + a * stride, i) != best {
                    ok[idx + a * stride] = false;
                }
            }
        }
    }
    (0..np).filter(|&k| ok[k]).collect()
}

/// Every pure equilibrium as an exact [`Equilibrium`]; sorted like the other exact methods.
pub fn solve(game: &NormalForm) -> Vec<Equilibrium> {
    let shape = game.shape();
    let mut pr = vec![0usize; shape.len()];
    let mut out: Vec<Vec<Vec<Rational>>> = pure_profiles(game)
        .into_iter()
        .map(|idx| {
            NormalForm::decode_profile(shape, idx, &mut pr);
            shape
                .iter()
                .zip(&pr)
                .map(|(&k, &a)| (0..k).map(|b| if b == a { Rational::one() } else { Rational::zero() }).collect())
                .collect()
        })
        .collect();
    super::sort_exact(&mut out);
    out.into_iter().map(|p| Equilibrium::from_exact(game, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prisoners_dilemma_and_coordination() {
        let pd = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![5.0, 1.0]], &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap();
        assert_eq!(pure_profiles(&pd), vec![3]);
        let bos = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let eqs = solve(&bos);
        assert_eq!(eqs.len(), 2);
        assert_eq!(eqs[0].profile, vec![vec![1.0, 0.0], vec![1.0, 0.0]]);
        assert!(eqs.iter().all(|e| e.max_regret == 0.0));
    }

    #[test]
    fn all_zero_game_every_profile() {
        let z = NormalForm::bimatrix(&[vec![0.0; 2], vec![0.0; 2]], &[vec![0.0; 2], vec![0.0; 2]]).unwrap();
        assert_eq!(pure_profiles(&z).len(), 4);
    }
}
