//! `chipgame sweep`: arguments and glue. The design, the checks, the runs and the statistics
//! are in `chipgame::study::sweep`; the charts in `chipgame::report::charts`.

use crate::cli::BatchArgs;
use crate::{Failure, Watched, batch_overrides, emit, interrupt_flag, interrupted, run_info, thread_pool};
use chipgame::config::{KeyPath, Overrides};
use chipgame::mc::Progress;
use chipgame::output::{self, Staging};
use chipgame::plan::PlanOptions;
use chipgame::report::{self, Artefact, charts};
use chipgame::scenario::Scenario;
use chipgame::study::sweep::{
    self, Axis, Condition, DesignKind, DesignSpec, LoadedSweepFile, SweepError, SweepPlan, SweepResult,
};
use clap::Args;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// A scenario config, or a sweep file: a TOML file whose one table is `[sweep]`, with
    /// `config = "scenario.toml"` (relative to the sweep file) and any of the options below as
    /// keys (`grid = ["KEY=START:STOP:COUNT", ...]`, `lhs`, `sobol`, `morris`, `samples`,
    /// `trajectories`, `compare`, `runs`, `seed`, `set`, `outcome`, `prim`, `prim_threshold`).
    /// Options given on the command line replace the file's (`--set` adds to them).
    pub config: PathBuf,
    /// Full grid over KEY (any numeric config key, as `--set` names it): COUNT evenly spaced
    /// values from START to STOP. Repeatable: two make a 2-D grid.
    #[arg(long, value_name = "KEY=START:STOP:COUNT")]
    pub grid: Vec<String>,
    /// Latin hypercube over KEY in [LOW, HIGH] (repeatable), with --samples points.
    #[arg(long, value_name = "KEY=LOW:HIGH")]
    pub lhs: Vec<String>,
    /// Saltelli design over KEY in [LOW, HIGH] (repeatable) with --samples base points (a power
    /// of two is best; N (k + 2) points), and Sobol' indices of the outcomes.
    #[arg(long, value_name = "KEY=LOW:HIGH")]
    pub sobol: Vec<String>,
    /// Morris trajectories over KEY in [LOW, HIGH] (repeatable), --trajectories of them on a
    /// 4-level grid, and the Morris screening measures of the outcomes.
    #[arg(long, value_name = "KEY=LOW:HIGH")]
    pub morris: Vec<String>,
    /// Points of --lhs, base points of --sobol.
    #[arg(long, value_name = "N")]
    pub samples: Option<usize>,
    /// Trajectories of --morris.
    #[arg(long, value_name = "N")]
    pub trajectories: Option<usize>,
    /// A second config played at every point with the same overrides and seed; adds the
    /// columns `diff.<player>` (this config's mean minus the other's) and `diff_se.<player>`.
    #[arg(long, value_name = "OTHER_CONFIG")]
    pub compare: Option<PathBuf>,
    /// The outcome charts and indices are drawn for, a column of sweep.csv: `mean.<player>`,
    /// `q50.<player>`, `diff.<player>`, ... (repeatable; default: every player's mean, or its
    /// difference with --compare).
    #[arg(long = "outcome", value_name = "COLUMN")]
    pub outcomes: Vec<String>,
    /// Scenario discovery: the boxes of parameters where a condition holds, e.g.
    /// `diff.beijing>0` or `mean.beijing>300` (also <, >=, <=).
    #[arg(long, value_name = "OUTCOME>THRESHOLD")]
    pub prim: Option<String>,
    /// The density a PRIM box must reach (default 0.8).
    #[arg(long, value_name = "DENSITY")]
    pub prim_threshold: Option<f64>,
    /// Skip the charts.
    #[arg(long)]
    pub no_charts: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}

fn input(e: impl ToString) -> Failure {
    Failure::Input(e.to_string())
}

