//! A tournament of registered strategies (Axelrod class names) on Axelrod's prisoner's dilemma,
//! printed as JSON with the in-process time; used by `benches/axelrod_compare.py` until the
//! `chipgame tournament` subcommand resolves every registered name.
//!
//! Usage: `axelrod_tournament --strategies A,B,... [--turns T] [--repetitions R] [--noise P]
//! [--seed S] [--threads N]`, or `axelrod_tournament --list` (name, kind, description).

use chipgame::tournament::{self, Settings};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        print!("{}", tournament::list_strategies());
        return Ok(());
    }
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(String::as_str);
    let game = tournament::prisoners_dilemma();
    let names = value("--strategies").ok_or("--strategies A,B,... is required")?;
    let entrants = names
        .split(',')
        .map(|n| tournament::resolve(n.trim(), &game).map(|e| (n.trim().to_string(), e)))
        .collect::<Result<Vec<_>, _>>()?;
    let settings = Settings {
        turns: value("--turns").unwrap_or("200").parse()?,
        repetitions: value("--repetitions").unwrap_or("10").parse()?,
        noise: value("--noise").unwrap_or("0").parse()?,
        seed: value("--seed").unwrap_or("0").parse()?,
    };
    let threads: usize = value("--threads").unwrap_or("0").parse()?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let start = Instant::now();
    let result = pool.install(|| tournament::play(&game, &entrants, &settings))?;
    let elapsed = start.elapsed().as_secs_f64();
    let mut json = result.to_json();
    json["elapsed_s"] = serde_json::json!(elapsed);
    println!("{json}");
    Ok(())
}
