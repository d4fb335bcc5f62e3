//! Tabular Q-learning (Watkins 1989, *Learning from Delayed Rewards*, PhD thesis, Cambridge;
//! Watkins and Dayan 1992, *Machine Learning* 8) with epsilon-greedy choice.
//!
//! The state is the others' action profile of the last round, plus a start state for round 0.
//! After each round, with `s` the state it was played in, `a` the action, `r` the realised payoff
//! and `s'` the next state, `Q(s, a) <- Q(s, a) + alpha (r + gamma max_b Q(s', b) - Q(s, a))`
//! (`alpha = learning_rate`, `gamma = discount`). Each round the action is uniformly random with
//! probability `epsilon`, otherwise the greedy one, ties to the lowest index. Every entry starts
//! at `initial_q`.
//!
//! The table is dense when the others have at most [`DENSE_STATES`] profiles; otherwise rows are
//! created the first time a state is seen (the others' profile read as a mixed-radix number).

use super::{Behaviour, Context, argmax};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

/// Largest number of the others' profiles (states, not counting the start) kept in a dense table.
pub const DENSE_STATES: usize = 4096;

/// The Q table; row 0 is the start state.
#[derive(Clone, Debug)]
enum Table {
    /// Row `1 + key` for the others' profile `key`.
    Dense(Vec<f64>),
    /// Row index of each seen profile key, and the rows, in order of first sight.
    Sparse { rows: HashMap<u128, usize>, q: Vec<f64> },
}

/// Tabular Q-learning on the others' last actions.
#[derive(Clone, Debug)]
pub struct QLearning {
    learning_rate: f64,
    discount: f64,
    epsilon: f64,
    initial_q: f64,
    player: usize,
    n: usize,
    table: Table,
}

impl QLearning {
    pub fn new(
        learning_rate: f64,
        discount: f64,
        epsilon: f64,
        initial_q: f64,
        player: usize,
        shape: &[usize],
    ) -> Self {
        let n = shape[player];
        let states = shape
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != player)
            .try_fold(1usize, |acc, (_, &k)| acc.checked_mul(k).filter(|&s| s <= DENSE_STATES));
        let table = match states {
            Some(s) => Table::Dense(vec![initial_q; (1 + s) * n]),
            None => Table::Sparse { rows: HashMap::new(), q: vec![initial_q; n] },
        };
        QLearning { learning_rate, discount, epsilon, initial_q, player, n, table }
    }

    /// The others' profile as a mixed-radix number (this player's entry skipped).
    fn key(&self, shape: &[usize], profile: &[usize]) -> u128 {
        let mut key = 0u128;
        for (j, (&a, &k)) in profile.iter().zip(shape).enumerate().rev() {
            if j != self.player {
                key = key * k as u128 + a as u128;
            }
        }
        key
    }

    /// Row index of the state after `profile` (`None`: the start state), created if new.
    fn row(&mut self, shape: &[usize], profile: Option<&[usize]>) -> usize {
        let Some(p) = profile else { return 0 };
        let key = self.key(shape, p);
        match &mut self.table {
            Table::Dense(_) => 1 + key as usize,
            Table::Sparse { rows, q } => {
                let next = rows.len() + 1;
                *rows.entry(key).or_insert_with(|| {
                    q.resize((next + 1) * self.n, self.initial_q);
                    next
                })
            }
        }
    }

    fn q_row(&self, row: usize) -> &[f64] {
        let q = match &self.table {
            Table::Dense(q) => q,
            Table::Sparse { q, .. } => q,
        };
        &q[row * self.n..(row + 1) * self.n]
    }

    fn q_mut(&mut self, row: usize, a: usize) -> &mut f64 {
        let q = match &mut self.table {
            Table::Dense(q) => q,
            Table::Sparse { q, .. } => q,
        };
        &mut q[row * self.n + a]
    }

    /// The Q values of the state after the others' profile `profile` (`None`: the start state).
    pub fn values(&mut self, shape: &[usize], profile: Option<&[usize]>) -> &[f64] {
        let row = self.row(shape, profile);
        self.q_row(row)
    }
}

