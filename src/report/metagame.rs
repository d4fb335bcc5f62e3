//! The files and text of a meta-game: `metagame.json`, `payoffs.csv`, `metagame.nfg` (the mean
//! table as a Gambit strategic-form file), and the payoff-table and regret charts.

use super::{Artefact, ReportError, ReportOptions, charts};
use crate::game::NormalForm;
use crate::scenario::Scenario;
use crate::study::metagame::Analysis;
use serde_json::json;
use std::fmt::Write as _;

/// A profile as `policy / policy / ...`, players with a single policy left out.
fn profile_label(a: &Analysis, profile: &[String]) -> String {
    let parts: Vec<&str> =
        profile.iter().enumerate().filter(|&(i, _)| a.policies[i].len() > 1).map(|(_, p)| p.as_str()).collect();
    if parts.is_empty() { "(one profile)".into() } else { parts.join(" / ") }
}

/// An equilibrium's strategies in words: `player: policy` or `player: 0.4 a + 0.6 b`.
pub fn strategy_label(a: &Analysis, strategy: &[Vec<f64>]) -> String {
    shown_strategy(a, strategy, 1e-9)
}

/// Like [`strategy_label`], leaving out policies at or below probability `floor`.
fn shown_strategy(a: &Analysis, strategy: &[Vec<f64>], floor: f64) -> String {
    let mut parts = Vec::new();
    for (i, s) in strategy.iter().enumerate() {
        if a.policies[i].len() < 2 {
            continue;
        }
        let terms: Vec<String> = s
            .iter()
            .enumerate()
            .filter(|&(_, &p)| p > floor)
            .map(
                |(k, &p)| {
                    if p >= 1.0 - floor { a.policies[i][k].clone() } else { format!("{:.3} {}", p, a.policies[i][k]) }
                },
            )
            .collect();
        parts.push(format!("{}: {}", a.players[i], terms.join(" + ")));
    }
    parts.join(", ")
}

/// `payoffs.csv`: one row per profile: the policy of each player, then per player the mean, its
/// standard error and 95% interval.
fn payoffs_csv(a: &Analysis) -> String {
    let mut s = String::new();
    let head: Vec<String> = a
        .players
        .iter()
        .map(|p| format!("policy.{p}"))
        .chain(a.players.iter().flat_map(|p| ["mean", "se", "ci95_low", "ci95_high"].map(|k| format!("{k}.{p}"))))
        .collect();
    let _ = writeln!(s, "{}", head.join(","));
    for c in &a.table {
        let mut row: Vec<String> = c.profile.clone();
        for p in 0..a.players.len() {
            row.extend([c.mean[p], c.se[p], c.ci95[p][0], c.ci95[p][1]].map(|x| x.to_string()));
        }
        let _ = writeln!(s, "{}", row.join(","));
    }
    s
}

