//! A checked run plan: a scenario with the command line's overrides applied, what to compute,
//! and the resources it will need, decided before any run starts. Every limit on a run lives
//! here or in the config checks (`config/`), so the command line, the web explorer and Python
//! get the same refusals with the same located messages.

use crate::config::{ConfigError, KeyPath, Overrides};
use crate::game::Game;
use crate::scenario::{GameVisitor, Scenario};
use crate::stats::Layout;
use crate::stats::aggregate::MilestoneSpec;

/// Default ceiling on the estimated memory of a run's aggregates: 4 GiB.
pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;

/// Why a plan cannot be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// A bad value in the config or an override.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// The scenario only defines a tournament.
    #[error(
        "{0}: scenario has no `[behaviour.<player>]` tables to run (it only defines a tournament: use `chipgame tournament`)"
    )]
    NoBehaviour(String),
}

/// Options of a plan that are not part of the scenario.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    /// Also produce one row per run and per round (`runs.csv`, `trajectories.csv`).
    pub per_run: bool,
    /// Worker threads the plan will run on (memory scales with them; results do not).
    pub threads: usize,
    /// Ceiling on the estimated memory of the aggregates, in bytes.
    pub max_memory: u64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions { per_run: false, threads: 1, max_memory: DEFAULT_MAX_MEMORY }
    }
}

/// A checked plan of runs: the scenario (overrides applied), the aggregate layout, and options.
#[derive(Clone, Debug)]
pub struct RunPlan {
    pub scenario: Scenario,
    pub layout: Layout,
    pub per_run: bool,
    /// Estimated peak memory of the aggregates, in bytes.
    pub memory_estimate: u64,
}

struct LayoutOf<'a>(&'a Scenario);

impl<'g> GameVisitor<'g> for LayoutOf<'_> {
    type Output = Layout;
    fn visit<G: Game + 'static>(self, g: &'g G) -> Layout {
        Layout {
            shape: g.players().iter().map(|p| p.actions.len()).collect(),
            rounds: self.0.repeat.rounds,
            n_state: g.state_names().len(),
            n_components: g.component_names().len(),
            milestones: g
                .hints()
                .milestones
                .iter()
                .map(|m| MilestoneSpec { player: m.player, actions: m.actions.clone(), from_round: m.from_round })
                .collect(),
        }
    }
}

/// Bytes of one aggregate of `layout` (histograms of 80 bins, exact moment sums).
pub fn aggregate_bytes(layout: &Layout) -> u64 {
    let (rounds, players, actions) = (layout.rounds as u64, layout.shape.len() as u64, layout.n_actions() as u64);
    let hist = 80 * 8 + 96;
    let moments = 160;
    let per_round = layout.n_state as u64 * (hist + moments) + players * moments + actions * 8 + 8;
    rounds * per_round + (actions + layout.milestones.len() as u64) * (rounds + 1) * 8 + 4096
}

impl RunPlan {
    /// Applies `overrides` to `scenario` (checked exactly like the file) and checks that the runs
    /// fit the resource limits of `options`.
    pub fn new(scenario: &Scenario, overrides: &Overrides, options: &PlanOptions) -> Result<RunPlan, PlanError> {
        let scenario = scenario.with_overrides(overrides)?;
        if scenario.behaviours.is_empty() {
            return Err(PlanError::NoBehaviour(scenario.source.path.display().to_string()));
        }
        let layout = scenario.game.visit(LayoutOf(&scenario));
        // Alive at once: the total, one chunk and one fold part per thread, and the pilot.
        let memory_estimate = aggregate_bytes(&layout).saturating_mul(2 * options.threads.max(1) as u64 + 2);
        if memory_estimate > options.max_memory {
            let mib = |b: u64| b.div_ceil(1 << 20);
            return Err(problem(
                &scenario,
                KeyPath::root().at("repeat").at("rounds"),
                format!(
                    "{} rounds per run need about {} MiB for the per-round statistics on {} threads, more than the limit of {} MiB; use fewer rounds or threads, or raise the limit with --max-memory",
                    layout.rounds,
                    mib(memory_estimate),
                    options.threads.max(1),
                    mib(options.max_memory)
                ),
            )
            .into());
        }
        Ok(RunPlan { scenario, layout, per_run: options.per_run, memory_estimate })
    }

    /// Runs planned, from the scenario (after overrides).
    pub fn runs(&self) -> u64 {
        self.scenario.repeat.runs
    }
}

