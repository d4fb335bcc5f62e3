//! Regret matching (Hart and Mas-Colell 2000, *Econometrica* 68(5), "A simple adaptive procedure
//! leading to correlated equilibrium").
//!
//! After every round the rule records, for each action `k`, how much more it would have earned by
//! playing `k` against what the others actually played. Payoffs, both of the action played and of
//! the counterfactual actions, are the oracle's expected payoffs at the state of the round played
//! (in [`Behaviour::observe`]), so random shocks do not enter the regrets.
//!
//! * [`RegretVariant::Conditional`], the procedure of the paper: with `D(j, k)` the average over
//!   all `t` rounds so far of `u(k, s_-i) - u(s)` over the rounds in which `j` was played, and
//!   `j` the action played last round, switch to `k != j` with probability `D(j, k)^+ / mu` and
//!   stay with `j` otherwise. `mu` (`inertia`) must exceed the sum of the switching regrets so
//!   that staying keeps positive probability (the paper takes `mu > 2M(m - 1)` with `M` a bound
//!   on payoffs). If a fixed `mu` is too small in some round, the switching probabilities are
//!   scaled down to sum to one. If `inertia <= 0`, `mu` is adaptive: `mu = (m - 1) * max |D| +
//!   1e-9` with the maximum over the whole regret matrix, which always exceeds the sum.
//! * [`RegretVariant::Unconditional`] (Hart and Mas-Colell 2000, section 4(c); 2001): play each
//!   action with probability proportional to the positive part of its cumulative regret against
//!   the actual history, uniformly when no regret is positive.
//!
//! In round 0 the action is uniformly random.
//!
//! Under a move order (`[repeat] move_order`) nothing changes: the counterfactual values are
//! already taken against the others' actual actions of the round, earlier movers included; they
//! do not model how later movers would have answered another action (the regret is the paper's,
//! against the realised play of the others).

use super::{Behaviour, Context, sample_weighted};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Which regret-matching procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegretVariant {
    /// Hart and Mas-Colell's procedure: regrets conditional on the last action, with inertia.
    Conditional,
    /// Play proportional to positive unconditional regrets.
    Unconditional,
}

/// Added to the adaptive inertia so that staying always has positive probability.
const ADAPTIVE_SLACK: f64 = 1e-9;

/// Regret matching, conditional or unconditional.
#[derive(Clone, Debug)]
pub struct RegretMatching {
    variant: RegretVariant,
    inertia: f64,
    n: usize,
    /// Cumulative (not yet averaged) regrets: `n * n` entries `[j * n + k]` for the conditional
    /// variant, `n` entries for the unconditional one.
    regrets: Vec<f64>,
    /// Rounds observed.
    rounds: usize,
    values: Vec<f64>,
    probs: Vec<f64>,
}

impl RegretMatching {
    pub fn new(variant: RegretVariant, inertia: f64, n_actions: usize) -> Self {
        let size = match variant {
            RegretVariant::Conditional => n_actions * n_actions,
            RegretVariant::Unconditional => n_actions,
        };
        RegretMatching {
            variant,
            inertia,
            n: n_actions,
            regrets: vec![0.0; size],
            rounds: 0,
            values: vec![0.0; n_actions],
            probs: vec![0.0; n_actions],
        }
    }

    /// The probabilities of the next action given the last one (`None` before any round).
    pub fn probabilities(&mut self, last: Option<usize>) -> &[f64] {
        let n = self.n;
        let t = self.rounds.max(1) as f64;
        match (self.variant, last) {
            (_, None) if self.rounds == 0 => self.probs.fill(1.0 / n as f64),
            (RegretVariant::Unconditional, _) => {
                for (p, &r) in self.probs.iter_mut().zip(&self.regrets) {
                    *p = r.max(0.0);
                }
                if self.probs.iter().sum::<f64>() <= 0.0 {
                    self.probs.fill(1.0 / n as f64);
                }
            }
            (RegretVariant::Conditional, last) => {
                let j = last.unwrap_or(0);
                let mu = if self.inertia > 0.0 {
                    self.inertia
                } else {
                    let max = self.regrets.iter().fold(0.0f64, |m, &r| m.max(r.abs())) / t;
                    (n - 1) as f64 * max + ADAPTIVE_SLACK
                };
                let row = &self.regrets[j * n..(j + 1) * n];
                let mut switch = 0.0;
                for (k, (p, &r)) in self.probs.iter_mut().zip(row).enumerate() {
                    *p = if k == j { 0.0 } else { (r / t).max(0.0) / mu };
                    switch += *p;
                }
                if switch > 1.0 {
                    self.probs.iter_mut().for_each(|p| *p /= switch);
                    switch = 1.0;
                }
                self.probs[j] = 1.0 - switch;
            }
        }
        &self.probs
    }

    /// Average regrets so far (the matrix `D`, row-major, or the vector of unconditional regrets).
    pub fn average_regrets(&self) -> impl Iterator<Item = f64> + '_ {
        let t = self.rounds.max(1) as f64;
        self.regrets.iter().map(move |r| r / t)
    }
}

