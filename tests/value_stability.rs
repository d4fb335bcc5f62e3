//! Value-stability tests in the manner of rand's: fixed seeds pin the first draws of the run
//! generator, the weighted sampler, the export game's shock draws and the first rounds of one
//! export run. A change to any of them changes every published number, so it must fail here on
//! purpose and be made deliberately (update the pinned values in the same commit and say why).

use chipgame::behaviour::sample_weighted;
use chipgame::game::Game;
use chipgame::model::{ExportGame, ModelParams};
use chipgame::scenario::{Repeat, Scenario};
use chipgame::sim::{NoObserver, Player, run_rng};
use rand::RngExt;
use std::path::Path;

#[test]
fn run_generator_first_draws() {
    let mut rng = run_rng(42, 7);
    let draws: Vec<u64> = (0..3).map(|_| rng.random::<u64>()).collect();
    let expected = PINNED_RNG;
    assert_eq!(draws, expected, "run_rng(42, 7) changed: {draws:?}");
}

#[test]
fn weighted_sampler_first_choices() {
    let mut rng = run_rng(1, 0);
    let picks: Vec<usize> = (0..12).map(|_| sample_weighted(&[0.1, 0.6, 0.3], &mut rng)).collect();
    assert_eq!(picks, PINNED_PICKS, "sample_weighted changed: {picks:?}");
}

#[test]
fn export_shock_draws_in_their_order() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let s = g.initial_state();
    let profile = [2, 1, 0, 2, 1];
    let probs = g.shock_probs(&s, &profile);
    let mut rng = run_rng(3, 1);
    let shocks: Vec<String> = (0..4).map(|_| format!("{:?}", probs.draw(&mut rng))).collect();
    assert_eq!(shocks.join("\n"), PINNED_SHOCKS, "shock draws changed:\n{}", shocks.join("\n"));
}

#[test]
fn first_rounds_of_one_export_run() {
    let s = Scenario::from_path(Path::new("configs/boycott.toml")).unwrap();
    let chipgame::scenario::ScenarioGame::Export(g) = &s.game else { panic!("export game") };
    let repeat = Repeat { rounds: 4, ..s.repeat.clone() };
    let mut p = Player::new(g.as_ref(), &s.behaviours);
    let out = p.play(&repeat, 0.0, &mut run_rng(s.repeat.seed, 0), &mut NoObserver);
    let profiles: Vec<Vec<usize>> = (0..4).map(|r| (0..5).map(|i| p.history().action(r, i)).collect()).collect();
    let totals: Vec<String> = out.totals.iter().map(|t| format!("{t:.9}")).collect();
    assert_eq!((profiles.clone(), totals.clone()), pinned_export(), "first rounds changed: {profiles:?} {totals:?}");
}

// The generator pins date from the pipeline refactor (unchanged from before it). The export run
// was re-pinned for model v2 (blended buyers with procurement postures, rented compute as a
// flow, US compute, continuation value): the same random draws, new equations and buyer actions.
const PINNED_RNG: [u64; 3] = [2370525664269707216, 6019739031913071421, 11352947354031309824];
const PINNED_PICKS: [usize; 12] = [1, 0, 1, 1, 1, 2, 1, 1, 2, 2, 1, 1];
const PINNED_SHOCKS: &str = "Shocks { yield_: Normal, detected: false, summit: false, reversal: false, bill: false }
Shocks { yield_: Breakthrough, detected: false, summit: false, reversal: false, bill: false }
Shocks { yield_: Normal, detected: false, summit: false, reversal: false, bill: false }
Shocks { yield_: Normal, detected: false, summit: true, reversal: false, bill: false }";
fn pinned_export() -> (Vec<Vec<usize>>, Vec<String>) {
    (
        vec![vec![2, 1, 2, 2, 1], vec![1, 0, 1, 1, 3], vec![1, 0, 0, 2, 1], vec![0, 0, 0, 2, 1]],
        ["45.695916805", "106.714859368", "0.085834754", "30.591589647", "10.299093454"].map(String::from).to_vec(),
    )
}
