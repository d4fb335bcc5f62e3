use super::*;
use rand::SeedableRng;

#[test]
fn builds_with_defaults() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    assert_eq!(g.players().len(), 5);
    assert_eq!(g.state_names().len(), STATE_NAMES.len());
    assert_eq!(g.state_bounds().len(), STATE_NAMES.len());
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * (1.0 + b.abs()), "{a} vs {b}");
}

/// The worked round of docs/MODEL.md §7: round 0 with default parameters, profile
/// (allow_h20, pressure, comply, permit, comply), calm shocks, every number recomputed here from
/// the equations, independently of the model's code.
#[test]
fn worked_round() {
    let p = ModelParams::default();
    let g = ExportGame::new(p.clone()).unwrap();
    let s = g.initial_state();
    let prof = g.profile(&["allow_h20", "pressure", "comply", "permit", "comply"]).unwrap();
    let o = g.outcome(&s, &prof, &Shocks::CALM);
    let lambda = p.logit_scale;
    // (3) per-unit surplus of the open channels: H20, sub-threshold, domestic (grey and offshore
    // are closed to a complying posture).
    let u_h20 = p.v_compute * p.perf_h20 - p.price_h20;
    let u_low = p.v_compute * p.perf_low - p.price_low;
    let u_dom = p.v_compute * p.domestic_capability0 * (1.0 - p.software_gap * p.dependence0) - p.price_domestic;
    let (e_h20, e_low, e_dom) = ((u_h20 / lambda).exp(), (u_low / lambda).exp(), (u_dom / lambda).exp());
    // (4) directed buyers: domestic or nothing.
    let d = p.demand0;
    let directed = p.directed_share * d * e_dom / (1.0 + e_dom);
    assert!(directed < p.domestic_capacity0);
    // (5) the market: a logit over H20, sub-threshold, domestic and not buying.
    let dm = (1.0 - p.directed_share) * d;
    let z = 1.0 + e_h20 + e_low + e_dom;
    let mut x = [dm * e_h20 / z, dm * e_low / z, dm * e_dom / z];
    let cap_left = p.domestic_capacity0 - directed;
    let dom_capped = x[2] > cap_left;
    if dom_capped {
        let k = (dm - cap_left) / (1.0 + e_h20 + e_low);
        x = [k * e_h20, k * e_low, cap_left];
    }
    close(o.nvidia_units, x[0]);
    close(o.low_units, x[1]);
    close(o.domestic_units, directed + x[2]);
    // (7) compute, (9) money.
    let dom = directed + x[2];
    let compute = x[0] * p.perf_h20 + x[1] * p.perf_low + dom * p.domestic_capability0;
    close(o.compute, compute);
    let gross = x[0] * p.price_h20;
    close(o.gross, gross);
    close(o.fee_paid, p.fee_h20 * p.fee_collection * gross);
    close(o.gross_low, x[1] * p.price_low);
    // (8) shares; (16-18) next stocks.
    let acquired = x[0] + x[1] + dom;
    close(o.domestic_share, dom / acquired);
    let stack = 1.0 - dom * p.domestic_capability0 / compute;
    close(o.stack_share, stack);
    let dep = p.dependence0;
    let dep_next = dep + p.dependence_gain * stack * (1.0 - dep) - p.dependence_decay * (1.0 - stack) * dep;
    close(o.dependence_next, dep_next);
    let owned = p.china_compute0 * (1.0 - p.depreciation) + compute;
    close(o.owned_next, owned);
    let us_next = p.us_compute0 * (1.0 - p.depreciation) + p.us_additions0;
    close(o.ratio_next, owned / us_next);
    let share = dom / acquired;
    let cap_next = p.domestic_capacity0
        * (1.0 + (p.capacity_growth + p.capacity_learning * share) * (1.0 - p.domestic_capacity0 / p.capacity_max));
    close(o.capacity_next, cap_next);
    let kap_next = p.domestic_capability0
        * (1.0
            + p.capability_growth
                * (1.0 + p.capability_learning * share)
                * (1.0 - p.domestic_capability0 / p.capability_max));
    close(o.capability_next, kap_next);
    // (23) continuation values now and next.
    let beta = p.tv_discount;
    let perp = 1.0 / (1.0 - beta);
    let v_us = |dep: f64, ratio: f64| (p.w_us_stack * dep - p.w_us_gap * ratio) * perp;
    let v_bj = |own: f64, dep: f64, k: f64, kap: f64| {
        p.w_bj_compute * own * (1.0 - p.depreciation) + (p.w_bj_self * k * kap - p.w_bj_dependence * dep) * perp
    };
    let ratio0 = p.china_compute0 / p.us_compute0;
    let cont_us = beta * v_us(dep_next, owned / us_next) - v_us(dep, ratio0);
    let cont_h = beta * (-p.w_hawk_gap * owned / us_next * perp) - (-p.w_hawk_gap * ratio0 * perp);
    let cont_bj = beta * v_bj(owned, dep_next, cap_next, kap_next)
        - v_bj(p.china_compute0, dep, p.domestic_capacity0, p.domestic_capability0);
    // (11-15) payoffs.
    let mut pay = [0.0; 5];
    crate::model::payoffs::accumulate(g.component_weights(), &o.comps, 1.0, &mut pay);
    let fee = p.fee_h20 * p.fee_collection * gross;
    let us = p.w_us_fee * fee + p.w_us_nvidia * (gross + x[1] * p.price_low) + p.w_us_stack * dep_next
        - p.w_us_gap * owned / us_next
        - p.w_us_political * p.intensity_pressure
        + cont_us;
    close(pay[US], us);
    close(pay[HAWKS], -p.w_hawk_gap * owned / us_next - p.effort_pressure + cont_h);
    close(
        pay[NVIDIA],
        p.margin * (gross + x[1] * p.price_low)
            - fee
            - p.writedown_fraction * (p.exposure0 - p.inventory_ratio * gross / p.inventory_runoff).max(0.0),
    );
    let user_cost = 1.0 - beta * (1.0 - p.depreciation);
    let bj = p.w_bj_compute * user_cost * owned + p.w_bj_self * cap_next * kap_next
        - p.w_bj_dependence * dep_next
        - p.tension_cost * p.tension0
        + cont_bj;
    close(pay[BEIJING], bj);
    // Buyers: surplus of what they bought plus the choice value of both segments.
    let xlnx = |v: f64, total: f64| if v > 0.0 { v * (v / total).ln() } else { 0.0 };
    let market_out = dm - x.iter().sum::<f64>();
    let entropy_market = xlnx(x[0], dm) + xlnx(x[1], dm) + xlnx(x[2], dm) + xlnx(market_out, dm);
    let dd = p.directed_share * d;
    let entropy_directed = xlnx(directed, dd) + xlnx(dd - directed, dd);
    let buyers = x[0] * u_h20 + x[1] * u_low + dom * u_dom - lambda * (entropy_market + entropy_directed);
    close(pay[BUYERS], buyers);
    // Next state.
    let mut t = s.clone();
    g.advance(&mut t, &prof, &Shocks::CALM);
    close(t.china_compute, owned);
    close(t.us_compute, us_next);
    close(t.dependence, dep_next);
    close(t.domestic_capacity, cap_next);
    close(t.domestic_capability, kap_next);
    close(t.exposure, (p.exposure0 - o.writedown) * (1.0 - p.inventory_runoff) + p.inventory_ratio * gross);
    close(t.demand, d * (1.0 + p.demand_growth * (1.0 - d / p.demand_max)));
    close(t.tension, p.tension0 * (1.0 - p.tension_decay));
    // Printed for docs/MODEL.md §7 (`cargo test --lib model::tests::worked_round -- --nocapture`).
    println!("u: h20 {u_h20:.4} low {u_low:.4} dom {u_dom:.4}; e: {e_h20:.4} {e_low:.4} {e_dom:.4}");
    println!("directed {directed:.6}; market {x:.6?} (domestic capped: {dom_capped}); compute {compute:.6}");
    println!("gross {gross:.6} fee {fee:.6} low revenue {:.6}; stack {stack:.6}", x[1] * p.price_low);
    println!(
        "next: owned {owned:.6} us {us_next:.6} ratio {:.6} dep {dep_next:.6} K {cap_next:.6} kappa {kap_next:.6}",
        owned / us_next
    );
    println!("continuation: us {cont_us:.4} hawks {cont_h:.4} beijing {cont_bj:.4}");
    println!("payoffs: {pay:.4?}");
}

