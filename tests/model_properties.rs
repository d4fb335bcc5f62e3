//! Properties of the export-control model, driven through the `Game` trait with explicit profiles.

use chipgame::game::Game;
use chipgame::model::{ExportGame, ExportState, ModelParams};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The 2022Q4–2026Q2 timeline as scripted profiles (mirrors configs/replay_2022_2026.toml).
/// Columns: us_admin, hawks, nvidia, beijing, buyers.
pub const REPLAY: [[&str; 5]; 15] = [
    ["allow_h200", "pressure", "cut_down", "permit", "nvidia"], // 2022Q4 A800/H800 (Hopper-class) after the Oct 7 rule
    ["allow_h200", "pressure", "comply", "permit", "nvidia"],   // 2023Q1
    ["allow_h200", "pressure", "comply", "permit", "nvidia"],   // 2023Q2
    ["allow_h200", "pressure", "comply", "permit", "nvidia"],   // 2023Q3
    ["allow_h20", "pressure", "cut_down", "permit", "nvidia"],  // 2023Q4 Oct 17 rule; H20 designed
    ["allow_h20", "pressure", "comply", "permit", "nvidia"],    // 2024Q1
    ["allow_h20", "pressure", "comply", "permit", "nvidia"],    // 2024Q2
    ["allow_h20", "pressure", "comply", "permit", "nvidia"],    // 2024Q3
    ["allow_h20", "pressure", "comply", "retaliate", "nvidia"], // 2024Q4 Dec package; gallium ban, SAMR probe
    ["allow_h20", "pressure", "comply", "permit", "nvidia"],    // 2025Q1 H20 stockpiling
    ["ban", "pressure", "lobby", "permit", "offshore"], // 2025Q2 H20 licence requirement; subsidiaries, smuggling
    ["allow_h20", "legislate", "lobby", "boycott", "offshore"], // 2025Q3 H20 licences + 15%; CAC boycott; GAIN AI
    ["allow_h20", "legislate", "lobby", "boycott", "offshore"], // 2025Q4 6000D cancelled; SAFE Chips; H200 approved Dec 8
    ["allow_h200", "legislate", "comply", "conditional", "nvidia"], // 2026Q1 BIS rule; 400k approved with conditions; OVERWATCH
    ["allow_h200", "pressure", "comply", "boycott", "offshore"],    // 2026Q2 buyers paused again; subsidiary rule
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
        println!(
            "{i:2} tier {} nv {:.3} dom {:.3} grey {:.3} off {:.3} domsh {:.3} nvsh {:.3} rev {:.2} dep {:.2} cap {:.3} capab {:.2} exp {:.2} D {:.3}",
            s.tier,
            s.nvidia_units,
            s.domestic_units,
            s.grey_units,
            s.offshore_units,
            s.domestic_share,
            s.nvidia_share,
            s.nvidia_china_revenue,
            s.dependence,
            s.domestic_capacity,
            s.domestic_capability,
            s.exposure,
            s.demand
        );
    }
}

/// Unit-weighted shares over a set of rounds, averaged over seeds: (domestic, nvidia).
fn shares(traj_set: &[Vec<ExportState>], rounds: std::ops::Range<usize>) -> (f64, f64) {
    let (mut dom, mut nv, mut tot) = (0.0, 0.0, 0.0);
    for traj in traj_set {
        for s in &traj[rounds.clone()] {
            dom += s.domestic_units;
            nv += s.nvidia_units;
            tot += s.domestic_units + s.nvidia_units + s.grey_units + s.offshore_units;
        }
    }
    (dom / tot, nv / tot)
}

