//! Test vectors §2.2 #1–20 of `game-theory-anchors.md` with their exact expected equilibria,
//! cross-checks between methods, and property tests (exact regret 0 on random games).

use chipgame::game::{NormalForm, PlayerSpec, rational};
use chipgame::solve::{self, Equilibrium, Method, SolveOptions, enummixed, lcp, pure, regret, support};
use num_traits::Zero;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn bimatrix(a: &[&[i64]], b: &[&[i64]]) -> NormalForm {
    let f = |m: &[&[i64]]| m.iter().map(|r| r.iter().map(|&x| x as f64).collect()).collect::<Vec<Vec<f64>>>();
    NormalForm::bimatrix(&f(a), &f(b)).unwrap()
}

fn neg(m: &[&[i64]]) -> Vec<Vec<i64>> {
    m.iter().map(|r| r.iter().map(|x| -x).collect()).collect()
}

fn refs(m: &[Vec<i64>]) -> Vec<&[i64]> {
    m.iter().map(|r| r.as_slice()).collect()
}

/// n players with 2..k actions each, payoffs profile-major (first player fastest).
fn nplayer(shape: &[usize], payoffs: Vec<f64>) -> NormalForm {
    let players = shape
        .iter()
        .enumerate()
        .map(|(i, &k)| PlayerSpec { name: format!("P{}", i + 1), actions: (0..k).map(|a| format!("a{a}")).collect() })
        .collect();
    NormalForm::from_f64(String::new(), players, payoffs).unwrap()
}

fn key(e: &Equilibrium) -> String {
    e.exact
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.iter().map(rational::to_string).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("|")
}

