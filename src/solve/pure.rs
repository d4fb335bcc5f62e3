//! Every pure-strategy Nash equilibrium of an n-player game, by checking each profile against
//! each player's best-response set (Nash 1951; Gambit `enumpure`). Exact: ties are resolved on
//! the rational payoffs, so a profile where a player is indifferent counts.
//!
//! The first player's best responses are found line by line (its strategies vary fastest in
//! the table); each candidate is then checked against the other players' best payoffs along
//! their lines, which are worked out once, when first needed. Games stored with integer
//! payoffs (see [`NormalForm::exact_scaled`]) are compared as integers, so a 1000 x 1000 game
//! takes milliseconds; equilibria are confirmed in table order, so a stopped run returns those
//! found so far.

use super::budget::{Budget, Stop};
use super::{Equilibrium, Reporter, SolveResult};
use crate::game::{NormalForm, Rational};
use num_traits::{One, Zero};
use std::cmp::Ordering;

const UNKNOWN: u32 = u32::MAX;

/// Exact payoffs, compared without building rationals when the game has integer payoffs.
enum Values<'a> {
    Int(&'a [i64]),
    Exact(&'a [Rational]),
}

impl Values<'_> {
    #[inline]
    fn cmp(&self, a: usize, b: usize) -> Ordering {
        match self {
            Values::Int(v) => v[a].cmp(&v[b]),
            Values::Exact(v) => v[a].cmp(&v[b]),
        }
    }
}

/// Indices of the pure equilibria in increasing profile-index order (first player fastest),
/// and the reason for stopping early, if any.
fn profiles(game: &NormalForm, budget: &Budget) -> (Vec<usize>, Option<Stop>) {
    let shape = game.shape();
    let n = shape.len();
    let np = game.n_profiles();
    let vals = match game.exact_scaled() {
        Some((num, _)) => Values::Int(num),
        None => Values::Exact(game.exact_table()),
    };
    // best[i][line]: a profile index maximising player i's payoff on that line of player i.
    let bytes: usize = (1..n).map(|i| np / shape[i] * 4).sum();
    if let Err(stop) = budget.check_memory(bytes) {
        return (Vec::new(), Some(stop));
    }
    let mut best: Vec<Vec<u32>> =
        (0..n).map(|i| if i == 0 { Vec::new() } else { vec![UNKNOWN; np / shape[i]] }).collect();
    let mut reporter = Reporter::new();
    let mut out = Vec::new();
    let k0 = shape[0];
    let lines = np / k0;
    for line in 0..lines {
        if line % 256 == 0 {
            if let Err(stop) = budget.check() {
                return (out, Some(stop));
            }
            reporter.tick(budget, || format!("pure: {line} of {lines} lines of the first player checked"));
        }
        let base = line * k0;
        let mut top = base;
        for idx in base + 1..base + k0 {
            if vals.cmp(idx * n, top * n) == Ordering::Greater {
                top = idx;
            }
        }
        'candidates: for idx in base..base + k0 {
            if vals.cmp(idx * n, top * n) != Ordering::Equal {
                continue;
            }
            for i in 1..n {
                let stride = game.stride(i);
                let k = shape[i];
                let id = (idx / (stride * k)) * stride + idx % stride;
                let mut b = best[i][id];
                if b == UNKNOWN {
                    let first = idx - ((idx / stride) % k) * stride;
                    let mut t = first;
                    for a in 1..k {
                        let j = first + a * stride;
                        if vals.cmp(j * n + i, t * n + i) == Ordering::Greater {
                            t = j;
                        }
                    }
                    b = t as u32;
                    best[i][id] = b;
                }
                if vals.cmp(idx * n + i, b as usize * n + i) != Ordering::Equal {
                    continue 'candidates;
                }
            }
            out.push(idx);
        }
    }
    (out, None)
}

/// Indices of all pure equilibria, in increasing profile-index order (first player fastest).
pub fn pure_profiles(game: &NormalForm) -> Vec<usize> {
    profiles(game, &Budget::unlimited()).0
}

