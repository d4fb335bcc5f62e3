//! Equilibrium analysis of normal-form games: pure equilibria, exact extreme equilibria of
//! bimatrix games (vertex enumeration), Lemke–Howson, support enumeration, logit QRE path
//! tracing, polynomial support enumeration for n players, iterated dominance, and regret.
//!
//! Entry point: [`solve`] with a [`Method`] and [`SolveOptions`]; the answer is a [`SolveResult`]
//! whose equilibria each carry their maximum regret (exact for the exact methods). The output
//! order is deterministic. [`report`] renders results as JSON and plain tables; charts of them are
//! drawn by `report::charts`.

#![allow(clippy::needless_range_loop)] // index loops over players and strategies read clearest here

pub mod budget;
pub mod dominance;
pub mod enummixed;
pub mod enumpoly;
pub mod lcp;
pub mod logit;
pub mod pure;
pub mod regret;
pub mod report;
pub mod support;
mod tableau;

pub use budget::{Budget, ProgressFn, Stop};
pub use lcp::StartLabel;

use crate::game::{NormalForm, Rational, rational};
use std::str::FromStr;

/// An equilibrium-finding (or game-reducing) method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Every pure Nash equilibrium (n players, exact).
    Pure,
    /// Every extreme equilibrium of a two-player game, plus its components (exact).
    EnumMixed,
    /// Lemke–Howson from every starting label, or from one (two players, exact; see
    /// [`SolveOptions::lcp_label`]).
    Lcp,
    /// Support enumeration over equal-size supports (two players, exact).
    Support,
    /// Logit quantal-response path to large λ (n players, floating point).
    Logit,
    /// Support enumeration with numerical solution of the polynomial indifference systems (n players).
    EnumPoly,
    /// Iterated elimination of dominated strategies (no equilibria, a reduced game).
    Dominance,
}

/// One row of the method table: everything the CLI, the web explorer and the reports need to
/// know about a method. Adding a method is a file with its algorithm, a row here, and an arm in
/// [`solve`].
#[derive(Clone, Copy, Debug)]
pub struct MethodInfo {
    pub method: Method,
    pub name: &'static str,
    /// One line for `--help` and pickers.
    pub about: &'static str,
    /// Whether its equilibria are exact rationals.
    pub exact: bool,
    /// Whether it needs a two-player game.
    pub two_players: bool,
}

/// Every method, in the order `--help` lists them.
pub const METHODS: [MethodInfo; 7] = [
    MethodInfo {
        method: Method::Pure,
        name: "pure",
        about: "every pure equilibrium, n players",
        exact: true,
        two_players: false,
    },
    MethodInfo {
        method: Method::EnumMixed,
        name: "enummixed",
        about: "every extreme equilibrium of a 2-player game, exact, degenerate games included, with components",
        exact: true,
        two_players: true,
    },
    MethodInfo {
        method: Method::Lcp,
        name: "lcp",
        about: "Lemke-Howson from every starting label, exact (may miss equilibria)",
        exact: true,
        two_players: true,
    },
    MethodInfo {
        method: Method::Support,
        name: "support",
        about: "support enumeration, 2 players, exact",
        exact: true,
        two_players: true,
    },
    MethodInfo {
        method: Method::Logit,
        name: "logit",
        about: "the logit QRE path traced to large lambda, n players",
        exact: false,
        two_players: false,
    },
    MethodInfo {
        method: Method::EnumPoly,
        name: "enumpoly",
        about: "support enumeration with polynomial (Newton) solving, n players",
        exact: false,
        two_players: false,
    },
    MethodInfo {
        method: Method::Dominance,
        name: "dominance",
        about: "iterated elimination of dominated strategies (mixed dominators by LP)",
        exact: true,
        two_players: false,
    },
];

impl Method {
    pub const ALL: [Method; 7] = {
        let mut all = [Method::Pure; 7];
        let mut i = 0;
        while i < METHODS.len() {
            all[i] = METHODS[i].method;
            i += 1;
        }
        all
    };

