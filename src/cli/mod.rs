//! Command-line definitions (clap) and terminal presentation: no simulation logic lives here.

pub mod progress;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// chipgame: repeated-game Monte Carlo of the US–China AI-chip export game, and a tool for
/// strategy equilibria.
#[derive(Debug, Parser)]
#[command(name = "chipgame", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a scenario's runs and summarise them (the embedded default scenario without CONFIG).
    Run(RunArgs),
    /// Check config files and report every problem found.
    Validate {
        /// Config files to check.
        #[arg(required = true)]
        configs: Vec<PathBuf>,
    },
    /// An Axelrod-style round-robin tournament of behaviour rules.
    Tournament(TournamentArgs),
    /// Write a matrix-game config's stage game as a Gambit .nfg file.
    WriteNfg {
        config: PathBuf,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario config (TOML). Without it, the embedded default scenario is run.
    pub config: Option<PathBuf>,
    /// Number of runs (overrides `repeat.runs`).
    #[arg(long)]
    pub runs: Option<u64>,
    /// Master seed (overrides `repeat.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Rounds per run (overrides `repeat.rounds`).
    #[arg(long)]
    pub rounds: Option<usize>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Results directory (default: output/<scenario name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace a non-empty --out directory that chipgame did not write.
    #[arg(long)]
    pub force: bool,
    /// Print the action frequencies of every round, not a selection.
    #[arg(long)]
    pub all_rounds: bool,
}

#[derive(Debug, Args)]
pub struct TournamentArgs {
    /// Config with a `[tournament]` table and optionally a symmetric two-player `[game]`.
    pub config: Option<PathBuf>,
    /// Comma-separated strategy names (Axelrod's class names).
    #[arg(long, value_delimiter = ',')]
    pub strategies: Option<Vec<String>>,
    /// Turns per match.
    #[arg(long)]
    pub turns: Option<usize>,
    /// Repetitions of the round robin.
    #[arg(long)]
    pub repetitions: Option<usize>,
    /// Probability that each action is flipped.
    #[arg(long)]
    pub noise: Option<f64>,
    /// Master seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Scores do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Print `{"players": [{"name", "scores"}]}` instead of the ranked table.
    #[arg(long)]
    pub json: bool,
}
