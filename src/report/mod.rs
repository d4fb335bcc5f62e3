//! Output schema and sinks: results become bytes here (JSON, CSV, text), and [`output`] writes
//! them to a results directory atomically. Serde stays at this edge.

pub mod charts;
pub mod output;

use crate::mc::Aggregate;
use crate::scenario::Scenario;
use serde_json::{Value, json};
use std::fmt::Write as _;

fn moments_json(m: &crate::stats::Moments) -> Value {
    let h = m.ci95_half_width();
    json!({ "mean": m.mean, "sd": m.sd(), "ci95": [m.mean - h, m.mean + h], "min": m.min, "max": m.max, "n": m.n })
}

/// `summary.json`: per player the distribution of total payoffs; per round the action shares and
/// the state variables.
pub fn summary_json(scenario: &Scenario, agg: &Aggregate, state_names: &[String], component_names: &[String]) -> Value {
    let players = scenario.game.players();
    let per_player: Vec<Value> = players
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let prefix = format!("{}.", p.name);
            let comps: serde_json::Map<String, Value> = component_names
                .iter()
                .zip(&agg.components)
                .filter(|(n, _)| n.starts_with(&prefix))
                .map(|(n, m)| (n[prefix.len()..].to_string(), moments_json(m)))
                .collect();
            let first: serde_json::Map<String, Value> = p
                .actions
                .iter()
                .enumerate()
                .map(|(a, name)| {
                    let counts = &agg.first_chosen[agg.offsets[i] + a];
                    let (by_round, never) = counts.split_at(counts.len() - 1);
                    (name.clone(), json!({ "runs_by_round": by_round, "never": never[0] }))
                })
                .collect();
            json!({
                "name": p.name,
                "total_payoff": moments_json(&agg.totals[i]),
                "components": comps,
                "first_round_chosen": first,
            })
        })
        .collect();
    let rounds: Vec<Value> = (0..agg.reached.len())
        .filter(|&r| agg.reached[r] > 0)
        .map(|r| {
            let actions: serde_json::Map<String, Value> = players
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let shares: serde_json::Map<String, Value> =
                        p.actions.iter().enumerate().map(|(a, name)| (name.clone(), json!(agg.action_share(r, i, a)))).collect();
                    (p.name.clone(), Value::Object(shares))
                })
                .collect();
            let stage: serde_json::Map<String, Value> =
                players.iter().zip(&agg.stage[r]).map(|(p, m)| (p.name.clone(), json!(m.mean))).collect();
            let state: serde_json::Map<String, Value> =
                state_names.iter().zip(&agg.state[r]).map(|(n, m)| (n.clone(), moments_json(m))).collect();
            json!({ "round": r + 1, "runs_reaching": agg.reached[r], "action_shares": actions, "mean_stage_payoff": stage, "state": state })
        })
        .collect();
    json!({
        "scenario": scenario.name,
        "description": scenario.description,
        "runs": agg.runs,
        "rounds_played": moments_json(&agg.rounds_played),
        "players": per_player,
        "rounds": rounds,
    })
}

/// `rounds.csv`: tidy rows `round,variable,statistic,value` (rounds from 1).
pub fn rounds_csv(scenario: &Scenario, agg: &Aggregate, state_names: &[String]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["round", "variable", "statistic", "value"]).expect("writing to memory cannot fail");
    let players = scenario.game.players();
    for r in 0..agg.reached.len() {
        if agg.reached[r] == 0 {
            continue;
        }
        let round = (r + 1).to_string();
        let mut rec = |var: String, stat: &str, v: f64| {
            w.write_record([round.as_str(), var.as_str(), stat, &v.to_string()])
                .expect("writing to memory cannot fail");
        };
        rec("runs".into(), "reaching", agg.reached[r] as f64);
        for (i, p) in players.iter().enumerate() {
            for (a, name) in p.actions.iter().enumerate() {
                rec(format!("action.{}.{}", p.name, name), "share", agg.action_share(r, i, a));
            }
            rec(format!("payoff.{}", p.name), "mean", agg.stage[r][i].mean);
        }
        for (n, m) in state_names.iter().zip(&agg.state[r]) {
            rec(format!("state.{n}"), "mean", m.mean);
            rec(format!("state.{n}"), "sd", m.sd());
        }
    }
    w.into_inner().expect("writing to memory cannot fail")
}

