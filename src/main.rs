//! The `chipgame` binary: parse the command line, call one library function per subcommand,
//! print results, and map errors to exit codes (2 for bad input, 1 for anything else).

mod cli;

use chipgame::config::{self, ConfigError};
use chipgame::report::{self, output};
use chipgame::scenario::{Scenario, TournamentSpec};
use chipgame::{mc, tournament};
use clap::Parser;
use cli::{Cli, Command, CompareArgs, RunArgs, SolveArgs, TournamentArgs};
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
    /// Ctrl-C or SIGTERM stopped the runs; nothing was written. Exit status 130.
    Interrupted,
}

/// Ctrl-C and SIGTERM ask the runner to stop at the next chunk boundary, so the run ends
/// through the normal error path: temporary files are removed and no output is written.
fn stop_on_interrupt(progress: &Arc<mc::Progress>) {
    let p = progress.clone();
    // A second registration (compare runs several scenarios) fails harmlessly; the first
    // handler's progress is then stale, so keep the most recent one in a global.
    static CURRENT: std::sync::Mutex<Option<Arc<mc::Progress>>> = std::sync::Mutex::new(None);
    if let Ok(mut c) = CURRENT.lock() {
        *c = Some(p);
    }
    let _ = ctrlc::set_handler(|| {
        if let Ok(c) = CURRENT.lock()
            && let Some(p) = c.as_ref()
        {
            p.cancel();
        }
    });
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<output::OutputError> for Failure {
    fn from(e: output::OutputError) -> Self {
        match e {
            output::OutputError::Io { .. } => Failure::Runtime(e.to_string()),
            _ => Failure::Input(e.to_string()),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => cmd_run(args),
        Command::Validate { configs } => cmd_validate(&configs),
        Command::Compare(args) => cmd_compare(args),
        Command::Tournament(args) => cmd_tournament(args),
        Command::WriteNfg { config, out } => cmd_write_nfg(&config, out.as_deref()),
        Command::Solve(args) => cmd_solve(args),
        Command::ExportNfg { config, round, run, out } => cmd_export_nfg(&config, round, run, &out),
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

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Failure> {
    if threads == Some(0) {
        return Err(Failure::Input("--threads must be at least 1".into()));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Runtime(format!("cannot start worker threads: {e}")))
}

fn load_scenario(config: Option<&Path>) -> Result<Scenario, Failure> {
    Ok(match config {
        Some(p) => config::load(p)?,
        None => config::parse(DEFAULT_SCENARIO, Path::new(DEFAULT_SCENARIO_PATH))?,
    })
}

fn cmd_run(args: RunArgs) -> Result<(), Failure> {
    let started = std::time::SystemTime::now();
    let scenario = load_scenario(args.config.as_deref())?;
    if scenario.behaviours.is_empty() {
        return Err(Failure::Input(format!(
            "scenario `{}` has no `[behaviour.<player>]` tables to run (it only defines a tournament: use `chipgame tournament`)",
            scenario.name
        )));
    }
    let mut repeat = scenario.repeat.clone();
    if let Some(r) = args.batch.runs {
        if r == 0 {
            return Err(Failure::Input("--runs must be at least 1".into()));
        }
        repeat.runs = r;
    }
    if let Some(s) = args.batch.seed {
        repeat.seed = s;
    }
    if let Some(r) = args.rounds {
        if r == 0 {
            return Err(Failure::Input("--rounds must be at least 1".into()));
        }
        repeat.rounds = r;
    }
    let out_dir = args.batch.out.clone().unwrap_or_else(|| PathBuf::from("output").join(&scenario.name));
    output::check_target(&out_dir, args.batch.force)?;
    let pool = thread_pool(args.batch.threads)?;
    let threads = pool.current_num_threads();
    let progress = Arc::new(mc::Progress::default());
    stop_on_interrupt(&progress);
    let streams = if args.per_run { Some(RowFiles::create(&out_dir)?) } else { None };
    let agg = {
        let _bar = cli::progress::Bar::start(progress.clone(), repeat.runs, &scenario.name);
        let mut write_error = None;
        let result = match &streams {
            Some(files) => {
                let mut sink = |rows: &mc::RunRows| {
                    if write_error.is_none()
                        && let Err(e) = files.append(rows)
                    {
                        write_error = Some(e);
                        progress.cancel();
                    }
                };
                pool.install(|| mc::run_with_rows(&scenario, &repeat, &progress, Some(&mut sink)))
            }
            None => pool.install(|| mc::run(&scenario, &repeat, &progress)),
        };
        if let Some(e) = write_error {
            return Err(Failure::Runtime(e));
        }
        result.map_err(|_| Failure::Interrupted)?
    };
    let state_names = mc::state_names(&scenario);
    let summary = report::summary_json(&scenario, &agg, &state_names, &mc::component_names(&scenario));
    let manifest = report::manifest_json(&scenario, &repeat, threads, started, std::time::SystemTime::now());
    let files = vec![
        ("summary.json".to_string(), pretty(&summary)),
        ("rounds.csv".to_string(), report::rounds_csv(&scenario, &agg, &state_names)),
        ("manifest.json".to_string(), pretty(&manifest)),
    ];
    output::write_dir_with(&out_dir, &files, args.batch.force, |tmp| {
        if let Some(streams) = &streams {
            streams.move_into(tmp)?;
        }
        if args.no_charts {
            return Ok(());
        }
        report::figures::run_charts(&scenario, &agg, &state_names, tmp).map_err(|e| e.to_string())
    })?;
    emit(&report::text_summary(&scenario, &agg, args.all_rounds));
    emit(&format!("\nresults written to {}\n", out_dir.display()));
    Ok(())
}

/// Writes to standard output; a closed pipe (`chipgame ... | head`) ends the program quietly.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut b = serde_json::to_vec_pretty(v).expect("JSON values serialise");
    b.push(b'\n');
    b
}

fn cmd_validate(configs: &[PathBuf]) -> Result<(), Failure> {
    let mut errors = Vec::new();
    for path in configs {
        match config::load(path) {
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

fn cmd_tournament(args: TournamentArgs) -> Result<(), Failure> {
    let (game, mut spec) = match &args.config {
        Some(path) => {
            let s = config::load(path)?;
            let chipgame::scenario::ScenarioGame::Matrix(g) = &s.game else {
                return Err(Failure::Input(format!("{}: a tournament needs a two-player matrix game", path.display())));
            };
            tournament::check_symmetric(g).map_err(|m| Failure::Input(format!("{}: {m}", path.display())))?;
            let spec = s.tournament.clone().unwrap_or(TournamentSpec {
                strategies: Vec::new(),
                turns: 200,
                repetitions: 10,
                noise: 0.0,
                seed: 0,
            });
            (g.clone(), spec)
        }
        None => (
            tournament::prisoners_dilemma(),
            TournamentSpec { strategies: Vec::new(), turns: 200, repetitions: 10, noise: 0.0, seed: 0 },
        ),
    };
    if let Some(names) = &args.strategies {
        let players = chipgame::game::Game::players(&game);
        spec.strategies = names
            .iter()
            .map(|n| {
                let n = n.trim();
                spec.strategies
                    .iter()
                    .find(|(m, _)| m == n)
                    .map(|(_, s)| s.clone())
                    .or_else(|| tournament::builtin(n, players))
                    .map(|s| (n.to_string(), s))
                    .ok_or_else(|| {
                        Failure::Input(format!(
                            "--strategies: unknown strategy `{n}`{}; built in: {}",
                            config::error::did_you_mean(n, tournament::BUILTIN_NAMES.iter().copied()),
                            tournament::BUILTIN_NAMES.join(", ")
                        ))
                    })
            })
            .collect::<Result<_, _>>()?;
    }
    if spec.strategies.len() < 2 {
        return Err(Failure::Input("a tournament needs at least two strategies: pass --strategies A,B,... or a config with `[tournament] strategies`".into()));
    }
    if let Some(t) = args.turns {
        spec.turns = t;
    }
    if let Some(r) = args.repetitions {
        spec.repetitions = r;
    }
    if spec.turns == 0 || spec.repetitions == 0 {
        return Err(Failure::Input("--turns and --repetitions must be at least 1".into()));
    }
    if let Some(p) = args.noise {
        if !(0.0..=1.0).contains(&p) {
            return Err(Failure::Input(format!("--noise is a probability and must be in [0, 1], got {p}")));
        }
        spec.noise = p;
    }
    if let Some(s) = args.seed {
        spec.seed = s;
    }
    let pool = thread_pool(args.threads)?;
    let result = pool.install(|| tournament::run(&game, &spec));
    if args.json {
        emit(&format!("{}\n", result.to_json()));
    } else {
        emit(&format!(
            "{} strategies, {} turns, {} repetitions, noise {}\n\n",
            spec.strategies.len(),
            spec.turns,
            spec.repetitions,
            spec.noise
        ));
        emit(&result.to_table());
    }
    Ok(())
}

fn cmd_write_nfg(config: &Path, out: Option<&Path>) -> Result<(), Failure> {
    let s = config::load(config)?;
    let chipgame::scenario::ScenarioGame::Matrix(g) = &s.game else {
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
        Some(p) => {
            std::fs::write(p, text).map_err(|e| Failure::Runtime(format!("cannot write `{}`: {e}", p.display())))?
        }
        None => emit(&text),
    }
    Ok(())
}

/// Reads GAME: a `.nfg` file, or a config whose stage game at `round` (run `run`) is taken.
fn load_game(path: &Path, round: usize, run: u64) -> Result<chipgame::game::NormalForm, Failure> {
    if path.extension().and_then(|e| e.to_str()) == Some("nfg") {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Input(format!("{}: cannot read the game file: {e}", path.display())))?;
        return chipgame::game::nfg::parse(&text)
            .map_err(|e| Failure::Input(ConfigError::at_line(path, &text, e.line, e.column, e.message).to_string()));
    }
    let s = config::load(path)?;
    s.stage_game_at(round, run).map_err(|m| Failure::Input(format!("{}: {m}", path.display())))
}

fn cmd_solve(args: SolveArgs) -> Result<(), Failure> {
    use chipgame::solve;
    let method: solve::Method = args.method.parse().map_err(|e: solve::SolveError| {
        let names = solve::Method::ALL.iter().map(|m| m.name());
        Failure::Input(format!("--method: {e}{}", config::error::did_you_mean(&args.method, names)))
    })?;
    let game = load_game(&args.game, args.round, args.run)?;
    let opts = solve::SolveOptions { weak: args.weak, ..solve::SolveOptions::default() };
    let res =
        solve::solve(&game, method, &opts).map_err(|e| Failure::Input(format!("{}: {e}", args.game.display())))?;
    if let Some(chart) = &args.chart {
        let drawn = if method == solve::Method::Logit {
            solve::chart::logit_path_chart(&game, &res.path, chart)
        } else {
            solve::report::best_response_diagram(&game, &res, chart)
        };
        drawn.map_err(|e| Failure::Input(format!("--chart: {e}")))?;
    }
    if args.json {
        emit(&format!("{}\n", solve::report::to_json(&res, &game)));
    } else {
        emit(&solve::report::to_table(&res, &game));
    }
    Ok(())
}

fn cmd_export_nfg(config_path: &Path, round: usize, run: u64, out: &Path) -> Result<(), Failure> {
    let s = config::load(config_path)?;
    if !matches!(s.game, chipgame::scenario::ScenarioGame::Export(_)) {
        return Err(Failure::Input(format!(
            "{}: export-nfg needs `kind = \"export\"`; for matrix games use `chipgame write-nfg`",
            config_path.display()
        )));
    }
    let g = s.stage_game_at(round, run).map_err(|m| Failure::Input(format!("{}: {m}", config_path.display())))?;
    std::fs::write(out, chipgame::game::nfg::write(&g))
        .map_err(|e| Failure::Runtime(format!("cannot write `{}`: {e}", out.display())))?;
    emit(&format!("wrote {} ({}; {} profiles)\n", out.display(), g.title(), g.n_profiles()));
    Ok(())
}

fn cmd_compare(args: CompareArgs) -> Result<(), Failure> {
    let started = std::time::SystemTime::now();
    let mut scenarios = Vec::new();
    for path in &args.configs {
        let s = config::load(path)?;
        if s.behaviours.is_empty() {
            return Err(Failure::Input(format!(
                "{}: scenario `{}` has no behaviour rules to run",
                path.display(),
                s.name
            )));
        }
        scenarios.push(s);
    }
    let first_players: Vec<&str> = scenarios[0].game.players().iter().map(|p| p.name.as_str()).collect();
    for (s, path) in scenarios.iter().zip(&args.configs).skip(1) {
        let players: Vec<&str> = s.game.players().iter().map(|p| p.name.as_str()).collect();
        if players != first_players {
            return Err(Failure::Input(format!(
                "{}: its players ({}) differ from the first scenario's ({}); compared scenarios need the same players",
                path.display(),
                players.join(", "),
                first_players.join(", ")
            )));
        }
    }
    if args.batch.runs == Some(0) {
        return Err(Failure::Input("--runs must be at least 1".into()));
    }
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let out_dir =
        args.batch.out.clone().unwrap_or_else(|| PathBuf::from("output").join(format!("compare-{}", names.join("-"))));
    output::check_target(&out_dir, args.batch.force)?;
    let pool = thread_pool(args.batch.threads)?;
    let mut aggs = Vec::new();
    let mut repeats = Vec::new();
    for s in &scenarios {
        let mut repeat = s.repeat.clone();
        if let Some(r) = args.batch.runs {
            repeat.runs = r;
        }
        if let Some(seed) = args.batch.seed {
            repeat.seed = seed;
        }
        let progress = Arc::new(mc::Progress::default());
        stop_on_interrupt(&progress);
        let agg = {
            let _bar = cli::progress::Bar::start(progress.clone(), repeat.runs, &s.name);
            pool.install(|| mc::run(s, &repeat, &progress)).map_err(|_| Failure::Interrupted)?
        };
        aggs.push(agg);
        repeats.push(repeat);
    }
    let pairs: Vec<(&Scenario, &mc::Aggregate)> = scenarios.iter().zip(&aggs).collect();
    let comparison = report::comparison_json(&pairs);
    let mut files = vec![
        ("comparison.json".to_string(), pretty(&comparison)),
        ("differences.csv".to_string(), report::differences_csv(&pairs)),
    ];
    for (s, agg) in scenarios.iter().zip(&aggs) {
        let state_names = mc::state_names(s);
        files.push((
            format!("{}/summary.json", s.name),
            pretty(&report::summary_json(s, agg, &state_names, &mc::component_names(s))),
        ));
        files.push((format!("{}/rounds.csv", s.name), report::rounds_csv(s, agg, &state_names)));
    }
    let mut manifest = report::manifest_json(
        &scenarios[0],
        &repeats[0],
        pool.current_num_threads(),
        started,
        std::time::SystemTime::now(),
    );
    manifest["scenarios"] = serde_json::json!(scenarios.iter().zip(&repeats).map(|(s, r)| serde_json::json!({"name": s.name, "config_hash": s.config_hash, "seed": r.seed, "runs": r.runs, "rounds": r.rounds})).collect::<Vec<_>>());
    files.push(("manifest.json".to_string(), pretty(&manifest)));
    output::write_dir_with(&out_dir, &files, args.batch.force, |tmp| {
        report::figures::compare_charts(&pairs, tmp).map_err(|e| e.to_string())
    })?;
    emit(&report::comparison_text(&pairs));
    emit(&format!("\nresults and charts written to {}\n", out_dir.display()));
    Ok(())
}

/// Hidden files beside the output directory that per-run rows stream into; moved into the
/// result when it is complete, removed otherwise.
struct RowFiles {
    runs: PathBuf,
    trajectories: PathBuf,
}

impl RowFiles {
    fn create(out_dir: &Path) -> Result<RowFiles, Failure> {
        let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::Runtime(format!("cannot create `{}`: {e}", parent.display())))?;
        let base = out_dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let pid = std::process::id();
        let files = RowFiles {
            runs: parent.join(format!(".{base}.chipgame-runs-{pid}.csv")),
            trajectories: parent.join(format!(".{base}.chipgame-trajectories-{pid}.csv")),
        };
        for p in [&files.runs, &files.trajectories] {
            std::fs::write(p, b"").map_err(|e| Failure::Runtime(format!("cannot write `{}`: {e}", p.display())))?;
        }
        Ok(files)
    }

    fn append(&self, rows: &mc::RunRows) -> Result<(), String> {
        use std::io::Write;
        for (path, bytes) in [(&self.runs, &rows.runs), (&self.trajectories, &rows.trajectories)] {
            std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        }
        Ok(())
    }

    fn move_into(&self, dir: &Path) -> Result<(), String> {
        std::fs::rename(&self.runs, dir.join("runs.csv")).map_err(|e| e.to_string())?;
        std::fs::rename(&self.trajectories, dir.join("trajectories.csv")).map_err(|e| e.to_string())
    }
}

impl Drop for RowFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.runs);
        let _ = std::fs::remove_file(&self.trajectories);
    }
}
