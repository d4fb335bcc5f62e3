//! Output schema: results become bytes here — JSON, CSV, text and every chart as PNG and SVG —
//! as a list of [`Artefact`]s that `output` writes to a results directory (atomically) and that
//! a web page or Python can use without touching the disk. Serde stays at this edge.
//!
//! What is drawn and reported for a game comes from its [`crate::game::ReportHints`]; nothing
//! here names a player or an action of a particular game.

pub mod charts;
pub mod figures;
pub mod metagame;

use crate::plan::RunPlan;
use crate::scenario::Scenario;
use crate::stats::Aggregate;
use crate::stats::aggregate::View;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// One output file: a path relative to the results directory (`/`-separated) and its bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Artefact {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Artefact {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Artefact { path: path.into(), bytes: bytes.into() }
    }

    /// A pretty-printed JSON file ending in a newline.
    pub fn json(path: impl Into<String>, v: &Value) -> Self {
        Artefact::new(path, pretty(v))
    }
}

/// Pretty JSON with a final newline.
pub fn pretty(v: &Value) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(v).expect("JSON values serialise");
    b.push(b'\n');
    b
}

/// How a result was produced, for its manifest: given by the caller (the library never reads the
/// process's arguments or clock itself).
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The command line, or a description of the call (`python: chipgame.run(...)`).
    pub command_line: Vec<String>,
    pub threads: usize,
    pub started: std::time::SystemTime,
    pub ended: std::time::SystemTime,
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("chart: {0}")]
    Chart(#[from] charts::ChartError),
}

/// Which optional parts of a report to make.
#[derive(Clone, Copy, Debug)]
pub struct ReportOptions {
    pub charts: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions { charts: true }
    }
}

/// Every file of one run's results: `summary.json`, `rounds.csv`, `charts/*.{png,svg}`.
/// The manifest is made separately ([`manifest_json`]) because the output layer completes it.
pub fn run_artefacts(plan: &RunPlan, agg: &Aggregate, opts: &ReportOptions) -> Result<Vec<Artefact>, ReportError> {
    let s = &plan.scenario;
    let view = agg.view();
    let state_names = crate::mc::state_names(plan);
    let mut out = vec![
        Artefact::json("summary.json", &summary_json(s, &view, &state_names, &crate::mc::component_names(plan))),
        Artefact::new("rounds.csv", rounds_csv(s, &view, &state_names)),
    ];
    if opts.charts {
        out.extend(figures::run_charts(s, &view, &state_names)?);
    }
    Ok(out)
}

/// Every file of a comparison: `comparison.json`, `differences.csv`, each scenario's
/// `summary.json` and `rounds.csv` under its label, and the comparison charts.
pub fn compare_artefacts(
    items: &[(&str, &RunPlan, &Aggregate)],
    opts: &ReportOptions,
) -> Result<Vec<Artefact>, ReportError> {
    let views: Vec<View> = items.iter().map(|(_, _, a)| a.view()).collect();
    let pairs: Vec<(&str, &Scenario, &View)> =
        items.iter().zip(&views).map(|((label, plan, _), v)| (*label, &plan.scenario, v)).collect();
    let mut out = vec![
        Artefact::json("comparison.json", &comparison_json(&pairs)),
        Artefact::new("differences.csv", differences_csv(&pairs)),
    ];
    for ((label, plan, _), view) in items.iter().zip(&views) {
        let state_names = crate::mc::state_names(plan);
        let comps = crate::mc::component_names(plan);
        out.push(Artefact::json(
            format!("{label}/summary.json"),
            &summary_json(&plan.scenario, view, &state_names, &comps),
        ));
        out.push(Artefact::new(format!("{label}/rounds.csv"), rounds_csv(&plan.scenario, view, &state_names)));
    }
    if opts.charts {
        out.extend(figures::compare_charts(&pairs)?);
    }
    Ok(out)
}

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
pub fn summary_json(scenario: &Scenario, v: &View, state_names: &[String], component_names: &[String]) -> Value {
    let agg = v.agg;
    let players = scenario.game.players();
    let per_player: Vec<Value> = players
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let prefix = format!("{}.", p.name);
            let comps: serde_json::Map<String, Value> = component_names
                .iter()
                .zip(&v.components)
                .filter(|(n, _)| n.starts_with(&prefix))
                .map(|(n, m)| (n[prefix.len()..].to_string(), moments_json(m)))
                .collect();
            let first: serde_json::Map<String, Value> = p
                .actions
                .iter()
                .enumerate()
                .map(|(a, name)| {
                    let counts = v.first_chosen(i, a);
                    let (by_round, never) = counts.split_at(counts.len() - 1);
                    (name.clone(), json!({ "runs_by_round": by_round, "never": never[0] }))
                })
                .collect();
            let h = &agg.totals_hist[i];
            let q: serde_json::Map<String, Value> =
                QUANTILES.iter().map(|&(name, level)| (name.to_string(), json!(h.quantile(level)))).collect();
            json!({
                "name": p.name,
                "total_payoff": moments_json(&v.totals[i]),
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
                        p.actions.iter().enumerate().map(|(a, name)| (name.clone(), json!(v.action_share(r, i, a)))).collect();
                    (p.name.clone(), Value::Object(shares))
                })
                .collect();
            let stage: serde_json::Map<String, Value> =
                players.iter().zip(&v.stage[r]).map(|(p, m)| (p.name.clone(), json!(m.mean))).collect();
            let state: serde_json::Map<String, Value> = state_names
                .iter()
                .zip(&v.state[r])
                .zip(&agg.state_hist[r])
                .map(|((n, m), h)| {
                    let mut value = moments_json(m);
                    for &(name, level) in &QUANTILES {
                        value[name] = json!(h.quantile(level));
                    }
                    (n.clone(), value)
                })
                .collect();
            json!({ "round": r + 1, "runs_reaching": agg.reached[r], "action_shares": actions, "mean_stage_payoff": stage, "state": state })
        })
        .collect();
    json!({
        "scenario": scenario.name,
        "description": scenario.description,
        "runs": agg.runs,
        "rounds_played": moments_json(&v.rounds_played),
        "players": per_player,
        "rounds": rounds,
    })
}

