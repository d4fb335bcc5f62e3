//! Text and JSON renderings of a tree's solutions: behaviour strategies per information set,
//! beliefs where the set is reached, payoffs and the maximum-regret check of every profile.
//! Both return their output (a `String`, a `serde_json::Value`); writing is the caller's job.

use super::tree::{Owner, Tree};
use super::{Solved, TreeSolution};
use crate::game::Rational;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// A one-line summary of the tree.
pub fn describe(tree: &Tree) -> String {
    let sets = tree.infosets().iter().filter(|h| h.owner != Owner::Chance).count();
    format!(
        "{} ({} players, {} nodes, {} information sets; {}, {})",
        if tree.title().is_empty() { "untitled game" } else { tree.title() },
        tree.n_players(),
        tree.nodes().len(),
        sets,
        if tree.has_perfect_information() { "perfect information" } else { "imperfect information" },
        if tree.has_perfect_recall() { "perfect recall" } else { "imperfect recall" }
    )
}

/// An exact number as a terminating decimal when it has one (`0.25`), else as `p/q`.
fn exact_text(q: &Rational) -> String {
    super::gambit::number_text(q)
}

fn fmt_prob(x: f64, exact: Option<&Rational>) -> String {
    match exact {
        Some(q) => exact_text(q),
        None => format!("{x:.6}"),
    }
}

/// A float in short form: integers without decimals, small numbers in scientific notation,
/// others with at most six decimals.
fn fmt_num(x: f64) -> String {
    if x == x.round() && x.abs() < 1e15 {
        format!("{x:.0}")
    } else if x.abs() < 1e-4 {
        format!("{x:.3e}")
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The profiles as plain text: per profile its payoffs, regret, and per information set the
/// action probabilities, the reach probability and, where it has several nodes and is reached,
/// the beliefs.
pub fn to_text(tree: &Tree, sol: &TreeSolution) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Game: {}", describe(tree));
    let method = sol.method.map(|m| m.name()).unwrap_or_default();
    let one = sol.profiles.len() == 1;
    let what = match sol.method {
        Some(super::TreeMethod::Spe) if one => "subgame-perfect equilibrium",
        Some(super::TreeMethod::Spe) => "subgame-perfect equilibria",
        Some(super::TreeMethod::Logit) => "logit limit",
        _ if one => "equilibrium",
        _ => "equilibria",
    };
    let _ = writeln!(s, "Method: {method} — {} {what}", sol.profiles.len());
    if let Some(stop) = sol.incomplete {
        let _ = writeln!(s, "Stopped early: {stop}; the list may be incomplete.");
    }
    if sol.truncated {
        let _ = writeln!(s, "The list is cut at {} equilibria.", super::MAX_SPE);
    }
    if let Some(l) = sol.lambda {
        let _ = writeln!(s, "Traced to lambda = {l:.6e}");
    }
    if let Some(n) = &sol.note {
        let _ = writeln!(s, "Note: {n}");
    }
    if let Some(p) = sol.pivots {
        let _ = writeln!(s, "Pivots: {p}");
    }
    for e in &sol.eliminated {
        let _ = writeln!(s, "Eliminated {e}");
    }
    for (k, solved) in sol.profiles.iter().enumerate() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Profile {}", k + 1);
        write_profile(&mut s, tree, solved, sol);
    }
    s
}

fn write_profile(s: &mut String, tree: &Tree, solved: &Solved, sol: &TreeSolution) {
    let c = &solved.check;
    let pays: Vec<String> = (0..tree.n_players())
        .map(|i| {
            let v = match &c.exact_payoffs {
                Some(e) => exact_text(&e[i]),
                None => fmt_num(c.payoffs[i]),
            };
            format!("{} {v}", tree.player_name(i))
        })
        .collect();
    let _ = writeln!(s, "  payoffs: {}", pays.join(", "));
    let regret = match &c.exact_max_regret {
        Some(r) => format!("{} (exact)", exact_text(r)),
        None => format!("{:.3e}", c.max_regret),
    };
    let _ = writeln!(s, "  max regret: {regret}, against the {}", c.regret_basis.name());
    if let (Some(mixed), Some(r)) = (&solved.mixed, solved.mixed_regret) {
        for (i, m) in mixed.iter().enumerate() {
            let parts: Vec<String> = m
                .iter()
                .enumerate()
                .filter(|(_, p)| **p > 0.0)
                .map(|(a, p)| format!("{} {}", sol.strategy_labels[i][a], fmt_num(*p)))
                .collect();
            let _ = writeln!(s, "  {} mixes {}", tree.player_name(i), parts.join(", "));
        }
        let _ = writeln!(s, "  (normal-form regret of the mixed profile: {r:.3e})");
    }
    for v in &c.infosets {
        let h = v.infoset;
        let set = tree.infoset(h);
        let probs: Vec<String> = (0..set.actions.len())
            .map(|a| {
                let ex = solved.profile.exact.as_ref().map(|e| &e[h][a]);
                format!("{} {}", tree.action_name(h, a), fmt_prob(solved.profile.probs[h][a], ex))
            })
            .collect();
        let _ = writeln!(s, "  {} (reach {}): {}", tree.describe_infoset(h), fmt_num(v.reach), probs.join(", "));
        if set.members.len() > 1
            && let Some(b) = &v.beliefs
        {
            let parts: Vec<String> = set
                .members
                .iter()
                .enumerate()
                .map(|(k, &m)| {
                    let ex = v.exact_beliefs.as_ref().map(|e| &e[k]);
                    format!("{} {}", tree.describe_node(m), fmt_prob(b[k], ex))
                })
                .collect();
            let _ = writeln!(s, "      beliefs: {}", parts.join("; "));
        }
    }
}

