//! Extensive-form games: game trees with chance, information sets and exact payoffs, and the
//! methods that solve them.
//!
//! What lives here: the tree ([`Tree`], built in prefix order by [`TreeBuilder`]); Gambit's
//! `.efg` reader and writer ([`gambit`]); a TOML tree format for small hand-written games
//! ([`toml`]); the reduced strategic form, so that every normal-form method of
//! [`crate::solve`] applies ([`reduced`]); subgame-perfect equilibria of perfect-information
//! games by backward induction ([`spe`]); the sequence-form Lemke algorithm for two-player games
//! with perfect recall ([`seqform`]); agent logit quantal-response equilibria traced along λ
//! ([`logit`]); behaviour profiles with beliefs, payoffs and a max-regret check, rendered as text
//! and JSON ([`profile`], [`report`]); and the export game's sequential stage as a tree
//! ([`stage`]). What does not live here: normal-form algorithms (`solve/`), the repeated-game
//! engine (`sim/`).
//!
//! The tree is kept exactly: chance probabilities and payoffs are rationals (`0.1` is 1/10), and
//! the exact methods (reduced form, backward induction, sequence form) never round. Sizes are
//! bounded by [`Limits`]; a tree over a limit is refused with an error naming the limit.

pub mod gambit;
pub mod logit;
pub mod profile;
pub mod reduced;
pub mod report;
pub mod seqform;
pub mod spe;
pub mod stage;
pub mod toml;
mod tree;

pub use profile::{BehaviourProfile, ProfileCheck, Strategic};
pub use reduced::ReducedForm;
pub use tree::{Infoset, Node, NodeKind, Outcome, Owner, Recall, Tree, TreeBuilder};

use crate::game::GameError;
use crate::solve::{Method, SolveError, SolveOptions, Stop};

/// Most nodes a tree may have.
pub const MAX_NODES: usize = 1_000_000;
/// Longest root-to-leaf path, in nodes.
pub const MAX_DEPTH: usize = 10_000;
/// Most reduced strategies one player may have in a [`ReducedForm`].
pub const MAX_REDUCED_STRATEGIES: usize = 100_000;
/// Most strategy profiles of a [`ReducedForm`] table.
pub const MAX_REDUCED_PROFILES: u128 = 2_000_000;
/// Most subgame-perfect equilibria listed by backward induction.
pub const MAX_SPE: usize = 10_000;
/// Most actions (over all information sets) the logit tracer accepts; its Jacobian is dense.
pub const MAX_LOGIT_ACTIONS: usize = 3_000;

/// Why a tree could not be read, built or solved. Messages name the file, line, node, limit or
/// method at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EfgError {
    /// A syntax or content error in a file, located at a 1-based line and column.
    #[error("{file}:{line}:{column}: {message}")]
    Parse { file: String, line: usize, column: usize, message: String },
    /// A file could not be read.
    #[error("{file}: {message}")]
    Io { file: String, message: String },
    /// A tree that breaks a structural rule (say which node, information set or outcome).
    #[error("{0}")]
    Invalid(String),
    /// A size over a limit.
    #[error("{what} is {got}, over the limit of {limit}")]
    Limit { what: String, got: String, limit: u128 },
    /// A method that does not apply to this tree.
    #[error("{method}: {reason}")]
    Method { method: &'static str, reason: String },
    /// The reduced strategic form is not a valid normal form.
    #[error("reduced strategic form: {0}")]
    Game(#[from] GameError),
    /// A normal-form method failed on the reduced strategic form.
    #[error("reduced strategic form: {0}")]
    Solve(#[from] SolveError),
    /// A floating-point method failed.
    #[error("{0}")]
    Numerical(String),
    /// The budget ran out or the solve was cancelled before anything could be reported.
    #[error("{0}")]
    Stopped(Stop),
}

impl EfgError {
    pub(crate) fn limit(what: impl Into<String>, got: impl std::fmt::Display, limit: impl Into<u128>) -> Self {
        EfgError::Limit { what: what.into(), got: got.to_string(), limit: limit.into() }
    }
}

/// Reads a tree from a file: `.efg` files in Gambit's format, anything else as a TOML tree.
pub fn load(path: &std::path::Path) -> Result<Tree, EfgError> {
    let file = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| EfgError::Io { file: file.clone(), message: e.to_string() })?;
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("efg")) {
        gambit::parse(&text, &file)
    } else {
        toml::parse(&text, &file)
    }
}