fn keys(eqs: &[Equilibrium]) -> BTreeSet<String> {
    eqs.iter().map(key).collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn run(g: &NormalForm, m: Method) -> Vec<Equilibrium> {
    solve::solve(g, m, &SolveOptions::default()).unwrap().equilibria
}

/// enummixed gives exactly `expected`; every method's answer has exact regret 0 and the usual
/// inclusions hold (pure ⊆ enummixed, lcp ⊆ enummixed, support ⊆ enummixed).
fn check_two_player(g: &NormalForm, expected: &[&str]) {
    let em = run(g, Method::EnumMixed);
    assert_eq!(keys(&em), set(expected), "enummixed");
    assert_eq!(em.len(), expected.len(), "no duplicates");
    let all = keys(&em);
    for m in [Method::Pure, Method::Lcp, Method::Support] {
        let eqs = run(g, m);
        for e in &eqs {
            assert_eq!(e.max_regret, 0.0, "{m}");
            assert!(regret::max_regret_exact(g, e.exact.as_ref().unwrap()).is_zero());
            assert!(all.contains(&key(e)), "{m} found {} which enummixed did not", key(e));
        }
        if m == Method::Lcp {
            assert!(!eqs.is_empty());
        }
    }
    for e in &em {
        assert_eq!(e.max_regret, 0.0);
    }
}

#[test]
fn v01_matching_pennies() {
    let g = bimatrix(&[&[1, -1], &[-1, 1]], &[&[-1, 1], &[1, -1]]);
    check_two_player(&g, &["1/2,1/2|1/2,1/2"]);
    assert!(run(&g, Method::Pure).is_empty());
}

#[test]
fn v02_rock_paper_scissors() {
    let a: &[&[i64]] = &[&[0, -1, 1], &[1, 0, -1], &[-1, 1, 0]];
    let b = neg(a);
    check_two_player(&bimatrix(a, &refs(&b)), &["1/3,1/3,1/3|1/3,1/3,1/3"]);
}

#[test]
fn v03_battle_of_the_sexes() {
    let g = bimatrix(&[&[3, 0], &[0, 2]], &[&[2, 0], &[0, 3]]);
    check_two_player(&g, &["1,0|1,0", "0,1|0,1", "3/5,2/5|2/5,3/5"]);
    assert_eq!(run(&g, Method::Pure).len(), 2);
}

#[test]
fn v04_bos_variant() {
    let g = bimatrix(&[&[3, 1], &[0, 2]], &[&[2, 0], &[1, 3]]);
    check_two_player(&g, &["1,0|1,0", "0,1|0,1", "1/2,1/2|1/4,3/4"]);
}

#[test]
fn v05_lh_finds_a_subset() {
    let g = bimatrix(&[&[3, 1], &[0, 2]], &[&[2, 1], &[0, 3]]);
    check_two_player(&g, &["1,0|1,0", "0,1|0,1", "3/4,1/4|1/4,3/4"]);
    let lh = keys(&run(&g, Method::Lcp));
    assert!(lh.contains("1,0|1,0") && lh.contains("0,1|0,1"));
}

#[test]
fn v06_nashpy_2x2() {
    let g = bimatrix(&[&[1, 0], &[-2, 3]], &[&[3, 2], &[-1, 0]]);
    check_two_player(&g, &["1,0|1,0", "0,1|0,1", "1/2,1/2|1/2,1/2"]);
}

#[test]
fn v07_von_stengel_3x2() {
    let g = bimatrix(&[&[3, 3], &[2, 5], &[0, 6]], &[&[3, 2], &[2, 6], &[3, 1]]);
    check_two_player(&g, &["1,0,0|1,0", "4/5,1/5,0|2/3,1/3", "0,1/3,2/3|1/3,2/3"]);
    assert_eq!(keys(&run(&g, Method::Support)).len(), 3);
}

#[test]
fn v08_nashpy_4x3() {
    let g = bimatrix(
        &[&[160, 205, 44], &[175, 180, 45], &[201, 204, 50], &[120, 207, 49]],
        &[&[2, 2, 2], &[1, 0, 0], &[3, 4, 1], &[4, 1, 2]],
    );
    check_two_player(&g, &["0,0,3/4,1/4|1/28,27/28,0"]);
}

#[test]
fn v09_long_lemke_howson_paths() {
    let a: &[&[i64]] = &[
        &[-180, 72, -333, 297, -153, 270],
        &[-30, 17, -33, 42, -3, 20],
        &[-81, 36, -126, 126, -36, 90],
        &[90, -36, 126, -126, 36, -81],
        &[20, -3, 42, -33, 17, -30],
        &[270, -153, 297, -333, 72, -180],
    ];
    let b: &[&[i64]] = &[
        &[72, 36, 17, -3, -36, -153],
        &[-180, -81, -30, 20, 90, 270],
        &[297, 126, 42, -33, -126, -333],
        &[-333, -126, -33, 42, 126, 297],
        &[270, 90, 20, -30, -81, -180],
        &[-153, -36, -3, 17, 36, 72],
    ];
    let g = bimatrix(a, b);
    let e = "1/30,1/6,3/10,3/10,1/6,1/30|1/6,1/30,3/10,3/10,1/30,1/6";
    check_two_player(&g, &[e]);
    assert_eq!(keys(&run(&g, Method::Lcp)), set(&[e]));
}

/// von Stengel (1999), the 6×6 game with 75 equilibria (payoffs as in Gambit's catalog,
/// `journals/dcg/vonstengel1999/6x6_game_with_75_eq`).
#[test]
fn v10_seventy_five_equilibria() {
    let list = "9504 72336 -111771 -461736 397584 1227336 171204 -1718376 1303104 1303104 737154 -453420 -660 48081 31680 -300036 -113850 774576 -45936 -1039236 -453420 737154 -227040 -227040 19976 29216 -130944 -178761 451176 451176 208626 -586476 1227336 397584 774576 -113850 -20526 14124 168124 -84436 -586476 208626 -263076 -263076 -1718376 171204 -1039236 -45936 1776 1776 -8514 -8976 29216 19976 14124 -20526 72336 9504 48081 -660 -8976 -8514 52764 52764 -178761 -130944 -84436 168124 -461736 -111771 -300036 31680";
    let pays: Vec<f64> = list.split_whitespace().map(|x| x.parse().unwrap()).collect();
    let g = nplayer(&[6, 6], pays);
    let em = run(&g, Method::EnumMixed);
    assert_eq!(em.len(), 75);
    assert!(em.iter().all(|e| e.max_regret == 0.0));
    let k = keys(&em);
    assert_eq!(k.len(), 75);
    assert!(k.contains("20/23,3/23,0,0,0,0|4/19,15/19,0,0,0,0"), "{k:?}");
    let lh = keys(&run(&g, Method::Lcp));
    assert!(lh.is_subset(&k));
    // nondegenerate: support enumeration finds them all too
    assert_eq!(keys(&run(&g, Method::Support)), k);
}

#[test]
fn v11_nashpy_degenerate_segment() {
    let a: &[&[i64]] = &[&[0, -1, 1], &[-1, 0, 1], &[-1, 0, 1]];
    let b = neg(a);
    let g = bimatrix(a, &refs(&b));
    let r = solve::solve(&g, Method::EnumMixed, &SolveOptions::default()).unwrap();
    let k = keys(&r.equilibria);
    assert!(k.contains("1/2,1/2,0|1/2,1/2,0") && k.contains("1/2,0,1/2|1/2,1/2,0"), "{k:?}");
    // the segment between them is one clique
    let seg = r.components.iter().flat_map(|c| &c.cliques).any(|q| {
        let rows: BTreeSet<String> =
            q.row.iter().map(|s| s.iter().map(rational::to_string).collect::<Vec<_>>().join(",")).collect();
        rows.contains("1/2,1/2,0") && rows.contains("1/2,0,1/2")
    });
    assert!(seg);
    assert!(r.equilibria.iter().all(|e| e.max_regret == 0.0));
    // the midpoint ((1/2,1/4,1/4),(1/2,1/2,0)) is an equilibrium
    let q = |n: i64, d: i64| chipgame::game::Rational::new(n.into(), d.into());
    assert!(
        regret::max_regret_exact(&g, &[vec![q(1, 2), q(1, 4), q(1, 4)], vec![q(1, 2), q(1, 2), q(0, 1)]]).is_zero()
    );
    for m in [Method::Lcp, Method::Support] {
        assert!(run(&g, m).iter().all(|e| k.contains(&key(e))));
    }
}

#[test]
fn v12_quantecon_degenerate_continuum() {
    let g = bimatrix(&[&[1, -1], &[-1, 1], &[0, 0]], &[&[1, 0], &[0, 0], &[0, 0]]);
    check_two_player(&g, &["1,0,0|1,0", "0,1,0|0,1", "0,1,0|1/2,1/2", "0,0,1|1/2,1/2"]);
    let r = solve::solve(&g, Method::EnumMixed, &SolveOptions::default()).unwrap();
    assert!(r.components.iter().flat_map(|c| &c.cliques).any(|q| q.row.len() == 2 && q.col.len() == 1));
}

#[test]
fn v13_lrsnash_degenerate() {
    let g = bimatrix(&[&[3, 3], &[2, 5], &[0, 6]], &[&[3, 3], &[2, 6], &[3, 1]]);
    check_two_player(&g, &["1,0,0|1,0", "1,0,0|2/3,1/3", "0,1/3,2/3|1/3,2/3"]);
}

#[test]
fn v14_nashpy_82_minimising_players() {
    let a: &[&[i64]] = &[&[0, 0, 6, 0, 0], &[0, 0, 3, 2, 1], &[4, 3, 0, 0, 1]];
    let b: &[&[i64]] = &[&[3, 0, 2, 1, 0], &[0, 2, 0, 0, 4], &[4, 0, 2, 4, 4]];
    let (na, nb) = (neg(a), neg(b));
    let g = bimatrix(&refs(&na), &refs(&nb));
    check_two_player(
        &g,
        &[
            "1,0,0|0,1,0,0,0",
            "1,0,0|0,0,0,0,1",
            "2/3,1/3,0|0,1,0,0,0",
            "1/3,1/2,1/6|0,4/9,2/9,1/3,0",
            "0,1/2,1/2|0,1/2,1/2,0,0",
            "0,1,0|3/7,0,4/7,0,0",
            "0,1,0|1,0,0,0,0",
            "0,1,0|3/8,0,1/4,3/8,0",
        ],
    );
}

#[test]
fn v15_all_zero() {
    let g = bimatrix(&[&[0, 0], &[0, 0]], &[&[0, 0], &[0, 0]]);
    check_two_player(&g, &["1,0|1,0", "1,0|0,1", "0,1|1,0", "0,1|0,1"]);
    let r = solve::solve(&g, Method::EnumMixed, &SolveOptions::default()).unwrap();
    assert_eq!(r.components.len(), 1);
    assert_eq!(r.components[0].cliques.len(), 1);
    assert_eq!(r.components[0].cliques[0].equilibria.len(), 4);
    assert_eq!(run(&g, Method::Pure).len(), 4);
}

fn mckelvey_mclennan() -> NormalForm {
    let mut p = vec![0.0; 24];
    let mut set = |a: [usize; 3], v: [f64; 3]| {
        let idx = a[0] + 2 * a[1] + 4 * a[2];
        p[idx * 3..idx * 3 + 3].copy_from_slice(&v);
    };
    set([0, 0, 0], [9.0, 8.0, 12.0]);
    set([1, 1, 0], [9.0, 8.0, 2.0]);
    set([1, 0, 1], [3.0, 4.0, 6.0]);
    set([0, 1, 1], [3.0, 4.0, 6.0]);
    nplayer(&[2, 2, 2], p)
}

/// Each equilibrium as P(first action) per player.
fn first_probs(eqs: &[Equilibrium]) -> Vec<Vec<f64>> {
    eqs.iter().map(|e| e.profile.iter().map(|s| s[0]).collect()).collect()
}

fn contains_approx(found: &[Vec<f64>], want: &[f64], tol: f64) -> bool {
    found.iter().any(|f| f.iter().zip(want).all(|(a, b)| (a - b).abs() < tol))
}

#[test]
fn v16_mckelvey_mclennan_nine_equilibria() {
    let g = mckelvey_mclennan();
    let want: [[f64; 3]; 9] = [
        [1.0, 1.0, 1.0],
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 0.0, 1.0],
        [0.5, 0.5, 1.0],
        [0.5, 0.4, 0.25],
        [0.4, 0.5, 1.0 / 3.0],
        [1.0 / 3.0, 1.0, 0.25],
        [0.0, 0.25, 1.0 / 3.0],
    ];
    let pure = run(&g, Method::Pure);
    assert_eq!(pure.len(), 4);
    let ep = run(&g, Method::EnumPoly);
    let f = first_probs(&ep);
    assert_eq!(ep.len(), 9, "{f:?}");
    for w in &want {
        assert!(contains_approx(&f, w, 1e-8), "missing {w:?} in {f:?}");
    }
    assert!(ep.iter().all(|e| e.max_regret < 1e-9));
    let lg = run(&g, Method::Logit);
    assert!(lg[0].max_regret < 1e-4, "{:?}", lg[0]);
    assert!(contains_approx(&want.iter().map(|w| w.to_vec()).collect::<Vec<_>>(), &first_probs(&lg)[0], 1e-3));
}

