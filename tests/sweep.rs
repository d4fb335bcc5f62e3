//! End-to-end tests of `chipgame sweep`: the CSV layout, thread independence, common random
//! numbers, bad designs refused before any run, Sobol' ranking, PRIM and the sweep file.

use assert_cmd::Command;
use std::path::Path;

fn chipgame() -> Command {
    Command::cargo_bin("chipgame").unwrap()
}

const FIXED: &str = "tests/data/sweep/fixed_export.toml";
const PLAYERS: [&str; 5] = ["us_admin", "hawks", "nvidia", "beijing", "buyers"];

fn sweep(out: &Path, extra: &[&str]) -> std::process::Output {
    chipgame().arg("sweep").args(extra).arg("--out").arg(out).output().unwrap()
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

#[test]
fn a_1d_grid_writes_one_row_per_point_with_the_parameter_then_five_stats_per_player() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = sweep(&out, &["configs/boycott.toml", "--grid", "game.params.capacity_learning=0:0.2:3", "--runs", "64"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (header, rows) = read_csv(&out.join("sweep.csv"));
    let mut want = vec!["game.params.capacity_learning".to_string()];
    for p in PLAYERS {
        for s in ["mean", "se", "q05", "q50", "q95"] {
            want.push(format!("{s}.{p}"));
        }
    }
    assert_eq!(header, want);
    assert_eq!(rows.len(), 3);
    let xs: Vec<f64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(xs, [0.0, 0.1, 0.2]);
    assert!(rows.iter().all(|r| r[1..].iter().all(|v| v.parse::<f64>().unwrap().is_finite())));
    for f in ["manifest.json", "charts/sweep.png", "charts/sweep.svg"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["sweep"]["points"], 3);
    assert_eq!(m["sweep"]["runs_per_point"], 64);
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["configs/boycott.toml", "--grid", "repeat.discount=0.9:0.99:3", "--runs", "100", "--no-charts"];
    let mut csvs = Vec::new();
    for t in ["1", "2"] {
        let out = dir.path().join(format!("t{t}"));
        let o = sweep(&out, &[&args[..], &["--threads", t]].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        csvs.push(std::fs::read(out.join("sweep.csv")).unwrap());
    }
    assert_eq!(csvs[0], csvs[1]);
}

#[test]
fn points_use_common_random_numbers_so_the_same_point_twice_gives_identical_rows() {
    // A 2-D grid whose second key takes the same value twice in a row: levels 0.5, 0.5 are not
    // possible, so use two grids that share a point and compare that point's rows.
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let base = ["configs/boycott.toml", "--runs", "64", "--no-charts"];
    let o = sweep(&a, &[&base[..], &["--grid", "game.params.w_us_gap=10:30:3"]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = sweep(&b, &[&base[..], &["--grid", "game.params.w_us_gap=20:40:3"]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (_, ra) = read_csv(&a.join("sweep.csv"));
    let (_, rb) = read_csv(&b.join("sweep.csv"));
    // w_us_gap = 20 is point 1 of the first sweep and point 0 of the second.
    assert_eq!(ra[1][0], "20");
    assert_eq!(rb[0][0], "20");
    assert_eq!(ra[1], rb[0]);
    // And it equals a plain run's statistics with the same seed: the point is the scenario.
    let run_out = dir.path().join("run");
    chipgame()
        .args([
            "run",
            "configs/boycott.toml",
            "--runs",
            "64",
            "--no-charts",
            "--set",
            "game.params.w_us_gap=20",
            "--out",
        ])
        .arg(&run_out)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run_out.join("summary.json")).unwrap()).unwrap();
    let mean: f64 = ra[1][1].parse().unwrap();
    assert_eq!(summary["players"][0]["total_payoff"]["mean"].as_f64().unwrap(), mean);
}

#[test]
fn bad_designs_exit_2_naming_the_key_and_write_nothing() {
    let cases: [(&[&str], &str); 6] = [
        (&["--grid", "game.params.capacity_learnin=0:0.2:3"], "capacity_learnin"),
        (&["--grid", "game.params.capacity_learning=0.2:0:3"], "game.params.capacity_learning"),
        (&["--grid", "game.params.capacity_learning=0:0.2:0"], "game.params.capacity_learning"),
        (&["--grid", "behaviour.nvidia.belief=0:1:3"], "behaviour.nvidia.belief"),
        (&["--grid", "name=0:1:3"], "`name`"),
        (&["--lhs", "game.params.capacity_learning=0:0.2"], "--samples"),
    ];
    for (args, key) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("s");
        let o = sweep(&out, &[&["configs/boycott.toml", "--runs", "10"][..], args].concat());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(key), "{args:?}: expected `{key}` in {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out.exists(), "{args:?}: no output folder");
    }
}

#[test]
fn a_value_the_model_refuses_at_one_point_is_refused_before_any_run() {
    // discount must be in (0, 1]: the last grid point, 1.5, is refused, with the key named.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = sweep(&out, &["configs/boycott.toml", "--grid", "repeat.discount=0.5:1.5:3", "--runs", "1000000000"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("discount"), "{stderr}");
    assert!(stderr.contains("--grid repeat.discount=0.5:1.5:3"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn sobol_indices_rank_the_only_key_that_matters_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = sweep(
        &out,
        &[
            FIXED,
            "--sobol",
            "game.params.w_us_political=0.25:3",
            "--sobol",
            "game.params.w_bj_self=0:30",
            "--samples",
            "16",
            "--outcome",
            "mean.beijing",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sensitivity.json")).unwrap()).unwrap();
    let ps = s["outcomes"]["mean.beijing"]["parameters"].as_array().unwrap();
    let st = |i: usize| ps[i]["ST"].as_f64().unwrap();
    assert_eq!(ps[1]["parameter"], "game.params.w_bj_self");
    let s1 = |i: usize| ps[i]["S1"].as_f64().unwrap();
    // The outcome is a function of w_bj_self alone: ranked first by both indices, and the other
    // key's total index is zero (its A_B rows give exactly the A outputs, by common random numbers).
    assert!(st(1) > st(0) && s1(1) > s1(0), "{ps:?}");
    assert!(st(1) > 0.5, "ST of w_bj_self: {}", st(1));
    assert!(st(0).abs() < 1e-12, "ST of w_us_political: {}", st(0));
    let (_, rows) = read_csv(&out.join("sweep.csv"));
    assert_eq!(rows.len(), 16 * 4);
    assert!(out.join("charts/sobol.png").is_file());
}

#[test]
fn morris_and_prim_and_compare_work_together() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = sweep(
        &out,
        &[
            FIXED,
            "--compare",
            FIXED,
            "--set",
            "behaviour.beijing.action=permit",
            "--morris",
            "game.params.w_bj_self=0:30",
            "--morris",
            "game.params.w_us_political=0.25:3",
            "--trajectories",
            "4",
            "--outcome",
            "mean.beijing",
            "--prim",
            "mean.beijing>0",
        ],
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("PRIM"), "{stdout}");
    let (header, rows) = read_csv(&out.join("sweep.csv"));
    assert_eq!(rows.len(), 4 * 3);
    // The same config compared with itself: every difference is exactly zero.
    let d = header.iter().position(|h| h == "diff.beijing").unwrap();
    assert!(rows.iter().all(|r| r[d].parse::<f64>().unwrap() == 0.0));
    for f in ["sensitivity.json", "prim.json", "charts/morris.png", "charts/prim.svg"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let p: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("prim.json")).unwrap()).unwrap();
    assert_eq!(p["condition"], "mean.beijing>0");
    assert_eq!(p["points"], 12);
}

#[test]
fn an_unknown_outcome_is_refused_before_any_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let o = sweep(&out, &[FIXED, "--grid", "game.params.w_bj_self=0:30:3", "--prim", "diff.beijing>0"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("diff.beijing"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn the_shipped_sweep_file_parses_and_a_bad_one_is_located() {
    let dir = tempfile::tempdir().unwrap();
    // The shipped boycott sweep, shrunk to a quick run by the command line.
    let out = dir.path().join("s");
    let o = sweep(&out, &["configs/boycott_sweep.toml", "--runs", "16", "--no-charts"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (header, _) = read_csv(&out.join("sweep.csv"));
    assert!(header.contains(&"diff.beijing".to_string()));
    // A bad grid in a sweep file names the file and the key.
    let bad = dir.path().join("bad_sweep.toml");
    std::fs::write(
        &bad,
        format!(
            "[sweep]\nconfig = \"{}\"\ngrid = [\"game.params.w_bj_self=30:0:3\"]\n",
            std::fs::canonicalize("configs/boycott.toml").unwrap().display()
        ),
    )
    .unwrap();
    let out2 = dir.path().join("s2");
    let o = sweep(&out2, &[bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad_sweep.toml") && stderr.contains("sweep.grid[0]"), "{stderr}");
    assert!(!out2.exists());
}