/// `rounds.csv`: tidy rows `round,variable,statistic,value` (rounds from 1).
pub fn rounds_csv(scenario: &Scenario, v: &View, state_names: &[String]) -> Vec<u8> {
    let agg = v.agg;
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
                rec(format!("action.{}.{}", p.name, name), "share", v.action_share(r, i, a));
            }
            rec(format!("payoff.{}", p.name), "mean", v.stage[r][i].mean);
        }
        for ((n, m), h) in state_names.iter().zip(&v.state[r]).zip(&agg.state_hist[r]) {
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
pub fn text_summary(scenario: &Scenario, v: &View, all_rounds: bool) -> String {
    let agg = v.agg;
    let players = scenario.game.players();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "scenario `{}`: {} runs, {} rounds per run (mean {:.2} played)",
        scenario.name,
        agg.runs,
        agg.reached.len(),
        v.rounds_played.mean
    );
    let width = players.iter().map(|p| p.name.len()).max().unwrap_or(6).max(6);
    let _ = writeln!(s, "\n{:<width$}  {:>14}  {:>12}  {:>29}", "player", "mean payoff", "sd", "95% CI of the mean");
    for (p, m) in players.iter().zip(&v.totals) {
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
                    let _ = write!(line, "  {:>col$.3}", v.action_share(r, i, a));
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

/// `manifest.json`: what produced a result directory. `plans` are the scenarios run (one for
/// `run`, several for `compare`); the output layer adds the list of files with their hashes.
pub fn manifest_json(plans: &[(&str, &RunPlan)], info: &RunInfo) -> Value {
    let commit = option_env!("CHIPGAME_GIT_COMMIT").filter(|c| !c.is_empty());
    let (_, first) = plans[0];
    let s = &first.scenario;
    let mut m = json!({
        "tool": "chipgame",
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": commit,
        "scenario": s.name,
        "config": s.source.path.display().to_string(),
        "config_hash": s.config_hash,
        "overrides": s.overrides.0.iter().map(|o| o.to_string()).collect::<Vec<_>>(),
        "seed": s.repeat.seed,
        "runs": s.repeat.runs,
        "rounds": s.repeat.rounds,
        "threads": info.threads,
        "command_line": info.command_line,
        "start_time": utc(info.started),
        "end_time": utc(info.ended),
    });
    if plans.len() > 1 {
        m["scenarios"] = json!(plans
            .iter()
            .map(|(label, p)| {
                let s = &p.scenario;
                json!({"label": label, "name": s.name, "config": s.source.path.display().to_string(), "config_hash": s.config_hash, "seed": s.repeat.seed, "runs": s.repeat.runs, "rounds": s.repeat.rounds})
            })
            .collect::<Vec<_>>());
    }
    m
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
fn mean_difference(a: &View, b: &View, i: usize) -> (f64, f64, f64) {
    let (ma, mb) = (&a.totals[i], &b.totals[i]);
    let se = (ma.sd().powi(2) / ma.n.max(1) as f64 + mb.sd().powi(2) / mb.n.max(1) as f64).sqrt();
    let d = mb.mean - ma.mean;
    (d, d - 1.959_963_984_540_054 * se, d + 1.959_963_984_540_054 * se)
}

/// `(key, phrase, horizon, probability)` for each milestone of the game and each of its horizons.
fn milestone_probabilities(s: &Scenario, v: &View) -> Vec<(String, String, usize, f64)> {
    let hints = s.game.info().hints();
    let mut out = Vec::new();
    for (k, m) in hints.milestones.iter().enumerate() {
        for &h in &m.horizons {
            out.push((m.key.to_string(), m.phrase.to_string(), h, v.milestone_within(k, h)));
        }
    }
    out
}

/// `comparison.json`: per scenario and player the mean, 95% CI, 90% interval (5%–95%), and the
/// difference in means against the first scenario.
pub fn comparison_json(pairs: &[(&str, &Scenario, &View)]) -> Value {
    let (_, _, base) = pairs[0];
    let list: Vec<Value> = pairs
        .iter()
        .map(|(label, s, agg)| {
            let players: Vec<Value> = s
                .game
                .players()
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let m = &agg.totals[i];
                    let h = m.ci95_half_width();
                    let (d, lo, hi) = mean_difference(base, agg, i);
                    let hist = &agg.agg.totals_hist[i];
                    json!({
                        "name": p.name,
                        "mean": m.mean,
                        "ci95": [m.mean - h, m.mean + h],
                        "interval90": [hist.quantile(0.05), hist.quantile(0.95)],
                        "difference_vs_first": { "mean": d, "ci95": [lo, hi] },
                    })
                })
                .collect();
            let mut v = json!({
                "scenario": label,
                "runs": agg.agg.runs,
                "players": players,
            });
            for (key, _, h, p) in milestone_probabilities(s, agg) {
                v[format!("p_{key}_within_{h}_rounds")] = json!(p);
            }
            v
        })
        .collect();
    json!({ "baseline": pairs[0].0, "scenarios": list })
}

/// `differences.csv`: `scenario,player,mean,ci95_low,ci95_high,diff_vs_first,diff_ci95_low,diff_ci95_high`.
pub fn differences_csv(pairs: &[(&str, &Scenario, &View)]) -> Vec<u8> {
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
    let (_, _, base) = pairs[0];
    for (label, s, agg) in pairs {
        for (i, p) in s.game.players().iter().enumerate() {
            let m = &agg.totals[i];
            let h = m.ci95_half_width();
            let (d, lo, hi) = mean_difference(base, agg, i);
            let row = [m.mean, m.mean - h, m.mean + h, d, lo, hi].map(|x| x.to_string());
            w.write_record([*label, p.name.as_str()].into_iter().chain(row.iter().map(|x| x.as_str())))
                .expect("writing to memory cannot fail");
        }
    }
    w.into_inner().expect("writing to memory cannot fail")
}

/// The plain-text comparison printed by `chipgame compare`.
pub fn comparison_text(pairs: &[(&str, &Scenario, &View)]) -> String {
    let (base_label, base_s, base) = pairs[0];
    let mut s = String::new();
    let _ = writeln!(
        s,
        "mean total payoff [90% of runs between], and the difference from `{}` with its 95% CI",
        base_label
    );
    let players = base_s.game.players();
    let width = players.iter().map(|p| p.name.len()).max().unwrap_or(6).max(8);
    for (label, sc, agg) in pairs {
        let _ = writeln!(s, "\nscenario `{}` ({} runs)", label, agg.agg.runs);
        for (i, p) in players.iter().enumerate() {
            let m = &agg.totals[i];
            let q = |x| agg.agg.totals_hist[i].quantile(x).unwrap_or(f64::NAN);
            let (d, lo, hi) = mean_difference(base, agg, i);
            let diff = if std::ptr::eq(*agg, base) {
                String::new()
            } else {
                format!("   diff {d:+10.3} [{lo:+.3}, {hi:+.3}]")
            };
            let _ = writeln!(s, "  {:<width$} {:>10.3}  [{:>9.3}, {:>9.3}]{diff}", p.name, m.mean, q(0.05), q(0.95));
        }
        for (_, phrase, h, p) in milestone_probabilities(sc, agg) {
            let _ = writeln!(s, "  P({phrase} within {h} rounds) = {p:.3}");
        }
    }
    s
}