#[test]
fn v17_local_max_cut() {
    let list = "0 0 0 1 2 -1 2 4 2 -1 2 1 -1 2 1 2 4 2 1 2 -1 0 0 0";
    let g = nplayer(&[2, 2, 2], list.split_whitespace().map(|x| x.parse().unwrap()).collect());
    let pure = first_probs(&run(&g, Method::Pure));
    assert_eq!(pure.len(), 2);
    assert!(contains_approx(&pure, &[1.0, 0.0, 1.0], 1e-12) && contains_approx(&pure, &[0.0, 1.0, 0.0], 1e-12));
    let ep = run(&g, Method::EnumPoly);
    let f = first_probs(&ep);
    assert_eq!(ep.len(), 3, "{f:?}");
    assert!(contains_approx(&f, &[0.5, 0.5, 0.5], 1e-9));
}

#[test]
fn v18_three_player_matching_pennies() {
    let list = "1 1 -1 -1 1 1 -1 -1 -1 1 -1 1 1 -1 1 -1 -1 -1 -1 1 1 1 1 -1";
    let g = nplayer(&[2, 2, 2], list.split_whitespace().map(|x| x.parse().unwrap()).collect());
    assert!(run(&g, Method::Pure).is_empty());
    let f = first_probs(&run(&g, Method::EnumPoly));
    assert!(contains_approx(&f, &[0.5, 0.5, 0.5], 1e-9), "{f:?}");
    let lg = run(&g, Method::Logit);
    assert!(lg[0].max_regret < 1e-4);
}

