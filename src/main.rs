//! The `chipgame` binary: glue. Parse the command line, call the library's stages, print, and
//! map errors to exit codes (2 for bad input, 130 when interrupted, 1 for anything else).
//! No loops over runs, no checks of values, no file formats live here.

#![allow(clippy::result_large_err)] // Config errors carry a located message; they are cold.

mod cli;

use chipgame::config::{self, ConfigError, Overrides};
use chipgame::mc::{self, Monitor, Progress, RowSink, RunRows};
use chipgame::output::{self, OutputError, Staging};
use chipgame::plan::{PlanError, PlanOptions, RunPlan, TournamentError, TournamentOverrides, TournamentPlan};
use chipgame::report::{self, Artefact, ReportOptions, RunInfo};
use chipgame::scenario::Scenario;
use chipgame::{solve, tournament};
use clap::Parser;
use cli::{BatchArgs, Cli, Command, CompareArgs, MetagameArgs, RunArgs, SetArgs, SolveArgs, TournamentArgs};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The embedded default scenario of `chipgame run`.
const DEFAULT_SCENARIO: &str = include_str!("../configs/boycott.toml");
const DEFAULT_SCENARIO_PATH: &str = "configs/boycott.toml";

/// How a command failed.
enum Failure {
    /// Bad input: config, game file or command line. Exit status 2.
    Input(String),
    /// Anything else (I/O). Exit status 1.
    Runtime(String),
    /// Ctrl-C or SIGTERM: nothing was written. Exit status 130.
    Interrupted,
}

macro_rules! input_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for Failure {
            fn from(e: $t) -> Self {
                Failure::Input(e.to_string())
            }
        }
    )*};
}
input_errors!(ConfigError, PlanError, TournamentError, config::SetSyntaxError, chipgame::sim::path::RoundOutOfRange);

impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Self {
        if e.is_input() { Failure::Input(e.to_string()) } else { Failure::Runtime(e.to_string()) }
    }
}

impl From<mc::RunError> for Failure {
    fn from(e: mc::RunError) -> Self {
        match e {
            mc::RunError::Cancelled => Failure::Interrupted,
            other => Failure::Runtime(other.to_string()),
        }
    }
}

