//! The logit tracer follows the principal branch on nearly symmetric games, checked against an
//! independent reference: natural-parameter continuation in λ with very small steps, in
//! probabilities (not log probabilities), with a finite-difference Newton corrector. Games whose
//! principal branch is monotone in λ (the perturbed games below) are traced reliably this way,
//! only slowly; the reference refuses to answer if a step would jump.
//!
//! Also: every listed profile of the floating-point methods has regret within its tolerance, and
//! support enumeration says when a degenerate game's list may be incomplete.

#![allow(clippy::needless_range_loop)] // the reference tracer indexes its small matrices directly

use chipgame::game::{NormalForm, PlayerSpec};
use chipgame::solve::{self, Method, SolveOptions, logit};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// An n-player game with two actions each, payoffs profile-major (first player fastest).
fn binary_game(n: usize, payoffs: Vec<f64>) -> NormalForm {
    let players =
        (0..n).map(|i| PlayerSpec { name: format!("P{}", i + 1), actions: vec!["a".into(), "b".into()] }).collect();
    NormalForm::from_f64(String::new(), players, payoffs).unwrap()
}

/// Payoff difference u_i(a) − u_i(b) for each player i when the others play action a with
/// probabilities `q`.
fn diffs(g: &NormalForm, q: &[f64]) -> Vec<f64> {
    let n = q.len();
    let probs: Vec<Vec<f64>> = q.iter().map(|&x| vec![x, 1.0 - x]).collect();
    (0..n)
        .map(|i| {
            let v = g.action_values(&probs, i);
            v[0] - v[1]
        })
        .collect()
}

/// The reference tracer: q_i = 1 / (1 + exp(−λ D_i(q))) followed in λ from 0 to `lambda_end`.
/// Steps are relative (at most 0.2% of λ, or 0.002 below λ = 1) and shrink until no probability
/// moves by more than 0.002 in a step; returns `None` if that is impossible (a fold).
fn reference_end(g: &NormalForm, lambda_end: f64) -> Option<Vec<f64>> {
    let n = g.shape().len();
    let mut q = vec![0.5; n];
    let mut lam = 0.0f64;
    let residual = |q: &[f64], lam: f64| -> Vec<f64> {
        let d = diffs(g, q);
        (0..n).map(|i| q[i] - 1.0 / (1.0 + (-lam * d[i]).exp())).collect()
    };
    let newton = |start: &[f64], lam: f64| -> Option<Vec<f64>> {
        let mut x = start.to_vec();
        for _ in 0..50 {
            let f = residual(&x, lam);
            if f.iter().all(|v| v.abs() < 1e-13) {
                return Some(x);
            }
            // Finite-difference Jacobian, solved by Gaussian elimination (n ≤ 3 here).
            let mut jac = vec![vec![0.0; n + 1]; n];
            for j in 0..n {
                let mut y = x.clone();
                let e = 1e-7;
                y[j] += e;
                let fy = residual(&y, lam);
                for r in 0..n {
                    jac[r][j] = (fy[r] - f[r]) / e;
                }
            }
            for r in 0..n {
                jac[r][n] = -f[r];
            }
            for c in 0..n {
                let p = (c..n).max_by(|&a, &b| jac[a][c].abs().total_cmp(&jac[b][c].abs())).unwrap();
                jac.swap(c, p);
                if jac[c][c].abs() < 1e-14 {
                    return None;
                }
                for r in 0..n {
                    if r != c {
                        let f = jac[r][c] / jac[c][c];
                        for k in c..=n {
                            jac[r][k] -= f * jac[c][k];
                        }
                    }
                }
            }
            for r in 0..n {
                x[r] += jac[r][n] / jac[r][r];
            }
        }
        None
    };
    while lam < lambda_end {
        let mut step = (0.002 * lam.max(1.0)).min(lambda_end - lam);
        loop {
            if step < 1e-9 {
                return None;
            }
            if let Some(next) = newton(&q, lam + step)
                && next.iter().zip(&q).all(|(a, b)| (a - b).abs() <= 0.002)
            {
                q = next;
                lam += step;
                break;
            }
            step *= 0.5;
        }
    }
    Some(q)
}