impl Behaviour for RegretMatching {
    fn choose(&mut self, ctx: &Context, rng: &mut ChaCha8Rng) -> usize {
        let last = ctx.history.last().map(|p| p[ctx.player]);
        if last.is_none() {
            return rng.random_range(0..ctx.n_actions());
        }
        let probs = self.probabilities(last);
        sample_weighted(probs, rng)
    }

    fn observe(&mut self, ctx: &Context) {
        let Some(last) = ctx.history.last() else { return };
        let played = last[ctx.player];
        ctx.action_values(last, &mut self.values);
        let base = self.values[played];
        let row = match self.variant {
            RegretVariant::Conditional => &mut self.regrets[played * self.n..(played + 1) * self.n],
            RegretVariant::Unconditional => &mut self.regrets[..],
        };
        for (r, &v) in row.iter_mut().zip(&self.values) {
            *r += v - base;
        }
        self.rounds += 1;
    }

    fn reset(&mut self) {
        self.regrets.fill(0.0);
        self.rounds = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::{play, prisoners_dilemma, rock_paper_scissors};

    fn pair(variant: RegretVariant, inertia: f64, n: usize) -> Vec<Box<dyn Behaviour>> {
        vec![Box::new(RegretMatching::new(variant, inertia, n)), Box::new(RegretMatching::new(variant, inertia, n))]
    }

    #[test]
    fn regrets_and_switching_probabilities() {
        let g = prisoners_dilemma();
        let shape = g.shape().to_vec();
        let mut rm = RegretMatching::new(RegretVariant::Conditional, 10.0, 2);
        let mut h = crate::behaviour::History::new(&shape);
        let view = crate::game::StageView { game: &g, state: &() };
        // Two rounds of (C, C): regret of D after C is 5 - 3 = 2 each time.
        for _ in 0..2 {
            h.push(&[0, 0], &[3.0, 3.0]);
            rm.observe(&Context { player: 0, round: h.len() - 1, shape: &shape, history: &h, oracle: &view });
        }
        assert_eq!(rm.average_regrets().collect::<Vec<_>>(), vec![0.0, 2.0, 0.0, 0.0]);
        assert_eq!(rm.probabilities(Some(0)), &[0.8, 0.2]);
        assert_eq!(rm.probabilities(Some(1)), &[0.0, 1.0], "nothing learnt after D yet: stay");
        let mut adaptive = rm.clone();
        adaptive.inertia = 0.0;
        let p = adaptive.probabilities(Some(0)).to_vec();
        assert!(p[0] > 0.0 && p[0] < 1e-6, "{p:?}");
        let mut un = RegretMatching::new(RegretVariant::Unconditional, 0.0, 2);
        h.clear();
        h.push(&[1, 1], &[1.0, 1.0]);
        un.observe(&Context { player: 0, round: 0, shape: &shape, history: &h, oracle: &view });
        assert_eq!(un.average_regrets().collect::<Vec<_>>(), vec![-1.0, 0.0]);
        assert_eq!(un.probabilities(Some(1)), &[0.5, 0.5], "no positive regret: uniform");
    }

    #[test]
    fn rock_paper_scissors_time_average_is_near_uniform() {
        // The unique correlated equilibrium of RPS is uniform play, so the time-average marginals
        // approach 1/3. A fixed mu above 2M(m - 1) = 4 converges more slowly than the adaptive one.
        let g = rock_paper_scissors();
        let cases = [
            (RegretVariant::Conditional, 5.0, 200_000, 0.03),
            (RegretVariant::Conditional, 0.0, 20_000, 0.02),
            (RegretVariant::Unconditional, 0.0, 20_000, 0.02),
        ];
        for (variant, inertia, rounds, tol) in cases {
            let h = play(&g, &mut pair(variant, inertia, 3), rounds, 3);
            for player in 0..2 {
                for &c in h.counts(player) {
                    let share = c as f64 / rounds as f64;
                    assert!((share - 1.0 / 3.0).abs() < tol, "{variant:?} mu {inertia}: {:?}", h.counts(player));
                }
            }
        }
    }

    #[test]
    fn prisoners_dilemma_converges_to_defection() {
        let g = prisoners_dilemma();
        for (variant, inertia) in
            [(RegretVariant::Conditional, 12.0), (RegretVariant::Conditional, 0.0), (RegretVariant::Unconditional, 0.0)]
        {
            let rounds = 2000;
            let h = play(&g, &mut pair(variant, inertia, 2), rounds, 5);
            let late_d = (rounds - 500..rounds).filter(|&r| h.action(r, 0) == 1 && h.action(r, 1) == 1).count();
            assert!(late_d >= 490, "{variant:?} mu {inertia}: {late_d} of the last 500 rounds were (D, D)");
        }
    }

    #[test]
    fn same_seed_same_play() {
        let g = rock_paper_scissors();
        let run = |seed| {
            let h = play(&g, &mut pair(RegretVariant::Conditional, 10.0, 3), 200, seed);
            (0..200).map(|r| h.action(r, 0)).collect::<Vec<_>>()
        };
        assert_eq!(run(1), run(1));
        assert_ne!(run(1), run(2));
    }
}
