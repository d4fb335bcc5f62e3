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
fn expected_payoffs_are_fast_and_transition_matches_stage() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let s = g.initial_state();
    let prof = [1, 2, 1, 0, 2];
    // transition consumes exactly the shocks that stage_payoffs peeked
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let peek = g.shock_probs(&s, &prof).draw(&mut rng.clone());
    let mut t = s.clone();
    g.transition(&mut t, &prof, &mut rng);
    let mut u = s.clone();
    g.advance(&mut u, &prof, &peek);
    assert_eq!(t, u);
    let mut out = [0.0; 5];
    let start = std::time::Instant::now();
    let n = 20_000;
    for i in 0..n {
        let p = [i % 4, i % 3, (i / 3) % 4, (i / 7) % 4, (i / 11) % 4];
        g.expected_payoffs(&s, &p, &mut out);
    }
    let ns = start.elapsed().as_nanos() as f64 / n as f64;
    println!("expected_payoffs: {ns:.0} ns per call");
}
