//! Fictitious play (Brown 1951, "Iterative solution of games by fictitious play", in *Activity
//! Analysis of Production and Allocation*; Robinson 1951, *Annals of Mathematics* 54(2)): each
//! round, a best response to the belief that every other player independently mixes according
//! to its empirical action frequencies so far.
//!
//! Beliefs are the counts plus `prior` pseudo-counts per action, normalised; with no data and no
//! prior the belief is uniform. With more than two players the expected payoff is exact: every
//! profile of the others with positive belief weight is evaluated through the oracle at the
//! current state and weighted by the product of the beliefs. Ties go to the lowest index.
//! Under a move order (`[repeat] move_order`) the belief about each of this round's earlier
//! movers is its actual action (a point mass), so a follower best-responds to what it saw.
//!
//! Cost per round: one call of the oracle's `action_values` (all of this player's actions at
//! once) per profile of the others with positive belief, with no allocation; a positive prior
//! makes every profile count.

use super::{Behaviour, Context, argmax};
use rand_chacha::ChaCha8Rng;

/// Independent beliefs about the other players' actions, and this player's expected action
/// values against them. Shared by fictitious play and logit response; every buffer is allocated
/// once, in [`Beliefs::new`].
#[derive(Clone, Debug)]
pub(super) struct Beliefs {
    player: usize,
    /// `probs[j][a]`: believed probability that player `j` plays `a` (unused for this player).
    probs: Vec<Vec<f64>>,
    /// `support[j]`: the actions of `j` with positive belief (`[0]` for this player).
    support: Vec<Vec<usize>>,
    /// Odometer position in each player's support.
    pos: Vec<usize>,
    profile: Vec<usize>,
    /// This player's action values against one profile of the others, and in expectation.
    against: Vec<f64>,
    values: Vec<f64>,
}

impl Beliefs {
    pub(super) fn new(player: usize, shape: &[usize]) -> Self {
        Beliefs {
            player,
            probs: shape.iter().map(|&k| vec![0.0; k]).collect(),
            support: shape.iter().map(|&k| Vec::with_capacity(k)).collect(),
            pos: vec![0; shape.len()],
            profile: vec![0; shape.len()],
            against: vec![0.0; shape[player]],
            values: vec![0.0; shape[player]],
        }
    }

    /// Sets the beliefs to the empirical frequencies with `prior` pseudo-counts per action
    /// (uniform when there is neither data nor prior).
    pub(super) fn set_empirical(&mut self, ctx: &Context, prior: f64) {
        for (j, probs) in self.probs.iter_mut().enumerate() {
            if j == self.player {
                continue;
            }
            let counts = ctx.history.counts(j);
            let total: f64 = counts.iter().map(|&c| c as f64 + prior).sum();
            if total > 0.0 && total.is_finite() {
                for (p, &c) in probs.iter_mut().zip(counts) {
                    *p = (c as f64 + prior) / total;
                }
            } else {
                let uniform = 1.0 / probs.len() as f64;
                probs.fill(uniform);
            }
        }
    }

    /// Sets the beliefs to point masses on `profile` (the others' entries).
    /// Replaces the beliefs about this round's earlier movers (under a move order) by their
    /// actual actions. Nothing changes when every player moves at once.
    pub(super) fn fix_current(&mut self, ctx: &Context) {
        for (j, (probs, c)) in self.probs.iter_mut().zip(ctx.current()).enumerate() {
            if let (Some(a), true) = (*c, j != self.player) {
                probs.fill(0.0);
                probs[a] = 1.0;
            }
        }
    }

    pub(super) fn set_point(&mut self, profile: &[usize]) {
        for (j, probs) in self.probs.iter_mut().enumerate() {
            probs.fill(0.0);
            if j != self.player {
                probs[profile[j]] = 1.0;
            }
        }
    }

    /// This player's expected payoff of each action against the beliefs, at the current state.
    pub(super) fn expected_values(&mut self, ctx: &Context) -> &[f64] {
        for (j, sup) in self.support.iter_mut().enumerate() {
            sup.clear();
            if j == self.player {
                sup.push(0);
            } else {
                sup.extend(self.probs[j].iter().enumerate().filter(|&(_, &p)| p > 0.0).map(|(a, _)| a));
                if sup.is_empty() {
                    // No usable belief (e.g. a negative prior slipped through): uniform.
                    let k = self.probs[j].len();
                    self.probs[j].fill(1.0 / k as f64);
                    sup.extend(0..k);
                }
            }
        }
        self.values.fill(0.0);
        self.pos.fill(0);
        let n = self.support.len();
        loop {
            let mut weight = 1.0;
            for j in 0..n {
                let a = self.support[j][self.pos[j]];
                self.profile[j] = a;
                if j != self.player {
                    weight *= self.probs[j][a];
                }
            }
            if weight > 0.0 {
                ctx.action_values(&self.profile, &mut self.against);
                for (v, &u) in self.values.iter_mut().zip(&self.against) {
                    *v += weight * u;
                }
            }
            // Advance the odometer over the others' supports.
            let mut j = 0;
            loop {
                if j == n {
                    return &self.values;
                }
                self.pos[j] += 1;
                if self.pos[j] < self.support[j].len() {
                    break;
                }
                self.pos[j] = 0;
                j += 1;
            }
        }
    }