/// Stylised facts of BRIEF §4 from the scripted 2022Q4–2026Q2 replay (200 seeds).
/// Rounds: 0 = 2022Q4, 1..=4 = 2023, 5..=8 = 2024, 9..=12 = 2025, 13..=14 = 2026H1.
#[test]
fn replay_reproduces_stylised_facts() {
    let g = ExportGame::new(replay_params()).unwrap();
    let runs: Vec<Vec<ExportState>> = (0..200).map(|seed| replay(&g, seed)).collect();
    // Domestic share of Chinese AI accelerators: ~19% in 2023 (Bernstein), ~41% in 2025 (IDC).
    // Tolerance ±8 points: the sources themselves differ by that much (IDC 41-45%, Bernstein's 2025
    // Nvidia share 54% implies <=46% domestic), and the model counts units acquired, not shipments.
    let (dom23, nv23) = shares(&runs, 1..5);
    let (dom25, _) = shares(&runs, 9..13);
    println!("domestic share 2023 {dom23:.3}, 2025 {dom25:.3}; nvidia share 2023 {nv23:.3}");
    assert!((dom23 - 0.19).abs() <= 0.08, "2023 domestic share {dom23}");
    assert!((dom25 - 0.41).abs() <= 0.08, "2025 domestic share {dom25}");
    // Nvidia's China share: high before the controls bite (Bernstein 66% in 2024, Huang 95% earlier),
    // toward zero under the boycotts of 2025Q3-2026Q2 (Huang "95% to 0%"; zero H200 delivered by Jun 2026).
    let (_, nv24) = shares(&runs, 5..9);
    let (_, nv_boycott) = shares(&runs, 11..15);
    println!("nvidia share 2024 {nv24:.3}, 2025Q3-2026Q2 {nv_boycott:.3}");
    assert!(nv24 >= 0.55, "2024 Nvidia share {nv24}");
    assert!(nv_boycott <= 0.10, "boycott-period Nvidia share {nv_boycott}");
    // Nvidia's China revenue in the H20 year 2024: FY25 China ~ $17B, i.e. ~$4.25bn/quarter; within a factor 2.
    let rev24: f64 =
        runs.iter().map(|t| t[5..9].iter().map(|s| s.nvidia_china_revenue).sum::<f64>() / 4.0).sum::<f64>() / 200.0;
    println!("nvidia China revenue 2024 {rev24:.2} $bn/quarter");
    assert!((4.25 / 2.0..=4.25 * 2.0).contains(&rev24), "2024 revenue {rev24}");
    // The revenue goes to zero in the boycott quarters 2025Q3-Q4.
    for t in &runs {
        assert_eq!(t[11].nvidia_china_revenue, 0.0);
        assert_eq!(t[12].nvidia_china_revenue, 0.0);
    }
    // Dependence on the US stack decays once purchases stop.
    let dep = |r: usize| runs.iter().map(|t| t[r].dependence).sum::<f64>() / 200.0;
    assert!(dep(14) < dep(9) - 0.2, "dependence {} -> {}", dep(9), dep(14));
    // Domestic capability reaches the 910C class (~0.79 H100e) in 2025 (±0.15).
    let cap25 = runs.iter().map(|t| t[10].domestic_capability).sum::<f64>() / 200.0;
    println!("domestic capability mid-2025 {cap25:.3}");
    assert!((cap25 - 0.79).abs() <= 0.15, "capability {cap25}");
}

fn all_profiles(game: &ExportGame) -> Vec<Vec<usize>> {
    let shape: Vec<usize> = game.players().iter().map(|p| p.actions.len()).collect();
    let n: usize = shape.iter().product();
    (0..n)
        .map(|idx| {
            let mut p = vec![0; 5];
            chipgame::game::NormalForm::decode_profile(&shape, idx, &mut p);
            p
        })
        .collect()
}

/// A state some rounds into the replay (non-trivial tension, exposure, domestic share).
fn mid_state(game: &ExportGame) -> ExportState {
    replay(game, 7)[9].clone()
}