fn anti_coordination(n: usize, v: f64) -> NormalForm {
    let np = 1usize << n;
    let mut p = vec![0.0; np * n];
    for idx in 0..np {
        for i in 0..n {
            let mine = idx >> i & 1;
            let others_zero = (0..n).filter(|&j| j != i).all(|j| idx >> j & 1 == 0);
            p[idx * n + i] = if mine == 0 {
                1.0
            } else if others_zero {
                v
            } else {
                0.0
            };
        }
    }
    nplayer(&vec![2; n], p)
}

#[test]
fn v19_anti_coordination_five_players() {
    let g = anti_coordination(5, 2.0);
    let pstar = 2f64.powf(-0.25);
    let f = first_probs(&run(&g, Method::EnumPoly));
    assert!(contains_approx(&f, &[pstar; 5], 1e-9), "{f:?}");
    let lg = run(&g, Method::Logit);
    let p = first_probs(&lg);
    assert!(p[0].iter().all(|x| (x - pstar).abs() < 1e-4), "{p:?}");
}

fn unanimity(n: usize) -> NormalForm {
    let np = 1usize << n;
    let mut p = vec![0.0; np * n];
    for idx in 0..np {
        let v = if idx == 0 {
            1.0
        } else if idx == np - 1 {
            2.0
        } else {
            0.0
        };
        for i in 0..n {
            p[idx * n + i] = v;
        }
    }
    nplayer(&vec![2; n], p)
}