fn exact_or_null(x: Option<&Rational>) -> Value {
    x.map_or(Value::Null, |q| Value::String(exact_text(q)))
}

/// The profiles as JSON: `{ game, method, incomplete, truncated, lambda, pivots, profiles: [...] }`
/// where each profile has `payoffs`, `max_regret`, `regret_basis`, `agent_max_regret` and
/// `infosets` (player, name, reach, actions with probabilities and conditional values,
/// beliefs); exact numbers appear as strings (`"0.25"`, `"1/3"`) beside their floating-point
/// values.
pub fn to_json(tree: &Tree, sol: &TreeSolution) -> Value {
    let profiles: Vec<Value> = sol.profiles.iter().map(|p| profile_json(tree, p, sol)).collect();
    json!({
        "game": {
            "title": tree.title(),
            "players": (0..tree.n_players()).map(|i| tree.player_name(i)).collect::<Vec<_>>(),
            "nodes": tree.nodes().len(),
            "information_sets": tree.infosets().iter().filter(|h| h.owner != Owner::Chance).count(),
            "perfect_information": tree.has_perfect_information(),
            "perfect_recall": tree.has_perfect_recall(),
        },
        "method": sol.method.map(|m| m.name()),
        "incomplete": sol.incomplete.map(|s| s.to_string()),
        "truncated": sol.truncated,
        "lambda": sol.lambda,
        "note": sol.note,
        "pivots": sol.pivots,
        "strategy_labels": sol.strategy_labels,
        "eliminated": sol.eliminated,
        "profiles": profiles,
    })
}

fn profile_json(tree: &Tree, solved: &Solved, _sol: &TreeSolution) -> Value {
    let c = &solved.check;
    let sets: Vec<Value> = c
        .infosets
        .iter()
        .map(|v| {
            let h = v.infoset;
            let set = tree.infoset(h);
            let Owner::Player(i) = set.owner else { unreachable!("views cover players' sets") };
            let actions: Vec<Value> = (0..set.actions.len())
                .map(|a| {
                    json!({
                        "action": set.actions[a],
                        "prob": solved.profile.probs[h][a],
                        "exact": exact_or_null(solved.profile.exact.as_ref().map(|e| &e[h][a])),
                        "value": v.action_values.as_ref().map(|x| x[a]),
                    })
                })
                .collect();
            let beliefs: Value = match &v.beliefs {
                None => Value::Null,
                Some(b) => Value::Array(
                    set.members
                        .iter()
                        .enumerate()
                        .map(|(k, &m)| {
                            json!({
                                "node": tree.describe_node(m),
                                "prob": b[k],
                                "exact": exact_or_null(v.exact_beliefs.as_ref().map(|e| &e[k])),
                            })
                        })
                        .collect(),
                ),
            };
            json!({
                "player": tree.player_name(i),
                "infoset": set.label,
                "name": set.name,
                "reach": v.reach,
                "regret": v.regret,
                "actions": actions,
                "beliefs": beliefs,
            })
        })
        .collect();
    json!({
        "payoffs": c.payoffs,
        "payoffs_exact": c.exact_payoffs.as_ref().map(|v| v.iter().map(exact_text).collect::<Vec<_>>()),
        "max_regret": c.max_regret,
        "max_regret_exact": exact_or_null(c.exact_max_regret.as_ref()),
        "regret_basis": c.regret_basis.name(),
        "agent_max_regret": c.agent_max_regret,
        "mixed": solved.mixed,
        "mixed_regret": solved.mixed_regret,
        "infosets": sets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efg::{TreeMethod, gambit, solve};
    use crate::solve::SolveOptions;

    const SIGNAL: &str = r#"EFG 2 R "hidden move" { "A" "B" }
p "" 1 1 "" { "x" "y" } 0
p "" 2 1 "guess" { "l" "r" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { -1, 1 }
p "" 2 1 "guess" { "l" "r" } 0
t "" 2 "" { -1, 1 }
t "" 1 "" { 1, -1 }
"#;

    #[test]
    fn text_and_json_show_probabilities_beliefs_and_regret() {
        let t = gambit::parse(SIGNAL, "s.efg").unwrap();
        let sol = solve(&t, TreeMethod::SeqForm, &SolveOptions::default()).unwrap();
        let text = to_text(&t, &sol);
        assert!(text.contains("Method: seqform — 1 equilibrium"), "{text}");
        assert!(text.contains("B `guess` (reach 1): l 0.5, r 0.5"), "{text}");
        assert!(text.contains("beliefs: the node after x 0.5; the node after y 0.5"), "{text}");
        let json = to_json(&t, &sol);
        assert_eq!(json["game"]["perfect_recall"], true);
        let guess = &json["profiles"][0]["infosets"][1];
        assert_eq!(guess["name"], "guess");
        assert_eq!(guess["actions"][0]["exact"], "0.5");
        assert_eq!(guess["beliefs"][1]["exact"], "0.5");
        assert_eq!(json["profiles"][0]["payoffs_exact"][0], "0");
    }
}