/// Every pure equilibrium (or those found before the budget ran out), sorted like the other
/// exact methods; each has regret exactly 0.
pub fn run(game: &NormalForm, budget: &Budget) -> SolveResult {
    let shape = game.shape();
    let (found, incomplete) = profiles(game, budget);
    let mut decoded: Vec<(Vec<usize>, usize)> = found
        .into_iter()
        .map(|idx| {
            let mut pr = vec![0usize; shape.len()];
            NormalForm::decode_profile(shape, idx, &mut pr);
            (pr, idx)
        })
        .collect();
    // Larger probabilities on earlier actions first: ascending actions, first player first.
    decoded.sort();
    let equilibria = decoded
        .into_iter()
        .map(|(pr, idx)| {
            let exact: Vec<Vec<Rational>> = shape
                .iter()
                .zip(&pr)
                .map(|(&k, &a)| (0..k).map(|b| if b == a { Rational::one() } else { Rational::zero() }).collect())
                .collect();
            let profile = shape
                .iter()
                .zip(&pr)
                .map(|(&k, &a)| (0..k).map(|b| if b == a { 1.0 } else { 0.0 }).collect())
                .collect();
            Equilibrium { profile, exact: Some(exact), payoffs: game.payoffs_at(idx).to_vec(), max_regret: 0.0 }
        })
        .collect();
    SolveResult { equilibria, incomplete, ..Default::default() }
}

/// Every pure equilibrium as an exact [`Equilibrium`]; sorted like the other exact methods.
pub fn solve(game: &NormalForm) -> Vec<Equilibrium> {
    run(game, &Budget::unlimited()).equilibria
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::PlayerSpec;

    #[test]
    fn prisoners_dilemma_and_coordination() {
        let pd = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![5.0, 1.0]], &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap();
        assert_eq!(pure_profiles(&pd), vec![3]);
        let bos = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let eqs = solve(&bos);
        assert_eq!(eqs.len(), 2);
        assert_eq!(eqs[0].profile, vec![vec![1.0, 0.0], vec![1.0, 0.0]]);
        assert!(eqs.iter().all(|e| e.max_regret == 0.0));
        for e in &eqs {
            assert_eq!(Equilibrium::from_exact(&bos, e.exact.clone().unwrap()), *e);
        }
    }

    #[test]
    fn all_zero_game_every_profile() {
        let z = NormalForm::bimatrix(&[vec![0.0; 2], vec![0.0; 2]], &[vec![0.0; 2], vec![0.0; 2]]).unwrap();
        assert_eq!(pure_profiles(&z).len(), 4);
    }

    /// The line-by-line search agrees with checking every deviation of every profile, on
    /// random three-player games with ties, in both payoff representations.
    #[test]
    fn agrees_with_brute_force_on_random_games() {
        let mut s = 99u64;
        for round in 0..40 {
            let shape = [2 + round % 3, 1 + round % 4, 2 + round % 2];
            let np: usize = shape.iter().product();
            let pays: Vec<f64> = (0..np * 3)
                .map(|_| {
                    s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((s >> 33) % 3) as f64 + if round % 2 == 1 { 0.5 } else { 0.0 }
                })
                .collect();
            let players = shape
                .iter()
                .enumerate()
                .map(|(i, &k)| PlayerSpec { name: format!("P{i}"), actions: (0..k).map(|a| format!("a{a}")).collect() })
                .collect::<Vec<_>>();
            let g = NormalForm::from_f64(String::new(), players.clone(), pays.clone()).unwrap();
            let mut brute = Vec::new();
            let mut pr = [0usize; 3];
            for idx in 0..np {
                NormalForm::decode_profile(&shape, idx, &mut pr);
                let ok = (0..3).all(|i| {
                    (0..shape[i]).all(|a| {
                        let mut q = pr;
                        q[i] = a;
                        g.exact_payoff(g.profile_index(&q), i) <= g.exact_payoff(idx, i)
                    })
                });
                if ok {
                    brute.push(idx);
                }
            }
            assert_eq!(pure_profiles(&g), brute, "round {round}");
            // The same game shifted beyond 64-bit numerators, so it is stored as rationals.
            let shift = Rational::from_integer(num_bigint::BigInt::from(10u64).pow(20));
            let big: Vec<Rational> = g.exact_table().iter().map(|r| r + &shift).collect();
            let g2 = NormalForm::new(String::new(), players, big).unwrap();
            assert!(g2.exact_scaled().is_none());
            assert_eq!(pure_profiles(&g2), brute, "round {round} (rational payoffs)");
        }
    }

    #[test]
    fn budget_stops_the_search() {
        let bos = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let r = run(&bos, &Budget::with_seconds(0.0));
        assert_eq!(r.incomplete, Some(Stop::TimeLimit));
        let r = run(&bos, &Budget { max_bytes: Some(1), ..Budget::default() });
        assert_eq!(r.incomplete, Some(Stop::MemoryLimit));
        assert!(r.equilibria.is_empty());
    }
}