impl From<report::ReportError> for Failure {
    fn from(e: report::ReportError) -> Self {
        Failure::Runtime(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => cmd_run(args),
        Command::Validate { configs, set } => cmd_validate(&configs, &set),
        Command::Compare(args) => cmd_compare(args),
        Command::Sweep(args) => cli::sweep::cmd_sweep(*args),
        Command::Tournament(args) => cmd_tournament(args),
        Command::Metagame(args) => cmd_metagame(args),
        Command::WriteNfg { config, out, force, set } => cmd_write_nfg(&config, out.as_deref(), force, &set),
        Command::Solve(args) => cmd_solve(args),
        Command::ExportNfg { config, round, run, out, force, set } => {
            cmd_export_nfg(&config, round, run, &out, force, &set)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(1)
        }
        Err(Failure::Interrupted) => {
            eprintln!("interrupted: no results were written (an earlier result, if any, is intact)");
            ExitCode::from(130)
        }
    }
}

/// The one stop flag of the process: Ctrl-C and SIGTERM set it; runners and solvers watch it.
fn interrupt_flag() -> Arc<Progress> {
    static FLAG: std::sync::OnceLock<Arc<Progress>> = std::sync::OnceLock::new();
    FLAG.get_or_init(|| {
        let p = Arc::new(Progress::default());
        let q = p.clone();
        let _ = ctrlc::set_handler(move || q.cancel());
        p
    })
    .clone()
}

/// A fresh progress counter that also stops when the process is interrupted.
struct Watched {
    progress: Arc<Progress>,
    interrupt: Arc<Progress>,
}

impl Monitor for Watched {
    fn start(&self, planned: u64) {
        self.progress.start(planned);
    }
    fn advance(&self, runs: u64) {
        self.progress.advance(runs);
    }
    fn cancelled(&self) -> bool {
        self.interrupt.cancelled()
    }
}

fn interrupted() -> Result<(), Failure> {
    if interrupt_flag().cancelled() { Err(Failure::Interrupted) } else { Ok(()) }
}

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Failure> {
    const MAX_THREADS: usize = 1024;
    match threads {
        Some(0) => return Err(Failure::Input("--threads must be at least 1".into())),
        Some(t) if t > MAX_THREADS => {
            return Err(Failure::Input(format!("--threads must be at most {MAX_THREADS}, got {t}")));
        }
        _ => {}
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Runtime(format!("cannot start worker threads: {e}")))
}

fn set_overrides(set: &SetArgs) -> Result<Overrides, Failure> {
    Ok(Overrides::from_set_args(&set.set)?)
}

/// `--set` plus the batch flags, which are overrides of `repeat.*` checked like the file.
fn batch_overrides(b: &BatchArgs, rounds: Option<u64>) -> Result<Overrides, Failure> {
    let mut o = set_overrides(&b.set)?;
    let int = |x: u64| toml::Value::Integer(i64::try_from(x).unwrap_or(i64::MAX));
    if let Some(r) = b.runs {
        o.push("repeat.runs", int(r), format!("--runs {r}"));
    }
    if let Some(s) = b.seed {
        o.push("repeat.seed", int(s), format!("--seed {s}"));
    }
    if let Some(r) = rounds {
        o.push("repeat.rounds", int(r), format!("--rounds {r}"));
    }
    Ok(o)
}

fn load_scenario(config: Option<&Path>) -> Result<Scenario, Failure> {
    Ok(match config {
        Some(p) => Scenario::from_path(p)?,
        None => Scenario::from_toml_str(DEFAULT_SCENARIO, Path::new(DEFAULT_SCENARIO_PATH))?,
    })
}

fn run_info(threads: usize, started: std::time::SystemTime) -> RunInfo {
    RunInfo { command_line: std::env::args().collect(), threads, started, ended: std::time::SystemTime::now() }
}

/// Streams per-run rows into `runs.csv` and `trajectories.csv` of the staging directory.
struct CsvFiles {
    runs: std::io::BufWriter<std::fs::File>,
    trajectories: std::io::BufWriter<std::fs::File>,
}

impl RowSink for CsvFiles {
    fn rows(&mut self, rows: &RunRows) -> std::io::Result<()> {
        self.runs.write_all(&rows.runs)?;
        self.trajectories.write_all(&rows.trajectories)
    }
}

fn cmd_run(args: RunArgs) -> Result<(), Failure> {
    let started = std::time::SystemTime::now();
    let scenario = load_scenario(args.config.as_deref())?;
    let overrides = batch_overrides(&args.batch, args.rounds)?;
    let pool = thread_pool(args.batch.threads)?;
    let threads = pool.current_num_threads();
    let options =
        PlanOptions { per_run: args.per_run, threads, max_memory: args.batch.max_memory.saturating_mul(1 << 20) };
    let plan = RunPlan::new(&scenario, &overrides, &options)?;
    let out_dir = args.batch.out.clone().unwrap_or_else(|| output::default_dir(Path::new(&plan.scenario.source.path)));
    let staging = Staging::begin(&out_dir, args.batch.force)?;
    let monitor = Watched { progress: Arc::new(Progress::default()), interrupt: interrupt_flag() };
    let agg = {
        let _bar = cli::progress::Bar::start(monitor.progress.clone(), &plan.scenario.name);
        if plan.per_run {
            let mut files = CsvFiles {
                runs: std::io::BufWriter::new(staging.create("runs.csv")?),
                trajectories: std::io::BufWriter::new(staging.create("trajectories.csv")?),
            };
            let agg = pool.install(|| mc::run_with_rows(&plan, &monitor, &mut files))?;
            files.runs.flush().and_then(|_| files.trajectories.flush()).map_err(|e| Failure::Runtime(e.to_string()))?;
            agg
        } else {
            pool.install(|| mc::run(&plan, &monitor))?
        }
    };
    let artefacts = report::run_artefacts(&plan, &agg, &ReportOptions { charts: !args.no_charts })?;
    let manifest = report::manifest_json(&[(&plan.scenario.name, &plan)], &run_info(threads, started));
    interrupted()?;
    staging.commit(&artefacts, manifest)?;
    emit(&report::text_summary(&plan.scenario, &agg.view(), args.all_rounds));
    emit(&format!("\nresults written to {}\n", out_dir.display()));
    Ok(())
}

/// Writes to standard output; a closed pipe (`chipgame ... | head`) ends the program quietly.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

fn cmd_validate(configs: &[PathBuf], set: &SetArgs) -> Result<(), Failure> {
    let overrides = set_overrides(set)?;
    let mut errors = Vec::new();
    for path in configs {
        match Scenario::from_path(path).and_then(|s| s.with_overrides(&overrides)) {
            Ok(s) => {
                let players: Vec<&str> = s.game.players().iter().map(|p| p.name.as_str()).collect();
                emit(&format!(
                    "{}: ok: scenario `{}`, {} players ({}), {} rounds x {} runs\n",
                    path.display(),
                    s.name,
                    players.len(),
                    players.join(", "),
                    s.repeat.rounds,
                    s.repeat.runs
                ));
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(Failure::Input(errors.join("\nerror: "))) }
}

fn cmd_metagame(args: MetagameArgs) -> Result<(), Failure> {
    use chipgame::study::metagame;
    let started = std::time::SystemTime::now();
    let b = &args.batch;
    let mut overrides = set_overrides(&b.set)?;
    let int = |x: u64| toml::Value::Integer(i64::try_from(x).unwrap_or(i64::MAX));
    if let Some(r) = b.runs {
        overrides.push("metagame.runs", int(r), format!("--runs {r}"));
    }
    if let Some(s) = b.seed {
        overrides.push("repeat.seed", int(s), format!("--seed {s}"));
    }
    if let Some(k) = args.bootstrap {
        overrides.push("metagame.bootstrap", int(k), format!("--bootstrap {k}"));
    }
    let scenario = Scenario::from_path(&args.config)?.with_overrides(&overrides)?;
    let Some(spec) = &scenario.metagame else {
        return Err(Failure::Input(format!(
            "{}: no `[metagame]` table: list each player's policies under `[metagame.policies.<player>.<name>]`",
            args.config.display()
        )));
    };
    let pool = thread_pool(b.threads)?;
    let threads = pool.current_num_threads();
    let options = PlanOptions { per_run: false, threads, max_memory: b.max_memory.saturating_mul(1 << 20) };
    let plan = RunPlan::new(&scenario, &Overrides::default(), &options)?;
    let out_dir = b.out.clone().unwrap_or_else(|| output::default_dir(&args.config));
    let staging = Staging::begin(&out_dir, b.force)?;
    let monitor = Watched { progress: Arc::new(Progress::default()), interrupt: interrupt_flag() };
    let played = {
        let _bar = cli::progress::Bar::start(monitor.progress.clone(), &scenario.name);
        pool.install(|| mc::play_metagame(&scenario, &monitor))?
    };
    interrupted()?;
    let mut rng = chipgame::sim::run_rng(scenario.repeat.seed, u64::MAX);
    let analysis = metagame::analyse(&played, spec.bootstrap, &mut rng).map_err(|e| Failure::Runtime(e.to_string()))?;
    let table = metagame::normal_form(&played, &format!("{}: meta-game of mean run totals", scenario.name)).ok();
    let artefacts = report::metagame::metagame_artefacts(
        &scenario,
        &analysis,
        table.as_ref(),
        &ReportOptions { charts: !args.no_charts },
    )?;
    let mut manifest = report::manifest_json(&[(&scenario.name, &plan)], &run_info(threads, started));
    manifest["runs"] = serde_json::json!(spec.runs);
    manifest["profiles"] = serde_json::json!(spec.profiles.len());
    manifest["bootstrap"] = serde_json::json!(spec.bootstrap);
    interrupted()?;
    staging.commit(&artefacts, manifest)?;
    emit(&report::metagame::metagame_text(&scenario, &analysis));
    emit(&format!("\nresults written to {}\n", out_dir.display()));
    Ok(())
}

fn cmd_tournament(args: TournamentArgs) -> Result<(), Failure> {
    if args.list_strategies {
        emit(&tournament::list_strategies());
        return Ok(());
    }
    let scenario = match &args.config {
        Some(p) => Some(Scenario::from_path(p)?.with_overrides(&set_overrides(&args.set)?)?),
        None => None,
    };
    let o = TournamentOverrides {
        strategies: args.strategies.clone(),
        turns: args.turns,
        repetitions: args.repetitions,
        noise: args.noise,
        seed: args.seed,
    };
    let plan = TournamentPlan::new(scenario.as_ref(), &o)?;
    let pool = thread_pool(args.threads)?;
    interrupt_flag();
    let result = pool.install(|| tournament::run(&plan.game, &plan.spec));
    interrupted()?;
    if args.json {
        emit(&format!("{}\n", result.to_json()));
    } else {
        let s = &plan.spec;
        emit(&format!(
            "{} strategies, {} turns, {} repetitions, noise {}\n\n",
            s.strategies.len(),
            s.turns,
            s.repetitions,
            s.noise
        ));
        emit(&result.to_table());
    }
    Ok(())
}

fn cmd_write_nfg(config: &Path, out: Option<&Path>, force: bool, set: &SetArgs) -> Result<(), Failure> {
    let s = Scenario::from_path(config)?.with_overrides(&set_overrides(set)?)?;
    let Some(g) = s.game.as_normal_form() else {
        return Err(Failure::Input(format!(
            "{}: write-nfg needs a matrix game; for the export game use `chipgame export-nfg`",
            config.display()
        )));
    };
    let mut g = g.clone();
    if g.title().is_empty() {
        g.set_title(s.name.clone());
    }
    let text = chipgame::game::nfg::write(&g);
    match out {
        Some(p) => output::write_file(p, text.as_bytes(), force)?,
        None => emit(&text),
    }
    Ok(())
}

/// Reads GAME: a `.nfg` file, or a config whose stage game at `round` (run `run`) is taken.
fn load_game(path: &Path, round: usize, run: u64, set: &SetArgs) -> Result<chipgame::game::NormalForm, Failure> {
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase());
    if ext.as_deref() == Some("nfg") {
        let text = config::read_text(path, "game file")?;
        return chipgame::game::nfg::parse(&text)
            .map_err(|e| Failure::Input(ConfigError::at_line(path, &text, e.line, e.column, e.message).to_string()));
    }
    let s = Scenario::from_path(path)?.with_overrides(&set_overrides(set)?)?;
    Ok(chipgame::sim::stage_game_at(&s, round, run)?)
}

/// A game tree, when `path` is one: a Gambit `.efg` file, or TOML with `[[node]]` tables.
fn load_tree(path: &Path) -> Result<Option<chipgame::efg::Tree>, Failure> {
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase());
    if ext.as_deref() == Some("nfg") {
        return Ok(None);
    }
    let text = config::read_text(path, "game file")?;
    let file = path.display().to_string();
    let tree = if ext.as_deref() == Some("efg") {
        chipgame::efg::gambit::parse(&text, &file)
    } else if chipgame::efg::toml::looks_like_tree(&text) {
        chipgame::efg::toml::parse(&text, &file)
    } else {
        return Ok(None);
    };
    tree.map(Some).map_err(|e| Failure::Input(e.to_string()))
}

/// The solver's budget from the command line, cancelled by Ctrl-C.
fn solve_budget(max_seconds: Option<f64>) -> Result<solve::Budget, Failure> {
    if let Some(s) = max_seconds
        && !(s > 0.0 && s.is_finite())
    {
        return Err(Failure::Input(format!("--max-seconds must be a positive number, got {s}")));
    }
    let mut budget = max_seconds.map(solve::Budget::with_seconds).unwrap_or_default();
    let flag = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let interrupt = interrupt_flag();
        let flag = flag.clone();
        // The interrupt flag is a Progress; mirror it into the solver's cancel flag.
        std::thread::spawn(move || {
            while !interrupt.cancelled() {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            flag.store(true, std::sync::atomic::Ordering::Relaxed);
        });
    }
    budget.cancel = Some(flag);
    budget.progress = solve_progress();
    Ok(budget)
}

/// Clears the progress line of [`solve_progress`] (on a terminal).
fn clear_progress_line() {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
}

/// On a terminal, a progress line for solves that take more than a second: what the method
/// reports, at most four times a second, on one line of standard error (cleared by the next
/// output). Nothing when standard error is a file or a pipe.
fn solve_progress() -> Option<solve::ProgressFn> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let start = std::time::Instant::now();
    let last = std::sync::Mutex::new(start);
    Some(Arc::new(move |what: &str| {
        let now = std::time::Instant::now();
        if now.duration_since(start).as_secs_f64() < 1.0 {
            return;
        }
        let Ok(mut last) = last.lock() else { return };
        if now.duration_since(*last).as_millis() < 250 {
            return;
        }
        *last = now;
        let line: String = what.chars().take(100).collect();
        eprint!("\r\x1b[2K{:.0} s  {line}", now.duration_since(start).as_secs_f64());
    }))
}