/// The design from the command line, or else from the sweep file.
fn design(args: &SweepArgs, file: Option<&LoadedSweepFile>) -> Result<DesignSpec, Failure> {
    let cli: Vec<(DesignKind, &Vec<String>)> = [
        (DesignKind::Grid, &args.grid),
        (DesignKind::Lhs, &args.lhs),
        (DesignKind::Sobol, &args.sobol),
        (DesignKind::Morris, &args.morris),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let samples = args.samples.or(file.and_then(|f| f.file.samples));
    let trajectories = args.trajectories.or(file.and_then(|f| f.file.trajectories));
    let one_kind = |kinds: &[DesignKind], place: &str| -> Result<(), Failure> {
        if kinds.len() > 1 {
            let names: Vec<&str> = kinds.iter().map(|k| k.flag()).collect();
            return Err(Failure::Input(format!("{place}: use one kind of design, not {}", names.join(" and "))));
        }
        Ok(())
    };
    if !cli.is_empty() {
        one_kind(&cli.iter().map(|(k, _)| *k).collect::<Vec<_>>(), "sweep")?;
        let (kind, texts) = cli[0];
        let axes = texts
            .iter()
            .map(|t| {
                let origin = format!("{} {t}", kind.flag());
                sweep::parse_axis(kind, t, origin.clone()).map_err(|m| Failure::Input(format!("{origin}: {m}")))
            })
            .collect::<Result<Vec<Axis>, _>>()?;
        return Ok(DesignSpec { kind, axes, samples, trajectories });
    }
    let Some(f) = file else {
        return Err(Failure::Input(
            "sweep: give the keys to vary with --grid, --lhs, --sobol or --morris (or a sweep file)".into(),
        ));
    };
    let lists = [
        (DesignKind::Grid, &f.file.grid),
        (DesignKind::Lhs, &f.file.lhs),
        (DesignKind::Sobol, &f.file.sobol),
        (DesignKind::Morris, &f.file.morris),
    ];
    let given: Vec<(DesignKind, &Vec<String>)> = lists.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    one_kind(&given.iter().map(|(k, _)| *k).collect::<Vec<_>>(), &f.path.display().to_string())?;
    let Some(&(kind, texts)) = given.first() else {
        return Err(Failure::Input(format!(
            "{}: the [sweep] table has no grid, lhs, sobol or morris list",
            f.path.display()
        )));
    };
    let axes = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let key = KeyPath::root().at("sweep").at(kind.name()).at(i);
            let origin = format!("{} ({key} = {t:?})", f.path.display());
            sweep::parse_axis(kind, t, origin).map_err(|m| input(f.error(key, m)))
        })
        .collect::<Result<Vec<Axis>, _>>()?;
    Ok(DesignSpec { kind, axes, samples, trajectories })
}

/// The default results folder: `output/<sweep file without .toml>`, or `output/<config>-sweep`.
fn default_out(args: &SweepArgs, file: Option<&LoadedSweepFile>) -> PathBuf {
    match file {
        Some(_) => output::default_dir(&args.config),
        None => {
            let d = output::default_dir(&args.config);
            let name = d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            d.with_file_name(format!("{name}-sweep"))
        }
    }
}

/// The 95% half-width column of an outcome, when it has one.
fn se_column(outcome: &str) -> Option<String> {
    let (stat, player) = outcome.split_once('.')?;
    let se = match stat {
        "mean" => "se",
        "cmp_mean" => "cmp_se",
        "diff" => "diff_se",
        _ => return None,
    };
    Some(format!("{se}.{player}"))
}

const Z95: f64 = 1.959_963_984_540_054;

