use super::*;
use rand::SeedableRng;

#[test]
fn builds_with_defaults() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    assert_eq!(g.players().len(), 5);
    assert_eq!(g.state_names().len(), STATE_NAMES.len());
}

/// The worked round of docs/MODEL.md §7: round 0 with default parameters, profile
/// (allow_h20, pressure, comply, permit, nvidia), calm shocks.
#[test]
fn worked_round() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let s = g.initial_state();
    let prof = g.profile(&["allow_h20", "pressure", "comply", "permit", "nvidia"]).unwrap();
    let o = g.outcome(&s, &prof, &Shocks::CALM);
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    // D = 0.25; dom0 = min(0.075, 0.19 x 0.25 = 0.0475) = 0.0475; R = 0.2025; n = 0.2025
    close(o.domestic_units, 0.0475);
    close(o.nvidia_units, 0.2025);
    // compute = 0.2025 x 0.25 + 0.0475 x 0.3 = 0.064875
    close(o.compute, 0.064875);
    // gross = 0.2025 x 10 = 2.025; fee = 0.15 x 0.6 x 2.025 = 0.18225
    close(o.gross, 2.025);
    close(o.fee_paid, 0.18225);
    let mut pay = [0.0; 5];
    crate::model::payoffs::accumulate(g.component_weights(), &o.comps, 1.0, &mut pay);
    // us: 0.18225 + 0.5 x 2.025 + 10 x 0.81 x (1 + 0.19) - 10 x 0.064875 - 1 x 1 x 1.0 = 9.185
    close(pay[US], 0.18225 + 1.0125 + 9.639 - 0.64875 - 1.0);
    // hawks: -10 x 0.064875 - 0.5
    close(pay[HAWKS], -0.64875 - 0.5);
    // nvidia: 0.72 x 2.025 - 0.18225
    close(pay[NVIDIA], 1.458 - 0.18225);
    // beijing: 30 x 0.064875 + 1 x 0.475 - 2 x 0.81 + 5 x max(0, 0.25 - 1.0) - 2 x 0.3
    close(pay[BEIJING], 1.94625 + 0.475 - 1.62 - 0.6);
    // buyers: 60 x (0.050625 + 0.01425 x (1 - 0.3 x 0.9)) - (2.025 + 0.475)
    close(pay[BUYERS], 60.0 * (0.050625 + 0.01425 * 0.73) - 2.5);
    // next state
    let mut t = s.clone();
    g.advance(&mut t, &prof, &Shocks::CALM);
    close(t.china_compute, 0.95 + 0.064875);
    close(t.domestic_share, 0.19);
    close(t.dependence, 0.9 + 0.3 * 0.81 * 0.1 - 0.15 * 0.19 * 0.9);
    close(t.domestic_capacity, 0.075 * (1.0 + 0.10 + 0.10 * 0.19));
    close(t.exposure, 0.5 * 0.5 + 0.6 * 2.025);
    close(t.demand, 0.28);
    close(t.domestic_capability, 0.3 * (1.0 + 0.08 * (1.0 + 0.5 * 0.19) * (1.0 - 0.3 / 2.5)));
    close(t.tension, 0.3 * 0.95);
    close(pay[US], 9.185);
    close(pay[BEIJING], 0.20125);
    close(pay[BUYERS], 1.16165);
}

#[test]
fn boycott_zeroes_nvidia_revenue_and_fee() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let s = g.initial_state();
    for us in ["allow_h20", "allow_h200", "allow_b30a"] {
        let prof = g.profile(&[us, "pressure", "comply", "boycott", "nvidia"]).unwrap();
        let o = g.outcome(&s, &prof, &Shocks::CALM);
        assert_eq!(o.nvidia_units, 0.0);
        assert_eq!(o.gross, 0.0);
        assert_eq!(o.fee_paid, 0.0);
        let mut t = s.clone();
        g.advance(&mut t, &prof, &Shocks::CALM);
        assert!(t.dependence < s.dependence);
        assert_eq!(t.domestic_share, 1.0);
    }
}

#[test]
fn transition_consumes_the_shocks_that_stage_payoffs_peeked() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let s = g.initial_state();
    let prof = [1, 2, 1, 0, 2];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let peek = g.shock_probs(&s, &prof).draw(&mut rng.clone());
    let mut t = s.clone();
    g.transition(&mut t, &prof, &mut rng);
    let mut u = s.clone();
    g.advance(&mut u, &prof, &peek);
    assert_eq!(t, u);
}

/// The expectation by brute force: every one of the 3 x 2^4 shock realisations, each with its
/// probability, through the one-realisation `outcome`.
fn brute_force_components(g: &ExportGame, s: &ExportState, profile: &[usize]) -> [f64; N_COMPONENTS] {
    let pr = g.shock_probs(s, profile);
    let mut out = [0.0; N_COMPONENTS];
    let normal = 1.0 - pr.yield_failure - pr.breakthrough;
    for (y, py) in [(Yield::Normal, normal), (Yield::Failure, pr.yield_failure), (Yield::Breakthrough, pr.breakthrough)]
    {
        for bits in 0..16u32 {
            let on = |k: u32| bits & (1 << k) != 0;
            let pick = |k: u32, p: f64| if on(k) { p } else { 1.0 - p };
            let w = py * pick(0, pr.detect) * pick(1, pr.summit) * pick(2, pr.reversal) * pick(3, pr.bill);
            let sh = Shocks { yield_: y, detected: on(0), summit: on(1), reversal: on(2), bill: on(3) };
            for (x, c) in out.iter_mut().zip(g.outcome(s, profile, &sh).comps) {
                *x += w * c;
            }
        }
    }
    out
}

