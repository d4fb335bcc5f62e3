//! The record of a run so far: every round's profile and payoffs, and running action counts.

/// Profiles and payoffs of the rounds played so far, with per-player action counts.
///
/// Stored flat (`rounds * n_players`) so that one allocation serves a run and
/// [`History::clear`] lets a worker reuse it for the next run.
#[derive(Clone, Debug, Default)]
pub struct History {
    n_players: usize,
    profiles: Vec<usize>,
    payoffs: Vec<f64>,
    /// `counts[player][action]`: how often `player` played `action`.
    counts: Vec<Vec<u32>>,
    /// The round being played: the actions of the players who have already moved in it (under a
    /// move order), `None` for the others. Emptied when the round is recorded.
    current: Vec<Option<usize>>,
}

impl History {
    pub fn new(shape: &[usize]) -> Self {
        History {
            n_players: shape.len(),
            profiles: Vec::new(),
            payoffs: Vec::new(),
            counts: shape.iter().map(|&k| vec![0; k]).collect(),
            current: vec![None; shape.len()],
        }
    }

    /// Forgets every round, keeping the allocations.
    pub fn clear(&mut self) {
        self.profiles.clear();
        self.payoffs.clear();
        for c in &mut self.counts {
            c.iter_mut().for_each(|x| *x = 0);
        }
        self.current.fill(None);
    }

    /// Records that `player` has moved in the round being played (seen by later movers).
    pub fn set_current(&mut self, player: usize, action: usize) {
        self.current[player] = Some(action);
    }

    /// The round being played so far: each player's action if it has already moved, else `None`.
    /// All `None` when every player moves at once (no move order).
    pub fn current(&self) -> &[Option<usize>] {
        &self.current
    }

    /// Records one round.
    pub fn push(&mut self, profile: &[usize], payoffs: &[f64]) {
        debug_assert_eq!(profile.len(), self.n_players);
        self.profiles.extend_from_slice(profile);
        self.payoffs.extend_from_slice(payoffs);
        for (c, &a) in self.counts.iter_mut().zip(profile) {
            c[a] += 1;
        }
        self.current.fill(None);
    }

    /// Number of rounds recorded.
    pub fn len(&self) -> usize {
        self.profiles.len().checked_div(self.n_players).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// The profile played `ago` rounds before now (1 = the last round), if there was one.
    pub fn profile_ago(&self, ago: usize) -> Option<&[usize]> {
        let len = self.len();
        if ago == 0 || ago > len {
            return None;
        }
        let r = len - ago;
        Some(&self.profiles[r * self.n_players..(r + 1) * self.n_players])
    }

    /// The payoffs of the round played `ago` rounds before now (1 = the last round).
    pub fn payoffs_ago(&self, ago: usize) -> Option<&[f64]> {
        let len = self.len();
        if ago == 0 || ago > len {
            return None;
        }
        let r = len - ago;
        Some(&self.payoffs[r * self.n_players..(r + 1) * self.n_players])
    }

    /// The last round's profile.
    pub fn last(&self) -> Option<&[usize]> {
        self.profile_ago(1)
    }

    /// How often `player` played each action so far.
    pub fn counts(&self, player: usize) -> &[u32] {
        &self.counts[player]
    }

    /// The action `player` played in round `round` (0-based).
    pub fn action(&self, round: usize, player: usize) -> usize {
        self.profiles[round * self.n_players + player]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_rounds_and_counts() {
        let mut h = History::new(&[2, 3]);
        assert!(h.last().is_none());
        h.push(&[0, 2], &[1.0, 2.0]);
        h.push(&[1, 2], &[3.0, 4.0]);
        assert_eq!(h.len(), 2);
        assert_eq!(h.last(), Some(&[1, 2][..]));
        assert_eq!(h.profile_ago(2), Some(&[0, 2][..]));
        assert_eq!(h.profile_ago(3), None);
        assert_eq!(h.payoffs_ago(1), Some(&[3.0, 4.0][..]));
        assert_eq!(h.counts(1), &[0, 0, 2]);
        assert_eq!(h.action(0, 1), 2);
        h.clear();
        assert!(h.is_empty());
        assert_eq!(h.counts(1), &[0, 0, 0]);
    }
}