/// chipgame's logit endpoint as the probabilities of action a.
fn chip_end(g: &NormalForm) -> Vec<f64> {
    let r = logit::solve(g, &SolveOptions::default()).unwrap();
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    r.equilibria[0].profile.iter().map(|s| s[0]).collect()
}

fn perturbed(base: &[f64], seed: u64, size: f64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    base.iter().map(|x| x + size * (2.0 * rng.random::<f64>() - 1.0)).collect()
}

/// Battle of the Sexes, (3, 2) / (2, 3) on the diagonal, payoffs profile-major.
const BOS: [f64; 8] = [3.0, 2.0, 0.0, 0.0, 0.0, 0.0, 2.0, 3.0];

/// Three players are paid 1 when all choose the same action, 0 otherwise: symmetric under
/// relabelling the actions, so the centroid stays a QRE and the branches split at a pitchfork.
fn unanimity3() -> Vec<f64> {
    (0..8).flat_map(|idx: usize| [if idx == 0 || idx == 7 { 1.0 } else { 0.0 }; 3]).collect()
}

fn assert_same_end(g: &NormalForm, lambda_end: f64, what: &str) {
    let r = reference_end(g, lambda_end).unwrap_or_else(|| panic!("{what}: the reference tracer met a fold"));
    let c = chip_end(g);
    let close = r.iter().zip(&c).all(|(a, b)| (a - b).abs() < 0.05);
    assert!(close, "{what}: chipgame ends at {c:?}, the reference path at λ = {lambda_end} is at {r:?}");
}

#[test]
fn logit_follows_the_principal_branch_on_perturbed_battle_of_the_sexes() {
    for seed in 0..6 {
        let g = binary_game(2, perturbed(&BOS, seed, 1e-3));
        assert_same_end(&g, 60.0, &format!("BoS seed {seed}"));
    }
}

#[test]
fn logit_follows_the_principal_branch_on_a_perturbed_three_player_game() {
    for seed in 0..3 {
        let g = binary_game(3, perturbed(&unanimity3(), 100 + seed, 1e-3));
        assert_same_end(&g, 200.0, &format!("2x2x2 seed {seed}"));
    }
}

#[test]
fn logit_path_is_invariant_under_payoff_scaling() {
    // The same game with payoffs multiplied by 10^18 and shifted: same endpoint, λ scaled.
    let base = perturbed(&BOS, 7, 1e-3);
    let g1 = binary_game(2, base.clone());
    let g2 = binary_game(2, base.iter().map(|x| 1e18 * x + 5e18).collect());
    let r1 = logit::solve(&g1, &SolveOptions::default()).unwrap();
    let r2 = logit::solve(&g2, &SolveOptions::default()).unwrap();
    let (p1, p2) = (&r1.equilibria[0].profile, &r2.equilibria[0].profile);
    for (a, b) in p1.iter().flatten().zip(p2.iter().flatten()) {
        assert!((a - b).abs() < 1e-6, "{p1:?} vs {p2:?}");
    }
    assert!(r2.equilibria[0].max_regret <= 1e-8 * 3e18);
}

#[test]
fn floating_point_methods_list_only_profiles_within_tolerance() {
    for seed in 0..4 {
        let g = binary_game(3, perturbed(&unanimity3(), 200 + seed, 0.3));
        let range = 1.6;
        for m in [Method::Logit, Method::EnumPoly] {
            let r = solve::solve(&g, m, &SolveOptions::default()).unwrap();
            for e in &r.equilibria {
                assert!(e.max_regret <= 1e-8 * range, "{m} seed {seed}: regret {}", e.max_regret);
            }
        }
    }
}