/// States met along random play, for checks over many states.
fn visited_states(g: &ExportGame, seed: u64, rounds: usize) -> Vec<ExportState> {
    use rand::RngExt;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut s = g.initial_state();
    let mut out = vec![s.clone()];
    for _ in 0..rounds {
        let prof: Vec<usize> = g.players().iter().map(|p| rng.random_range(0..p.actions.len())).collect();
        g.transition(&mut s, &prof, &mut rng);
        out.push(s.clone());
    }
    out
}

#[test]
fn expected_components_equal_the_brute_force_expectation() {
    let sure = ModelParams { p_detect: 1.0, p_yield_failure: 0.0, p_summit: 1.0, ..ModelParams::default() };
    for params in [ModelParams::default(), sure] {
        let g = ExportGame::new(params).unwrap();
        let nf_shape: Vec<usize> = g.players().iter().map(|p| p.actions.len()).collect();
        let n_profiles: usize = nf_shape.iter().product();
        let mut prof = vec![0; 5];
        for s in visited_states(&g, 7, 12) {
            for idx in 0..n_profiles {
                crate::game::NormalForm::decode_profile(&nf_shape, idx, &mut prof);
                let want = brute_force_components(&g, &s, &prof);
                let mut got = [0.0; N_COMPONENTS];
                g.expected_components(&s, &prof, &mut got);
                for (k, (a, b)) in got.iter().zip(&want).enumerate() {
                    assert!((a - b).abs() <= 1e-12 * (1.0 + b.abs()), "{} at {prof:?}: {a} vs {b}", COMPONENT_NAMES[k]);
                }
            }
        }
    }
}

#[test]
fn player_component_ranges_match_the_component_table() {
    for (player, &(start, end)) in payoffs::PLAYER_COMPONENTS.iter().enumerate() {
        let mine: Vec<usize> = (0..N_COMPONENTS).filter(|&i| COMPONENTS[i].player == player).collect();
        assert_eq!(mine, (start..end).collect::<Vec<_>>(), "{}", PLAYER_NAMES[player]);
    }
}

#[test]
fn action_values_equal_expected_payoffs_of_each_action() {
    let restricted = ModelParams {
        actions: Some([("us_admin".to_string(), vec!["ban".to_string(), "allow_h200".to_string()])].into()),
        ..ModelParams::default()
    };
    for params in [ModelParams::default(), restricted] {
        let g = ExportGame::new(params).unwrap();
        let shape: Vec<usize> = g.players().iter().map(|p| p.actions.len()).collect();
        let n_profiles: usize = shape.iter().product();
        let (mut prof, mut pay, mut values) = (vec![0; 5], [0.0; 5], [0.0; 4]);
        for s in visited_states(&g, 11, 8) {
            for idx in 0..n_profiles {
                crate::game::NormalForm::decode_profile(&shape, idx, &mut prof);
                for player in 0..5 {
                    g.action_values(&s, &prof, player, &mut values[..shape[player]]);
                    let mut p = prof.clone();
                    for (k, &v) in values[..shape[player]].iter().enumerate() {
                        p[player] = k;
                        g.expected_payoffs(&s, &p, &mut pay);
                        assert!((v - pay[player]).abs() <= 1e-12 * (1.0 + v.abs()), "{p:?} player {player}");
                    }
                }
            }
        }
    }
}

#[test]
fn play_round_equals_stage_payoffs_then_transition() {
    use rand::RngExt;
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let mut pick = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let (mut s, mut t) = (g.initial_state(), g.initial_state());
    let (mut r1, mut r2) = (rand_chacha::ChaCha8Rng::seed_from_u64(9), rand_chacha::ChaCha8Rng::seed_from_u64(9));
    for _ in 0..40 {
        let prof: Vec<usize> = g.players().iter().map(|p| pick.random_range(0..p.actions.len())).collect();
        let (mut pay, mut comps) = ([0.0; 5], [0.0; N_COMPONENTS]);
        g.play_round(&mut s, &prof, &mut r1, &mut pay, &mut comps);
        let (mut pay2, mut comps2) = ([0.0; 5], [0.0; N_COMPONENTS]);
        Game::stage_components(&g, &t, &prof, &r2, &mut comps2);
        g.stage_payoffs(&t, &prof, &mut r2, &mut pay2);
        g.transition(&mut t, &prof, &mut r2);
        assert_eq!((pay, comps, &s), (pay2, comps2, &t));
    }
    assert_eq!(r1.random::<u64>(), r2.random::<u64>(), "both consumed the same draws");
}
