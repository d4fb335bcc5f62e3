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
    /// Run several scenarios and compare their payoff distributions (charts and a table of
    /// differences in means with 95% confidence intervals).
    Compare(CompareArgs),
    /// Check config files and report every problem found.
    Validate {
        /// Config files to check.
        #[arg(required = true)]
        configs: Vec<PathBuf>,
    },
    /// An Axelrod-style round-robin tournament of behaviour rules.
    Tournament(TournamentArgs),
    /// Equilibria of a game: a Gambit .nfg file or a config's stage game.
    Solve(SolveArgs),
    /// Write the export game's expected stage game at a round as a five-player Gambit .nfg file.
    ExportNfg {
        config: PathBuf,
        /// The round (from 1) at whose start the state is taken.
        #[arg(long, default_value_t = 1)]
        round: usize,
        /// The run whose path leads to that state (the config's seed, stream = run).
        #[arg(long, default_value_t = 0)]
        run: u64,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
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
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Rounds per run (overrides `repeat.rounds`).
    #[arg(long)]
    pub rounds: Option<usize>,
    /// Print the action frequencies of every round, not a selection.
    #[arg(long)]
    pub all_rounds: bool,
    /// Skip the charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Also write one row per run (`runs.csv`: totals, payoff components, first round of each
    /// action) and per round (`trajectories.csv`: state, actions, payoffs), streamed to disk.
    #[arg(long)]
    pub per_run: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two or more scenario configs; differences are taken against the first.
    #[arg(required = true, num_args = 2..)]
    pub configs: Vec<PathBuf>,
    #[command(flatten)]
    pub batch: BatchArgs,
}

/// Options shared by the commands that play Monte Carlo batches (`run`, `compare`).
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Runs per scenario (overrides the config's `repeat.runs`).
    #[arg(long)]
    pub runs: Option<u64>,
    /// Master seed (overrides the config's `repeat.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Results directory (default: output/<scenario name>, or output/compare-<names> for compare).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace a non-empty --out directory that chipgame did not write.
    #[arg(long)]
    pub force: bool,
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

#[derive(Debug, Args)]
pub struct SolveArgs {
    /// A Gambit .nfg file, or a chipgame config (matrix game, or the export game at --round).
    pub game: PathBuf,
    /// pure, enummixed, lcp, support, logit, enumpoly or dominance.
    #[arg(long, default_value = "enummixed")]
    pub method: String,
    /// Print `{"equilibria": [...]}` instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Dominance: also eliminate weakly dominated strategies.
    #[arg(long)]
    pub weak: bool,
    /// For configs of the export game: the round (from 1) whose stage game is solved.
    #[arg(long, default_value_t = 1)]
    pub round: usize,
    /// For configs of the export game: the run whose path leads to that round.
    #[arg(long, default_value_t = 0)]
    pub run: u64,
    /// Draw a chart (PNG or SVG by extension): the logit path for `--method logit`, otherwise
    /// the best-response diagram of a 2x2 game.
    #[arg(long)]
    pub chart: Option<PathBuf>,
}
