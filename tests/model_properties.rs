//! Properties of the export-control model, driven through the `Game` trait with explicit profiles.

use chipgame::game::Game;
use chipgame::model::{ExportGame, ExportState, ModelParams};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The 2022Q4–2026Q2 timeline as scripted profiles (mirrors configs/replay_2022_2026.toml).
/// Columns: us_admin, hawks, nvidia, beijing, buyers.
pub const REPLAY: [[&str; 5]; 15] = [
    ["allow_h200", "pressure", "cut_down", "permit", "nvidia"],   // 2022Q4 A800/H800 (Hopper-class) after the Oct 7 rule
    ["allow_h200", "pressure", "comply", "permit", "nvidia"],     // 2023Q1
    ["allow_h200", "pressure", "comply", "permit", "nvidia"],     // 2023Q2
    ["allow_h200", "pressure", "comply", "permit", "nvidia"],     // 2023Q3
    ["allow_h20", "pressure", "cut_down", "permit", "nvidia"],    // 2023Q4 Oct 17 rule; H20 designed
    ["allow_h20", "pressure", "comply", "permit", "nvidia"],      // 2024Q1
    ["allow_h20", "pressure", "comply", "permit", "nvidia"],      // 2024Q2
    ["allow_h20", "pressure", "comply", "permit", "nvidia"],      // 2024Q3
    ["allow_h20", "pressure", "comply", "retaliate", "nvidia"],   // 2024Q4 Dec package; gallium ban, SAMR probe
    ["allow_h20", "pressure", "comply", "permit", "nvidia"],      // 2025Q1 H20 stockpiling
    ["ban", "pressure", "lobby", "permit", "offshore"],           // 2025Q2 H20 licence requirement; subsidiaries, smuggling
    ["allow_h20", "legislate", "lobby", "boycott", "offshore"],   // 2025Q3 H20 licences + 15%; CAC boycott; GAIN AI
    ["allow_h20", "legislate", "lobby", "boycott", "offshore"],   // 2025Q4 6000D cancelled; SAFE Chips; H200 approved Dec 8
    ["allow_h200", "legislate", "comply", "conditional", "nvidia"], // 2026Q1 BIS rule; 400k approved with conditions; OVERWATCH
    ["allow_h200", "pressure", "comply", "boycott", "offshore"],  // 2026Q2 buyers paused again; subsidiary rule
];

pub fn replay_params() -> ModelParams {
    ModelParams { fee_from_round: 11, ..ModelParams::default() }
}

/// Runs the replay once; returns the state after each round.
pub fn replay(game: &ExportGame, seed: u64) -> Vec<ExportState> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut s = game.initial_state();
    let mut out = Vec::new();
    let mut pay = [0.0; 5];
    for names in &REPLAY {
        let prof = game.profile(names).unwrap();
        game.stage_payoffs(&s, &prof, &mut rng, &mut pay);
        game.transition(&mut s, &prof, &mut rng);
        out.push(s.clone());
    }
    out
}

#[test]
fn print_replay() {
    let g = ExportGame::new(replay_params()).unwrap();
    let traj = replay(&g, 1);
    for (i, s) in traj.iter().enumerate() {
        println!("{i:2} tier {} nv {:.3} dom {:.3} grey {:.3} off {:.3} domsh {:.3} nvsh {:.3} rev {:.2} dep {:.2} cap {:.3} capab {:.2} exp {:.2} D {:.3}",
            s.tier, s.nvidia_units, s.domestic_units, s.grey_units, s.offshore_units, s.domestic_share, s.nvidia_share, s.nvidia_china_revenue, s.dependence, s.domestic_capacity, s.domestic_capability, s.exposure, s.demand);
    }
}