#[test]
fn v20_unanimity_pure_counts() {
    assert_eq!(pure::pure_profiles(&unanimity(4)).len(), 8);
    assert_eq!(pure::pure_profiles(&unanimity(5)).len(), 22);
    assert!(run(&unanimity(5), Method::Pure).iter().all(|e| e.max_regret == 0.0));
}

#[test]
fn errors_and_names() {
    let g = anti_coordination(3, 2.0);
    let e = solve::solve(&g, Method::EnumMixed, &SolveOptions::default()).unwrap_err();
    assert_eq!(e.to_string(), "enummixed needs 2 players, the game has 3");
    for m in Method::ALL {
        assert_eq!(m.name().parse::<Method>().unwrap(), m);
    }
    assert!("simplex".parse::<Method>().is_err());
}

#[test]
fn report_json_and_table() {
    let g = bimatrix(&[&[1, -1, 0], &[-1, 1, 0], &[0, 0, 0]], &[&[1, 0, 0], &[0, 0, 0], &[0, 0, 0]]);
    let r = solve::solve(&g, Method::EnumMixed, &SolveOptions::default()).unwrap();
    let j = solve::report::to_json(&r, &g);
    let eqs = j["equilibria"].as_array().unwrap();
    assert_eq!(eqs.len(), r.equilibria.len());
    assert!(eqs[0]["exact"][0][0].is_string());
    assert_eq!(eqs[0]["max_regret"].as_f64(), Some(0.0));
    let t = solve::report::to_table(&r, &g);
    assert!(t.contains("Row") && t.contains("c2="));
    let lg = solve::solve(&g, Method::Logit, &SolveOptions::default()).unwrap();
    let j = solve::report::to_json(&lg, &g);
    assert!(j["equilibria"][0].get("exact").is_none());
    assert!(j["path"].as_array().unwrap().len() > 2);
}

/// Random integer bimatrix games; small payoff range makes degenerate games common.
fn random_game(m: usize, n: usize, range: i64, seed: u64) -> NormalForm {
    let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((s >> 33) % (2 * range as u64 + 1)) as i64 - range
    };
    let a: Vec<Vec<f64>> = (0..m).map(|_| (0..n).map(|_| next() as f64).collect()).collect();
    let b: Vec<Vec<f64>> = (0..m).map(|_| (0..n).map(|_| next() as f64).collect()).collect();
    NormalForm::bimatrix(&a, &b).unwrap()
}