/// The stage game `game` played in sequence (`--sequential LEADER,FOLLOWER`, `--hold P=A`).
fn sequential_tree(
    game: &chipgame::game::NormalForm,
    pair: &[String],
    hold: &[String],
) -> Result<chipgame::efg::Tree, Failure> {
    use chipgame::game::Game;
    let players = game.players();
    let names = || players.iter().map(|p| p.name.as_str());
    let index = |flag: &str, name: &str| {
        players.iter().position(|p| p.name == name).ok_or_else(|| {
            Failure::Input(format!(
                "{flag}: `{name}` is not a player of this game{}; the players are {}",
                config::error::did_you_mean(name, names()),
                names().collect::<Vec<_>>().join(", ")
            ))
        })
    };
    let [leader, follower] = pair else {
        return Err(Failure::Input(format!(
            "--sequential takes two player names, LEADER,FOLLOWER, got {}",
            pair.len()
        )));
    };
    let (leader, follower) = (index("--sequential", leader)?, index("--sequential", follower)?);
    if leader == follower {
        return Err(Failure::Input("--sequential: the leader and the follower must differ".into()));
    }
    let mut held = vec![0; players.len()];
    for h in hold {
        let Some((p, a)) = h.split_once('=') else {
            return Err(Failure::Input(format!("--hold takes PLAYER=ACTION, got `{h}`")));
        };
        let i = index("--hold", p.trim())?;
        if i == leader || i == follower {
            return Err(Failure::Input(format!("--hold: `{}` moves in the tree and cannot hold an action", p.trim())));
        }
        held[i] = players[i].action_index(a.trim()).ok_or_else(|| {
            Failure::Input(format!(
                "--hold: `{}` is not an action of {}{}; its actions are {}",
                a.trim(),
                players[i].name,
                config::error::did_you_mean(a.trim(), players[i].actions.iter().map(|s| s.as_str())),
                players[i].actions.join(", ")
            ))
        })?;
    }
    let title = format!(
        "{} played in sequence: {} moves, {} answers",
        game.title(),
        players[leader].name,
        players[follower].name
    );
    chipgame::efg::stage::leader_follower_tree(game, &(), leader, follower, &held, &title)
        .map_err(|e| Failure::Input(e.to_string()))
}