    /// This method's row of [`METHODS`].
    pub fn info(self) -> &'static MethodInfo {
        METHODS.iter().find(|m| m.method == self).expect("every method has a row")
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Whether the method's equilibria are exact rationals.
    pub fn is_exact(self) -> bool {
        self.info().exact
    }

    /// The names of every method, comma-separated (for messages).
    pub fn names() -> String {
        METHODS.iter().map(|m| m.name).collect::<Vec<_>>().join(", ")
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = SolveError;
    fn from_str(s: &str) -> Result<Self, SolveError> {
        Method::ALL.iter().copied().find(|m| m.name() == s).ok_or_else(|| SolveError::UnknownMethod(s.to_string()))
    }
}

/// Options shared by the methods; each method reads the fields it needs.
#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// Dominance: also eliminate weakly dominated strategies (one at a time).
    pub weak: bool,
    /// Dominance: only pure strategies may dominate (no LP).
    pub pure_dominators_only: bool,
    /// Logit: stop once λ times the payoff range (largest minus smallest payoff) reaches this.
    pub max_lambda: f64,
    /// Logit: most predictor–corrector steps.
    pub max_steps: usize,
    /// EnumPoly: regret tolerance for accepting a numerical solution.
    pub tolerance: f64,
    /// Lcp: the Lemke–Howson starting label, one label `k` (0-based over the `m + n` labels,
    /// the first player's strategies first) or all of them (the default).
    pub lcp_label: StartLabel,
    /// Time, memory, cancellation and progress of the solve (every method).
    pub budget: Budget,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            weak: false,
            pure_dominators_only: false,
            max_lambda: 1e10,
            max_steps: 20_000,
            tolerance: 1e-9,
            lcp_label: StartLabel::All,
            budget: Budget::unlimited(),
        }
    }
}

/// One equilibrium (or approximate equilibrium for the floating-point methods).
#[derive(Clone, Debug, PartialEq)]
pub struct Equilibrium {
    /// One probability vector per player.
    pub profile: Vec<Vec<f64>>,
    /// The exact profile, for the exact methods.
    pub exact: Option<Vec<Vec<Rational>>>,
    /// Expected payoff of each player.
    pub payoffs: Vec<f64>,
    /// Largest gain any player can get by deviating (exactly 0 for exact equilibria).
    pub max_regret: f64,
}

impl Equilibrium {
    /// Builds an exact equilibrium; payoffs and regret are computed exactly.
    pub fn from_exact(game: &NormalForm, exact: Vec<Vec<Rational>>) -> Self {
        let profile: Vec<Vec<f64>> = exact.iter().map(|s| s.iter().map(rational::to_f64).collect()).collect();
        let (pay, reg) = regret::exact_payoffs_and_regret(game, &exact);
        Equilibrium {
            profile,
            exact: Some(exact),
            payoffs: pay.iter().map(rational::to_f64).collect(),
            max_regret: rational::to_f64(&reg),
        }
    }

    /// Builds a floating-point equilibrium.
    pub fn from_f64(game: &NormalForm, profile: Vec<Vec<f64>>) -> Self {
        let payoffs = game.mixed_payoffs(&profile);
        let max_regret = regret::max_regret_f64(game, &profile);
        Equilibrium { profile, exact: None, payoffs, max_regret }
    }
}

/// A set of equilibria forming a convex set: every combination of a row-side extreme point and
/// a column-side extreme point is an equilibrium (a maximal biclique, Avis et al. 2010 §6).
#[derive(Clone, Debug, PartialEq)]
pub struct Clique {
    /// Indices into [`SolveResult::equilibria`] of the extreme equilibria in this clique.
    pub equilibria: Vec<usize>,
    /// The extreme strategies of player 1 in the clique.
    pub row: Vec<Vec<Rational>>,
    /// The extreme strategies of player 2 in the clique.
    pub col: Vec<Vec<Rational>>,
}

