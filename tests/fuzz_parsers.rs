//! Property tests: mutated configs and `.nfg` files never make the parsers panic; they either
//! parse or return an error that names a line.

use proptest::prelude::*;
use std::path::Path;

fn seeds() -> Vec<String> {
    let mut v = Vec::new();
    for dir in ["configs", "configs/classic", "tests/data/good", "tests/data/bad"] {
        if let Ok(rd) = std::fs::read_dir(dir) {
            let mut paths: Vec<_> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            paths.sort();
            for p in paths {
                v.push(std::fs::read_to_string(p).unwrap());
            }
        }
    }
    v
}

const NFG_SEEDS: &[&str] = &[
    "NFG 1 R \"PD\" { \"Row\" \"Col\" } { 2 2 }\n\n3 3 5 0 0 5 1 1\n",
    "NFG 1 R \"o\" { \"P1\" \"P2\" }\n{ { \"U\" \"D\" } { \"L\" \"R\" } }\n\"c\"\n{\n{ \"a\" 1, 2 }\n{ \"b\" 1/2, -3.5 }\n}\n1 0 2 1\n",
    "NFG 1 D \"3p\" { \"A\" \"B\" \"C\" } { 2 2 2 }\n0 0 0 1 2 -1 2 4 2 -1 2 1 -1 2 1 2 4 2 1 2 -1 0 0 0\n",
];

/// Applies byte-level edits: deletions, duplications, and insertions of syntax-laden tokens.
fn mutate(text: &str, edits: &[(usize, usize, u8)]) -> String {
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "\"",
        "=",
        ",",
        "\n",
        "-1",
        "1e999",
        "nan",
        "inf",
        "1/0",
        "0",
        "rule",
        "[[x]]",
        "\\",
        "é",
        "99999999999999999999",
        "/",
    ];
    let mut s: Vec<char> = text.chars().collect();
    for &(pos, len, kind) in edits {
        if s.is_empty() {
            break;
        }
        let p = pos % s.len();
        match kind % 3 {
            0 => {
                let end = (p + len % 8).min(s.len());
                s.drain(p..end);
            }
            1 => {
                let end = (p + len % 16).min(s.len());
                let dup: Vec<char> = s[p..end].to_vec();
                s.splice(p..p, dup);
            }
            _ => {
                let t = TOKENS[len % TOKENS.len()];
                s.splice(p..p, t.chars());
            }
        }
    }
    s.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, rng_seed: proptest::test_runner::RngSeed::Fixed(17), ..ProptestConfig::default() })]

    #[test]
    fn mutated_configs_never_panic(which in 0usize..64, edits in prop::collection::vec((0usize..100_000, 0usize..1000, 0u8..3), 1..6)) {
        let seeds = seeds();
        let text = mutate(&seeds[which % seeds.len()], &edits);
        if let Err(e) = chipgame::config::parse(&text, Path::new("configs/fuzz.toml")) {
            let msg = e.to_string();
            prop_assert!(msg.starts_with("configs/fuzz.toml") || msg.contains(".nfg"), "{msg}");
        }
    }

    #[test]
    fn mutated_nfg_files_never_panic(which in 0usize..3, edits in prop::collection::vec((0usize..100_000, 0usize..1000, 0u8..3), 1..6)) {
        let text = mutate(NFG_SEEDS[which], &edits);
        if let Err(e) = chipgame::game::nfg::parse(&text) {
            prop_assert!(e.line >= 1 && e.column >= 1);
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn written_nfg_files_read_back_exactly(payoffs in prop::collection::vec(-1000i64..1000, 12), den in 1i64..50) {
        let players = vec![
            chipgame::game::PlayerSpec::new("A", &["a", "b", "c"]),
            chipgame::game::PlayerSpec::new("B \"quoted\"", &["x", "y"]),
        ];
        let exact = payoffs.iter().map(|&p| chipgame::game::Rational::new(p.into(), den.into())).collect();
        let g = chipgame::game::NormalForm::new("t".into(), players, exact).unwrap();
        let back = chipgame::game::nfg::parse(&chipgame::game::nfg::write(&g)).unwrap();
        prop_assert_eq!(back, g);
    }
}