#[test]
fn expected_payoffs_equal_monte_carlo_mean() {
    let g =
        ExportGame::new(ModelParams { p_summit: 0.4, p_detect: 0.3, p_reversal: 0.2, p_bill: 0.4, ..replay_params() })
            .unwrap();
    let s = mid_state(&g);
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    use rand::Rng;
    for names in [
        ["allow_h20", "legislate", "lobby", "permit", "nvidia"],
        ["allow_h200", "pressure", "comply", "retaliate", "grey_market"],
        ["ban", "acquiesce", "cut_down", "conditional", "nvidia"],
        ["allow_b30a", "legislate", "comply", "boycott", "offshore"],
    ] {
        let prof = g.profile(&names).unwrap();
        let mut exp = [0.0; 5];
        g.expected_payoffs(&s, &prof, &mut exp);
        let n = 40_000;
        let (mut sum, mut sum2) = ([0.0; 5], [0.0; 5]);
        let mut out = [0.0; 5];
        for _ in 0..n {
            g.stage_payoffs(&s, &prof, &mut rng, &mut out);
            let _ = rng.next_u64(); // stage_payoffs peeks; advance to the next round's shocks
            let _ = rng.next_u64();
            let _ = rng.next_u64();
            for i in 0..5 {
                sum[i] += out[i];
                sum2[i] += out[i] * out[i];
            }
        }
        for i in 0..5 {
            let mean = sum[i] / n as f64;
            let sd = (sum2[i] / n as f64 - mean * mean).max(0.0).sqrt();
            let tol = 5.0 * sd / (n as f64).sqrt() + 1e-9;
            assert!((mean - exp[i]).abs() <= tol, "{names:?} player {i}: MC {mean} vs expected {}, tol {tol}", exp[i]);
        }
    }
}

#[test]
fn stage_normal_form_round_trips_through_nfg() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let s = g.initial_state();
    let nf = g.stage_normal_form(&s);
    assert_eq!(nf.n_profiles(), 4 * 3 * 4 * 4 * 4);
    let text = chipgame::game::nfg::write(&nf);
    let back = chipgame::game::nfg::parse(&text).unwrap();
    assert_eq!(back.exact_table(), nf.exact_table());
    assert_eq!(back.payoff_table(), nf.payoff_table());
    // exact expected payoffs in the table
    let mut out = [0.0; 5];
    for prof in all_profiles(&g).iter().step_by(37) {
        g.expected_payoffs(&s, prof, &mut out);
        for (i, x) in out.iter().enumerate() {
            assert_eq!(nf.payoff(prof, i), *x);
        }
    }
}

#[test]
fn restricted_actions_shrink_the_game() {
    let mut m = std::collections::BTreeMap::new();
    m.insert("beijing".to_string(), vec!["boycott".to_string(), "permit".to_string()]);
    let g = ExportGame::new(ModelParams { actions: Some(m), ..ModelParams::default() }).unwrap();
    assert_eq!(g.players()[3].actions, vec!["permit", "boycott"]);
    let mut bad = std::collections::BTreeMap::new();
    bad.insert("beijing".to_string(), vec!["sulk".to_string(), "permit".to_string()]);
    let e = ExportGame::new(ModelParams { actions: Some(bad), ..ModelParams::default() }).unwrap_err();
    assert_eq!(e.key, "actions.beijing");
}