#[test]
fn a_boycott_stops_compliant_buyers_and_customs_stops_most_defiant_ones() {
    let p = ModelParams::default();
    let g = ExportGame::new(p.clone()).unwrap();
    let s = g.initial_state();
    for us in ["allow_h20", "allow_h200", "allow_b30a"] {
        for posture in ["comply", "hedge"] {
            let prof = g.profile(&[us, "pressure", "comply", "boycott", posture]).unwrap();
            let o = g.outcome(&s, &prof, &Shocks::CALM);
            assert_eq!((o.nvidia_units, o.gross, o.fee_paid), (0.0, 0.0, 0.0), "{us} {posture}");
            // Sub-threshold products are not covered.
            assert!(o.low_units > 0.0);
            let mut t = s.clone();
            g.advance(&mut t, &prof, &Shocks::CALM);
            assert!(t.domestic_share > s.domestic_share);
        }
        // Defiant buyers get at most 1 - customs_block of what they order.
        let defy = g.profile(&[us, "pressure", "comply", "boycott", "defy"]).unwrap();
        let permit = g.profile(&[us, "pressure", "comply", "permit", "comply"]).unwrap();
        let o = g.outcome(&s, &defy, &Shocks::CALM);
        let open = g.outcome(&s, &permit, &Shocks::CALM);
        assert!(o.nvidia_units > 0.0 && o.nvidia_units <= (1.0 - p.customs_block) * open.nvidia_units + 1e-12);
    }
}

