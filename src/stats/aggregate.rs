//! What a batch of runs reports, in two forms:
//!
//! - [`ChunkAggregate`]: filled run by run on one thread (Welford moments, counts, histograms),
//!   the fast path of the round loop;
//! - [`Aggregate`]: the mergeable, serialisable result. A chunk is folded into it with
//!   [`Aggregate::add_chunk`], and aggregates merge with [`Merge`]. Moments are kept as exact
//!   sums ([`MomentSums`]), so **merging is exact: any split of the runs into chunks, threads or
//!   shards, merged in any order, gives the same bits** as long as chunk boundaries are the same
//!   (chunks are fixed by run index, see `mc::CHUNK`).
//!
//! [`Aggregate::view`] rounds the exact sums once into plain [`Moments`] for reports.

use super::{Histogram, Merge, MergeError, MomentSums, Moments, add_counts, merge_each};
use crate::sim::{RoundObserver, RunOutput};
use serde::{Deserialize, Serialize};

/// The first round (from `from_round`, 0-based) in which `player` chose any of `actions`:
/// a milestone the game asks the report to track (e.g. "the US first offers H200 or better").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneSpec {
    pub player: usize,
    pub actions: Vec<usize>,
    pub from_round: usize,
}

/// The shape of what an aggregate counts. Two aggregates merge only if their layouts are equal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// Number of actions of each player.
    pub shape: Vec<usize>,
    /// Rounds per run (the cap when a continuation probability is set).
    pub rounds: usize,
    pub n_state: usize,
    pub n_components: usize,
    pub milestones: Vec<MilestoneSpec>,
}

impl Layout {
    /// Offset of each player's first action in flattened per-action rows.
    pub fn offsets(&self) -> Vec<usize> {
        self.shape
            .iter()
            .scan(0, |o, &k| {
                let r = *o;
                *o += k;
                Some(r)
            })
            .collect()
    }

    /// Total number of actions over all players.
    pub fn n_actions(&self) -> usize {
        self.shape.iter().sum()
    }
}

/// Histogram edges fixed before the runs (by the runner's pilot).
#[derive(Clone, Debug, PartialEq)]
pub struct Bins {
    /// Per player: total payoff.
    pub totals: Vec<Histogram>,
    /// `[round][variable]`: the state variables.
    pub state: Vec<Vec<Histogram>>,
}

/// One chunk's runs, filled on one thread. Implements [`RoundObserver`].
#[derive(Clone, Debug)]
pub struct ChunkAggregate {
    offsets: Vec<usize>,
    milestones: Vec<MilestoneSpec>,
    pub runs: u64,
    pub totals: Vec<Moments>,
    pub rounds_played: Moments,
    pub reached: Vec<u64>,
    pub action_counts: Vec<Vec<u64>>,
    pub state: Vec<Vec<Moments>>,
    pub stage: Vec<Vec<Moments>>,
    pub components: Vec<Moments>,
    pub first_chosen: Vec<Vec<u64>>,
    pub milestone_rounds: Vec<Vec<u64>>,
    pub totals_hist: Vec<Histogram>,
    pub state_hist: Vec<Vec<Histogram>>,
    /// The current run's first round of each milestone.
    milestone_hit: Vec<Option<usize>>,
}

impl ChunkAggregate {
    pub fn new(layout: &Layout, bins: &Bins) -> Self {
        let (n_players, n_actions, rounds) = (layout.shape.len(), layout.n_actions(), layout.rounds);
        ChunkAggregate {
            offsets: layout.offsets(),
            milestones: layout.milestones.clone(),
            runs: 0,
            totals: vec![Moments::default(); n_players],
            rounds_played: Moments::default(),
            reached: vec![0; rounds],
            action_counts: vec![vec![0; n_actions]; rounds],
            state: vec![vec![Moments::default(); layout.n_state]; rounds],
            stage: vec![vec![Moments::default(); n_players]; rounds],
            components: vec![Moments::default(); layout.n_components],
            first_chosen: vec![vec![0; rounds + 1]; n_actions],
            milestone_rounds: vec![vec![0; rounds + 1]; layout.milestones.len()],
            totals_hist: bins.totals.clone(),
            state_hist: bins.state.clone(),
            milestone_hit: vec![None; layout.milestones.len()],
        }
    }