/// Every file of a meta-game.
pub fn metagame_artefacts(
    scenario: &Scenario,
    a: &Analysis,
    table: Option<&NormalForm>,
    opts: &ReportOptions,
) -> Result<Vec<Artefact>, ReportError> {
    let mut doc = json!({
        "scenario": scenario.name,
        "description": scenario.description,
        "rounds": scenario.repeat.rounds,
        "seed": scenario.repeat.seed,
    });
    let body = serde_json::to_value(a).expect("the analysis serialises");
    for (k, v) in body.as_object().expect("an object") {
        doc[k] = v.clone();
    }
    for (e, eq) in a.equilibria.iter().enumerate() {
        doc["equilibria"][e]["label"] = json!(strategy_label(a, &eq.strategy));
    }
    let mut out = vec![Artefact::json("metagame.json", &doc), Artefact::new("payoffs.csv", payoffs_csv(a))];
    if let Some(g) = table {
        out.push(Artefact::new("metagame.nfg", crate::game::nfg::write(g)));
    }
    if opts.charts {
        let profiles: Vec<String> = a.table.iter().map(|c| profile_label(a, &c.profile)).collect();
        let means: Vec<Vec<f64>> = a.table.iter().map(|c| c.mean.clone()).collect();
        let se: Vec<Vec<f64>> = a.table.iter().map(|c| c.se.clone()).collect();
        let title = format!("{}: mean payoff of every policy profile ({} runs each)", scenario.name, a.runs);
        let header: Vec<&str> =
            a.players.iter().zip(&a.policies).filter(|(_, p)| p.len() > 1).map(|(n, _)| n.as_str()).collect();
        let fig = charts::metagame_table(&title, &header.join(" / "), &a.players, &profiles, &means, &se)?;
        out.push(Artefact::new("charts/metagame_payoffs.png", fig.png));
        out.push(Artefact::new("charts/metagame_payoffs.svg", fig.svg));
        if !a.equilibria.is_empty() {
            let labels: Vec<String> = a
                .equilibria
                .iter()
                .enumerate()
                .map(|(e, q)| format!("#{} {}", e + 1, strategy_label(a, &q.strategy)))
                .collect();
            // Only the players who choose: the others have one policy and no regret.
            let who: Vec<usize> = (0..a.players.len()).filter(|&i| a.policies[i].len() > 1).collect();
            let names: Vec<String> = who.iter().map(|&i| a.players[i].clone()).collect();
            let regret: Vec<Vec<f64>> =
                a.equilibria.iter().map(|q| who.iter().map(|&i| q.regret[i]).collect()).collect();
            let ci: Vec<Vec<[f64; 2]>> =
                a.equilibria.iter().map(|q| who.iter().map(|&i| q.regret_ci95[i]).collect()).collect();
            let unit = scenario.game.info().hints().payoff_unit;
            let title = format!("{}: regret of each meta-game equilibrium", scenario.name);
            let fig = charts::metagame_regret(&title, unit, &names, &labels, &regret, &ci)?;
            out.push(Artefact::new("charts/metagame_regret.png", fig.png));
            out.push(Artefact::new("charts/metagame_regret.svg", fig.svg));
        }
    }
    Ok(out)
}

/// The meta-game as text: the table, the equilibria with regret intervals and survival, the
/// replicator's end point, and the notes.
pub fn metagame_text(scenario: &Scenario, a: &Analysis) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "meta-game `{}`: {} profiles x {} runs, {} rounds per run, {} bootstrap resamples\n",
        scenario.name,
        a.table.len(),
        a.runs,
        scenario.repeat.rounds,
        a.bootstrap
    );
    let width = a.table.iter().map(|c| profile_label(a, &c.profile).chars().count()).max().unwrap_or(8).max(7);
    let _ = write!(s, "{:<width$}", "profile");
    for p in &a.players {
        let _ = write!(s, "  {:>20}", p);
    }
    let _ = writeln!(s);
    for c in &a.table {
        let _ = write!(s, "{:<width$}", profile_label(a, &c.profile));
        for p in 0..a.players.len() {
            let _ = write!(s, "  {:>20}", format!("{:.3} ± {:.3}", c.mean[p], c.se[p]));
        }
        let _ = writeln!(s);
    }
    match &a.method {
        None => {}
        Some(m) => {
            let _ = writeln!(
                s,
                "\n{} equilibri{} ({m}):",
                a.equilibria.len(),
                if a.equilibria.len() == 1 { "um" } else { "a" }
            );
            for (e, q) in a.equilibria.iter().enumerate() {
                let _ = writeln!(s, "#{} {}", e + 1, strategy_label(a, &q.strategy));
                let pay: Vec<String> = a.players.iter().zip(&q.payoffs).map(|(p, v)| format!("{p} {v:.3}")).collect();
                let _ = writeln!(s, "   payoffs: {}", pay.join(", "));
                let reg: Vec<String> = (0..a.players.len())
                    .filter(|&i| a.policies[i].len() > 1)
                    .map(|i| {
                        let (r, ci) = (q.regret[i], q.regret_ci95[i]);
                        format!("{} {r:.3} [{:.3}, {:.3}]", a.players[i], ci[0], ci[1])
                    })
                    .collect();
                let _ = writeln!(s, "   regret [95% bootstrap]: {}", reg.join(", "));
                if let Some(v) = q.survival {
                    let _ = writeln!(s, "   survives {:.1}% of bootstrap resamples", 100.0 * v);
                }
            }
        }
    }
    if let Some(r) = &a.replicator {
        let _ = writeln!(
            s,
            "\nreplicator dynamics from the uniform profile ({} after {} steps): {}",
            if r.converged { "converged" } else { "not converged" },
            r.steps,
            shown_strategy(a, &r.end, 5e-4)
        );
    }
    for n in &a.notes {
        let _ = writeln!(s, "note: {n}");
    }
    s
}
