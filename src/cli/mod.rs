//! Command-line definitions (clap) and terminal presentation: no simulation logic lives here.

pub mod progress;
pub mod sweep;

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
    /// Sweep numeric config keys over a grid, Latin hypercube, Sobol' or Morris design: one row
    /// per point in sweep.csv, charts, sensitivity indices and PRIM boxes.
    Sweep(Box<sweep::SweepArgs>),
    /// Check config files: the first problem of each file, with file, line, column and key.
    Validate {
        /// Config files to check.
        #[arg(required = true)]
        configs: Vec<PathBuf>,
        #[command(flatten)]
        set: SetArgs,
    },
    /// An Axelrod-style round-robin tournament of behaviour rules.
    Tournament(TournamentArgs),
    /// Play a config's `[metagame]`: every profile of the players' whole-game policies with the
    /// same runs, then the payoff table, its equilibria with bootstrap regret and survival, and
    /// replicator dynamics.
    Metagame(MetagameArgs),
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
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        set: SetArgs,
    },
    /// Write a matrix-game config's stage game as a Gambit .nfg file.
    WriteNfg {
        config: PathBuf,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        set: SetArgs,
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
    pub rounds: Option<u64>,
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

/// `--set KEY=VALUE`, on every command that reads a config.
#[derive(Debug, Args, Default)]
pub struct SetArgs {
    /// Change one config value, as a dotted TOML key: `--set repeat.rounds=32`,
    /// `--set game.params.w_bj_compute=40`, `--set behaviour.us_admin.rule=logit`. Repeatable;
    /// checked exactly like the file.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// Options shared by the commands that play Monte Carlo batches (`run`, `compare`).
#[derive(Debug, Args)]
pub struct BatchArgs {
    #[command(flatten)]
    pub set: SetArgs,
    /// Runs per scenario (overrides the config's `repeat.runs`).
    #[arg(long)]
    pub runs: Option<u64>,
    /// Master seed (overrides the config's `repeat.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Results directory (default: output/ followed by the config's path without `.toml`, or
    /// output/compare-<labels> for compare).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace a results directory that holds files chipgame did not write.
    #[arg(long)]
    pub force: bool,
    /// Ceiling on the estimated memory of the run's statistics, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = chipgame::plan::DEFAULT_MAX_MEMORY >> 20)]
    pub max_memory: u64,
}

#[derive(Debug, Args)]
pub struct MetagameArgs {
    /// Config with a `[metagame]` table (policies per player under `[metagame.policies]`).
    pub config: PathBuf,
    /// Runs per profile (overrides `metagame.runs`; --seed, --set, --out as for `run`).
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Bootstrap resamples of runs (overrides `metagame.bootstrap`; 0 skips the bootstrap).
    #[arg(long)]
    pub bootstrap: Option<u64>,
    /// Skip the charts.
    #[arg(long)]
    pub no_charts: bool,
}

#[derive(Debug, Args)]
pub struct TournamentArgs {
    /// Config with a `[tournament]` table and optionally a symmetric two-player `[game]`.
    pub config: Option<PathBuf>,
    /// Comma-separated strategy names (Axelrod's class names, e.g. TitForTat,Gradual,ZDExtort2;
    /// see --list-strategies), or a config's custom strategies.
    #[arg(long, value_delimiter = ',')]
    pub strategies: Option<Vec<String>>,
    /// List the registered strategies (name, deterministic or stochastic, description) and exit.
    #[arg(long, conflicts_with_all = ["config", "strategies"])]
    pub list_strategies: bool,
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
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Debug, Args)]
pub struct SolveArgs {
    /// A Gambit .nfg file, or a chipgame config (matrix game, or the export game at --round).
    pub game: PathBuf,
    /// The method (see `chipgame solve --help`; default enummixed for strategic-form games, spe
    /// for perfect-information trees, seqform for other two-player trees, logit otherwise).
    #[arg(long, long_help = method_help())]
    pub method: Option<String>,
    /// lcp: the label dropped to start Lemke–Howson (0-based: the row player's strategies, then
    /// the column player's), giving one equilibrium, or `all` (every label, the distinct
    /// equilibria found).
    #[arg(long, value_name = "K|all", default_value = "all")]
    pub label: String,
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
    /// Replace an existing --chart file.
    #[arg(long)]
    pub force: bool,
    /// Play the stage game in sequence, as a tree: LEADER moves, FOLLOWER answers seeing the
    /// move, everyone else holds an action (see --hold); solved as a tree (default spe). For the
    /// export game: `--sequential us_admin,beijing` ("the US offers, Beijing answers").
    #[arg(long, value_name = "LEADER,FOLLOWER", value_delimiter = ',', num_args = 1)]
    pub sequential: Option<Vec<String>>,
    /// With --sequential: the action a third player holds, as PLAYER=ACTION (repeatable or
    /// comma-separated; default: each player's first action).
    #[arg(long, value_name = "PLAYER=ACTION", value_delimiter = ',', requires = "sequential")]
    pub hold: Vec<String>,
    /// Stop after this many seconds and report what was found so far, marked incomplete.
    #[arg(long, value_name = "SECONDS")]
    pub max_seconds: Option<f64>,
    #[command(flatten)]
    pub set: SetArgs,
}

/// The methods, one per line, from the solver table.
fn method_help() -> String {
    let mut s = String::from("The method for strategic-form games (.nfg files, matrix-game configs):\n");
    for m in chipgame::solve::METHODS {
        s += &format!("  {:<10} {}\n", m.name, m.about);
    }
    s += "For game trees (Gambit .efg files, TOML trees with [[node]] tables):\n";
    s += "  spe        every pure subgame-perfect equilibrium (backward induction; perfect information)\n";
    s += "  seqform    one equilibrium by Lemke's algorithm on the sequence form (two players, perfect recall)\n";
    s += "  logit      the limit of the agent logit QRE branch (n players)\n";
    s += "  nf-logit   the normal-form logit on the reduced strategic form\n";
    s += "  and every strategic-form method above, applied to the reduced strategic form\n";
    s
}
