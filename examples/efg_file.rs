//! Reads a game tree and reports what the tree methods find, for `benches/efg_compare.py`.
//!
//! `efg_file check FILE [--reps K]` prints one JSON object: the tree's information sets (keyed by
//! the path of child indices from the root to their first node), its reduced strategic form
//! (plans and exact table), every pure subgame-perfect equilibrium (perfect information), the
//! sequence-form Lemke equilibrium (two players, perfect recall) and the agent logit limit, each
//! with its in-process time (the best of K runs) and its maximum regret.
//! `efg_file solve FILE METHOD` prints the text report of one method.

use chipgame::efg::{self, BehaviourProfile, Owner, ReducedForm, Strategic, Tree, profile};
use chipgame::game::rational;
use chipgame::solve::{Budget, SolveOptions};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Instant;

fn best_of<T>(reps: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(r);
        if best > 2.0 {
            break;
        }
    }
    (best, out.expect("at least one run"))
}

fn path_of(tree: &Tree, node: usize) -> Vec<usize> {
    let mut p = Vec::new();
    let mut cur = node;
    while let Some(par) = tree.node(cur).parent {
        p.push(tree.node(cur).action);
        cur = par;
    }
    p.reverse();
    p
}

fn exact_profile(p: &BehaviourProfile, sets: &[usize]) -> Value {
    let e = p.exact.as_ref().expect("exact profile");
    Value::Array(sets.iter().map(|&h| json!(e[h].iter().map(rational::to_string).collect::<Vec<_>>())).collect())
}

fn check(file: &str, reps: usize) -> Value {
    let (read_s, tree) = best_of(reps, || efg::load(Path::new(file)));
    let tree = match tree {
        Ok(t) => t,
        Err(e) => return json!({ "file": file, "ok": false, "error": e.to_string() }),
    };
    // The players' information sets in tree order, keyed by their first node's path.
    let sets: Vec<usize> =
        tree.infosets().iter().enumerate().filter(|(_, h)| h.owner != Owner::Chance).map(|(h, _)| h).collect();
    let infosets: Vec<Value> = sets
        .iter()
        .map(|&h| {
            let s = tree.infoset(h);
            let Owner::Player(i) = s.owner else { unreachable!() };
            json!({ "player": i, "path": path_of(&tree, s.members[0]), "actions": s.actions.len(), "members": s.members.len() })
        })
        .collect();
    let pos = |h: usize| sets.iter().position(|&x| x == h).expect("a player's set");
    let budget = Budget::unlimited();
    let (red_s, reduced_form) = best_of(reps, || ReducedForm::build(&tree, &budget));
    let reduced = match &reduced_form {
        Ok(r) => {
            let plans: Vec<Vec<Value>> = (0..tree.n_players())
                .map(|i| {
                    let own = tree.player_infosets(i);
                    r.plans[i]
                        .iter()
                        .map(|plan| {
                            let m: serde_json::Map<String, Value> = plan
                                .iter()
                                .zip(own)
                                .filter_map(|(c, &h)| c.map(|a| (pos(h).to_string(), json!(a))))
                                .collect();
                            Value::Object(m)
                        })
                        .collect()
                })
                .collect();
            json!({
                "seconds": red_s,
                "plans": plans,
                "labels": r.labels,
                "table": r.table().iter().map(rational::to_string).collect::<Vec<_>>(),
                "normal_form": r.to_normal_form(tree.title()).err().map_or("ok".to_string(), |e| e.to_string()),
            })
        }
        Err(e) => json!({ "error": e.to_string() }),
    };
    // The regret checks use the reduced normal form when it fits one.
    let strategic = reduced_form
        .ok()
        .and_then(|r| r.to_normal_form(tree.title()).ok().map(|normal| Strategic { reduced: r, normal }));
    let spe = if tree.has_perfect_information() {
        let (s, r) = best_of(reps, || efg::spe::solve(&tree, &budget));
        match r {
            Ok(r) => {
                let eqs: Vec<Vec<usize>> =
                    r.equilibria.iter().map(|e| sets.iter().map(|&h| e.choice[h]).collect()).collect();
                let worst = r
                    .equilibria
                    .iter()
                    .map(|e| {
                        profile::check(&tree, &e.profile, strategic.as_ref()).map(|c| c.max_regret).unwrap_or(f64::NAN)
                    })
                    .fold(0.0f64, f64::max);
                json!({ "seconds": s, "equilibria": eqs, "truncated": r.truncated, "max_regret": worst })
            }
            Err(e) => json!({ "error": e.to_string() }),
        }
    } else {
        json!({ "error": "not perfect information" })
    };
    let seqform = if tree.n_players() == 2 && tree.has_perfect_recall() {
        let (s, r) = best_of(reps, || efg::seqform::solve(&tree, &budget));
        match r {
            Ok(r) => {
                let c = profile::check(&tree, &r.profile, strategic.as_ref());
                json!({
                    "seconds": s,
                    "pivots": r.pivots,
                    "profile": exact_profile(&r.profile, &sets),
                    "max_regret": c.as_ref().ok().and_then(|c| c.exact_max_regret.as_ref().map(rational::to_string)),
                    "regret_basis": c.as_ref().ok().map(|c| c.regret_basis.name()),
                    "payoffs": c.ok().and_then(|c| c.exact_payoffs).map(|p| p.iter().map(rational::to_string).collect::<Vec<_>>()),
                })
            }
            Err(e) => json!({ "error": e.to_string() }),
        }
    } else {
        json!({ "error": "needs two players with perfect recall" })
    };
    let opts = SolveOptions { tolerance: 1e-8, max_lambda: 1e12, ..SolveOptions::default() };
    let (s, r) = best_of(reps, || efg::logit::solve(&tree, &opts));
    let logit = match r {
        Ok(r) => {
            let c = profile::check(&tree, &r.profile, strategic.as_ref());
            json!({
                "seconds": s,
                "lambda": r.lambda,
                "steps": r.path.len(),
                "stalled": r.stalled,
                "profile": sets.iter().map(|&h| r.profile.probs[h].clone()).collect::<Vec<_>>(),
                "agent_regret": r.agent_regret,
                "max_regret": c.as_ref().map(|c| c.max_regret).unwrap_or(f64::NAN),
            })
        }
        Err(e) => json!({ "error": e.to_string() }),
    };
    json!({
        "file": file,
        "ok": true,
        "read_seconds": read_s,
        "players": tree.n_players(),
        "nodes": tree.nodes().len(),
        "perfect_recall": tree.has_perfect_recall(),
        "perfect_information": tree.has_perfect_information(),
        "infosets": infosets,
        "reduced": reduced,
        "spe": spe,
        "seqform": seqform,
        "logit": logit,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") if args.len() >= 2 => {
            let reps = args
                .iter()
                .position(|a| a == "--reps")
                .and_then(|i| args.get(i + 1))
                .and_then(|r| r.parse().ok())
                .unwrap_or(1);
            println!("{}", check(&args[1], reps));
        }
        Some("solve") if args.len() == 3 => {
            let tree = match efg::load(Path::new(&args[1])) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            };
            let method: efg::TreeMethod = match args[2].parse() {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            };
            match efg::solve(&tree, method, &SolveOptions::default()) {
                Ok(sol) => print!("{}", efg::report::to_text(&tree, &sol)),
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            }
        }
        _ => {
            eprintln!("usage: efg_file check FILE [--reps K] | efg_file solve FILE METHOD");
            std::process::exit(2);
        }
    }
}
