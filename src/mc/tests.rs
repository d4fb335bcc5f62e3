//! The runner's contracts: exact, thread-independent results; a monitor that counts every run
//! (the pilot's too) and whose cancel is honoured within one chunk per thread.

use super::*;
use crate::config::Overrides;
use crate::plan::PlanOptions;
use crate::scenario::Scenario;
use std::path::Path;
use std::sync::atomic::AtomicUsize;

fn plan(file: &str, runs: u64) -> RunPlan {
    let s = Scenario::from_path(Path::new(file)).unwrap();
    let mut o = Overrides::new();
    o.push("repeat.runs", toml::Value::Integer(runs as i64), "test");
    RunPlan::new(&s, &o, &PlanOptions::default()).unwrap()
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

#[test]
fn results_do_not_depend_on_threads_and_rows_do_not_change_them() {
    let p = plan("benches/configs/boycott_adaptive.toml", 700);
    let one = pool(1).install(|| run(&p, &Unmonitored)).unwrap();
    let four = pool(4).install(|| run(&p, &Unmonitored)).unwrap();
    assert_eq!(one, four);
    struct Nothing;
    impl RowSink for Nothing {
        fn rows(&mut self, _: &RunRows) -> std::io::Result<()> {
            Ok(())
        }
    }
    let with_rows = pool(3).install(|| run_with_rows(&p, &Unmonitored, &mut Nothing)).unwrap();
    assert_eq!(one, with_rows);
    // The rounded views agree bit for bit too.
    let (a, b) = (one.view(), with_rows.view());
    assert_eq!(a.totals, b.totals);
    assert_eq!(a.state, b.state);
}

#[test]
fn forward_looking_rules_under_a_move_order_do_not_depend_on_threads() {
    // A rollout planner (one draw from the run's generator per decision) and a Stackelberg
    // leader, each under a move order, on the export model: same aggregate on 1 and 2 threads.
    let s = Scenario::from_path(Path::new("configs/boycott.toml")).unwrap();
    for (rule, order) in [
        ("lookahead", r#"[["us_admin"], ["hawks", "nvidia", "beijing", "buyers"]]"#),
        ("stackelberg", r#"[["beijing"], ["us_admin"], ["hawks", "nvidia", "buyers"]]"#),
    ] {
        let mut o = Overrides::new();
        o.push("repeat.runs", toml::Value::Integer(70), "test");
        o.push("repeat.rounds", toml::Value::Integer(6), "test");
        o.push("behaviour.us_admin.rule", toml::Value::String(rule.into()), "test");
        if rule == "lookahead" {
            o.push("behaviour.us_admin.depth", toml::Value::Integer(2), "test");
            o.push("behaviour.us_admin.rollouts", toml::Value::Integer(2), "test");
        }
        let order: toml::Table = toml::from_str(&format!("v = {order}")).unwrap();
        o.push("repeat.move_order", order["v"].clone(), "test");
        let p = RunPlan::new(&s, &o, &PlanOptions::default()).unwrap();
        let one = pool(1).install(|| run(&p, &Unmonitored)).unwrap();
        let two = pool(2).install(|| run(&p, &Unmonitored)).unwrap();
        assert_eq!(one, two, "{rule}");
    }
}

#[test]
fn an_aggregate_survives_serialisation_and_merges_exactly() {
    let p = plan("configs/classic/stag_hunt.toml", 300);
    let whole = run(&p, &Unmonitored).unwrap();
    let json = serde_json::to_string(&whole).unwrap();
    let back: Aggregate = serde_json::from_str(&json).unwrap();
    assert_eq!(whole, back);
    let mut twice = whole.clone();
    twice.merge(&back).unwrap();
    assert_eq!(twice.runs, 600);
    assert_eq!(twice.view().totals[0].mean.to_bits(), whole.view().totals[0].mean.to_bits());
}

/// Counts runs and cancels once `after` runs are done.
struct CancelAfter {
    planned: AtomicU64,
    done: AtomicU64,
    after: u64,
    chunks_started_after_cancel: AtomicUsize,
}

impl Monitor for CancelAfter {
    fn start(&self, planned: u64) {
        self.planned.store(planned, Ordering::SeqCst);
    }
    fn advance(&self, runs: u64) {
        self.done.fetch_add(runs, Ordering::SeqCst);
    }
    fn cancelled(&self) -> bool {
        let stop = self.done.load(Ordering::SeqCst) >= self.after;
        if stop {
            self.chunks_started_after_cancel.fetch_add(1, Ordering::SeqCst);
        }
        stop
    }
}

#[test]
fn the_monitor_counts_the_pilot_and_a_cancel_stops_within_one_chunk_per_thread() {
    let p = plan("configs/classic/stag_hunt.toml", 10_000);
    let full = Progress::default();
    run(&p, &full).unwrap();
    assert_eq!(full.planned(), 10_000 + PILOT_RUNS);
    assert_eq!(full.done(), 10_000 + PILOT_RUNS);
    let threads = 2;
    let m = CancelAfter {
        planned: AtomicU64::new(0),
        done: AtomicU64::new(0),
        after: PILOT_RUNS + 1000,
        chunks_started_after_cancel: AtomicUsize::new(0),
    };
    let r = pool(threads).install(|| run(&p, &m));
    assert!(matches!(r, Err(RunError::Cancelled)));
    let done = m.done.load(Ordering::SeqCst);
    // Chunks already running when the flag was seen finish; no other chunk starts.
    assert!(done >= m.after && done <= m.after + threads as u64 * CHUNK, "{done} runs done");
    // A cancel during the pilot stops it too.
    let early = CancelAfter { after: 0, ..m };
    early.done.store(0, Ordering::SeqCst);
    assert!(matches!(run(&p, &early), Err(RunError::Cancelled)));
    assert_eq!(early.done.load(Ordering::SeqCst), 0);
}