fn lcp_label(text: &str) -> Result<solve::StartLabel, Failure> {
    text.parse().map_err(|e| Failure::Input(format!("--label: {e}")))
}

fn cmd_solve_tree(args: &SolveArgs, tree: &chipgame::efg::Tree) -> Result<(), Failure> {
    use chipgame::efg::{self, TreeMethod};
    let method: TreeMethod = match &args.method {
        Some(m) => m.parse().map_err(|e: efg::EfgError| {
            let names: Vec<String> = TreeMethod::all().iter().map(|m| m.name()).collect();
            Failure::Input(format!("--method: {e}{}", config::error::did_you_mean(m, names.iter().map(|n| n.as_str()))))
        })?,
        None if efg::spe::require_perfect_information(tree, "spe").is_ok() => TreeMethod::Spe,
        None if tree.n_players() == 2 && efg::seqform::applicable(tree).is_ok() => TreeMethod::SeqForm,
        None => TreeMethod::Logit,
    };
    if args.chart.is_some() {
        return Err(Failure::Input("--chart: charts are drawn for strategic-form games only, not for trees".into()));
    }
    let budget = solve_budget(args.max_seconds)?;
    let opts =
        solve::SolveOptions { weak: args.weak, budget, lcp_label: lcp_label(&args.label)?, ..Default::default() };
    let sol = efg::solve(tree, method, &opts);
    clear_progress_line();
    let sol = sol.map_err(|e| Failure::Input(format!("{}: {e}", args.game.display())))?;
    if sol.incomplete == Some(solve::Stop::Cancelled) {
        return Err(Failure::Interrupted);
    }
    if args.json {
        emit(&format!("{}\n", efg::report::to_json(tree, &sol)));
    } else {
        emit(&efg::report::to_text(tree, &sol));
    }
    if let Some(stop) = sol.incomplete {
        eprintln!("warning: {stop}; the equilibria listed are those found until then and the list may be incomplete");
    }
    Ok(())
}

