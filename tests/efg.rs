//! Game trees end to end: the classic trees in `configs/classic/trees/` give their textbook
//! answers through every method, survive a round trip through Gambit's `.efg` format, and the
//! export game's sequential stage has subgame-perfect equilibria that are Nash equilibria of its
//! reduced normal form.

use chipgame::efg::{self, BehaviourProfile, Strategic, TreeMethod, gambit, profile, report, spe, stage};
use chipgame::game::Rational;
use chipgame::model::{ExportGame, ModelParams};
use chipgame::solve::{Budget, Method, SolveOptions};
use num_traits::Zero;
use std::path::Path;

const TREES: &[&str] = &[
    "configs/classic/trees/entry_deterrence.toml",
    "configs/classic/trees/ultimatum.toml",
    "configs/classic/trees/centipede.toml",
    "configs/classic/trees/beer_quiche.toml",
];

fn load(file: &str) -> efg::Tree {
    efg::load(Path::new(file)).unwrap_or_else(|e| panic!("{e}"))
}

fn q(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

fn choices(tree: &efg::Tree) -> Vec<Vec<usize>> {
    let mut v: Vec<Vec<usize>> =
        spe::solve(tree, &Budget::unlimited()).unwrap().equilibria.into_iter().map(|e| e.choice).collect();
    v.sort();
    v
}

#[test]
fn every_classic_tree_loads_and_round_trips_through_efg() {
    for file in TREES {
        let t = load(file);
        let text = gambit::write(&t);
        let back = gambit::parse(&text, "written.efg").unwrap_or_else(|e| panic!("{file}: {e}\n{text}"));
        assert_eq!(t, back, "{file}");
        assert!(t.has_perfect_recall(), "{file}");
    }
}

#[test]
fn entry_deterrence_has_one_spe_and_a_non_credible_nash_threat() {
    let t = load(TREES[0]);
    assert_eq!(choices(&t), vec![vec![1, 1]]);
    // The reduced normal form also has (Out, Fight), which is not subgame-perfect.
    let s = Strategic::build(&t, &Budget::unlimited()).unwrap();
    assert_eq!(s.reduced.labels, vec![vec!["Out", "In"], vec!["Fight", "Accommodate"]]);
    let sol = efg::solve(&t, TreeMethod::Reduced(Method::Pure), &SolveOptions::default()).unwrap();
    assert_eq!(sol.profiles.len(), 2);
    assert!(sol.profiles.iter().all(|p| p.check.exact_max_regret == Some(Rational::zero())));
}

#[test]
fn ultimatum_ties_at_a_zero_offer_give_two_spe() {
    let t = load(TREES[1]);
    // Information sets: the offer, then the responder after offers 0..4.
    assert_eq!(choices(&t), vec![vec![0, 0, 0, 0, 0, 0], vec![1, 1, 0, 0, 0, 0]]);
}

#[test]
fn centipede_backward_induction_takes_at_once_and_logit_passes_a_little() {
    let t = load(TREES[2]);
    assert_eq!(choices(&t), vec![vec![0, 0, 0, 0]]);
    let sol = efg::solve(&t, TreeMethod::Spe, &SolveOptions::default()).unwrap();
    assert_eq!(sol.profiles[0].check.exact_payoffs, Some(vec![q(2, 5), q(1, 10)]));
    // Along the logit path Red passes at the first move for moderate λ, and the limit takes.
    let r =
        efg::logit::solve(&t, &SolveOptions { tolerance: 1e-8, max_lambda: 1e9, ..SolveOptions::default() }).unwrap();
    let mid = r.path.iter().find(|(l, _)| *l > 2.0).expect("the path passes λ = 2");
    assert!(mid.1[0][1] > 0.05, "P(pass) at λ = {}: {}", mid.0, mid.1[0][1]);
    assert!(r.profile.probs[0][0] > 1.0 - 1e-6);
}

#[test]
fn beer_quiche_equilibria_pool_and_have_no_regret() {
    let t = load(TREES[3]);
    assert!(!t.has_perfect_information());
    let sol = efg::solve(&t, TreeMethod::SeqForm, &SolveOptions::default()).unwrap();
    let p = &sol.profiles[0];
    assert_eq!(p.check.exact_max_regret, Some(Rational::zero()));
    let e = p.profile.exact.as_ref().unwrap();
    // Information sets in prefix order: chance, strong, saw beer, saw quiche, weak. Both types
    // eat the same.
    assert_eq!(e[1], e[4]);
    assert!(e[1][0] == q(1, 1) || e[1][1] == q(1, 1));
    // Beliefs at the breakfast seen on the path are the prior, 9/10 strong.
    let seen = if e[1][0] == q(1, 1) { 2 } else { 3 };
    let view = p.check.infosets.iter().find(|v| v.infoset == seen).unwrap();
    assert_eq!(view.exact_beliefs.as_ref().unwrap(), &vec![q(9, 10), q(1, 10)]);
    // Every equilibrium of the reduced normal form, turned into behaviour strategies, is one too.
    let all = efg::solve(&t, TreeMethod::Reduced(Method::EnumMixed), &SolveOptions::default()).unwrap();
    assert!(!all.profiles.is_empty());
    assert!(all.profiles.iter().all(|p| p.check.exact_max_regret == Some(Rational::zero())));
    let logit = efg::solve(&t, TreeMethod::Logit, &SolveOptions::default()).unwrap();
    assert!(logit.profiles[0].check.max_regret < 1e-5);
}

#[test]
fn reports_render_beliefs_regret_and_exact_numbers() {
    let t = load(TREES[3]);
    let sol = efg::solve(&t, TreeMethod::SeqForm, &SolveOptions::default()).unwrap();
    let text = report::to_text(&t, &sol);
    assert!(text.contains("Beer-quiche (2 players"), "{text}");
    assert!(text.contains("Sender `strong` (reach 0.9): "), "{text}");
    assert!(text.contains("max regret: 0 (exact), against the reduced normal form"), "{text}");
    assert!(
        text.contains("beliefs: node `strong beer` 0.9") || text.contains("beliefs: node `strong quiche` 0.9"),
        "{text}"
    );
    let json = report::to_json(&t, &sol);
    assert_eq!(json["method"], "seqform");
    assert_eq!(json["profiles"][0]["max_regret_exact"], "0");
    assert_eq!(json["profiles"][0]["infosets"].as_array().unwrap().len(), 4);
}

#[test]
fn methods_that_do_not_apply_say_why() {
    let t = load(TREES[3]);
    let e = efg::solve(&t, TreeMethod::Spe, &SolveOptions::default()).unwrap_err().to_string();
    assert!(e.contains("perfect information") && e.contains("`saw beer`"), "{e}");
    assert!("simplex".parse::<TreeMethod>().unwrap_err().to_string().contains("spe, seqform, logit"));
    assert_eq!("nf-logit".parse::<TreeMethod>().unwrap(), TreeMethod::Reduced(Method::Logit));
    let e = efg::load(Path::new("configs/classic/trees/missing.efg")).unwrap_err().to_string();
    assert!(e.starts_with("configs/classic/trees/missing.efg"), "{e}");
}

#[test]
fn an_exhausted_budget_stops_the_long_methods() {
    let t = load(TREES[3]);
    let opts = SolveOptions { budget: Budget::with_seconds(0.0), ..SolveOptions::default() };
    let sol = efg::solve(&t, TreeMethod::Logit, &opts).unwrap();
    assert!(sol.incomplete.is_some());
    let sol = efg::solve(&t, TreeMethod::SeqForm, &opts).unwrap();
    assert!(sol.incomplete.is_some() || sol.profiles.len() == 1);
}

#[test]
fn behaviour_profiles_are_checked_against_the_reduced_normal_form() {
    let t = load(TREES[2]);
    let s = Strategic::build(&t, &Budget::unlimited()).unwrap();
    // Everyone passes everywhere: Blue gains by taking at the last move.
    let pass: Vec<usize> = vec![1; t.infosets().len()];
    let c = profile::check(&t, &BehaviourProfile::pure(&t, &pass), Some(&s)).unwrap();
    assert_eq!(c.exact_payoffs, Some(vec![q(32, 5), q(8, 5)]));
    assert_eq!(c.exact_max_regret, Some(q(8, 5)));
}

#[test]
fn the_export_stage_as_a_tree_has_a_subgame_perfect_equilibrium() {
    let game = ExportGame::new(ModelParams::default()).unwrap();
    let t = stage::export_offer_tree(&game, "acquiesce", "comply", "comply").unwrap();
    assert_eq!(t.players(), &["us_admin".to_string(), "beijing".to_string()]);
    let sol = efg::solve(&t, TreeMethod::Spe, &SolveOptions::default()).unwrap();
    println!("{}", report::to_text(&t, &sol));
    assert!(!sol.profiles.is_empty());
    for p in &sol.profiles {
        assert_eq!(p.check.exact_max_regret, Some(Rational::zero()));
    }
    // In each equilibrium Beijing's answer to every offer is a best answer to that offer.
    let r = spe::solve(&t, &Budget::unlimited()).unwrap();
    for e in &r.equilibria {
        for &h in t.player_infosets(1) {
            let node = t.infoset(h).members[0];
            let best = t.node(node).children.iter().map(|&c| t.payoffs_at(c)[1].clone()).max().unwrap();
            assert_eq!(t.payoffs_at(t.node(node).children[e.choice[h]])[1], best);
        }
    }
    assert!(stage::export_offer_tree(&game, "shout", "comply", "comply").unwrap_err().to_string().contains("hawks"));
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Byte-level edits: deletions, duplications and insertions of syntax-laden tokens.
    fn mutate(text: &str, edits: &[(usize, usize, u8)]) -> String {
        const TOKENS: &[&str] =
            &["{", "}", "\"", "[", "]", "=", ",", "0", "-1", "1/0", "p", "t", "c", "\n", "99999999999", "1e999"];
        let mut b: Vec<u8> = text.as_bytes().to_vec();
        for &(pos, len, kind) in edits {
            let pos = pos % (b.len() + 1);
            match kind {
                0 => {
                    let end = (pos + len % 8).min(b.len());
                    b.drain(pos..end);
                }
                1 => {
                    let end = (pos + len % 16).min(b.len());
                    let piece: Vec<u8> = b[pos..end].to_vec();
                    b.splice(pos..pos, piece);
                }
                _ => {
                    let t = TOKENS[len % TOKENS.len()].as_bytes();
                    b.splice(pos..pos, t.iter().copied());
                }
            }
        }
        String::from_utf8_lossy(&b).into_owned()
    }

    fn seeds() -> Vec<(String, String)> {
        let mut v = Vec::new();
        for file in TREES {
            let toml = std::fs::read_to_string(file).unwrap();
            let efg = gambit::write(&load(file));
            v.push((toml, efg));
        }
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, rng_seed: proptest::test_runner::RngSeed::Fixed(17), ..ProptestConfig::default() })]
        #[test]
        fn mutated_trees_never_panic(which in 0usize..4, edits in prop::collection::vec((0usize..4000, 0usize..1000, 0u8..3), 1..6)) {
            let (toml, efg) = &seeds()[which];
            if let Err(e) = efg::toml::parse(&mutate(toml, &edits), "fuzz.toml") {
                prop_assert!(e.to_string().starts_with("fuzz.toml:"), "{e}");
            }
            match gambit::parse(&mutate(efg, &edits), "fuzz.efg") {
                Err(e) => prop_assert!(e.to_string().starts_with("fuzz.efg:"), "{e}"),
                // Whatever parses can be solved or refused, without a panic.
                Ok(t) => {
                    let opts = SolveOptions { budget: Budget::with_seconds(2.0), ..SolveOptions::default() };
                    for m in [TreeMethod::Spe, TreeMethod::SeqForm, TreeMethod::Logit, TreeMethod::Reduced(Method::Pure)] {
                        let _ = efg::solve(&t, m, &opts);
                    }
                }
            }
        }
    }
}
