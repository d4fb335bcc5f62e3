//! The tournament library: registered strategies against the Axelrod library's scores, name
//! resolution and its errors, and reproducibility. The full comparison with the Axelrod library
//! (every deterministic strategy identical, stochastic ones within confidence bounds) is
//! `benches/axelrod_compare.sh --check-only`.

use chipgame::behaviour::BehaviourSpec;
use chipgame::game::{Game, NormalForm};
use chipgame::tournament::{self, Entrant, REGISTRY, Settings, TournamentError};

fn scores(names: &[&str], turns: usize) -> Vec<f64> {
    let game = tournament::prisoners_dilemma();
    let entrants: Vec<(String, Entrant)> =
        names.iter().map(|n| (n.to_string(), tournament::resolve(n, &game).unwrap())).collect();
    let settings = Settings { turns, repetitions: 1, noise: 0.0, seed: 0 };
    tournament::play(&game, &entrants, &settings).unwrap().scores.iter().map(|s| s[0]).collect()
}

/// Scores from `axl.Tournament(players, turns=T, repetitions=1, seed=1).play()` with axelrod 4.13.1.
#[test]
fn scores_equal_axelrods() {
    assert_eq!(scores(&["Gradual", "Defector"], 10), vec![5.0, 30.0]);
    assert_eq!(
        scores(&["FirstByTidemanAndChieruzzi", "Alternator", "FirstByDowning", "OmegaTFT"], 50),
        vec![376.0, 123.0, 348.0, 434.0]
    );
    assert_eq!(
        scores(&["FirstByNydegger", "CyclerCCD", "FirstBySteinAndRapoport", "Prober", "HardProber"], 40),
        vec![393.0, 425.0, 328.0, 299.0, 314.0]
    );
    assert_eq!(
        scores(
            &["SoftGrudger", "ContriteTitForTat", "WinShiftLoseStay", "FirstByShubik", "Bully", "AntiTitForTat"],
            25
        ),
        vec![397.0, 325.0, 296.0, 380.0, 303.0, 173.0]
    );
}

#[test]
fn the_registry_has_the_strategies_students_use() {
    assert!(REGISTRY.len() >= 40);
    for name in [
        "AntiTitForTat",
        "Bully",
        "CyclerDC",
        "WinShiftLoseStay",
        "GTFT",
        "Gradual",
        "Prober",
        "HardProber",
        "HardTitForTat",
        "ForgivingTitForTat",
        "OmegaTFT",
        "ContriteTitForTat",
        "SoftGrudger",
        "StochasticWSLS",
        "ZDExtort2",
        "ZDGTFT2",
        "ZDSet2",
        "FirstByDavis",
        "FirstByDowning",
        "FirstByFeld",
        "FirstByGraaskamp",
        "FirstByGrofman",
        "FirstByJoss",
        "FirstByNydegger",
        "FirstByShubik",
        "FirstByTullock",
        "FirstByAnonymous",
        "FirstBySteinAndRapoport",
        "FirstByTidemanAndChieruzzi",
    ] {
        assert!(REGISTRY.iter().any(|s| s.name == name), "{name}");
    }
    let listing = tournament::list_strategies();
    assert_eq!(listing.lines().count(), REGISTRY.len());
    assert!(listing.contains("ZDSet2") && listing.contains("stochastic"));
}

#[test]
fn unknown_and_unsuitable_names_are_explained() {
    let pd = tournament::prisoners_dilemma();
    let err = tournament::resolve("OmegaTft", &pd).unwrap_err();
    assert!(err.to_string().contains("did you mean `OmegaTFT`"), "{err}");
    let rps = NormalForm::bimatrix(
        &[vec![0.0, -1.0, 1.0], vec![1.0, 0.0, -1.0], vec![-1.0, 1.0, 0.0]],
        &[vec![0.0, 1.0, -1.0], vec![-1.0, 0.0, 1.0], vec![1.0, -1.0, 0.0]],
    )
    .unwrap();
    assert!(matches!(tournament::resolve("Gradual", &rps), Err(TournamentError::Unsuitable { .. })));
    // A coordination game admits no equaliser that sets the opponent's payoff to 2.
    let coordination =
        NormalForm::bimatrix(&[vec![2.0, 0.0], vec![0.0, 1.0]], &[vec![2.0, 0.0], vec![0.0, 1.0]]).unwrap();
    let err = tournament::resolve("ZDSet2", &coordination).unwrap_err();
    assert!(err.to_string().contains("ZDSet2"), "{err}");
    let one = [("TitForTat".to_string(), tournament::resolve("TitForTat", &pd).unwrap())];
    let settings = Settings { turns: 10, repetitions: 1, noise: 0.0, seed: 0 };
    assert_eq!(tournament::play(&pd, &one, &settings).unwrap_err(), TournamentError::TooFewStrategies(1));
}

#[test]
fn every_strategy_plays_reproducibly_whatever_the_thread_count() {
    let game = tournament::prisoners_dilemma();
    let mut entrants: Vec<(String, Entrant)> =
        REGISTRY.iter().map(|s| (s.name.to_string(), tournament::resolve(s.name, &game).unwrap())).collect();
    // A custom rule, as a config defines one: defects after the opponent's last two moves were D.
    entrants.push(("Custom".into(), Entrant::Rule(tournament::builtin("TitFor2Tats", game.players()).unwrap())));
    let settings = Settings { turns: 60, repetitions: 2, noise: 0.02, seed: 5 };
    let a = tournament::play(&game, &entrants, &settings).unwrap();
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let b = one.install(|| tournament::play(&game, &entrants, &settings).unwrap());
    assert_eq!(a, b);
    let n = entrants.len();
    assert_eq!(a.payoff_matrix.len(), n);
    // Custom and TitFor2Tats are the same rule, so they score alike against a deterministic field
    // without noise.
    let quiet = Settings { noise: 0.0, ..settings };
    let det: Vec<_> = entrants.into_iter().filter(|(_, e)| !e.stochastic()).collect();
    let r = tournament::play(&game, &det, &quiet).unwrap();
    let idx = |name: &str| r.names.iter().position(|x| x == name).unwrap();
    assert_eq!(r.scores[idx("Custom")], r.scores[idx("TitFor2Tats")]);
    assert!(matches!(det[idx("Custom")].1, Entrant::Rule(BehaviourSpec::Reactive { .. })));
}