    /// Adds one finished run (after its rounds were observed).
    pub fn push_run(&mut self, out: &RunOutput) {
        self.runs += 1;
        for ((m, h), &t) in self.totals.iter_mut().zip(&mut self.totals_hist).zip(&out.totals) {
            m.push(t);
            h.push(t);
        }
        self.rounds_played.push(out.rounds_played as f64);
        for (m, &c) in self.components.iter_mut().zip(&out.components) {
            m.push(c);
        }
        let never = self.reached.len();
        for (counts, first) in self.first_chosen.iter_mut().zip(&out.first_chosen) {
            counts[first.unwrap_or(never)] += 1;
        }
        for (counts, hit) in self.milestone_rounds.iter_mut().zip(&mut self.milestone_hit) {
            counts[hit.take().unwrap_or(never)] += 1;
        }
    }
}

impl RoundObserver for ChunkAggregate {
    #[inline]
    fn round(&mut self, round: usize, profile: &[usize], payoffs: &[f64], state: &[f64]) {
        self.reached[round] += 1;
        // Every moment of this round has seen exactly the runs that reached it.
        let inv_n = 1.0 / self.reached[round] as f64;
        let row = &mut self.action_counts[round];
        for (o, &a) in self.offsets.iter().zip(profile) {
            row[o + a] += 1;
        }
        for ((m, h), &x) in self.state[round].iter_mut().zip(&mut self.state_hist[round]).zip(state) {
            m.push_nth(x, inv_n);
            h.push(x);
        }
        for (m, &x) in self.stage[round].iter_mut().zip(payoffs) {
            m.push_nth(x, inv_n);
        }
        for (spec, hit) in self.milestones.iter().zip(&mut self.milestone_hit) {
            if hit.is_none() && round >= spec.from_round && spec.actions.contains(&profile[spec.player]) {
                *hit = Some(round);
            }
        }
    }
}

/// The mergeable, serialisable result of a batch of runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    pub layout: Layout,
    pub runs: u64,
    /// Per player: total (discounted) payoff across runs.
    pub totals: Vec<MomentSums>,
    /// Rounds played per run.
    pub rounds_played: MomentSums,
    /// Per round: how many runs reached it.
    pub reached: Vec<u64>,
    /// `action_counts[round][offset(player) + action]`.
    pub action_counts: Vec<Vec<u64>>,
    /// `state[round][variable]`: the state variables at which each round was played.
    pub state: Vec<Vec<MomentSums>>,
    /// `stage[round][player]`: the stage payoff of each round.
    pub stage: Vec<Vec<MomentSums>>,
    /// Per payoff component: its discounted total across runs.
    pub components: Vec<MomentSums>,
    /// `first_chosen[offset(player) + action][r]`: runs in which the action was first chosen in
    /// round `r`; the last entry counts runs in which it never was.
    pub first_chosen: Vec<Vec<u64>>,
    /// `milestones[k][r]`: runs whose milestone `k` (see [`Layout::milestones`]) was first met in
    /// round `r`; the last entry counts runs in which it never was.
    pub milestones: Vec<Vec<u64>>,
    /// Per player: histogram of total payoffs.
    pub totals_hist: Vec<Histogram>,
    /// `state_hist[round][variable]`: histogram of the state variables at each round.
    pub state_hist: Vec<Vec<Histogram>>,
}

