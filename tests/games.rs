//! Data-driven game tests: every classic config, played through the library, shows the textbook
//! behaviour its rules should produce. Each case is (config, check on the last round's action
//! shares), with tolerances stated beside the check.

use chipgame::config::Overrides;
use chipgame::mc::{self, Unmonitored};
use chipgame::plan::{PlanOptions, RunPlan};
use chipgame::scenario::Scenario;
use chipgame::stats::Aggregate;
use std::path::Path;

fn play(file: &str, runs: u64) -> Aggregate {
    let s = Scenario::from_path(Path::new(file)).unwrap();
    let mut o = Overrides::new();
    o.push("repeat.runs", toml::Value::Integer(runs as i64), "test");
    let plan = RunPlan::new(&s, &o, &PlanOptions::default()).unwrap();
    mc::run(&plan, &Unmonitored).unwrap()
}

fn last_share(agg: &Aggregate, player: usize, action: usize) -> f64 {
    agg.action_share(agg.reached.len() - 1, player, action)
}

/// Mean share over the last `k` rounds.
fn late_share(agg: &Aggregate, player: usize, action: usize, k: usize) -> f64 {
    let n = agg.reached.len();
    (n - k..n).map(|r| agg.action_share(r, player, action)).sum::<f64>() / k as f64
}

#[test]
fn classic_games_behave_as_their_rules_predict() {
    type Check = fn(&Aggregate) -> Result<(), String>;
    let cases: &[(&str, u64, Check)] = &[
        // Regret matching against tit-for-tat learns to defect (it minimises external regret,
        // and D is dominant in each stage); TFT then defects too.
        ("configs/classic/prisoners_dilemma.toml", 100, |a| {
            let d = last_share(a, 1, 1);
            if d > 0.9 { Ok(()) } else { Err(format!("Column defects in the last round in {d:.3} of runs")) }
        }),
        // Fictitious play in matching pennies: empirical frequencies approach 1/2 (Robinson 1951),
        // so over the last 200 rounds each action is played about half of the time.
        ("configs/classic/matching_pennies.toml", 20, |a| {
            let h = late_share(a, 0, 0, 200);
            if (h - 0.5).abs() < 0.1 { Ok(()) } else { Err(format!("Matcher plays Heads {h:.3} of late rounds")) }
        }),
        // Best responders with 5% exploration settle on one of the two pure equilibria:
        // in the last round, both players choose the same event in most runs.
        ("configs/classic/battle_of_the_sexes.toml", 400, |a| {
            let opera = last_share(a, 0, 0).min(last_share(a, 1, 0));
            let football = last_share(a, 0, 1).min(last_share(a, 1, 1));
            if opera + football > 0.8 { Ok(()) } else { Err(format!("coordination only {:.3}", opera + football)) }
        }),
        // Rock-paper-scissors: the unique equilibrium is uniform; late shares stay near 1/3.
        ("configs/classic/rock_paper_scissors.toml", 200, |a| {
            for act in 0..3 {
                let s = late_share(a, 0, act, 50);
                if (s - 1.0 / 3.0).abs() > 0.1 {
                    return Err(format!("P1 action {act}: {s:.3}"));
                }
            }
            Ok(())
        }),
        // Chicken against a driver who swerves 70% of the time: swerving earns -0.3 and going
        // straight -2.3 per round, so the Q-learner swerves in most late rounds.
        ("configs/classic/chicken.toml", 200, |a| {
            let s = late_share(a, 0, 0, 50);
            if s > 0.8 { Ok(()) } else { Err(format!("Q-learner swerves {s:.3}")) }
        }),
        // Stag hunt with Roth-Erev learners: both payoff-dominant and risk-dominant conventions
        // occur, and by the last round most runs have coordinated on one of them.
        ("configs/classic/stag_hunt.toml", 400, |a| {
            let stag = last_share(a, 0, 0).min(last_share(a, 1, 0));
            let hare = last_share(a, 0, 1).min(last_share(a, 1, 1));
            if stag + hare > 0.6 { Ok(()) } else { Err(format!("coordination only {:.3}", stag + hare)) }
        }),
    ];
    let mut failures = Vec::new();
    for (file, runs, check) in cases {
        if let Err(e) = check(&play(file, *runs)) {
            failures.push(format!("{file}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