/// The plain-text report printed by `chipgame run`.
/// Share of runs in which `player` chose `action` within the first `k` rounds.
pub fn chosen_within(agg: &Aggregate, player: usize, action: usize, k: usize) -> f64 {
    let counts = &agg.first_chosen[agg.offsets[player] + action];
    let hits: u64 = counts[..counts.len() - 1].iter().take(k).sum();
    if agg.runs == 0 { 0.0 } else { hits as f64 / agg.runs as f64 }
}

pub fn text_summary(scenario: &Scenario, agg: &Aggregate, all_rounds: bool) -> String {
    let players = scenario.game.players();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "scenario `{}`: {} runs, {} rounds per run (mean {:.2} played)",
        scenario.name,
        agg.runs,
        agg.reached.len(),
        agg.rounds_played.mean
    );
    let width = players.iter().map(|p| p.name.len()).max().unwrap_or(6).max(6);
    let _ = writeln!(s, "\n{:<width$}  {:>14}  {:>12}  {:>29}", "player", "mean payoff", "sd", "95% CI of the mean");
    for (p, m) in players.iter().zip(&agg.totals) {
        let h = m.ci95_half_width();
        let _ = writeln!(
            s,
            "{:<width$}  {:>14.4}  {:>12.4}  [{:>12.4}, {:>12.4}]",
            p.name,
            m.mean,
            m.sd(),
            m.mean - h,
            m.mean + h
        );
    }
    let rounds: Vec<usize> = (0..agg.reached.len()).filter(|&r| agg.reached[r] > 0).collect();
    let shown: Vec<usize> = if all_rounds || rounds.len() <= 24 {
        rounds.clone()
    } else {
        let mut v: Vec<usize> = rounds.iter().copied().take(10).collect();
        let step = (rounds.len() / 10).max(1);
        v.extend(rounds.iter().copied().skip(10).step_by(step));
        if let Some(&last) = rounds.last()
            && v.last() != Some(&last)
        {
            v.push(last);
        }
        v
    };
    let _ = writeln!(s, "\naction frequencies per round (share of runs reaching the round):");
    // One block of columns per group of players, so wide games stay readable.
    let total_cols: usize = players.iter().map(|p| p.actions.len()).sum();
    let groups: Vec<Vec<usize>> = if total_cols <= 12 {
        vec![(0..players.len()).collect()]
    } else {
        (0..players.len()).map(|i| vec![i]).collect()
    };
    for group in groups {
        let labels: Vec<String> = group
            .iter()
            .flat_map(|&i| players[i].actions.iter().map(move |a| truncate(&format!("{}:{}", players[i].name, a), 24)))
            .collect();
        let col = labels.iter().map(|l| l.chars().count()).max().unwrap_or(6).max(6);
        let mut header = format!("{:>6}", "round");
        for l in &labels {
            let _ = write!(header, "  {l:>col$}");
        }
        let _ = writeln!(s, "{header}");
        for &r in &shown {
            let mut line = format!("{:>6}", r + 1);
            for &i in &group {
                for a in 0..players[i].actions.len() {
                    let _ = write!(line, "  {:>col$.3}", agg.action_share(r, i, a));
                }
            }
            let _ = writeln!(s, "{line}");
        }
    }
    if shown.len() < rounds.len() {
        let _ = writeln!(
            s,
            "({} of {} rounds shown; `--all-rounds` prints every round, rounds.csv has them all)",
            shown.len(),
            rounds.len()
        );
    }
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n - 1).chain(['…']).collect() }
}

/// `manifest.json`: what produced a result directory.
pub fn manifest_json(
    scenario: &Scenario,
    repeat: &crate::scenario::Repeat,
    threads: usize,
    started: std::time::SystemTime,
    ended: std::time::SystemTime,
) -> Value {
    let commit = option_env!("CHIPGAME_GIT_COMMIT").filter(|c| !c.is_empty());
    json!({
        "tool": "chipgame",
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": commit,
        "scenario": scenario.name,
        "config_hash": scenario.config_hash,
        "seed": repeat.seed,
        "runs": repeat.runs,
        "rounds": repeat.rounds,
        "threads": threads,
        "command_line": std::env::args().collect::<Vec<_>>(),
        "start_time": utc(started),
        "end_time": utc(ended),
    })
}

/// An ISO 8601 UTC timestamp (seconds) from a system time.
pub fn utc(t: std::time::SystemTime) -> String {
    let secs = t.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}
