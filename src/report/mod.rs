//! Output schema and sinks: results become bytes here (JSON, CSV, text), and [`output`] writes
//! them to a results directory atomically. Serde stays at this edge.

pub mod charts;
pub mod figures;
pub mod output;

use crate::mc::Aggregate;
use crate::scenario::Scenario;
use serde_json::{Value, json};
use std::fmt::Write as _;

fn moments_json(m: &crate::stats::Moments) -> Value {
    let h = m.ci95_half_width();
    json!({ "mean": m.mean, "sd": m.sd(), "ci95": [m.mean - h, m.mean + h], "min": m.min, "max": m.max, "n": m.n })
}

/// Quantile levels reported everywhere, with their names. They are estimated from histograms
/// whose edges a pilot fixed (error at most one bin width; `mc::N_BINS` bins over the pilot's
/// padded range; exact at 0 and 1).
pub const QUANTILES: [(&str, f64); 7] =
    [("q01", 0.01), ("q05", 0.05), ("q25", 0.25), ("q50", 0.5), ("q75", 0.75), ("q95", 0.95), ("q99", 0.99)];

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
            let h = &agg.totals_hist[i];
            let q: serde_json::Map<String, Value> =
                QUANTILES.iter().map(|&(name, level)| (name.to_string(), json!(h.quantile(level)))).collect();
            json!({
                "name": p.name,
                "total_payoff": moments_json(&agg.totals[i]),
                "quantiles": q,
                "histogram": h.to_json(),
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
            let state: serde_json::Map<String, Value> = state_names
                .iter()
                .zip(&agg.state[r])
                .zip(&agg.state_hist[r])
                .map(|((n, m), h)| {
                    let mut v = moments_json(m);
                    for &(name, level) in &QUANTILES {
                        v[name] = json!(h.quantile(level));
                    }
                    (n.clone(), v)
                })
                .collect();
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
        for ((n, m), h) in state_names.iter().zip(&agg.state[r]).zip(&agg.state_hist[r]) {
            rec(format!("state.{n}"), "mean", m.mean);
            rec(format!("state.{n}"), "sd", m.sd());
            for &(name, level) in &QUANTILES {
                rec(format!("state.{n}"), name, h.quantile(level).unwrap_or(f64::NAN));
            }
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

/// Difference in means of player `i`'s total payoff, `b − a`, with a 95% normal-approximation
/// confidence interval (independent runs: standard errors add in quadrature).
fn mean_difference(a: &Aggregate, b: &Aggregate, i: usize) -> (f64, f64, f64) {
    let (ma, mb) = (&a.totals[i], &b.totals[i]);
    let se = (ma.sd().powi(2) / ma.n.max(1) as f64 + mb.sd().powi(2) / mb.n.max(1) as f64).sqrt();
    let d = mb.mean - ma.mean;
    (d, d - 1.959_963_984_540_054 * se, d + 1.959_963_984_540_054 * se)
}

/// Rounds within which the US's first choice of `allow_h200` is counted in comparisons.
pub const PERMIT_HORIZON: usize = 8;

fn h200_within(s: &Scenario, agg: &Aggregate, k: usize) -> Option<f64> {
    let players = s.game.players();
    let us = players.iter().position(|p| p.name == "us_admin")?;
    let a = players[us].action_index("allow_h200")?;
    Some(chosen_within(agg, us, a, k))
}

/// `comparison.json`: per scenario and player the mean, 95% CI, 90% interval (5%–95%), and the
/// difference in means against the first scenario.
pub fn comparison_json(pairs: &[(&Scenario, &Aggregate)]) -> Value {
    let (_, base) = pairs[0];
    let list: Vec<Value> = pairs
        .iter()
        .map(|(s, agg)| {
            let players: Vec<Value> = s
                .game
                .players()
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let m = &agg.totals[i];
                    let h = m.ci95_half_width();
                    let (d, lo, hi) = mean_difference(base, agg, i);
                    json!({
                        "name": p.name,
                        "mean": m.mean,
                        "ci95": [m.mean - h, m.mean + h],
                        "interval90": [agg.totals_hist[i].quantile(0.05), agg.totals_hist[i].quantile(0.95)],
                        "difference_vs_first": { "mean": d, "ci95": [lo, hi] },
                    })
                })
                .collect();
            json!({
                "scenario": s.name,
                "runs": agg.runs,
                "players": players,
                "p_us_permits_h200_within_8_rounds": h200_within(s, agg, PERMIT_HORIZON),
            })
        })
        .collect();
    json!({ "baseline": pairs[0].0.name, "scenarios": list })
}

/// `differences.csv`: `scenario,player,mean,ci95_low,ci95_high,diff_vs_first,diff_ci95_low,diff_ci95_high`.
pub fn differences_csv(pairs: &[(&Scenario, &Aggregate)]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "player",
        "mean",
        "ci95_low",
        "ci95_high",
        "diff_vs_first",
        "diff_ci95_low",
        "diff_ci95_high",
    ])
    .expect("writing to memory cannot fail");
    let (_, base) = pairs[0];
    for (s, agg) in pairs {
        for (i, p) in s.game.players().iter().enumerate() {
            let m = &agg.totals[i];
            let h = m.ci95_half_width();
            let (d, lo, hi) = mean_difference(base, agg, i);
            let row = [m.mean, m.mean - h, m.mean + h, d, lo, hi].map(|x| x.to_string());
            w.write_record([s.name.as_str(), p.name.as_str()].into_iter().chain(row.iter().map(|x| x.as_str())))
                .expect("writing to memory cannot fail");
        }
    }
    w.into_inner().expect("writing to memory cannot fail")
}

/// The plain-text comparison printed by `chipgame compare`.
pub fn comparison_text(pairs: &[(&Scenario, &Aggregate)]) -> String {
    let (base_s, base) = pairs[0];
    let mut s = String::new();
    let _ = writeln!(
        s,
        "mean total payoff [90% of runs between], and the difference from `{}` with its 95% CI",
        base_s.name
    );
    let players = base_s.game.players();
    let width = players.iter().map(|p| p.name.len()).max().unwrap_or(6).max(8);
    for (sc, agg) in pairs {
        let _ = writeln!(s, "\nscenario `{}` ({} runs)", sc.name, agg.runs);
        for (i, p) in players.iter().enumerate() {
            let m = &agg.totals[i];
            let q = |x| agg.totals_hist[i].quantile(x).unwrap_or(f64::NAN);
            let (d, lo, hi) = mean_difference(base, agg, i);
            let diff = if std::ptr::eq(*agg, base) {
                String::new()
            } else {
                format!("   diff {d:+10.3} [{lo:+.3}, {hi:+.3}]")
            };
            let _ = writeln!(s, "  {:<width$} {:>10.3}  [{:>9.3}, {:>9.3}]{diff}", p.name, m.mean, q(0.05), q(0.95));
        }
        if let Some(p) = h200_within(sc, agg, PERMIT_HORIZON) {
            let _ = writeln!(s, "  P(US permits H200 within {PERMIT_HORIZON} rounds) = {p:.3}");
        }
    }
    s
}
