//! Criterion benchmarks of the Monte Carlo engine: one run of the export game, and a batch.
//! Names encode the size. Run with `cargo bench --bench mc`.

use chipgame::config::{self, Overrides};
use chipgame::mc::{self, Unmonitored};
use chipgame::plan::{PlanOptions, RunPlan};
use chipgame::scenario::{Repeat, ScenarioGame};
use chipgame::sim::{NoObserver, Player, run_rng};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;

/// The boycott scenario with regret matching for Nvidia (all rules but Beijing's adaptive).
fn scenario() -> chipgame::scenario::Scenario {
    let path = Path::new("benches/configs/boycott_adaptive.toml");
    config::parse(&std::fs::read_to_string(path).unwrap(), path).unwrap()
}

fn bench(c: &mut Criterion) {
    let s = scenario();
    let ScenarioGame::Export(game) = &s.game else { panic!("the boycott scenario is the export game") };
    let repeat = Repeat { runs: 1, ..s.repeat.clone() };
    let mut g = c.benchmark_group("export game");
    g.throughput(Throughput::Elements(repeat.rounds as u64));
    g.bench_function("one run 16 rounds", |b| {
        let mut player = Player::new(game.as_ref(), &s.behaviours);
        let mut i = 0;
        b.iter(|| {
            i += 1;
            player.play(&repeat, 0.0, &mut run_rng(1, i), &mut NoObserver)
        })
    });
    let mut o = Overrides::new();
    o.push("repeat.runs", toml::Value::Integer(2000), "bench");
    let plan = RunPlan::new(&s, &o, &PlanOptions::default()).unwrap();
    g.throughput(Throughput::Elements(plan.runs() * plan.layout.rounds as u64));
    g.sample_size(10);
    g.bench_function("batch 2000 runs x 16 rounds", |b| b.iter(|| mc::run(&plan, &Unmonitored).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