fn chart_artefacts(
    result: &SweepResult,
    outcomes: &[String],
    plan: &SweepPlan,
    sobol: &[(String, chipgame::study::sensitivity::SobolIndices)],
    morris: &[(String, chipgame::study::sensitivity::MorrisIndices)],
    prim: Option<&sweep::PrimResult>,
) -> Result<Vec<Artefact>, Failure> {
    let chart_err = |e: charts::ChartError| Failure::Runtime(format!("chart: {e}"));
    let mut out = Vec::new();
    let mut push = |name: &str, fig: charts::Figure| {
        out.push(Artefact::new(format!("charts/{name}.png"), fig.png));
        out.push(Artefact::new(format!("charts/{name}.svg"), fig.svg));
    };
    let scenario = &plan.base.scenario.name;
    let y_label = "total payoff per run (model units, discounted)";
    let names = &result.names;
    if result.kind == DesignKind::Grid && names.len() == 1 {
        let xs: Vec<f64> = result.rows.iter().map(|r| r[0]).collect();
        let panels = outcomes
            .iter()
            .map(|o| {
                let m = result.column(o).map_err(input)?;
                let h = match se_column(o) {
                    Some(c) => result.column(&c).map_err(input)?.iter().map(|s| Z95 * s).collect(),
                    None => vec![0.0; m.len()],
                };
                Ok((o.clone(), m, h))
            })
            .collect::<Result<Vec<charts::LinePanel>, Failure>>()?;
        let title = format!("{scenario}: outcomes against {}", names[0]);
        push("sweep", charts::sweep_lines(&title, &names[0], y_label, &xs, &panels).map_err(chart_err)?);
    }
    if result.kind == DesignKind::Grid && names.len() == 2 {
        let mut xs: Vec<f64> = result.rows.iter().map(|r| r[0]).collect();
        xs.dedup();
        let n_y = result.rows.len() / xs.len().max(1);
        let ys: Vec<f64> = result.rows[..n_y].iter().map(|r| r[1]).collect();
        for o in outcomes {
            let z = result.column(o).map_err(input)?;
            let title = format!("{scenario}: {o}");
            push(
                &format!("heatmap_{o}"),
                charts::sweep_heatmap(&title, &names[0], &names[1], &xs, &ys, &z, o).map_err(chart_err)?,
            );
        }
    }
    if !sobol.is_empty() {
        let panels = sobol
            .iter()
            .map(|(o, s)| charts::BarPanel {
                caption: o.clone(),
                values: vec![s.s1.clone(), s.st.clone()],
                half_widths: vec![s.s1_ci.clone(), s.st_ci.clone()],
            })
            .collect::<Vec<_>>();
        let title = format!("{scenario}: Sobol' indices ({} points)", result.rows.len());
        push(
            "sobol",
            charts::sensitivity_bars(&title, &["S1 (first order)", "ST (total)"], names, &panels, "index")
                .map_err(chart_err)?,
        );
    }
    if !morris.is_empty() {
        let panels = morris
            .iter()
            .map(|(o, m)| charts::BarPanel {
                caption: o.clone(),
                values: vec![m.sigma.clone(), m.mu_star.clone()],
                half_widths: vec![vec![f64::NAN; names.len()], m.mu_star_ci.clone()],
            })
            .collect::<Vec<_>>();
        let title = format!("{scenario}: Morris screening ({} trajectories)", result.rows.len() / (names.len() + 1));
        push(
            "morris",
            charts::sensitivity_bars(
                &title,
                &["σ", "μ* (mean |elementary effect|)"],
                names,
                &panels,
                "per unit of the normalised step",
            )
            .map_err(chart_err)?,
        );
    }
    if let Some(p) = prim {
        let boxes: Vec<(String, Vec<(f64, f64)>)> = p
            .boxes
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let s = b.current();
                (format!("box {}: coverage {:.2}, density {:.2}", i + 1, s.coverage, s.density), s.limits.clone())
            })
            .collect();
        let title = format!("{scenario}: where {} (PRIM)", p.condition);
        push("prim", charts::prim_boxes(&title, names, &p.initial, &boxes).map_err(chart_err)?);
    }
    Ok(out)
}