impl Aggregate {
    /// An aggregate of no runs, with the histogram edges of `bins`.
    pub fn empty(layout: &Layout, bins: &Bins) -> Self {
        let (n_players, n_actions, rounds) = (layout.shape.len(), layout.n_actions(), layout.rounds);
        Aggregate {
            layout: layout.clone(),
            runs: 0,
            totals: vec![MomentSums::default(); n_players],
            rounds_played: MomentSums::default(),
            reached: vec![0; rounds],
            action_counts: vec![vec![0; n_actions]; rounds],
            state: vec![vec![MomentSums::default(); layout.n_state]; rounds],
            stage: vec![vec![MomentSums::default(); n_players]; rounds],
            components: vec![MomentSums::default(); layout.n_components],
            first_chosen: vec![vec![0; rounds + 1]; n_actions],
            milestones: vec![vec![0; rounds + 1]; layout.milestones.len()],
            totals_hist: bins.totals.clone(),
            state_hist: bins.state.clone(),
        }
    }

    /// Folds one chunk's runs in (exactly).
    pub fn add_chunk(&mut self, c: &ChunkAggregate) -> Result<(), MergeError> {
        self.runs += c.runs;
        let add = |sums: &mut [MomentSums], ms: &[Moments]| sums.iter_mut().zip(ms).for_each(|(s, m)| s.add_moments(m));
        add(&mut self.totals, &c.totals);
        self.rounds_played.add_moments(&c.rounds_played);
        add_counts(&mut self.reached, &c.reached)?;
        for (a, b) in self.action_counts.iter_mut().zip(&c.action_counts) {
            add_counts(a, b)?;
        }
        for (a, b) in self.state.iter_mut().zip(&c.state) {
            add(a, b);
        }
        for (a, b) in self.stage.iter_mut().zip(&c.stage) {
            add(a, b);
        }
        add(&mut self.components, &c.components);
        for (a, b) in self.first_chosen.iter_mut().zip(&c.first_chosen) {
            add_counts(a, b)?;
        }
        for (a, b) in self.milestones.iter_mut().zip(&c.milestone_rounds) {
            add_counts(a, b)?;
        }
        merge_each(&mut self.totals_hist, &c.totals_hist)?;
        for (a, b) in self.state_hist.iter_mut().zip(&c.state_hist) {
            merge_each(a, b)?;
        }
        Ok(())
    }

    /// Share of runs reaching `round` in which `player` chose `action` (counts only, exact).
    pub fn action_share(&self, round: usize, player: usize, action: usize) -> f64 {
        let r = self.reached[round];
        let offset: usize = self.layout.shape[..player].iter().sum();
        if r == 0 { 0.0 } else { self.action_counts[round][offset + action] as f64 / r as f64 }
    }

    /// The plain moments and shares that reports read, each rounded once from its exact sums.
    pub fn view(&self) -> View<'_> {
        let fin = |v: &[MomentSums]| v.iter().map(MomentSums::moments).collect::<Vec<_>>();
        View {
            agg: self,
            offsets: self.layout.offsets(),
            totals: fin(&self.totals),
            rounds_played: self.rounds_played.moments(),
            state: self.state.iter().map(|r| fin(r)).collect(),
            stage: self.stage.iter().map(|r| fin(r)).collect(),
            components: fin(&self.components),
        }
    }
}

impl Merge for Aggregate {
    fn merge(&mut self, other: &Self) -> Result<(), MergeError> {
        if self.layout != other.layout {
            return Err(MergeError("the two results come from games or horizons of different shapes".into()));
        }
        self.runs += other.runs;
        merge_each(&mut self.totals, &other.totals)?;
        self.rounds_played.merge(&other.rounds_played);
        add_counts(&mut self.reached, &other.reached)?;
        for (a, b) in self.action_counts.iter_mut().zip(&other.action_counts) {
            add_counts(a, b)?;
        }
        for (a, b) in self.state.iter_mut().zip(&other.state) {
            merge_each(a, b)?;
        }
        for (a, b) in self.stage.iter_mut().zip(&other.stage) {
            merge_each(a, b)?;
        }
        merge_each(&mut self.components, &other.components)?;
        for (a, b) in self.first_chosen.iter_mut().zip(&other.first_chosen) {
            add_counts(a, b)?;
        }
        for (a, b) in self.milestones.iter_mut().zip(&other.milestones) {
            add_counts(a, b)?;
        }
        merge_each(&mut self.totals_hist, &other.totals_hist)?;
        for (a, b) in self.state_hist.iter_mut().zip(&other.state_hist) {
            merge_each(a, b)?;
        }
        Ok(())
    }
}