#[test]
fn every_channel_respects_its_capacity_and_demand() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let p = g.params().clone();
    for s in visited_states(&g, 3, 40) {
        let shape: Vec<usize> = g.players().iter().map(|pl| pl.actions.len()).collect();
        let n: usize = shape.iter().product();
        let mut prof = vec![0; 5];
        for idx in (0..n).step_by(7) {
            crate::game::NormalForm::decode_profile(&shape, idx, &mut prof);
            for failure in [false, true] {
                let sh = Shocks { yield_: if failure { Yield::Failure } else { Yield::Normal }, ..Shocks::CALM };
                let o = g.outcome(&s, &prof, &sh);
                let k = s.domestic_capacity * if failure { 1.0 - p.yield_failure_loss } else { 1.0 };
                assert!(o.domestic_units <= k * (1.0 + 1e-12));
                assert!(o.grey_bought <= p.grey_cap * (1.0 + 1e-12));
                let off_cap = if s.round >= p.remote_access_from_round {
                    p.offshore_cap * (1.0 - p.remote_access_rule)
                } else {
                    p.offshore_cap
                };
                assert!(o.offshore_units <= off_cap * (1.0 + 1e-12));
                assert!(o.nvidia_units <= o.cap * (1.0 + 1e-12));
                let total: f64 = o.planned.iter().sum();
                assert!(total <= s.demand * (1.0 + 1e-12));
            }
        }
    }
}

/// Offshore rental is a flow: it adds compute only while contracts run (they expire at rate
/// 1/rental_term) and never enters the owned stock.
#[test]
fn offshore_rental_is_a_flow() {
    let p = ModelParams { p_yield_failure: 0.0, p_breakthrough: 0.0, ..ModelParams::default() };
    let g = ExportGame::new(p.clone()).unwrap();
    let mut s = g.initial_state();
    let rent = g.profile(&["ban", "acquiesce", "withhold", "permit", "hedge"]).unwrap();
    let comply = g.profile(&["ban", "acquiesce", "withhold", "permit", "comply"]).unwrap();
    let o = g.outcome(&s, &rent, &Shocks::CALM);
    let o_comply = g.outcome(&s, &comply, &Shocks::CALM);
    assert!(o.offshore_units > 0.0);
    // Owned compute gained does not include the rentals.
    let owned_gain = o.compute;
    assert!(
        (owned_gain
            - (o.low_units * p.perf_low + o.domestic_units * s.domestic_capability + o.grey_kept * p.perf_grey))
            .abs()
            < 1e-12
    );
    assert!(o_comply.rented_new == 0.0);
    g.advance(&mut s, &rent, &Shocks::CALM);
    let rented = s.rented_compute;
    assert!((rented - o.offshore_units * p.perf_offshore).abs() < 1e-12);
    // Stop renting: contracts run off at 1/L per quarter; the owned stock never jumps.
    for _ in 0..4 {
        let before = s.clone();
        g.advance(&mut s, &comply, &Shocks::CALM);
        assert!((s.rented_compute - before.rented_compute * (1.0 - 1.0 / p.rental_term)).abs() < 1e-12);
    }
}