/// A connected component of the equilibrium set of a bimatrix game, as a union of cliques.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub cliques: Vec<Clique>,
}

/// One eliminated strategy from iterated dominance.
#[derive(Clone, Debug, PartialEq)]
pub struct Elimination {
    pub round: usize,
    pub player: usize,
    /// Index of the action in the original game.
    pub action: usize,
    pub action_name: String,
    /// The dominating mixed strategy over the original game's actions of that player.
    pub dominated_by: Vec<f64>,
    pub strict: bool,
}

/// The result of [`solve`].
#[derive(Clone, Debug, Default)]
pub struct SolveResult {
    pub method: Option<Method>,
    pub equilibria: Vec<Equilibrium>,
    /// Connected components (enummixed only; empty otherwise).
    pub components: Vec<Component>,
    /// Logit path points (λ, profile).
    pub path: Vec<(f64, Vec<Vec<f64>>)>,
    /// Dominance: the reduced game, and for each player the original indices of kept actions.
    pub reduced: Option<(NormalForm, Vec<Vec<usize>>)>,
    pub eliminated: Vec<Elimination>,
    /// Set when the method stopped early (time, memory, cancel): `equilibria` is what was found
    /// until then, and the list may be incomplete.
    pub incomplete: Option<Stop>,
    /// Plain-language caveats: why the list may miss equilibria (a degenerate game for support
    /// enumeration) or why a path ended without an answer. Empty when the result is complete.
    pub notes: Vec<String>,
}

/// Why a method could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error("unknown method `{0}` (expected one of {names})", names = Method::names())]
    UnknownMethod(String),
    #[error("{method} needs 2 players, the game has {players}")]
    NeedsTwoPlayers { method: &'static str, players: usize },
    #[error("{method}: the game is too large ({detail})")]
    TooLarge { method: &'static str, detail: String },
    #[error("{0}")]
    Numerical(String),
    #[error("{0}")]
    BadOption(String),
}

pub(crate) fn need_two(game: &NormalForm, method: Method) -> Result<(), SolveError> {
    let players = game.shape().len();
    if players != 2 {
        return Err(SolveError::NeedsTwoPlayers { method: method.name(), players });
    }
    Ok(())
}

/// Runs `method` on `game`.
pub fn solve(game: &NormalForm, method: Method, opts: &SolveOptions) -> Result<SolveResult, SolveError> {
    if method.info().two_players {
        need_two(game, method)?;
    }
    let mut res = match method {
        Method::Pure => pure::run(game, &opts.budget),
        Method::EnumMixed => enummixed::run(game, &opts.budget)?,
        Method::Lcp => lcp::run(game, opts.lcp_label, &opts.budget)?,
        Method::Support => support::solve_with(game, opts)?,
        Method::Logit => logit::solve(game, opts)?,
        Method::EnumPoly => enumpoly::solve_with(game, opts)?,
        Method::Dominance => dominance::solve(game, opts),
    };
    res.method = Some(method);
    Ok(res)
}

/// Passes progress to [`Budget::report`] at most four times a second.
pub(crate) struct Reporter {
    next: std::time::Instant,
}

impl Reporter {
    pub(crate) fn new() -> Self {
        Reporter { next: std::time::Instant::now() }
    }

    /// Reports `what()` if a progress callback is set and the last report is old enough.
    #[inline]
    pub(crate) fn tick(&mut self, budget: &Budget, what: impl FnOnce() -> String) {
        if budget.progress.is_none() {
            return;
        }
        let now = std::time::Instant::now();
        if now >= self.next {
            budget.report(&what());
            self.next = now + std::time::Duration::from_millis(250);
        }
    }
}

/// Sorts exact equilibria deterministically: lexicographically by profile, larger
/// probabilities on earlier actions first (so pure profiles on first actions come first).
pub(crate) fn sort_exact(eqs: &mut [Vec<Vec<Rational>>]) {
    eqs.sort_by(|a, b| b.cmp(a));
}
