//! Calibration harness for the export model (run with `--ignored --nocapture`).

use chipgame::game::Game;
use chipgame::model::{ExportGame, ExportState, ModelParams};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Governments and Nvidia, 2022Q4–2026Q2 (us_admin, hawks, nvidia, beijing).
pub const SCRIPT: [[&str; 4]; 15] = [
    ["allow_h200", "pressure", "cut_down", "permit"],
    ["allow_h200", "pressure", "comply", "permit"],
    ["allow_h200", "pressure", "comply", "permit"],
    ["allow_h200", "pressure", "comply", "permit"],
    ["allow_h20", "pressure", "cut_down", "permit"],
    ["allow_h20", "pressure", "comply", "permit"],
    ["allow_h20", "pressure", "comply", "permit"],
    ["allow_h20", "pressure", "comply", "permit"],
    ["allow_h20", "pressure", "comply", "retaliate"],
    ["allow_h20", "pressure", "comply", "permit"],
    ["ban", "pressure", "lobby", "permit"],
    ["allow_h20", "legislate", "lobby", "boycott"],
    ["allow_h20", "legislate", "lobby", "boycott"],
    ["allow_h200", "legislate", "comply", "boycott"],
    ["allow_h200", "pressure", "comply", "boycott"],
];

fn run(g: &ExportGame, seed: u64, eps: f64) -> (Vec<ExportState>, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut s = g.initial_state();
    let mut out = Vec::new();
    let mut postures = Vec::new();
    let mut last: Option<[usize; 5]> = None;
    for row in &SCRIPT {
        let mut prof = g.profile(&[row[0], row[1], row[2], row[3], "comply"]).unwrap();
        let y = match last {
            None => rng.random_range(0..4),
            Some(l) => {
                if rng.random::<f64>() < eps {
                    rng.random_range(0..4)
                } else {
                    let mut v = [0.0; 4];
                    g.action_values(&s, &l, 4, &mut v);
                    (0..4).fold(0, |b, i| if v[i] > v[b] { i } else { b })
                }
            }
        };
        prof[4] = y;
        postures.push(y);
        let (mut pay, mut comps) = ([0.0; 5], [0.0; 27]);
        g.play_round(&mut s, &prof, &mut rng, &mut pay, &mut comps);
        out.push(s.clone());
        last = Some(prof);
    }
    (out, postures)
}

#[test]
#[ignore]
fn print_replay() {
    let p = ModelParams { fee_from_round: 11, ..ModelParams::default() };
    let g = ExportGame::new(p).unwrap();
    let (traj, post) = run(&g, 1, 0.05);
    for (i, s) in traj.iter().enumerate() {
        println!(
            "{i:2} y{} tier {} nv {:.3} low {:.3} dom {:.3} grey {:.3} off {:.3} | domsh {:.2} nvsh {:.2} | rev {:.2} dep {:.2} K {:.3} kap {:.2} D {:.3} S {:.2} R {:.3} U {:.1} lead {:.1} g+o {:.3}/{:.3}",
            post[i],
            s.tier,
            s.nvidia_units,
            s.nvidia_low_units,
            s.domestic_units,
            s.grey_units,
            s.offshore_units,
            s.domestic_share,
            s.nvidia_share,
            s.nvidia_china_revenue,
            s.dependence,
            s.domestic_capacity,
            s.domestic_capability,
            s.demand,
            s.china_compute,
            s.rented_compute,
            s.us_compute,
            s.us_lead,
            s.grey_offshore_compute,
            s.compute_acquired
        );
    }
    let runs: Vec<Vec<ExportState>> = (0..200).map(|k| run(&g, k, 0.05).0).collect();
    let share = |r: std::ops::Range<usize>| {
        let (mut d, mut n, mut t, mut go, mut c, mut rev) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for tr in &runs {
            for s in &tr[r.clone()] {
                d += s.domestic_units;
                n += s.nvidia_units + s.nvidia_low_units;
                t += s.domestic_units + s.nvidia_units + s.nvidia_low_units + s.grey_units + s.offshore_units;
                go += s.grey_offshore_compute;
                c += s.compute_acquired;
                rev += s.nvidia_china_revenue;
            }
        }
        (d / t, n / t, go / c, rev / runs.len() as f64)
    };
    let y23 = share(1..5);
    let y24 = share(5..9);
    let y25 = share(9..13);
    let boy = share(11..15);
    println!("2023 dom {:.3} nv {:.3} go {:.3} rev {:.2}", y23.0, y23.1, y23.2, y23.3);
    println!("2024 dom {:.3} nv {:.3} go {:.3} rev {:.2}", y24.0, y24.1, y24.2, y24.3);
    println!("2025 dom {:.3} nv {:.3} go {:.3} rev {:.2}", y25.0, y25.1, y25.2, y25.3);
    println!("boycott window rev {:.2} = {:.3} of 2024", boy.3, boy.3 / y24.3);
}