    #[cfg(test)]
    pub(super) fn probs(&self, j: usize) -> &[f64] {
        &self.probs[j]
    }
}

/// Best response to the others' empirical frequencies.
#[derive(Clone, Debug)]
pub struct FictitiousPlay {
    prior: f64,
    beliefs: Beliefs,
}

impl FictitiousPlay {
    /// `prior` (>= 0) is the pseudo-count added to every action of every other player.
    pub fn new(prior: f64, player: usize, shape: &[usize]) -> Self {
        FictitiousPlay { prior, beliefs: Beliefs::new(player, shape) }
    }
}

impl Behaviour for FictitiousPlay {
    fn choose(&mut self, ctx: &Context, _rng: &mut ChaCha8Rng) -> usize {
        self.beliefs.set_empirical(ctx, self.prior);
        self.beliefs.fix_current(ctx);
        argmax(self.beliefs.expected_values(ctx))
    }

    /// Nothing to forget: every choice is worked out afresh from the history.
    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::{matching_pennies, play, prisoners_dilemma, with_game};
    use crate::game::{NormalForm, PlayerSpec};

    #[test]
    fn beliefs_are_counts_plus_prior() {
        let g = prisoners_dilemma();
        with_game(&g, 0, &[&[0, 0], &[0, 1], &[1, 1], &[0, 1]], None, 1, |ctx, _| {
            let mut b = Beliefs::new(0, ctx.shape);
            b.set_empirical(ctx, 1.0);
            assert_eq!(b.probs(1), &[2.0 / 6.0, 4.0 / 6.0]);
            // Against (1/3 C, 2/3 D): C earns 3/3 = 1, D earns 5/3 + 2/3 = 7/3.
            let v = b.expected_values(ctx).to_vec();
            assert!((v[0] - 1.0).abs() < 1e-12 && (v[1] - 7.0 / 3.0).abs() < 1e-12, "{v:?}");
        });
    }

    #[test]
    fn exact_expectation_with_three_players() {
        // Player 0 earns a0 * (1 + a1) * (1 + 2 * a2): a product, so the expectation factorises.
        let shape = [2, 2, 3];
        let players: Vec<PlayerSpec> = shape
            .iter()
            .enumerate()
            .map(|(i, &k)| PlayerSpec { name: format!("P{i}"), actions: (0..k).map(|a| format!("a{a}")).collect() })
            .collect();
        let mut payoffs = Vec::new();
        for idx in 0..12 {
            let mut p = [0; 3];
            NormalForm::decode_profile(&shape, idx, &mut p);
            let u = p[0] as f64 * (1.0 + p[1] as f64) * (1.0 + 2.0 * p[2] as f64);
            payoffs.extend_from_slice(&[u, 0.0, 0.0]);
        }
        let g = NormalForm::from_f64(String::new(), players, payoffs).unwrap();
        // Player 1 played 1 twice and 0 once; player 2 played 0, 0 and 2 (never 1).
        with_game(&g, 0, &[&[0, 1, 0], &[0, 1, 0], &[0, 0, 2]], None, 1, |ctx, rng| {
            let mut b = Beliefs::new(0, ctx.shape);
            b.set_empirical(ctx, 0.0);
            let v = b.expected_values(ctx).to_vec();
            let e1 = 2.0 / 3.0;
            let e2 = (1.0 / 3.0) * 2.0 * 2.0;
            assert_eq!(v[0], 0.0);
            assert!((v[1] - (1.0 + e1) * (1.0 + e2)).abs() < 1e-12, "{v:?}");
            assert_eq!(FictitiousPlay::new(0.0, 0, ctx.shape).choose(ctx, rng), 1);
        });
    }

    #[test]
    fn defects_in_the_prisoners_dilemma() {
        let g = prisoners_dilemma();
        let mut rules: Vec<Box<dyn Behaviour>> =
            vec![Box::new(FictitiousPlay::new(1.0, 0, g.shape())), Box::new(FictitiousPlay::new(1.0, 1, g.shape()))];
        let h = play(&g, &mut rules, 20, 1);
        assert_eq!(h.counts(0), &[0, 20]);
        assert_eq!(h.counts(1), &[0, 20]);
    }

    #[test]
    fn matching_pennies_frequencies_approach_one_half() {
        let g = matching_pennies();
        let mut rules: Vec<Box<dyn Behaviour>> =
            vec![Box::new(FictitiousPlay::new(0.5, 0, g.shape())), Box::new(FictitiousPlay::new(1.0, 1, g.shape()))];
        let rounds = 20_000;
        let h = play(&g, &mut rules, rounds, 1);
        for player in 0..2 {
            let share = h.counts(player)[0] as f64 / rounds as f64;
            assert!((share - 0.5).abs() < 0.02, "player {player}: share of heads {share}");
        }
        // The play cycles: both actions keep being chosen late in the run.
        let late: usize = (rounds - 2000..rounds).filter(|&r| h.action(r, 0) == 0).count();
        assert!(late > 500 && late < 1500, "{late}");
    }
}