#[test]
fn support_equals_enummixed_on_nondegenerate_random_games() {
    for seed in 0..20 {
        let g = random_game(5, 5, 1_000_000, seed);
        let em = keys(&enummixed::solve(&g).equilibria);
        let se = keys(&support::solve(&g).unwrap());
        assert_eq!(em, se, "seed {seed}");
        let lh = keys(&lcp::solve(&g));
        assert!(lh.is_subset(&em));
        assert_eq!(em.len() % 2, 1, "nondegenerate games have an odd number of equilibria");
    }
}

#[test]
fn enummixed_larger_random_games_have_zero_regret() {
    for (seed, n) in [(1u64, 8usize), (2, 10), (3, 12)] {
        let g = random_game(n, n, 50, seed);
        let em = enummixed::solve(&g).equilibria;
        assert!(!em.is_empty());
        assert!(em.iter().all(|e| e.max_regret == 0.0));
        let lh = keys(&lcp::solve(&g));
        assert!(lh.is_subset(&keys(&em)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, rng_seed: proptest::test_runner::RngSeed::Fixed(17), .. ProptestConfig::default() })]
    #[test]
    fn prop_exact_methods_have_zero_regret(m in 1usize..5, n in 1usize..5, range in 1i64..4, seed in any::<u64>()) {
        let g = random_game(m, n, range, seed);
        let em = enummixed::solve(&g).equilibria;
        prop_assert!(!em.is_empty());
        let all = keys(&em);
        for e in &em {
            prop_assert!(regret::max_regret_exact(&g, e.exact.as_ref().unwrap()).is_zero());
        }
        for e in lcp::solve(&g).iter().chain(support::solve(&g).unwrap().iter()).chain(pure::solve(&g).iter()) {
            prop_assert!(regret::max_regret_exact(&g, e.exact.as_ref().unwrap()).is_zero());
            prop_assert!(all.contains(&key(e)));
        }
    }
}

#[test]
fn enumpoly_and_logit_agree_with_enummixed_on_random_games() {
    for seed in 0..8 {
        let g = random_game(4, 4, 1000, 100 + seed);
        let em = enummixed::solve(&g).equilibria;
        let ep = run(&g, Method::EnumPoly);
        assert_eq!(ep.len(), em.len(), "seed {seed}");
        for e in &em {
            assert!(ep.iter().any(|f| {
                f.profile.iter().flatten().zip(e.profile.iter().flatten()).all(|(a, b)| (a - b).abs() < 1e-7)
            }));
        }
        let lg = run(&g, Method::Logit);
        assert!(lg[0].max_regret < 1e-3 * 1000.0, "seed {seed}: {}", lg[0].max_regret);
        assert!(em.iter().any(|e| {
            e.profile.iter().flatten().zip(lg[0].profile.iter().flatten()).all(|(a, b)| (a - b).abs() < 1e-3)
        }));
    }
}

#[test]
fn logit_on_random_three_player_game() {
    let mut s = 7u64;
    let pays: Vec<f64> = (0..27 * 3)
        .map(|_| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((s >> 33) % 10) as f64
        })
        .collect();
    let g = nplayer(&[3, 3, 3], pays);
    let lg = solve::solve(&g, Method::Logit, &SolveOptions::default()).unwrap();
    assert!(lg.equilibria[0].max_regret < 1e-4, "{}", lg.equilibria[0].max_regret);
    let ep = run(&g, Method::EnumPoly);
    assert!(!ep.is_empty());
}

#[test]
fn dominance_reduces_and_keeps_equilibria() {
    // Row r2 is dominated by a mix of r0 and r1; then column c2 becomes dominated.
    let g = bimatrix(&[&[3, 0, 1], &[0, 3, 1], &[1, 1, 0]], &[&[1, 1, 0], &[1, 1, 0], &[0, 0, 5]]);
    let r = solve::solve(&g, Method::Dominance, &SolveOptions::default()).unwrap();
    let (red, kept) = r.reduced.clone().unwrap();
    assert_eq!(kept, vec![vec![0, 1], vec![0, 1]]);
    assert_eq!(r.eliminated.len(), 2);
    assert_eq!(r.eliminated[1].round, 1);
    // strict elimination keeps every equilibrium
    let full = run(&g, Method::EnumMixed).len();
    assert_eq!(run(&red, Method::EnumMixed).len(), full);
    let t = solve::report::to_table(&r, &g);
    assert!(t.contains("strictly dominated"), "{t}");
}