/// A method for trees: the three tree methods, or a normal-form method on the reduced form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeMethod {
    /// Every pure subgame-perfect equilibrium by backward induction (perfect information).
    Spe,
    /// One equilibrium by Lemke's algorithm on the sequence form (two players, perfect recall).
    SeqForm,
    /// The limit of the agent logit QRE branch (n players).
    Logit,
    /// A normal-form method of [`crate::solve`] on the reduced strategic form.
    Reduced(Method),
}

impl TreeMethod {
    /// The name accepted by [`std::str::FromStr`]: `spe`, `seqform`, `logit`, or a normal-form
    /// method's name (`pure`, `enummixed`, `lcp`, ...), with `nf-logit` for the normal-form logit.
    pub fn name(self) -> String {
        match self {
            TreeMethod::Spe => "spe".into(),
            TreeMethod::SeqForm => "seqform".into(),
            TreeMethod::Logit => "logit".into(),
            TreeMethod::Reduced(Method::Logit) => "nf-logit".into(),
            TreeMethod::Reduced(m) => m.name().into(),
        }
    }

    /// Every method, for help texts.
    pub fn all() -> Vec<TreeMethod> {
        let mut v = vec![TreeMethod::Spe, TreeMethod::SeqForm, TreeMethod::Logit];
        v.extend(Method::ALL.iter().map(|&m| TreeMethod::Reduced(m)));
        v
    }
}

impl std::fmt::Display for TreeMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

impl std::str::FromStr for TreeMethod {
    type Err = EfgError;
    fn from_str(s: &str) -> Result<Self, EfgError> {
        TreeMethod::all().into_iter().find(|m| m.name() == s).ok_or_else(|| EfgError::Method {
            method: "solve",
            reason: format!(
                "unknown method `{s}` for a game tree (expected one of {})",
                TreeMethod::all().iter().map(|m| m.name()).collect::<Vec<_>>().join(", ")
            ),
        })
    }
}

/// One reported profile with its check.
#[derive(Clone, Debug)]
pub struct Solved {
    pub profile: BehaviourProfile,
    pub check: ProfileCheck,
    /// For normal-form methods: the mixed strategies over the reduced strategies, and their own
    /// maximum regret in the reduced normal form (under imperfect recall a mixed strategy may
    /// have no equivalent behaviour strategy, so this can differ from `check.max_regret`).
    pub mixed: Option<Vec<Vec<f64>>>,
    pub mixed_regret: Option<f64>,
}

/// What [`solve`] found.
#[derive(Clone, Debug, Default)]
pub struct TreeSolution {
    pub method: Option<TreeMethod>,
    pub profiles: Vec<Solved>,
    /// Set when the budget stopped the method; `profiles` is what was found until then.
    pub incomplete: Option<Stop>,
    /// Backward induction: the list was cut at [`MAX_SPE`].
    pub truncated: bool,
    /// Logit: the last λ, the traced path, and why tracing stopped short of the tolerance, if it did.
    pub lambda: Option<f64>,
    pub note: Option<String>,
    pub path: Vec<logit::PathPoint>,
    /// Sequence form: the number of pivots.
    pub pivots: Option<usize>,
    /// Normal-form methods: the reduced strategies' labels per player.
    pub strategy_labels: Vec<Vec<String>>,
    /// Dominance: the eliminated reduced strategies, in order.
    pub eliminated: Vec<String>,
}

/// Runs `method` on `tree` and checks every reported profile (payoffs, beliefs, maximum regret
/// against the reduced strategic form, which is built when it fits a normal form).
pub fn solve(tree: &Tree, method: TreeMethod, opts: &SolveOptions) -> Result<TreeSolution, EfgError> {
    let strategic = match method {
        TreeMethod::Reduced(_) => Some(Strategic::build(tree, &opts.budget)?),
        _ => Strategic::build(tree, &opts.budget).ok(),
    };
    let checked = |p: BehaviourProfile, mixed: Option<Vec<Vec<f64>>>| -> Result<Solved, EfgError> {
        let check = profile::check(tree, &p, strategic.as_ref())?;
        Ok(Solved { profile: p, check, mixed, mixed_regret: None })
    };
    let mut out = TreeSolution { method: Some(method), ..Default::default() };
    match method {
        TreeMethod::Spe => {
            let r = spe::solve(tree, &opts.budget)?;
            out.truncated = r.truncated;
            out.incomplete = r.incomplete;
            for e in r.equilibria {
                out.profiles.push(checked(e.profile, None)?);
            }
        }
        TreeMethod::SeqForm => match seqform::solve_within(tree, &opts.budget)? {
            Ok(r) => {
                out.pivots = Some(r.pivots);
                out.profiles.push(checked(r.profile, None)?);
            }
            Err(stop) => out.incomplete = Some(stop),
        },
        TreeMethod::Logit => {
            let r = logit::solve(tree, opts)?;
            out.lambda = Some(r.lambda);
            out.note = r.stalled;
            out.incomplete = r.incomplete;
            out.path = r.path;
            out.profiles.push(checked(r.profile, None)?);
        }
        TreeMethod::Reduced(m) => {
            let s = strategic.as_ref().expect("built above");
            let r = crate::solve::solve(&s.normal, m, opts)?;
            out.incomplete = r.incomplete;
            out.strategy_labels = s.reduced.labels.clone();
            for e in r.equilibria {
                let p = match &e.exact {
                    Some(x) => BehaviourProfile::from_exact(s.reduced.behaviour_of(tree, x)),
                    None => BehaviourProfile::from_f64(s.reduced.behaviour_of(tree, &e.profile)),
                };
                let mut solved = checked(p, Some(e.profile.clone()))?;
                solved.mixed_regret = Some(e.max_regret);
                out.profiles.push(solved);
            }
            for x in &r.eliminated {
                out.eliminated.push(format!(
                    "round {}: {} `{}` ({} dominated)",
                    x.round,
                    s.reduced.players[x.player],
                    x.action_name,
                    if x.strict { "strictly" } else { "weakly" }
                ));
            }
        }
    }
    Ok(out)
}