#[test]
fn invalid_parameters_are_named() {
    let e = ExportGame::new(ModelParams { fee_h200: 1.5, ..ModelParams::default() }).unwrap_err();
    assert_eq!(e.key, "fee_h200");
    let e = ExportGame::new(ModelParams { demand_growth: f64::NAN, ..ModelParams::default() }).unwrap_err();
    assert_eq!(e.key, "demand_growth");
    let e = ExportGame::new(ModelParams { lobby_cost: -1.0, ..ModelParams::default() }).unwrap_err();
    assert_eq!(e.key, "lobby_cost");
    let e = ExportGame::new(ModelParams { p_detect: f64::NAN, ..ModelParams::default() }).unwrap_err();
    assert_eq!(e.key, "p_detect");
    let toml_err = toml::from_str::<ModelParams>("fee_h2000 = 0.1").unwrap_err();
    assert!(toml_err.to_string().contains("fee_h2000"));
    let p: ModelParams = toml::from_str("fee_h200 = 0.3").unwrap();
    assert_eq!(p.fee_h200, 0.3);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn profile_strategy() -> impl Strategy<Value = [usize; 5]> {
        (0..4usize, 0..3usize, 0..4usize, 0..4usize, 0..4usize).prop_map(|(a, b, c, d, e)| [a, b, c, d, e])
    }

    prop_compose! {
        fn params_strategy()(
            fee_h20 in 0.0..1.0f64, fee_h200 in 0.0..1.0f64, fee_collection in 0.0..=1.0f64,
            demand_growth in 0.0..0.3f64, capacity_growth in 0.0..0.5f64, capacity_learning in 0.0..1.0f64,
            p_bill in 0.0..=1.0f64, p_reversal in 0.0..=1.0f64, p_detect in 0.0..=1.0f64, p_summit in 0.0..=1.0f64,
            phi_permit in 0.0..=1.0f64, conditional_quota in 0.0..=1.0f64, software_gap in 0.0..=1.0f64,
            w_bj_compute in 0.0..100.0f64, w_us_stack in 0.0..100.0f64, v_compute in 0.0..200.0f64,
            reversal_pressure in 0.0..2.0f64, tension0 in 0.0..=1.0f64, margin in 0.0..=1.0f64,
        ) -> ModelParams {
            ModelParams { fee_h20, fee_h200, fee_collection, demand_growth, capacity_growth, capacity_learning,
                p_bill, p_reversal, p_detect, p_summit, phi_permit, conditional_quota, software_gap,
                w_bj_compute, w_us_stack, v_compute, reversal_pressure, tension0, margin, ..ModelParams::default() }
        }
    }

    /// State after `k` rounds of a fixed profile with seed `seed`.
    fn evolve(g: &ExportGame, prof: &[usize; 5], k: usize, seed: u64) -> ExportState {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut s = g.initial_state();
        for _ in 0..k {
            g.transition(&mut s, prof, &mut rng);
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

        /// Raising any fee never raises Nvidia's China revenue (net of fee) in a round.
        #[test]
        fn fee_never_raises_nvidia_revenue(params in params_strategy(), prof in profile_strategy(),
                                            extra in 0.0..0.5f64, k in 0..8usize, seed in 0..1000u64) {
            let lo = ExportGame::new(params.clone()).unwrap();
            let hi_params = ModelParams { fee_h20: (params.fee_h20 + extra).min(1.0), fee_h200: (params.fee_h200 + extra).min(1.0),
                fee_b30a: (params.fee_b30a + extra).min(1.0), ..params };
            let hi = ExportGame::new(hi_params).unwrap();
            let s = evolve(&lo, &prof, k, seed);
            let (mut a, mut b) = (s.clone(), s.clone());
            let mut r1 = ChaCha8Rng::seed_from_u64(seed + 1);
            let mut r2 = r1.clone();
            lo.transition(&mut a, &prof, &mut r1);
            hi.transition(&mut b, &prof, &mut r2);
            prop_assert!(b.nvidia_china_revenue <= a.nvidia_china_revenue + 1e-12);
        }

        /// A higher pass probability never shortens the expected freeze after a round.
        #[test]
        fn pass_probability_never_shortens_freeze(params in params_strategy(), prof in profile_strategy(),
                                                  extra in 0.0..1.0f64, k in 0..12usize, seed in 0..1000u64) {
            let lo = ExportGame::new(params.clone()).unwrap();
            let hi = ExportGame::new(ModelParams { p_bill: (params.p_bill + extra).min(1.0), ..params.clone() }).unwrap();
            let s = evolve(&lo, &prof, k, seed);
            let expected_freeze = |g: &ExportGame| {
                let pb = g.shock_probs(&s, &prof).bill;
                if s.freeze_rounds > 0 { (s.freeze_rounds - 1) as f64 } else { pb * params.freeze_length as f64 }
            };
            prop_assert!(expected_freeze(&hi) >= expected_freeze(&lo));
            // and pathwise with common random numbers
            let (mut a, mut b) = (s.clone(), s.clone());
            let mut r1 = ChaCha8Rng::seed_from_u64(seed + 5);
            let mut r2 = r1.clone();
            lo.transition(&mut a, &prof, &mut r1);
            hi.transition(&mut b, &prof, &mut r2);
            prop_assert!(b.freeze_rounds >= a.freeze_rounds);
        }

        /// Faster domestic progress (more capacity or capability at the same state) never raises
        /// Nvidia's expected payoff.
        #[test]
        fn domestic_progress_never_helps_nvidia(params in params_strategy(), prof in profile_strategy(),
                                                more_cap in 0.0..2.0f64, more_capab in 0.0..1.0f64,
                                                k in 0..8usize, seed in 0..1000u64) {
            let g = ExportGame::new(params).unwrap();
            let s = evolve(&g, &prof, k, seed);
            let mut t = s.clone();
            t.domestic_capacity += more_cap;
            t.domestic_capability = (t.domestic_capability + more_capab).min(g.params().capability_max);
            let (mut a, mut b) = ([0.0; 5], [0.0; 5]);
            g.expected_payoffs(&s, &prof, &mut a);
            g.expected_payoffs(&t, &prof, &mut b);
            prop_assert!(b[2] <= a[2] + 1e-9, "nvidia {} -> {}", a[2], b[2]);
        }

        /// Faster domestic capacity growth never raises Nvidia's expected payoff k rounds later
        /// when nothing was written down (same shocks).
        #[test]
        fn capacity_growth_never_helps_nvidia_later(params in params_strategy(), extra in 0.0..0.3f64,
                                                    k in 1..10usize, seed in 0..1000u64) {
            let prof = [2, 1, 0, 0, 0]; // allow_h200, pressure, comply, permit, nvidia: H200 builds no exposure
            let lo = ExportGame::new(ModelParams { exposure0: 0.0, ..params.clone() }).unwrap();
            let hi = ExportGame::new(ModelParams { exposure0: 0.0, capacity_growth: params.capacity_growth + extra, ..params }).unwrap();
            let (s, t) = (evolve(&lo, &prof, k, seed), evolve(&hi, &prof, k, seed));
            let (mut a, mut b) = ([0.0; 5], [0.0; 5]);
            lo.expected_payoffs(&s, &prof, &mut a);
            hi.expected_payoffs(&t, &prof, &mut b);
            prop_assert!(b[2] <= a[2] + 1e-9, "nvidia {} -> {}", a[2], b[2]);
        }

        /// Stronger hawks never speed up escalation: the administration's myopic best-response tier
        /// (highest among ties) never rises when the political cost of defying hawks rises.
        #[test]
        fn stronger_hawks_never_speed_up_escalation(params in params_strategy(), prof in profile_strategy(),
                                                    extra in 0.0..5.0f64, k in 0..8usize, seed in 0..1000u64) {
            let lo = ExportGame::new(params.clone()).unwrap();
            let hi = ExportGame::new(ModelParams { w_us_political: params.w_us_political + extra, ..params }).unwrap();
            let s = evolve(&lo, &prof, k, seed);
            let best = |g: &ExportGame| {
                let mut best = (f64::NEG_INFINITY, 0usize);
                for t in 0..4 {
                    let mut p = prof;
                    p[0] = t;
                    let mut o = [0.0; 5];
                    g.expected_payoffs(&s, &p, &mut o);
                    if o[0] >= best.0 - 1e-12 {
                        best = (o[0].max(best.0), t);
                    }
                }
                best.1
            };
            prop_assert!(best(&hi) <= best(&lo));
        }

        /// Every payoff and state variable is finite for any valid parameter set.
        #[test]
        fn payoffs_are_finite(params in params_strategy(), prof in profile_strategy(), k in 0..40usize, seed in 0..1000u64) {
            let g = ExportGame::new(params).unwrap();
            let s = evolve(&g, &prof, k, seed);
            let mut out = [0.0; 5];
            g.expected_payoffs(&s, &prof, &mut out);
            prop_assert!(out.iter().all(|x| x.is_finite()));
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            g.stage_payoffs(&s, &prof, &mut rng, &mut out);
            prop_assert!(out.iter().all(|x| x.is_finite()));
            let mut v = vec![0.0; g.state_names().len()];
            g.state_values(&s, &mut v);
            prop_assert!(v.iter().all(|x| x.is_finite()));
        }
    }
}

/// The scenario configs name every player, use valid actions, and their `[game.params]` parse;
/// the replay config scripts exactly the profiles of [`REPLAY`].
#[test]
fn configs_are_consistent_with_the_model() {
    use chipgame::model::{ACTIONS, PLAYER_NAMES};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
    for name in
        ["baseline", "boycott", "permit", "self_reliance", "hawks_prevail", "blackwell_offer", "replay_2022_2026"]
    {
        let text = std::fs::read_to_string(dir.join(format!("{name}.toml"))).unwrap();
        let v: toml::Value = toml::from_str(&text).unwrap();
        assert_eq!(v["name"].as_str(), Some(name));
        assert_eq!(v["game"]["kind"].as_str(), Some("export"));
        let params: ModelParams = match v["game"].get("params") {
            Some(p) => p.clone().try_into().unwrap(),
            None => ModelParams::default(),
        };
        ExportGame::new(params).unwrap();
        for (i, player) in PLAYER_NAMES.iter().enumerate() {
            let b = &v["behaviour"][*player];
            let valid = |a: &str| assert!(ACTIONS[i].contains(&a), "{name}: {player} has no action {a}");
            if let Some(a) = b.get("action").and_then(|a| a.as_str()) {
                valid(a);
            }
            if let Some(a) = b.get("default").and_then(|a| a.as_str()) {
                valid(a);
            }
            if let Some(list) = b.get("actions").and_then(|a| a.as_array()) {
                for a in list {
                    valid(a.as_str().unwrap());
                }
                if name == "replay_2022_2026" {
                    let script: Vec<&str> = list.iter().map(|a| a.as_str().unwrap()).collect();
                    let expected: Vec<&str> = REPLAY.iter().map(|row| row[i]).collect();
                    assert_eq!(script, expected, "replay script of {player}");
                }
            }
        }
    }
}

/// Discounted (0.98) expected payoffs of every player over 16 quarters of a scripted path,
/// averaged over 200 seeds (state shocks drawn; stage payoffs in expectation).
fn path_value(g: &ExportGame, f: &dyn Fn(usize) -> [&'static str; 5]) -> [f64; 5] {
    let mut tot = [0.0; 5];
    let runs = 200;
    for seed in 0..runs {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut s = g.initial_state();
        let mut d = 1.0;
        for r in 0..16 {
            let p = g.profile(&f(r)).unwrap();
            let mut o = [0.0; 5];
            g.expected_payoffs(&s, &p, &mut o);
            for (t, x) in tot.iter_mut().zip(o) {
                *t += d * x / runs as f64;
            }
            g.transition(&mut s, &p, &mut rng);
            d *= 0.98;
        }
    }
    tot
}

/// The headline question has no built-in answer: Beijing's boycott-until-H200 beats permitting
/// the H20 under the defaults (domestic learning compounds), and loses when domestic industry does
/// not learn from purchases and compute weighs more. In both cases the US prefers escalating early
/// to facing a lasting boycott (the mechanism of BRIEF §4).
#[test]
fn boycott_pays_under_some_parameters_and_not_others() {
    let permit_h20 = |_: usize| ["allow_h20", "pressure", "comply", "permit", "domestic"];
    let boycott_until = |k: usize| {
        move |r: usize| {
            if r < k {
                ["allow_h20", "pressure", "comply", "boycott", "domestic"]
            } else if r == k {
                ["allow_h200", "pressure", "comply", "boycott", "domestic"]
            } else {
                ["allow_h200", "pressure", "comply", "conditional", "nvidia"]
            }
        }
    };
    let cases = [
        (ModelParams::default(), true),
        (
            ModelParams {
                capacity_learning: 0.0,
                capability_learning: 0.0,
                w_bj_compute: 60.0,
                w_bj_domestic: 0.5,
                ..ModelParams::default()
            },
            false,
        ),
    ];
    for (params, pays) in cases {
        let g = ExportGame::new(params).unwrap();
        let permit = path_value(&g, &permit_h20);
        let early = path_value(&g, &boycott_until(2));
        let never = path_value(&g, &boycott_until(16));
        println!("permit H20: {permit:.1?}\nboycott, H200 at 2: {early:.1?}\nboycott, never: {never:.1?}");
        assert_eq!(early[3] > permit[3], pays, "Beijing: boycott {} vs permit {}", early[3], permit[3]);
        assert!(early[0] > never[0], "US prefers escalating to a lasting boycott");
        assert!(permit[2] > early[2], "Nvidia loses from the boycott");
    }
}