impl Behaviour for QLearning {
    fn choose(&mut self, ctx: &Context, rng: &mut ChaCha8Rng) -> usize {
        if self.epsilon > 0.0 && rng.random::<f64>() < self.epsilon {
            return rng.random_range(0..self.n);
        }
        let row = self.row(ctx.shape, ctx.history.last());
        argmax(self.q_row(row))
    }

    fn observe(&mut self, ctx: &Context) {
        let h = ctx.history;
        let (Some(last), Some(pay)) = (h.last(), h.payoffs_ago(1)) else { return };
        let a = last[self.player];
        let r = pay[self.player];
        let s = self.row(ctx.shape, h.profile_ago(2));
        let s_next = self.row(ctx.shape, Some(last));
        let future = self.q_row(s_next).iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (alpha, gamma) = (self.learning_rate, self.discount);
        let q = self.q_mut(s, a);
        *q += alpha * (r + gamma * future - *q);
    }

    fn reset(&mut self) {
        match &mut self.table {
            Table::Dense(q) => q.fill(self.initial_q),
            Table::Sparse { rows, q } => {
                rows.clear();
                q.truncate(self.n);
                q.fill(self.initial_q);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviour::tests::{play, prisoners_dilemma, with_game};
    use crate::behaviour::{Behaviour, Fixed};

    #[test]
    fn one_update_by_hand() {
        let g = prisoners_dilemma();
        with_game(&g, 0, &[&[1, 0]], None, 1, |ctx, _| {
            let mut q = QLearning::new(0.5, 0.9, 0.0, 1.0, 0, ctx.shape);
            q.observe(ctx);
            // Start state, action D: 1 + 0.5 (5 + 0.9 * 1 - 1) = 3.45.
            assert_eq!(q.values(ctx.shape, None), &[1.0, 3.45]);
            assert_eq!(q.values(ctx.shape, Some(&[0, 0])), &[1.0, 1.0]);
        });
    }

    #[test]
    fn learns_to_defect_against_a_cooperator() {
        let g = prisoners_dilemma();
        let mut rules: Vec<Box<dyn Behaviour>> =
            vec![Box::new(Fixed::new(0)), Box::new(QLearning::new(0.2, 0.9, 0.1, 0.0, 1, g.shape()))];
        let rounds = 2000;
        let h = play(&g, &mut rules, rounds, 2);
        let late_d = (rounds - 500..rounds).filter(|&r| h.action(r, 1) == 1).count();
        // Greedy play is D; exploration picks C in about 5% of rounds.
        assert!(late_d > 440, "{late_d}");
    }

    #[test]
    fn sparse_table_for_many_players() {
        let shape = [2, 64, 64, 64];
        let mut q = QLearning::new(0.5, 0.0, 0.0, 0.0, 0, &shape);
        assert!(matches!(q.table, Table::Sparse { .. }));
        let dense = QLearning::new(0.5, 0.0, 0.0, 0.0, 0, &[2, 64, 64]);
        assert!(matches!(dense.table, Table::Dense(_)));
        let a = q.row(&shape, Some(&[0, 63, 1, 5]));
        let b = q.row(&shape, Some(&[1, 63, 1, 5]));
        let c = q.row(&shape, Some(&[1, 62, 1, 5]));
        assert_eq!(a, b, "this player's own action is not part of the state");
        assert_ne!(a, c);
        *q.q_mut(c, 1) = 2.0;
        assert_eq!(q.values(&shape, Some(&[0, 62, 1, 5])), &[0.0, 2.0]);
    }

    #[test]
    fn same_seed_same_play() {
        let g = prisoners_dilemma();
        let run = |seed| {
            let mut rules: Vec<Box<dyn Behaviour>> = vec![
                Box::new(QLearning::new(0.3, 0.9, 0.3, 0.0, 0, g.shape())),
                Box::new(QLearning::new(0.3, 0.9, 0.3, 0.0, 1, g.shape())),
            ];
            let h = play(&g, &mut rules, 200, seed);
            (0..200).map(|r| h.action(r, 0)).collect::<Vec<_>>()
        };
        assert_eq!(run(8), run(8));
        assert_ne!(run(8), run(9));
    }
}