/// A problem with the value at `path`, located in the file or blamed on the override that set it.
pub fn problem(scenario: &Scenario, path: KeyPath, message: String) -> ConfigError {
    let file = scenario.source.path.as_path();
    match scenario.overrides.blame(&path) {
        Some(o) => crate::config::overrides::error_for(file, o, Some(path.to_string()), message),
        None => ConfigError::from_invalid(file, &scenario.source.text, &crate::config::Invalid { path, message }),
    }
}

/// Most match turns × repetitions × pairs a tournament may play (about a minute of work).
pub const MAX_TOURNAMENT_TURNS: u128 = 20_000_000_000;

/// Overrides of a tournament given on the command line.
#[derive(Clone, Debug, Default)]
pub struct TournamentOverrides {
    pub strategies: Option<Vec<String>>,
    pub turns: Option<usize>,
    pub repetitions: Option<usize>,
    pub noise: Option<f64>,
    pub seed: Option<u64>,
}

/// A checked tournament: the symmetric two-player game and the spec to play.
#[derive(Clone, Debug)]
pub struct TournamentPlan {
    pub game: crate::game::NormalForm,
    pub spec: crate::scenario::TournamentSpec,
}

/// Why a tournament cannot be planned.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TournamentError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Invalid(String),
}

impl TournamentPlan {
    /// The tournament of `scenario` (or the default prisoner's dilemma without one), with the
    /// command line's changes, checked: every strategy name resolved, sizes within limits.
    pub fn new(scenario: Option<&Scenario>, o: &TournamentOverrides) -> Result<TournamentPlan, TournamentError> {
        use crate::scenario::TournamentSpec;
        let default_spec =
            || TournamentSpec { strategies: Vec::new(), turns: 200, repetitions: 10, noise: 0.0, seed: 0 };
        let (game, mut spec) = match scenario {
            Some(s) => {
                let file = s.source.path.display();
                let g = s.game.as_normal_form().ok_or_else(|| {
                    TournamentError::Invalid(format!("{file}: a tournament needs a two-player matrix game"))
                })?;
                crate::tournament::check_symmetric(g).map_err(|m| TournamentError::Invalid(format!("{file}: {m}")))?;
                (g.clone(), s.tournament.clone().unwrap_or_else(default_spec))
            }
            None => (crate::tournament::prisoners_dilemma(), default_spec()),
        };
        if let Some(names) = &o.strategies {
            // A config's own strategies (custom rules) first, then the registered ones by name.
            spec.strategies = names
                .iter()
                .map(|n| {
                    let n = n.trim();
                    match spec.strategies.iter().find(|(m, _)| m == n) {
                        Some((_, e)) => Ok((n.to_string(), e.clone())),
                        None => crate::tournament::resolve(n, &game)
                            .map(|e| (n.to_string(), e))
                            .map_err(|e| TournamentError::Invalid(format!("--strategies: {e}"))),
                    }
                })
                .collect::<Result<_, _>>()?;
        }
        if spec.strategies.len() < 2 {
            return Err(TournamentError::Invalid(
                "a tournament needs at least two strategies: pass --strategies A,B,... or a config with `[tournament] strategies`".into(),
            ));
        }
        if let Some(t) = o.turns {
            spec.turns = t;
        }
        if let Some(r) = o.repetitions {
            spec.repetitions = r;
        }
        if spec.turns == 0 || spec.repetitions == 0 {
            return Err(TournamentError::Invalid("--turns and --repetitions must be at least 1".into()));
        }
        if let Some(p) = o.noise {
            if !(0.0..=1.0).contains(&p) {
                return Err(TournamentError::Invalid(format!(
                    "--noise is a probability and must be in [0, 1], got {p}"
                )));
            }
            spec.noise = p;
        }
        if let Some(s) = o.seed {
            spec.seed = s;
        }
        let n = spec.strategies.len() as u128;
        let work = spec.turns as u128 * spec.repetitions as u128 * n * (n + 1) / 2;
        if work > MAX_TOURNAMENT_TURNS {
            return Err(TournamentError::Invalid(format!(
                "{} turns x {} repetitions x {} matches is {work} turns, more than the limit of {MAX_TOURNAMENT_TURNS}; lower --turns or --repetitions",
                spec.turns,
                spec.repetitions,
                n * (n + 1) / 2
            )));
        }
        Ok(TournamentPlan { game, spec })
    }
}
