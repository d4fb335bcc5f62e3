//! From aggregates to charts: chooses what to draw for a run or a comparison, from the game's
//! [`ReportHints`], and returns the charts as artefacts (`charts/<name>.png` and `.svg`).

/// Most fan panels in one figure.
const FANS_PER_FIGURE: usize = 4;

use super::Artefact;
use super::charts::{self, ChartError, Distribution, FanPoint, Figure, ScenarioSeries};
use crate::game::ReportHints;
use crate::scenario::Scenario;
use crate::stats::aggregate::View;

/// One scenario's payoff distributions, for the comparison chart.
pub fn series(name: &str, v: &View) -> ScenarioSeries {
    ScenarioSeries {
        name: name.to_string(),
        per_agent: v
            .agg
            .totals_hist
            .iter()
            .zip(&v.totals)
            .map(|(h, m)| Distribution::from_histogram(h.clone(), m.mean))
            .collect(),
    }
}

fn payoff_unit(scenario: &Scenario, hints: &ReportHints) -> String {
    let d = if scenario.repeat.discount < 1.0 {
        format!(", discounted at {}/round", scenario.repeat.discount)
    } else {
        String::new()
    };
    format!("total payoff ({}{d})", hints.payoff_unit)
}

/// `(counts by round from 1, never, runs)` of milestone `k`.
pub fn milestone_counts(v: &View, k: usize) -> (Vec<(usize, u64)>, u64, u64) {
    let counts = &v.agg.milestones[k];
    let (by_round, never) = counts.split_at(counts.len() - 1);
    (by_round.iter().enumerate().map(|(r, &c)| (r + 1, c)).collect(), never[0], v.agg.runs)
}

fn push(out: &mut Vec<Artefact>, dir: &str, name: &str, fig: Figure) {
    out.push(Artefact::new(format!("{dir}{name}.png"), fig.png));
    out.push(Artefact::new(format!("{dir}{name}.svg"), fig.svg));
}

/// The charts of one run of a scenario, under `charts/`.
pub fn run_charts(scenario: &Scenario, v: &View, state_names: &[String]) -> Result<Vec<Artefact>, ChartError> {
    let mut out = Vec::new();
    let hints = scenario.game.info().hints();
    let players = scenario.game.players();
    let agents: Vec<String> = players.iter().map(|p| p.name.clone()).collect();
    let title = format!("{}: payoff distributions over {} runs", scenario.name, v.agg.runs);
    let fig =
        charts::payoff_distributions(&title, &payoff_unit(scenario, &hints), &agents, &[series(&scenario.name, v)])?;
    push(&mut out, "charts/", "payoffs", fig);
    let played = v.played_rounds();
    let shares: Vec<(String, Vec<String>, Vec<Vec<f64>>)> = players
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let rows =
                played.iter().map(|&r| (0..p.actions.len()).map(|a| v.action_share(r, i, a)).collect()).collect();
            (p.name.clone(), p.actions.clone(), rows)
        })
        .collect();
    let fig = charts::strategy_shares(&format!("{}: share of runs choosing each action", scenario.name), &shares)?;
    push(&mut out, "charts/", "strategies", fig);
    let rounds: Vec<usize> = played.iter().map(|r| r + 1).collect();
    let panels: Vec<(String, Vec<FanPoint>)> = hints
        .fans
        .iter()
        .filter_map(|fan| {
            let var = state_names.iter().position(|n| n == fan.variable)?;
            let points = played
                .iter()
                .map(|&r| {
                    let h = &v.agg.state_hist[r][var];
                    let q = |x| h.quantile(x).unwrap_or(f64::NAN);
                    FanPoint { q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95) }
                })
                .collect();
            Some((fan.label.clone(), points))
        })
        .collect();
    if !panels.is_empty() && !rounds.is_empty() {
        // At most four panels a figure, so that captions and ticks stay readable: `state`,
        // then `state_2`, `state_3`, ...
        let pages: Vec<&[(String, Vec<FanPoint>)]> = panels.chunks(FANS_PER_FIGURE).collect();
        for (i, page) in pages.iter().enumerate() {
            let part = if pages.len() > 1 { format!(" ({} of {})", i + 1, pages.len()) } else { String::new() };
            let fig = charts::fan_charts(
                &format!("{}: state over rounds, median with 50% and 90% bands{part}", scenario.name),
                page,
                &rounds,
            )?;
            let name = if i == 0 { "state".to_string() } else { format!("state_{}", i + 1) };
            push(&mut out, "charts/", &name, fig);
        }
    }
    for (k, m) in hints.milestones.iter().enumerate() {
        let (counts, never, runs) = milestone_counts(v, k);
        let fig = charts::first_round_distribution(
            &format!("{}: {}", scenario.name, lower_first(&m.question)),
            &m.axis,
            &counts,
            never,
            runs,
            &scenario.name,
        )?;
        push(&mut out, "charts/", &milestone_file(&m.key), fig);
    }
    Ok(out)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

/// The file name of a milestone's chart. The export game's one keeps its historical name.
fn milestone_file(key: &str) -> String {
    match key {
        "us_offers_h200_or_better" => "first_h200".to_string(),
        other => format!("first_{other}"),
    }
}

/// The comparison charts of several scenarios, at the top of the results directory.
pub fn compare_charts(items: &[(&str, &Scenario, &View)]) -> Result<Vec<Artefact>, ChartError> {
    let mut out = Vec::new();
    let (_, first, _) = items[0];
    let hints = first.game.info().hints();
    let agents: Vec<String> = first.game.players().iter().map(|p| p.name.clone()).collect();
    let labels: Vec<&str> = items.iter().map(|(l, _, _)| *l).collect();
    let series: Vec<ScenarioSeries> = items.iter().map(|(l, _, v)| series(l, v)).collect();
    let fig = charts::payoff_distributions(
        &format!("Payoff distributions: {}", labels.join(" vs ")),
        &payoff_unit(first, &hints),
        &agents,
        &series,
    )?;
    push(&mut out, "", "payoffs", fig);
    for (k, m) in hints.milestones.iter().enumerate() {
        let all: Vec<charts::FirstRoundSeries> = items
            .iter()
            .filter(|(_, s, _)| s.game.info().hints().milestones.get(k).is_some_and(|o| o.key == m.key))
            .map(|(l, _, v)| {
                let (c, never, runs) = milestone_counts(v, k);
                (l.to_string(), c, never, runs)
            })
            .collect();
        if !all.is_empty() {
            let fig = charts::first_round_distributions(&m.question, &m.axis, &all)?;
            push(&mut out, "", &milestone_file(&m.key), fig);
        }
    }
    Ok(out)
}