fn cmd_solve(args: SolveArgs) -> Result<(), Failure> {
    if let Some(tree) = load_tree(&args.game)? {
        return cmd_solve_tree(&args, &tree);
    }
    let name = args.method.as_deref().unwrap_or("enummixed");
    let method: solve::Method = name.parse().map_err(|e: solve::SolveError| {
        let names = solve::METHODS.iter().map(|m| m.name);
        Failure::Input(format!("--method: {e}{}", config::error::did_you_mean(name, names)))
    })?;
    let lcp_label = lcp_label(&args.label)?;
    let game = load_game(&args.game, args.round, args.run, &args.set)?;
    if let Some(pair) = &args.sequential {
        let tree = sequential_tree(&game, pair, &args.hold)?;
        return cmd_solve_tree(&args, &tree);
    }
    let budget = solve_budget(args.max_seconds)?;
    let opts = solve::SolveOptions { weak: args.weak, budget, lcp_label, ..solve::SolveOptions::default() };
    let res = solve::solve(&game, method, &opts);
    clear_progress_line();
    let res = res.map_err(|e| Failure::Input(format!("{}: {e}", args.game.display())))?;
    if res.incomplete == Some(solve::Stop::Cancelled) {
        return Err(Failure::Interrupted);
    }
    if let Some(chart) = &args.chart {
        let fig = if method == solve::Method::Logit {
            report::charts::logit_path_chart(&game, &res.path)
        } else {
            report::charts::best_response_diagram(&game, &res.equilibria)
        }
        .map_err(|e| Failure::Input(format!("--chart: {e}")))?;
        let svg = chart.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        output::write_file(chart, if svg { &fig.svg } else { &fig.png }, args.force)?;
    }
    if args.json {
        emit(&format!("{}\n", solve::report::to_json(&res, &game)));
    } else {
        emit(&solve::report::to_table(&res, &game));
    }
    if let Some(stop) = res.incomplete {
        eprintln!("warning: {stop}; the equilibria listed are those found until then and the list may be incomplete");
    }
    Ok(())
}

