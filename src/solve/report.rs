//! Rendering of solver results: JSON (`to_json`), a plain-text table (`to_table`), and the
//! best-response diagram of a 2×2 game (`best_response_diagram`, drawn with plotters).

use super::SolveResult;
use crate::game::{Game, NormalForm, rational};
use serde_json::{Value, json};
use std::fmt::Write;

fn exact_json(p: &[Vec<crate::game::Rational>]) -> Value {
    Value::Array(
        p.iter().map(|s| Value::Array(s.iter().map(|x| Value::String(rational::to_string(x))).collect())).collect(),
    )
}

/// `{"method":..,"equilibria":[{"profile":..,"payoffs":..,"max_regret":..,"exact":..}],
/// "components":[{"cliques":[{"equilibria":[..],"row":[..],"col":[..]}]}], ...}`.
pub fn to_json(res: &SolveResult, game: &NormalForm) -> Value {
    let players: Vec<Value> = game.players().iter().map(|p| json!({"name": p.name, "strategies": p.actions})).collect();
    let eqs: Vec<Value> = res
        .equilibria
        .iter()
        .map(|e| {
            let mut o = json!({"profile": e.profile, "payoffs": e.payoffs, "max_regret": e.max_regret});
            if let Some(x) = &e.exact {
                o["exact"] = exact_json(x);
            }
            o
        })
        .collect();
    let mut out = json!({
        "method": res.method.map(|m| m.name()),
        "players": players,
        "equilibria": eqs,
    });
    if res.components.iter().any(|c| c.cliques.len() > 1 || c.cliques.iter().any(|q| q.equilibria.len() > 1)) {
        out["components"] = Value::Array(
            res.components
                .iter()
                .map(|c| {
                    json!({"cliques": c.cliques.iter().map(|q| json!({
                        "equilibria": q.equilibria,
                        "row": exact_json(&q.row),
                        "col": exact_json(&q.col),
                    })).collect::<Vec<_>>()})
                })
                .collect(),
        );
    }
    if !res.notes.is_empty() {
        out["notes"] = json!(res.notes);
    }
    if let Some(stop) = res.incomplete {
        out["incomplete"] = json!(stop.to_string());
    }
    if !res.path.is_empty() {
        out["path"] = Value::Array(res.path.iter().map(|(l, p)| json!({"lambda": l, "profile": p})).collect());
    }
    if let Some((g, kept)) = &res.reduced {
        out["reduced"] = json!({
            "kept": kept.iter().enumerate().map(|(i, k)| k.iter().map(|&a| game.players()[i].actions[a].clone()).collect::<Vec<_>>()).collect::<Vec<_>>(),
            "shape": g.shape(),
        });
        out["eliminated"] = Value::Array(
            res.eliminated
                .iter()
                .map(|e| json!({"round": e.round, "player": game.players()[e.player].name, "strategy": e.action_name, "strict": e.strict, "dominated_by": e.dominated_by}))
                .collect(),
        );
    }
    out
}

fn fmt_prob(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" { "0".into() } else { s }
}

/// A readable plain table: one block per equilibrium, one line per player with each strategy's
/// probability (exact where available), the payoff, and the max regret.
pub fn to_table(res: &SolveResult, game: &NormalForm) -> String {
    let mut s = String::new();
    let players = game.players();
    let method = res.method.map_or("?", |m| m.name());
    let _ = writeln!(
        s,
        "{} equilibri{} ({method})",
        res.equilibria.len(),
        if res.equilibria.len() == 1 { "um" } else { "a" }
    );
    let name_w = players.iter().map(|p| p.name.len()).max().unwrap_or(6).max(6);
    for (k, e) in res.equilibria.iter().enumerate() {
        let _ = writeln!(
            s,
            "\n#{}  max regret {}",
            k + 1,
            if e.exact.is_some() && e.max_regret == 0.0 {
                "0 (exact)".to_string()
            } else {
                format!("{:.3e}", e.max_regret)
            }
        );
        for (i, p) in players.iter().enumerate() {
            let cells: Vec<String> = p
                .actions
                .iter()
                .enumerate()
                .map(|(a, name)| {
                    let v = match &e.exact {
                        Some(x) => rational::to_string(&x[i][a]),
                        None => fmt_prob(e.profile[i][a]),
                    };
                    format!("{name}={v}")
                })
                .collect();
            let _ = writeln!(s, "  {:<name_w$}  payoff {:>10}  {}", p.name, fmt_prob(e.payoffs[i]), cells.join("  "));
        }
    }
    for (c, comp) in res.components.iter().enumerate() {
        if comp.cliques.len() > 1 || comp.cliques.iter().any(|q| q.equilibria.len() > 1) {
            let _ = writeln!(s, "\ncomponent {}:", c + 1);
            for q in &comp.cliques {
                let ids: Vec<String> = q.equilibria.iter().map(|i| format!("#{}", i + 1)).collect();
                let _ = writeln!(s, "  clique of {} extreme equilibria: {}", ids.len(), ids.join(" "));
            }
        }
    }
    if let Some((g, kept)) = &res.reduced {
        let _ = writeln!(s, "\nreduced game {:?} after eliminating {} strategies", g.shape(), res.eliminated.len());
        for e in &res.eliminated {
            let _ = writeln!(
                s,
                "  round {}: {} `{}` {} dominated",
                e.round,
                players[e.player].name,
                e.action_name,
                if e.strict { "strictly" } else { "weakly" }
            );
        }
        for (i, k) in kept.iter().enumerate() {
            let names: Vec<&str> = k.iter().map(|&a| players[i].actions[a].as_str()).collect();
            let _ = writeln!(s, "  {} keeps {}", players[i].name, names.join(", "));
        }
    }
    s
}
