//! What the report layer should draw for the export game, as plain data: which state variables
//! make fan charts (with label, unit and natural bounds), the escalation milestone "the US offers
//! H200 or better" and the horizons of its probability, and calendar labels for rounds.
//!
//! The model knows what its variables mean; the report knows how to draw. Keeping this here means
//! the report never matches on variable or action names.

use super::state::{STATE_NAMES, var};
use super::{ExportGame, US};
use crate::game::Game;

/// One fan chart: a state variable over rounds.
#[derive(Clone, Debug, PartialEq)]
pub struct FanHint {
    /// The variable's name in `Game::state_names` and its index there.
    pub variable: &'static str,
    pub index: usize,
    /// Axis label and unit.
    pub label: &'static str,
    pub unit: &'static str,
    /// Natural bounds of the variable (the y axis should not go beyond them).
    pub bounds: (f64, f64),
}

/// A milestone: the first round in which `player` chooses one of `actions`.
#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    /// Short name for files and JSON keys, and a sentence for chart titles.
    pub name: &'static str,
    pub label: &'static str,
    /// The player (index in the game's players) and its action indices (in the game's,
    /// possibly restricted, action lists) that count.
    pub player: usize,
    pub actions: Vec<usize>,
    /// The first round in which the choice is a decision. Learning rules (best response, regret
    /// matching, logit, Roth–Erev, Q-learning) draw round 0 uniformly, with no history to respond
    /// to, so counting it would put a floor of (actions counted)/(actions) under every
    /// probability: the default is 1. Use [`Milestone::counting_from`] with 0 for rules that
    /// decide in round 0 (fixed, scripted, reactive with an initial action).
    pub first_decision_round: usize,
    /// P(milestone within k quarters of the first decision round) is reported for these k.
    pub horizons: Vec<usize>,
}

impl Milestone {
    /// The same milestone counted from `round`.
    pub fn counting_from(mut self, round: usize) -> Self {
        self.first_decision_round = round;
        self
    }

    /// Whether a round-by-round history of `player`'s actions reaches the milestone within `k`
    /// rounds of the first decision round: the reference definition the report must follow.
    pub fn reached_within(&self, actions_by_round: &[usize], k: usize) -> bool {
        let from = self.first_decision_round;
        actions_by_round.iter().enumerate().any(|(r, a)| r >= from && r < from + k && self.actions.contains(a))
    }
}

/// Everything the report needs to know about the export game.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportHints {
    pub fans: Vec<FanHint>,
    pub milestones: Vec<Milestone>,
    /// Calendar quarter of round 0 as (year, quarter 1..=4), when the config gives one.
    pub start_quarter: Option<(i32, u32)>,
}

impl ReportHints {
    /// The calendar label of `round` (e.g. `2025Q3`), or `round k` without a start quarter.
    pub fn round_label(&self, round: usize) -> String {
        match self.start_quarter {
            Some((year, quarter)) => {
                let q = (quarter - 1) as usize + round;
                format!("{}Q{}", year as i64 + (q / 4) as i64, q % 4 + 1)
            }
            None => format!("round {round}"),
        }
    }

    /// Labels of rounds `0..rounds`.
    pub fn round_labels(&self, rounds: usize) -> Vec<String> {
        (0..rounds).map(|r| self.round_label(r)).collect()
    }
}

/// Fan charts: (variable, label, unit).
const FANS: [(usize, &str, &str); 12] = [
    (var::TIER, "tier in force (0 ban .. 3 B30A)", "tier"),
    (var::DOMESTIC_SHARE, "domestic share of units bought", "share"),
    (var::NVIDIA_SHARE, "Nvidia share of units bought", "share"),
    (var::CHINA_COMPUTE, "China's owned compute", "M H100e"),
    (var::RENTED_COMPUTE, "China's rented offshore compute", "M H100e"),
    (var::US_LEAD, "US lead (US / China compute)", "ratio"),
    (var::DOMESTIC_CAPABILITY, "domestic chip capability", "H100e/chip"),
    (var::DOMESTIC_CAPACITY, "domestic capacity", "M units/quarter"),
    (var::DEPENDENCE, "dependence on the US stack", "[0, 1]"),
    (var::NVIDIA_CHINA_REVENUE, "Nvidia licensed China revenue", "$bn/quarter"),
    (var::GREY_OFFSHORE_COMPUTE, "grey + offshore compute bought", "M H100e/quarter"),
    (var::TENSION, "trade tension", "[0, 1]"),
];