fn cmd_export_nfg(
    config_path: &Path,
    round: usize,
    run: u64,
    out: &Path,
    force: bool,
    set: &SetArgs,
) -> Result<(), Failure> {
    let s = Scenario::from_path(config_path)?.with_overrides(&set_overrides(set)?)?;
    if !s.game.is_stateful() {
        return Err(Failure::Input(format!(
            "{}: export-nfg takes a game with a state (`kind = \"export\"`); for matrix games use `chipgame write-nfg`",
            config_path.display()
        )));
    }
    let g = chipgame::sim::stage_game_at(&s, round, run)?;
    output::write_file(out, chipgame::game::nfg::write(&g).as_bytes(), force)?;
    emit(&format!("wrote {} ({}; {} profiles)\n", out.display(), g.title(), g.n_profiles()));
    Ok(())
}

/// Distinct labels for compared scenarios: their names, or, when names repeat, their config
/// paths without extension.
fn compare_labels(scenarios: &[Scenario]) -> Vec<String> {
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let distinct = |v: &[String]| v.iter().collect::<std::collections::BTreeSet<_>>().len() == v.len();
    let by_name: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    if distinct(&by_name) {
        return by_name;
    }
    let by_path: Vec<String> = scenarios
        .iter()
        .map(|s| s.source.path.with_extension("").to_string_lossy().replace(['/', '\\'], "-"))
        .collect();
    if distinct(&by_path) {
        return by_path;
    }
    (1..=scenarios.len()).map(|i| format!("{}-{i}", names[i - 1])).collect()
}

