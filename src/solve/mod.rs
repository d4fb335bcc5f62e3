//! Equilibrium analysis of normal-form games: pure equilibria, exact extreme equilibria of
//! bimatrix games (vertex enumeration), Lemke–Howson, support enumeration, logit QRE path
//! tracing, polynomial support enumeration for n players, iterated dominance, and regret.
//!
//! Entry point: [`solve`] with a [`Method`] and [`SolveOptions`]; the answer is a [`SolveResult`]
//! whose equilibria each carry their maximum regret (exact for the exact methods). The output
//! order is deterministic. [`report`] renders results as JSON and plain tables, [`chart`] draws
//! the logit path and best-response diagrams.

#![allow(clippy::needless_range_loop)] // index loops over players and strategies read clearest here

pub mod budget;
pub mod chart;
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

pub use budget::{Budget, Stop};

use crate::game::{NormalForm, Rational, rational};
use std::str::FromStr;

/// An equilibrium-finding (or game-reducing) method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Every pure Nash equilibrium (n players, exact).
    Pure,
    /// Every extreme equilibrium of a two-player game, plus its components (exact).
    EnumMixed,
    /// Lemke–Howson from every starting label (two players, exact).
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

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Pure,
        Method::EnumMixed,
        Method::Lcp,
        Method::Support,
        Method::Logit,
        Method::EnumPoly,
        Method::Dominance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Pure => "pure",
            Method::EnumMixed => "enummixed",
            Method::Lcp => "lcp",
            Method::Support => "support",
            Method::Logit => "logit",
            Method::EnumPoly => "enumpoly",
            Method::Dominance => "dominance",
        }
    }

    /// Whether the method's equilibria are exact rationals.
    pub fn is_exact(self) -> bool {
        matches!(self, Method::Pure | Method::EnumMixed | Method::Lcp | Method::Support)
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
    #[error("unknown method `{0}` (expected one of pure, enummixed, lcp, support, logit, enumpoly, dominance)")]
    UnknownMethod(String),
    #[error("{method} needs 2 players, the game has {players}")]
    NeedsTwoPlayers { method: &'static str, players: usize },
    #[error("{method}: the game is too large ({detail})")]
    TooLarge { method: &'static str, detail: String },
    #[error("{0}")]
    Numerical(String),
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
    let mut res = match method {
        Method::Pure => SolveResult { equilibria: pure::solve(game), ..Default::default() },
        Method::EnumMixed => {
            need_two(game, method)?;
            enummixed::solve(game)
        }
        Method::Lcp => {
            need_two(game, method)?;
            SolveResult { equilibria: lcp::solve(game), ..Default::default() }
        }
        Method::Support => {
            need_two(game, method)?;
            support::solve_with(game, opts)?
        }
        Method::Logit => logit::solve(game, opts)?,
        Method::EnumPoly => enumpoly::solve_with(game, opts)?,
        Method::Dominance => dominance::solve(game, opts),
    };
    res.method = Some(method);
    Ok(res)
}

/// Sorts exact equilibria deterministically: lexicographically by profile, larger
/// probabilities on earlier actions first (so pure profiles on first actions come first).
pub(crate) fn sort_exact(eqs: &mut [Vec<Vec<Rational>>]) {
    eqs.sort_by(|a, b| b.cmp(a));
}