/// Numbers the tree algorithms compute with: exact rationals or `f64`.
pub(crate) trait Field: Clone + PartialOrd + std::fmt::Debug {
    fn nil() -> Self;
    fn unit() -> Self;
    fn from_q(q: &crate::game::Rational) -> Self;
    fn to_f64(&self) -> f64;
    fn is_nil(&self) -> bool;
    fn times(&self, o: &Self) -> Self;
    fn minus(&self, o: &Self) -> Self;
    fn over(&self, o: &Self) -> Self;
    fn acc(&mut self, o: &Self);
}

impl Field for f64 {
    fn nil() -> Self {
        0.0
    }
    fn unit() -> Self {
        1.0
    }
    fn from_q(q: &crate::game::Rational) -> Self {
        crate::game::rational::to_f64(q)
    }
    fn to_f64(&self) -> f64 {
        *self
    }
    fn is_nil(&self) -> bool {
        *self == 0.0
    }
    fn times(&self, o: &Self) -> Self {
        self * o
    }
    fn minus(&self, o: &Self) -> Self {
        self - o
    }
    fn over(&self, o: &Self) -> Self {
        self / o
    }
    fn acc(&mut self, o: &Self) {
        *self += o;
    }
}

impl Field for crate::game::Rational {
    fn nil() -> Self {
        num_traits::Zero::zero()
    }
    fn unit() -> Self {
        num_traits::One::one()
    }
    fn from_q(q: &crate::game::Rational) -> Self {
        q.clone()
    }
    fn to_f64(&self) -> f64 {
        crate::game::rational::to_f64(self)
    }
    fn is_nil(&self) -> bool {
        num_traits::Zero::is_zero(self)
    }
    fn times(&self, o: &Self) -> Self {
        self * o
    }
    fn minus(&self, o: &Self) -> Self {
        self - o
    }
    fn over(&self, o: &Self) -> Self {
        self / o
    }
    fn acc(&mut self, o: &Self) {
        *self += o;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = r#"EFG 2 R "entry" { "Entrant" "Incumbent" }
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "out" { 0, 2 }
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 2 "fight" { -1, -1 }
t "" 3 "accommodate" { 1, 1 }
"#;

    #[test]
    fn method_names_round_trip() {
        for m in TreeMethod::all() {
            assert_eq!(m.name().parse::<TreeMethod>().unwrap(), m);
        }
        assert!("logit".parse::<TreeMethod>().unwrap() == TreeMethod::Logit);
    }

    #[test]
    fn every_method_reports_checked_profiles() {
        let t = gambit::parse(ENTRY, "entry.efg").unwrap();
        let opts = SolveOptions::default();
        for m in TreeMethod::all() {
            let sol = solve(&t, m, &opts).unwrap_or_else(|e| panic!("{m}: {e}"));
            if m == TreeMethod::Reduced(Method::Dominance) {
                assert!(sol.profiles.is_empty());
                continue;
            }
            assert!(!sol.profiles.is_empty(), "{m}");
            for p in &sol.profiles {
                assert!(p.check.max_regret < 1e-6, "{m}: {}", p.check.max_regret);
            }
        }
        // Weak dominance removes Fight, then Out.
        let opts = SolveOptions { weak: true, ..SolveOptions::default() };
        let sol = solve(&t, TreeMethod::Reduced(Method::Dominance), &opts).unwrap();
        assert_eq!(sol.eliminated.len(), 2, "{:?}", sol.eliminated);
    }
}