/// Lemke–Howson from each single label ends at an equilibrium that enummixed lists, with exact
/// regret 0, on small random games (ranges 1 and 2 make most of them degenerate) and on larger
/// nondegenerate ones; the one-label runs together give exactly the all-labels answer.
#[test]
fn lcp_single_labels_agree_with_enummixed() {
    let mut cases = Vec::new();
    for seed in 0..60u64 {
        let (m, n) = (2 + (seed % 4) as usize, 2 + (seed / 4 % 4) as usize);
        cases.push(random_game(m, n, 1 + (seed % 3) as i64, 500 + seed));
    }
    for seed in 0..6u64 {
        cases.push(random_game(7, 9, 1000, 900 + seed));
    }
    for g in &cases {
        let (m, n) = (g.shape()[0], g.shape()[1]);
        let all = keys(&enummixed::solve(g).equilibria);
        let mut union = BTreeSet::new();
        for k in 0..m + n {
            let opts = SolveOptions { lcp_label: solve::StartLabel::One(k), ..SolveOptions::default() };
            let r = solve::solve(g, Method::Lcp, &opts).unwrap();
            assert_eq!(r.equilibria.len(), 1);
            let e = &r.equilibria[0];
            assert_eq!(e.max_regret, 0.0);
            assert!(regret::max_regret_exact(g, e.exact.as_ref().unwrap()).is_zero());
            assert!(all.contains(&key(e)), "label {k}: {} is not an extreme equilibrium", key(e));
            union.insert(key(e));
        }
        assert_eq!(union, keys(&lcp::solve(g)));
    }
}

/// Games far beyond the config limit of 64 actions: `lcp` and `pure` solve them, enummixed and
/// support refuse with their limits named.
#[test]
fn large_games_are_solved_by_the_methods_that_scale() {
    // Random payoffs 0..50 with a strict pure equilibrium at (0, 0), so that the path from
    // label 0 is two pivots long.
    let mut s = 77u64;
    let mut next = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((s >> 33) % 51) as f64
    };
    let mut a: Vec<Vec<f64>> = (0..1000).map(|_| (0..1000).map(|_| next()).collect()).collect();
    let mut b: Vec<Vec<f64>> = (0..1000).map(|_| (0..1000).map(|_| next()).collect()).collect();
    a[0][0] = 100.0;
    b[0][0] = 100.0;
    let g = NormalForm::bimatrix(&a, &b).unwrap();
    let opts = SolveOptions { lcp_label: solve::StartLabel::One(0), ..SolveOptions::default() };
    let r = solve::solve(&g, Method::Lcp, &opts).unwrap();
    assert_eq!(r.equilibria.len(), 1);
    assert_eq!(r.equilibria[0].max_regret, 0.0);
    assert_eq!(r.equilibria[0].profile[0][0], 1.0);
    let p = solve::solve(&g, Method::Pure, &SolveOptions::default()).unwrap();
    assert!(!p.equilibria.is_empty() && p.equilibria.iter().all(|e| e.max_regret == 0.0));
    assert_eq!(p.equilibria[0].profile[1][0], 1.0);
    let e = solve::solve(&g, Method::EnumMixed, &SolveOptions::default()).unwrap_err().to_string();
    assert!(e.contains("128") && e.contains("lcp"), "{e}");
    let e = solve::solve(&g, Method::Support, &SolveOptions::default()).unwrap_err().to_string();
    assert!(e.contains("limit") && e.contains("lcp"), "{e}");
    let opts = SolveOptions { lcp_label: solve::StartLabel::One(2000), ..SolveOptions::default() };
    let e = solve::solve(&g, Method::Lcp, &opts).unwrap_err().to_string();
    assert!(e.contains("0 to 1999"), "{e}");
}