pub(super) fn hints(game: &ExportGame) -> ReportHints {
    let bounds = game.state_bounds();
    let fans = FANS
        .iter()
        .map(|&(index, label, unit)| FanHint {
            variable: STATE_NAMES[index],
            index,
            label,
            unit,
            bounds: bounds[index],
        })
        .collect();
    // H200 or better: every allowed action of the administration at tier 2 or above.
    let us_actions: Vec<usize> =
        game.canonical_actions(US).iter().enumerate().filter(|&(_, &c)| c >= 2).map(|(i, _)| i).collect();
    let milestone = Milestone {
        name: "us_offers_h200_or_better",
        label: "the US offers H200 or better",
        player: US,
        actions: us_actions,
        first_decision_round: 1,
        horizons: vec![4, 8, 16],
    };
    let milestones = if milestone.actions.is_empty() || milestone.actions.len() == game.players()[US].actions.len() {
        // A milestone that is never or always reached carries no information.
        Vec::new()
    } else {
        vec![milestone]
    };
    let start_quarter = super::params::parse_quarter(&game.params().start_quarter);
    ReportHints { fans, milestones, start_quarter }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelParams;

    #[test]
    fn milestone_counts_h200_or_better_from_round_one() {
        let g = ExportGame::new(ModelParams::default()).unwrap();
        let h = g.report_hints();
        let m = &h.milestones[0];
        assert_eq!(m.player, US);
        assert_eq!(m.actions, vec![2, 3]);
        assert_eq!(m.first_decision_round, 1);
        // B30A from round 1 counts; a random H200 in round 0 does not.
        assert!(m.reached_within(&[0, 3, 3], 1));
        assert!(!m.reached_within(&[2, 0, 1, 1], 3));
        assert!(m.clone().counting_from(0).reached_within(&[2, 0], 1));
    }

    #[test]
    fn restricted_actions_map_to_the_games_indices() {
        let params = ModelParams {
            actions: Some([("us_admin".to_string(), vec!["ban".into(), "allow_b30a".into()])].into()),
            ..ModelParams::default()
        };
        let g = ExportGame::new(params).unwrap();
        assert_eq!(g.report_hints().milestones[0].actions, vec![1]);
        let only_open = ModelParams {
            actions: Some([("us_admin".to_string(), vec!["allow_h200".into(), "allow_b30a".into()])].into()),
            ..ModelParams::default()
        };
        assert!(ExportGame::new(only_open).unwrap().report_hints().milestones.is_empty());
    }

    #[test]
    fn calendar_labels_follow_the_start_quarter() {
        let g = ExportGame::new(ModelParams::default()).unwrap();
        let h = g.report_hints();
        assert_eq!(h.round_labels(6), ["2022Q4", "2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"]);
        assert_eq!(h.round_label(11), "2025Q3");
        let none = ExportGame::new(ModelParams { start_quarter: String::new(), ..ModelParams::default() }).unwrap();
        assert_eq!(none.report_hints().round_label(3), "round 3");
    }

    #[test]
    fn fans_have_bounds_and_known_variables() {
        let g = ExportGame::new(ModelParams::default()).unwrap();
        for f in g.report_hints().fans {
            assert_eq!(g.state_names()[f.index], f.variable);
            assert!(f.bounds.0 <= f.bounds.1 && f.bounds.1.is_finite());
        }
    }
}