fn cmd_compare(args: CompareArgs) -> Result<(), Failure> {
    let started = std::time::SystemTime::now();
    let overrides = batch_overrides(&args.batch, None)?;
    let pool = thread_pool(args.batch.threads)?;
    let threads = pool.current_num_threads();
    let options = PlanOptions { per_run: false, threads, max_memory: args.batch.max_memory.saturating_mul(1 << 20) };
    let mut plans = Vec::new();
    for path in &args.configs {
        plans.push(RunPlan::new(&Scenario::from_path(path)?, &overrides, &options)?);
    }
    let first_players: Vec<&str> = plans[0].scenario.game.players().iter().map(|p| p.name.as_str()).collect();
    for (p, path) in plans.iter().zip(&args.configs).skip(1) {
        let players: Vec<&str> = p.scenario.game.players().iter().map(|p| p.name.as_str()).collect();
        if players != first_players {
            return Err(Failure::Input(format!(
                "{}: its players ({}) differ from the first scenario's ({}); compared scenarios need the same players",
                path.display(),
                players.join(", "),
                first_players.join(", ")
            )));
        }
    }
    let scenarios: Vec<Scenario> = plans.iter().map(|p| p.scenario.clone()).collect();
    let labels = compare_labels(&scenarios);
    let out_dir =
        args.batch.out.clone().unwrap_or_else(|| PathBuf::from("output").join(format!("compare-{}", labels.join("-"))));
    let staging = Staging::begin(&out_dir, args.batch.force)?;
    let mut aggs = Vec::new();
    for (plan, label) in plans.iter().zip(&labels) {
        let monitor = Watched { progress: Arc::new(Progress::default()), interrupt: interrupt_flag() };
        let _bar = cli::progress::Bar::start(monitor.progress.clone(), label);
        aggs.push(pool.install(|| mc::run(plan, &monitor))?);
    }
    let items: Vec<(&str, &RunPlan, &chipgame::stats::Aggregate)> =
        labels.iter().zip(&plans).zip(&aggs).map(|((l, p), a)| (l.as_str(), p, a)).collect();
    let artefacts: Vec<Artefact> = report::compare_artefacts(&items, &ReportOptions::default())?;
    let named: Vec<(&str, &RunPlan)> = items.iter().map(|(l, p, _)| (*l, *p)).collect();
    let manifest = report::manifest_json(&named, &run_info(threads, started));
    interrupted()?;
    staging.commit(&artefacts, manifest)?;
    let views: Vec<_> = aggs.iter().map(|a| a.view()).collect();
    let pairs: Vec<(&str, &Scenario, &chipgame::stats::aggregate::View)> =
        labels.iter().zip(&plans).zip(&views).map(|((l, p), v)| (l.as_str(), &p.scenario, v)).collect();
    emit(&report::comparison_text(&pairs));
    emit(&format!("\nresults and charts written to {}\n", out_dir.display()));
    Ok(())
}