/// The remote-access rule closes a share of offshore capacity from its round on.
#[test]
fn the_remote_access_rule_applies_from_its_round() {
    let p = ModelParams { offshore_cap: 0.001, remote_access_from_round: 3, ..ModelParams::default() };
    let g = ExportGame::new(p.clone()).unwrap();
    let prof = g.profile(&["ban", "acquiesce", "withhold", "boycott", "hedge"]).unwrap();
    let mut s = g.initial_state();
    for r in 0..6 {
        let o = g.outcome(&s, &prof, &Shocks::CALM);
        let cap = if r >= 3 { p.offshore_cap * (1.0 - p.remote_access_rule) } else { p.offshore_cap };
        assert!((o.offshore_units - cap).abs() < 1e-15, "round {r}: {} vs {cap}", o.offshore_units);
        g.advance(&mut s, &prof, &Shocks::CALM);
    }
}

/// Run totals telescope: the discounted continuation components of a run add up to
/// `beta^T V(s_T) - V(s_0)`, whatever the horizon.
#[test]
fn continuation_components_telescope_to_the_value_at_the_horizon() {
    use rand::RngExt;
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let beta = g.params().tv_discount;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
    let mut pick = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let s0 = g.initial_state();
    let mut s = s0.clone();
    let mut sum = [0.0; 5];
    let mut disc = 1.0;
    for _ in 0..48 {
        let prof: Vec<usize> = g.players().iter().map(|p| pick.random_range(0..p.actions.len())).collect();
        let (mut pay, mut comps) = ([0.0; 5], [0.0; N_COMPONENTS]);
        g.play_round(&mut s, &prof, &mut rng, &mut pay, &mut comps);
        for (i, name) in COMPONENT_NAMES.iter().enumerate() {
            if name.ends_with(".continuation") {
                sum[COMPONENTS[i].player] += disc * comps[i];
            }
        }
        disc *= beta;
    }
    let (v0, vt) = (g.continuation_values(&s0), g.continuation_values(&s));
    for i in 0..5 {
        let want = disc * vt[i] - v0[i];
        assert!((sum[i] - want).abs() <= 1e-9 * (1.0 + want.abs()), "player {i}: {} vs {want}", sum[i]);
    }
    // Switched off, the continuation components are zero.
    let off = ExportGame::new(ModelParams { terminal_value: 0.0, ..ModelParams::default() }).unwrap();
    let mut t = off.initial_state();
    let (mut pay, mut comps) = ([0.0; 5], [0.0; N_COMPONENTS]);
    off.play_round(&mut t, &[2, 1, 0, 0, 0], &mut rng, &mut pay, &mut comps);
    for (i, name) in COMPONENT_NAMES.iter().enumerate() {
        if name.ends_with(".continuation") {
            assert_eq!(comps[i], 0.0);
        }
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
    let lumpy =
        ModelParams { p_breakthrough: 0.3, p_yield_failure: 0.3, breakthrough_gain: 0.5, ..ModelParams::default() };
    for params in [ModelParams::default(), sure, lumpy] {
        let g = ExportGame::new(params).unwrap();
        let nf_shape: Vec<usize> = g.players().iter().map(|p| p.actions.len()).collect();
        let n_profiles: usize = nf_shape.iter().product();
        let mut prof = vec![0; 5];
        for s in visited_states(&g, 7, 16) {
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

#[test]
fn refresh_recomputes_the_derived_quantities() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    let mut s = g.initial_state();
    let before = s.derived.clone();
    s.domestic_capability *= 2.0;
    g.refresh(&mut s);
    assert!(s.derived.u_dom > before.u_dom);
    let mut t = s.clone();
    g.refresh(&mut t);
    assert_eq!(s, t);
}

#[test]
fn with_discount_matches_the_repeat_discount() {
    let g = ExportGame::new(ModelParams::default()).unwrap();
    assert_eq!(g.with_discount(0.95).unwrap().params().tv_discount, 0.95);
    assert_eq!(g.with_discount(1.0).unwrap().params().terminal_value, 0.0);
}
