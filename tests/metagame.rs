//! `chipgame metagame`: the textbook prisoner's-dilemma meta-game checked by hand, reproducibility
//! across thread counts, the Gambit file of the table, and bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn chipgame() -> Command {
    Command::cargo_bin("chipgame").unwrap()
}

#[test]
fn the_prisoners_dilemma_meta_game_matches_the_hand_computed_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pd");
    chipgame()
        .args(["metagame", "configs/classic/pd_metagame.toml", "--runs", "5", "--bootstrap", "20", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("#3 Row: Defector, Column: Defector"));
    let csv = std::fs::read_to_string(out.join("payoffs.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 10);
    // 200 rounds, R, S, T, P = 3, 0, 5, 1: TitForTat loses the first round to Defector, then
    // both defect; against each other or a cooperator, 200 mutual cooperations.
    for (profile, row, col) in [
        ("Cooperator,Cooperator", 600, 600),
        ("Cooperator,Defector", 0, 1000),
        ("Defector,Defector", 200, 200),
        ("TitForTat,Defector", 199, 204),
        ("Defector,TitForTat", 204, 199),
        ("TitForTat,TitForTat", 600, 600),
    ] {
        let line = rows.iter().find(|l| l.starts_with(&format!("{profile},"))).unwrap();
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!((f[2], f[3], f[6], f[7]), (row.to_string().as_str(), "0", col.to_string().as_str(), "0"), "{line}");
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("metagame.json")).unwrap()).unwrap();
    assert_eq!(json["method"], "enummixed");
    let labels: Vec<String> =
        json["equilibria"].as_array().unwrap().iter().map(|e| e["label"].as_str().unwrap().to_string()).collect();
    assert!(labels.contains(&"Row: Defector, Column: Defector".to_string()), "{labels:?}");
    assert!(labels.contains(&"Row: TitForTat, Column: TitForTat".to_string()), "{labels:?}");
    for e in json["equilibria"].as_array().unwrap() {
        assert_eq!(e["survival"], 1.0);
        assert!(e["regret"].as_array().unwrap().iter().all(|r| r.as_f64().unwrap() < 1e-9));
    }
    // The table as a Gambit file that chipgame (and Gambit) read: its pure equilibria.
    chipgame()
        .args(["solve", "--method", "pure"])
        .arg(out.join("metagame.nfg"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Defector=1"));
    for chart in ["metagame_payoffs.png", "metagame_payoffs.svg", "metagame_regret.png"] {
        assert!(out.join("charts").join(chart).exists(), "{chart}");
    }
}

#[test]
fn metagame_results_do_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        chipgame()
            .args(["metagame", "configs/boycott_metagame.toml", "--runs", "40", "--bootstrap", "30", "--no-charts"])
            .args(["--threads", threads, "--out"])
            .arg(&out)
            .assert()
            .success();
        bytes
            .push((std::fs::read(out.join("metagame.json")).unwrap(), std::fs::read(out.join("payoffs.csv")).unwrap()));
    }
    assert_eq!(bytes[0], bytes[1]);
}

#[test]
fn bad_meta_games_exit_2_with_the_key_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("configs/classic/pd_metagame.toml").unwrap();
    let cases = [
        ("[metagame.policies.Rwo.X]\nrule = \"fixed\"\naction = \"C\"\n", "metagame.policies.Rwo"),
        ("[metagame.policies.Row.Shouter]\nrule = \"shout\"\n", "unknown variant `shout`"),
        ("[metagame.policies.Row.Bad]\nrule = \"fixed\"\naction = \"X\"\n", "metagame.policies.Row.Bad"),
    ];
    for (i, (extra, key)) in cases.iter().enumerate() {
        let cfg = dir.path().join(format!("bad{i}.toml"));
        std::fs::write(&cfg, format!("{base}\n{extra}")).unwrap();
        let out = dir.path().join(format!("out{i}"));
        chipgame()
            .arg("metagame")
            .arg(&cfg)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*key));
        assert!(!out.exists());
    }
    let cfg = dir.path().join("profiles.toml");
    std::fs::write(&cfg, base.replace("[metagame]\n", "[metagame]\nprofiles = [[\"Defector\", \"Nice\"]]\n")).unwrap();
    chipgame()
        .arg("metagame")
        .arg(&cfg)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`Nice` is not a policy of Column"));
    chipgame()
        .args(["metagame", "configs/classic/stag_hunt.toml", "--out"])
        .arg(dir.path().join("none"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `[metagame]` table"));
    chipgame().args(["metagame", "configs/classic/pd_metagame.toml", "--runs", "1"]).assert().code(2);
}

/// A listed subset of profiles is played and tabulated; with an incomplete table no equilibria
/// are claimed.
#[test]
fn a_subset_of_profiles_is_tabulated_without_equilibria() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("configs/classic/pd_metagame.toml").unwrap();
    let cfg = dir.path().join("subset.toml");
    std::fs::write(
        &cfg,
        base.replace(
            "[metagame]\n",
            "[metagame]\nprofiles = [[\"Defector\", \"TitForTat\"], [\"TitForTat\", \"TitForTat\"]]\n",
        ),
    )
    .unwrap();
    let out = dir.path().join("o");
    chipgame()
        .arg("metagame")
        .arg(&cfg)
        .args(["--runs", "3", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("not a complete game"));
    assert_eq!(std::fs::read_to_string(out.join("payoffs.csv")).unwrap().lines().count(), 3);
    assert!(!out.join("metagame.nfg").exists());
}
