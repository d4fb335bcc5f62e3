//! From aggregates to charts: chooses what to draw for a run or a comparison and calls the
//! plotting functions in [`super::charts`].

use super::charts::{self, ChartError, Distribution, FanPoint, ScenarioSeries};
use crate::mc::Aggregate;
use crate::scenario::{Scenario, ScenarioGame};
use std::path::Path;

/// The state variables drawn as fan charts for the export game, with labels and units.
const EXPORT_FANS: &[(&str, &str)] = &[
    ("tier", "tier (0 ban .. 3 B30A)"),
    ("domestic_share", "domestic share"),
    ("china_compute", "compute (M H100e)"),
    ("dependence", "US-stack dependence"),
    ("nvidia_china_revenue", "Nvidia China ($bn/q)"),
    ("tension", "trade tension (0-1)"),
];

/// One scenario's payoff distributions, for the comparison chart.
pub fn series(name: &str, agg: &Aggregate) -> ScenarioSeries {
    ScenarioSeries {
        name: name.to_string(),
        per_agent: agg
            .totals_hist
            .iter()
            .zip(&agg.totals)
            .map(|(h, m)| Distribution::from_histogram(h.clone(), m.mean))
            .collect(),
    }
}

fn payoff_unit(scenario: &Scenario) -> String {
    let d = if scenario.repeat.discount < 1.0 {
        format!(", discounted at {}/round", scenario.repeat.discount)
    } else {
        String::new()
    };
    match scenario.game {
        ScenarioGame::Export(_) => format!("total payoff (model units{d})"),
        ScenarioGame::Matrix(_) => format!("total payoff (game units{d})"),
    }
}

/// Index of `action` of `player`, if the game has both.
fn action_of(scenario: &Scenario, player: &str, action: &str) -> Option<(usize, usize)> {
    let players = scenario.game.players();
    let i = players.iter().position(|p| p.name == player)?;
    Some((i, players[i].action_index(action)?))
}

/// `(counts by round from 1, never, runs)` of the round in which `player` first chose `action`.
pub fn first_round_counts(agg: &Aggregate, player: usize, action: usize) -> (Vec<(usize, u64)>, u64, u64) {
    let counts = &agg.first_chosen[agg.offsets[player] + action];
    let (by_round, never) = counts.split_at(counts.len() - 1);
    (by_round.iter().enumerate().map(|(r, &c)| (r + 1, c)).collect(), never[0], agg.runs)
}

/// Draws the charts of one run of a scenario into `dir/charts/` (PNG and SVG each).
pub fn run_charts(scenario: &Scenario, agg: &Aggregate, state_names: &[String], dir: &Path) -> Result<(), ChartError> {
    let charts_dir = dir.join("charts");
    let players = scenario.game.players();
    let agents: Vec<String> = players.iter().map(|p| p.name.clone()).collect();
    let title = format!("{}: payoff distributions over {} runs", scenario.name, agg.runs);
    charts::payoff_distributions(
        &title,
        &payoff_unit(scenario),
        &agents,
        &[series(&scenario.name, agg)],
        &charts_dir.join("payoffs"),
    )?;
    let played: Vec<usize> = (0..agg.reached.len()).filter(|&r| agg.reached[r] > 0).collect();
    let shares: Vec<(String, Vec<String>, Vec<Vec<f64>>)> = players
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let rows =
                played.iter().map(|&r| (0..p.actions.len()).map(|a| agg.action_share(r, i, a)).collect()).collect();
            (p.name.clone(), p.actions.clone(), rows)
        })
        .collect();
    charts::strategy_shares(
        &format!("{}: share of runs choosing each action", scenario.name),
        &shares,
        &charts_dir.join("strategies"),
    )?;
    if let ScenarioGame::Export(_) = scenario.game {
        let rounds: Vec<usize> = played.iter().map(|r| r + 1).collect();
        let panels: Vec<(String, Vec<FanPoint>)> = EXPORT_FANS
            .iter()
            .filter_map(|(var, label)| {
                let v = state_names.iter().position(|n| n == var)?;
                let points = played
                    .iter()
                    .map(|&r| {
                        let h = &agg.state_hist[r][v];
                        let q = |x| h.quantile(x).unwrap_or(f64::NAN);
                        FanPoint { q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95) }
                    })
                    .collect();
                Some((label.to_string(), points))
            })
            .collect();
        if !panels.is_empty() {
            charts::fan_charts(
                &format!("{}: state over rounds (median, 50% and 90% bands)", scenario.name),
                &panels,
                &rounds,
                &charts_dir.join("state"),
            )?;
        }
        if let Some((us, h200)) = action_of(scenario, "us_admin", "allow_h200") {
            let (counts, never, runs) = first_round_counts(agg, us, h200);
            charts::first_round_distribution(
                &format!("{}: when does the US first permit H200?", scenario.name),
                "round (quarter) in which the US first chooses allow_h200",
                &counts,
                never,
                runs,
                &scenario.name,
                &charts_dir.join("first_h200"),
            )?;
        }
    }
    Ok(())
}

/// Draws the comparison charts of several scenarios into `dir`.
pub fn compare_charts(scenarios: &[(&Scenario, &Aggregate)], dir: &Path) -> Result<(), ChartError> {
    let (first, _) = scenarios[0];
    let agents: Vec<String> = first.game.players().iter().map(|p| p.name.clone()).collect();
    let names: Vec<&str> = scenarios.iter().map(|(s, _)| s.name.as_str()).collect();
    let series: Vec<ScenarioSeries> = scenarios.iter().map(|(s, a)| series(&s.name, a)).collect();
    charts::payoff_distributions(
        &format!("Payoff distributions: {}", names.join(" vs ")),
        &payoff_unit(first),
        &agents,
        &series,
        &dir.join("payoffs"),
    )?;
    let first_rounds: Vec<charts::FirstRoundSeries> = scenarios
        .iter()
        .filter_map(|(s, a)| {
            let (us, h200) = action_of(s, "us_admin", "allow_h200")?;
            let (c, never, runs) = first_round_counts(a, us, h200);
            Some((s.name.clone(), c, never, runs))
        })
        .collect();
    if !first_rounds.is_empty() {
        charts::first_round_distributions(
            "When does the US first permit H200?",
            "round (quarter) in which the US first chooses allow_h200",
            &first_rounds,
            &dir.join("first_h200"),
        )?;
    }
    Ok(())
}