pub fn cmd_sweep(args: SweepArgs) -> Result<(), Failure> {
    let started = std::time::SystemTime::now();
    let file = sweep::read_sweep_file(&args.config)?;
    let file = file.as_ref();
    let design = design(&args, file)?;
    // Where the scenario and the comparison come from.
    let config_path: &Path = file.map_or(&args.config, |f| &f.config);
    let compare_path: Option<PathBuf> = args.compare.clone().or(file.and_then(|f| f.compare.clone()));
    let prim_text = args.prim.clone().or(file.and_then(|f| f.file.prim.clone()));
    let prim = match &prim_text {
        Some(t) => Some(Condition::parse(t).map_err(|m| Failure::Input(format!("--prim {m}")))?),
        None => None,
    };
    let density = args.prim_threshold.or(file.and_then(|f| f.file.prim_threshold)).unwrap_or(sweep::PRIM_THRESHOLD);
    if !(0.0..=1.0).contains(&density) {
        return Err(Failure::Input(format!("--prim-threshold must be in [0, 1], got {density}")));
    }
    // Fixed overrides: the file's, then the command line's (which win).
    let mut fixed = Overrides::new();
    if let Some(f) = file {
        fixed = Overrides::from_set_args(&f.file.set)?;
        let int = |x: u64| toml::Value::Integer(i64::try_from(x).unwrap_or(i64::MAX));
        if let Some(r) = f.file.runs {
            fixed.push("repeat.runs", int(r), format!("{}: sweep.runs = {r}", f.path.display()));
        }
        if let Some(s) = f.file.seed {
            fixed.push("repeat.seed", int(s), format!("{}: sweep.seed = {s}", f.path.display()));
        }
    }
    let fixed = fixed.then(&batch_overrides(&args.batch, None)?);
    let scenario = Scenario::from_path(config_path)?;
    let other = match &compare_path {
        Some(p) => Some(Scenario::from_path(p)?),
        None => None,
    };
    let pool = thread_pool(args.batch.threads)?;
    let threads = pool.current_num_threads();
    let options = PlanOptions { per_run: false, threads, max_memory: args.batch.max_memory.saturating_mul(1 << 20) };
    let plan = SweepPlan::new(&scenario, other.as_ref(), &fixed, design, &options).map_err(input)?;
    let comparing = plan.other.is_some();
    let outcomes: Vec<String> = match (&args.outcomes, file) {
        (o, _) if !o.is_empty() => o.clone(),
        (_, Some(f)) if !f.file.outcome.is_empty() => f.file.outcome.clone(),
        _ => plan.players.iter().map(|p| format!("{}.{p}", if comparing { "diff" } else { "mean" })).collect(),
    };
    for o in outcomes.iter().chain(prim.iter().map(|c| &c.outcome)) {
        sweep::check_outcome(o, &plan.players, comparing)
            .map_err(|e: SweepError| Failure::Input(format!("--outcome: {e}")))?;
    }
    let out_dir = args.batch.out.clone().unwrap_or_else(|| default_out(&args, file));
    let staging = Staging::begin(&out_dir, args.batch.force)?;
    let monitor = Watched { progress: Arc::new(Progress::default()), interrupt: interrupt_flag() };
    let result = {
        let label = format!("sweep {} ({} points)", plan.base.scenario.name, plan.points.len());
        let _bar = crate::cli::progress::Bar::start(monitor.progress.clone(), &label);
        pool.install(|| sweep::run(&plan, &monitor))?
    };
    interrupted()?;
    let seed = plan.base.scenario.repeat.seed;
    let (sobol, morris) = match result.kind {
        DesignKind::Sobol => (sweep::sobol_indices(&result, &outcomes, seed).map_err(input)?, vec![]),
        DesignKind::Morris => (vec![], sweep::morris_indices(&result, &outcomes, seed).map_err(input)?),
        _ => (vec![], vec![]),
    };
    let prim_result = match &prim {
        Some(c) => Some(sweep::prim(&result, c, density).map_err(input)?),
        None => None,
    };
    let mut artefacts = vec![Artefact::new("sweep.csv", result.csv())];
    if !sobol.is_empty() || !morris.is_empty() {
        artefacts.push(Artefact::json("sensitivity.json", &sweep::sensitivity_json(&result.names, &sobol, &morris)));
    }
    if let Some(p) = &prim_result {
        artefacts.push(Artefact::json("prim.json", &p.to_json(&result.names)));
    }
    if !args.no_charts {
        artefacts.extend(chart_artefacts(&result, &outcomes, &plan, &sobol, &morris, prim_result.as_ref())?);
    }
    let mut labelled = vec![(plan.base.scenario.name.as_str(), &plan.base)];
    if let Some(o) = &plan.other {
        labelled.push((o.scenario.name.as_str(), o));
    }
    let mut manifest = report::manifest_json(&labelled, &run_info(threads, started));
    manifest["sweep"] = json!({
        "design": plan.design.kind.name(),
        "parameters": plan.design.axes.iter().map(|a| json!({"key": a.key, "low": a.low, "high": a.high, "count": a.count})).collect::<Vec<_>>(),
        "samples": plan.design.samples,
        "trajectories": plan.design.trajectories,
        "points": plan.points.len(),
        "runs_per_point": plan.base.runs(),
        "compare": plan.other.as_ref().map(|o| o.scenario.source.path.display().to_string()),
        "common_random_numbers": "every point uses the same seed: run i of each point uses generator stream i",
        "diff_se": "sqrt(se1^2 + se2^2), treating the two configs' aggregates as independent (conservative under common random numbers)",
        "outcomes": outcomes,
    });
    staging.commit(&artefacts, manifest)?;
    let elapsed = started.elapsed().map(|d| d.as_secs_f64()).unwrap_or(0.0);
    emit(&format!(
        "sweep of {} over {} ({} design): {} points x {} runs{} in {elapsed:.1} s\n",
        plan.base.scenario.name,
        result.names.join(", "),
        result.kind.name(),
        result.rows.len(),
        plan.base.runs(),
        if comparing { " on each of two configs" } else { "" },
    ));
    for (o, s) in &sobol {
        emit(&format!("Sobol' indices of {o} (S1 ± 95%, ST ± 95%):\n"));
        for (j, n) in result.names.iter().enumerate() {
            emit(&format!("  {n}: S1 {:.3} ± {:.3}, ST {:.3} ± {:.3}\n", s.s1[j], s.s1_ci[j], s.st[j], s.st_ci[j]));
        }
    }
    for (o, m) in &morris {
        emit(&format!("Morris measures of {o} (mu*, ± 95%, sigma):\n"));
        for (j, n) in result.names.iter().enumerate() {
            emit(&format!("  {n}: mu* {:.3} ± {:.3}, sigma {:.3}\n", m.mu_star[j], m.mu_star_ci[j], m.sigma[j]));
        }
    }
    if let Some(p) = &prim_result {
        emit(&p.to_text(&result.names));
    }
    emit(&format!("results written to {}\n", out_dir.display()));
    Ok(())
}