/// An [`Aggregate`] with its moments rounded for reading.
pub struct View<'a> {
    pub agg: &'a Aggregate,
    pub offsets: Vec<usize>,
    pub totals: Vec<Moments>,
    pub rounds_played: Moments,
    /// `[round][variable]`.
    pub state: Vec<Vec<Moments>>,
    /// `[round][player]`.
    pub stage: Vec<Vec<Moments>>,
    pub components: Vec<Moments>,
}

impl View<'_> {
    /// Share of runs reaching `round` in which `player` chose `action`.
    pub fn action_share(&self, round: usize, player: usize, action: usize) -> f64 {
        let r = self.agg.reached[round];
        if r == 0 { 0.0 } else { self.agg.action_counts[round][self.offsets[player] + action] as f64 / r as f64 }
    }

    /// Runs in which `player` first chose `action` in each round (the last entry: never).
    pub fn first_chosen(&self, player: usize, action: usize) -> &[u64] {
        &self.agg.first_chosen[self.offsets[player] + action]
    }

    /// Share of runs in which milestone `k` was met within `rounds` rounds of its first counted
    /// round (`MilestoneSpec::from_round`): rounds `from_round .. from_round + rounds`.
    pub fn milestone_within(&self, k: usize, rounds: usize) -> f64 {
        let counts = &self.agg.milestones[k];
        let from = self.agg.layout.milestones[k].from_round;
        let hits: u64 = counts[..counts.len() - 1].iter().skip(from).take(rounds).sum();
        if self.agg.runs == 0 { 0.0 } else { hits as f64 / self.agg.runs as f64 }
    }

    /// Rounds in which at least one run was played (0-based).
    pub fn played_rounds(&self) -> Vec<usize> {
        (0..self.agg.reached.len()).filter(|&r| self.agg.reached[r] > 0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{RoundObserver, RunOutput};

    /// P(milestone within k rounds) counts rounds `from_round .. from_round + k`, the reference
    /// definition of `model::hints::Milestone::reached_within`.
    #[test]
    fn milestones_count_from_their_first_round() {
        let layout = Layout {
            shape: vec![3],
            rounds: 6,
            n_state: 0,
            n_components: 0,
            milestones: vec![MilestoneSpec { player: 0, actions: vec![2], from_round: 1 }],
        };
        let bins = Bins { totals: vec![Histogram::new(0.0, 1.0, 4)], state: vec![Vec::new(); 6] };
        let mut chunk = ChunkAggregate::new(&layout, &bins);
        // Four runs: hit only in round 0 (never counted), first counted hit in rounds 1, 3, 5.
        let runs: [[usize; 6]; 4] = [[2, 0, 0, 0, 0, 0], [2, 2, 0, 0, 0, 0], [0, 1, 1, 2, 0, 0], [0, 0, 0, 0, 1, 2]];
        for actions in runs {
            for (r, &a) in actions.iter().enumerate() {
                chunk.round(r, &[a], &[0.0], &[]);
            }
            chunk.push_run(&RunOutput {
                totals: vec![0.0],
                rounds_played: 6,
                components: Vec::new(),
                first_chosen: vec![None; 3],
            });
        }
        let mut agg = Aggregate::empty(&layout, &bins);
        agg.add_chunk(&chunk).unwrap();
        let v = agg.view();
        assert_eq!(v.milestone_within(0, 1), 0.25);
        assert_eq!(v.milestone_within(0, 3), 0.5);
        assert_eq!(v.milestone_within(0, 4), 0.5);
        assert_eq!(v.milestone_within(0, 5), 0.75);
        assert_eq!(v.milestone_within(0, 99), 0.75);
    }
}
