//! The n-player normal form: a payoff table over all action profiles, kept both exactly
//! (for the exact solvers) and as `f64` (for simulation and float solvers).
//!
//! Exact payoffs are stored compactly: when every payoff is an integer over one common
//! denominator that fits in 64 bits (integer and decimal payoffs, simple fractions), the table
//! holds `i64` numerators and that denominator, 8 bytes a payoff; otherwise it holds
//! arbitrary-precision rationals. [`NormalForm::exact_payoff`] and [`NormalForm::exact_table`]
//! hand out rationals in both cases (built once, on first use); solvers that can work on
//! integers read [`NormalForm::exact_scaled`] instead.

use super::rational::{self, Rational};
use super::{Game, MAX_ACTIONS, MAX_FILE_ACTIONS, MAX_PLAYERS, MAX_PROFILES, PlayerSpec};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, ToPrimitive};
use rand_chacha::ChaCha8Rng;
use std::sync::OnceLock;

/// A matrix of exact payoffs, `m[row][column]`.
pub type RationalMatrix = Vec<Vec<Rational>>;

/// Why a game could not be built. Messages name the player or action at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GameError {
    #[error("a game needs 1 to {MAX_PLAYERS} players, got {0}")]
    PlayerCount(usize),
    #[error("player `{player}` needs {min} to {max} actions, got {count}")]
    ActionCount { player: String, count: usize, min: usize, max: usize },
    #[error("player `{player}` has the action `{action}` twice")]
    DuplicateAction { player: String, action: String },
    #[error("two players are called `{0}`")]
    DuplicatePlayer(String),
    #[error("player names and action names must not be empty")]
    EmptyName,
    #[error("the payoff table has {got} entries, but {players} players over {profiles} profiles need {expected}")]
    PayoffShape { got: usize, expected: usize, players: usize, profiles: usize },
    #[error("payoff {index} is not a finite number")]
    NonFinitePayoff { index: usize },
    #[error("the game has {0} action profiles, more than the limit of {MAX_PROFILES}")]
    TooLarge(u128),
}

/// Checks the players of a game given in a config: counts (at most [`MAX_ACTIONS`] actions
/// each, the limit of simulated games and behaviour rules), names, duplicates.
pub fn check_players(players: &[PlayerSpec], min_actions: usize) -> Result<(), GameError> {
    check_players_within(players, min_actions, MAX_ACTIONS)
}

/// Checks the players of any game with at most `max_actions` actions each: counts, names,
/// duplicates, and the number of profiles (at most [`MAX_PROFILES`]).
pub fn check_players_within(players: &[PlayerSpec], min_actions: usize, max_actions: usize) -> Result<(), GameError> {
    if players.is_empty() || players.len() > MAX_PLAYERS {
        return Err(GameError::PlayerCount(players.len()));
    }
    for (i, p) in players.iter().enumerate() {
        if p.name.trim().is_empty() || p.actions.iter().any(|a| a.trim().is_empty()) {
            return Err(GameError::EmptyName);
        }
        if players[..i].iter().any(|q| q.name == p.name) {
            return Err(GameError::DuplicatePlayer(p.name.clone()));
        }
        if !(min_actions..=max_actions).contains(&p.actions.len()) {
            return Err(GameError::ActionCount {
                player: p.name.clone(),
                count: p.actions.len(),
                min: min_actions,
                max: max_actions,
            });
        }
        if p.actions.len() <= 64 {
            for (j, a) in p.actions.iter().enumerate() {
                if p.actions[..j].contains(a) {
                    return Err(GameError::DuplicateAction { player: p.name.clone(), action: a.clone() });
                }
            }
        } else {
            let mut seen = std::collections::HashSet::with_capacity(p.actions.len());
            for a in &p.actions {
                if !seen.insert(a.as_str()) {
                    return Err(GameError::DuplicateAction { player: p.name.clone(), action: a.clone() });
                }
            }
        }
    }
    let profiles: u128 = players.iter().map(|p| p.actions.len() as u128).product();
    if profiles > MAX_PROFILES {
        return Err(GameError::TooLarge(profiles));
    }
    Ok(())
}

/// The exact payoff table.
#[derive(Clone, Debug)]
enum Exact {
    /// Payoff `k` is `num[k] / den`; `den` is the least common denominator (so the form is
    /// canonical). `rationals` is the same table as rationals, built on first request.
    Scaled { num: Vec<i64>, den: i64, rationals: OnceLock<Vec<Rational>> },
    /// Arbitrary rationals, when no common denominator with 64-bit numerators exists.
    Rational(Vec<Rational>),
}

/// Collects exact payoffs one at a time, in the compact scaled form while it can.
#[derive(Debug)]
pub(crate) struct ExactBuilder {
    num: Vec<i64>,
    den: i64,
    big: Option<Vec<Rational>>,
}

impl ExactBuilder {
    pub(crate) fn with_capacity(n: usize) -> Self {
        ExactBuilder { num: Vec::with_capacity(n), den: 1, big: None }
    }

    /// Appends the integer `n`.
    #[inline]
    pub(crate) fn push_int(&mut self, n: i64) {
        if self.big.is_none() && self.den == 1 && n != i64::MIN {
            self.num.push(n);
        } else {
            self.push_ratio(n, 1);
        }
    }

    /// Appends `n / d` (`d > 0`, not necessarily in lowest terms).
    pub(crate) fn push_ratio(&mut self, n: i64, d: i64) {
        debug_assert!(d > 0);
        let g = n.unsigned_abs().gcd(&d.unsigned_abs()) as i64;
        let (n, d) = if g > 1 { (n / g, d / g) } else { (n, d) };
        if self.big.is_none() {
            if (self.den % d == 0 || self.widen(d))
                && let Some(v) = n.checked_mul(self.den / d).filter(|&v| v != i64::MIN)
            {
                self.num.push(v);
                return;
            }
            self.switch_to_rationals();
        }
        self.big.as_mut().expect("big mode").push(Rational::new(n.into(), d.into()));
    }

    /// Appends an arbitrary rational.
    pub(crate) fn push_rational(&mut self, r: Rational) {
        if self.big.is_none()
            && let (Some(n), Some(d)) = (r.numer().to_i64(), r.denom().to_i64())
        {
            self.push_ratio(n, d);
            return;
        }
        self.switch_to_rationals();
        self.big.as_mut().expect("big mode").push(r);
    }

    /// Makes the common denominator a multiple of `d`, rescaling the numerators so far; false
    /// when that does not fit.
    fn widen(&mut self, d: i64) -> bool {
        let g = self.den.gcd(&d);
        let Some(new_den) = (self.den / g).checked_mul(d) else { return false };
        let factor = new_den / self.den;
        let largest = self.num.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0);
        if largest.checked_mul(factor as u64).is_none_or(|v| v > i64::MAX as u64) {
            return false;
        }
        for x in self.num.iter_mut() {
            *x *= factor;
        }
        self.den = new_den;
        true
    }

    fn switch_to_rationals(&mut self) {
        if self.big.is_none() {
            let den = BigInt::from(self.den);
            self.big = Some(self.num.iter().map(|&n| Rational::new(n.into(), den.clone())).collect());
            self.num = Vec::new();
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.big.as_ref().map_or(self.num.len(), |b| b.len())
    }

    fn finish(self) -> Exact {
        match self.big {
            Some(b) => Exact::Rational(b),
            None => Exact::Scaled { num: self.num, den: self.den, rationals: OnceLock::new() },
        }
    }
}

/// A finite game in strategic form.
///
/// Profiles are indexed as in Gambit's `.nfg` format: the first player's action changes fastest,
/// so the index of profile `(a_0, ..., a_{n-1})` is `sum a_i * stride_i` with `stride_0 = 1`.
/// **Invariant:** the exact table and `payoffs` hold the same table (`payoffs` is the exact
/// table rounded to nearest), `n_profiles * n_players` entries, profile-major.
#[derive(Clone, Debug)]
pub struct NormalForm {
    title: String,
    players: Vec<PlayerSpec>,
    shape: Vec<usize>,
    strides: Vec<usize>,
    payoffs: Vec<f64>,
    exact: Exact,
}

impl PartialEq for NormalForm {
    fn eq(&self, other: &Self) -> bool {
        if self.title != other.title || self.players != other.players {
            return false;
        }
        match (&self.exact, &other.exact) {
            (Exact::Scaled { num: a, den: d, .. }, Exact::Scaled { num: b, den: e, .. }) => d == e && a == b,
            _ => self.exact_table() == other.exact_table(),
        }
    }
}

/// `n / d` rounded to the nearest `f64`.
#[inline]
fn ratio_to_f64(n: i64, d: i64) -> f64 {
    const EXACT: u64 = 1 << 53;
    if d == 1 && n.unsigned_abs() <= EXACT {
        n as f64
    } else if n.unsigned_abs() <= EXACT && (d as u64) <= EXACT {
        // Both are exact doubles, so one IEEE division rounds correctly.
        n as f64 / d as f64
    } else {
        rational::to_f64(&Rational::new(n.into(), d.into()))
    }
}

impl NormalForm {
    /// Builds a game from exact payoffs laid out profile-major (`[profile * n_players + player]`).
    /// A player may have a single action here (games read from files, reduced games); configs
    /// for simulation require [`super::MIN_ACTIONS`].
    /// Players may have up to [`MAX_FILE_ACTIONS`] actions; configs for simulation are held to
    /// [`MAX_ACTIONS`] by [`check_players`].
    pub fn new(title: String, players: Vec<PlayerSpec>, exact: Vec<Rational>) -> Result<Self, GameError> {
        let mut b = ExactBuilder::with_capacity(exact.len());
        for r in exact {
            b.push_rational(r);
        }
        Self::from_builder(title, players, b)
    }

    /// Builds a game whose payoff `k` (profile-major) is `numerators[k] / denominator`
    /// (`denominator > 0`).
    pub fn from_scaled(
        title: String,
        players: Vec<PlayerSpec>,
        numerators: Vec<i64>,
        denominator: i64,
    ) -> Result<Self, GameError> {
        assert!(denominator > 0, "the common denominator must be positive");
        let mut b = ExactBuilder::with_capacity(numerators.len());
        for n in numerators {
            b.push_ratio(n, denominator);
        }
        Self::from_builder(title, players, b)
    }

    pub(crate) fn from_builder(title: String, players: Vec<PlayerSpec>, b: ExactBuilder) -> Result<Self, GameError> {
        check_players_within(&players, 1, MAX_FILE_ACTIONS)?;
        let shape: Vec<usize> = players.iter().map(|p| p.actions.len()).collect();
        let n_profiles: usize = shape.iter().product();
        let expected = n_profiles * players.len();
        if b.len() != expected {
            return Err(GameError::PayoffShape {
                got: b.len(),
                expected,
                players: players.len(),
                profiles: n_profiles,
            });
        }
        let exact = b.finish();
        let payoffs: Vec<f64> = match &exact {
            Exact::Scaled { num, den, .. } => num.iter().map(|&n| ratio_to_f64(n, *den)).collect(),
            Exact::Rational(r) => r.iter().map(rational::to_f64).collect(),
        };
        if let Some(index) = payoffs.iter().position(|x| !x.is_finite()) {
            return Err(GameError::NonFinitePayoff { index });
        }
        let mut strides = Vec::with_capacity(shape.len());
        let mut s = 1;
        for &k in &shape {
            strides.push(s);
            s *= k;
        }
        Ok(NormalForm { title, players, shape, strides, payoffs, exact })
    }

    /// Builds a game from `f64` payoffs (each converted through its shortest decimal form).
    pub fn from_f64(title: String, players: Vec<PlayerSpec>, payoffs: Vec<f64>) -> Result<Self, GameError> {
        let mut b = ExactBuilder::with_capacity(payoffs.len());
        for (index, &x) in payoffs.iter().enumerate() {
            if x.fract() == 0.0 && x.abs() <= (1u64 << 53) as f64 {
                b.push_int(x as i64);
            } else {
                b.push_rational(rational::from_f64(x).ok_or(GameError::NonFinitePayoff { index })?);
            }
        }
        Self::from_builder(title, players, b)
    }

    /// A two-player game from row-player and column-player matrices (`a[i][j]`, `b[i][j]`)
    /// with actions named `r0, r1, ...` and `c0, c1, ...`; convenient in tests and benches.
    pub fn bimatrix(a: &[Vec<f64>], b: &[Vec<f64>]) -> Result<Self, GameError> {
        let m = a.len();
        let n = a.first().map_or(0, |r| r.len());
        let row_names: Vec<String> = (0..m).map(|i| format!("r{i}")).collect();
        let col_names: Vec<String> = (0..n).map(|j| format!("c{j}")).collect();
        let players = vec![
            PlayerSpec { name: "Row".into(), actions: row_names },
            PlayerSpec { name: "Column".into(), actions: col_names },
        ];
        if a.iter().chain(b.iter()).any(|r| r.len() != n) || b.len() != m {
            return Err(GameError::PayoffShape { got: 0, expected: 2 * m * n, players: 2, profiles: m * n });
        }
        let mut payoffs = vec![0.0; 2 * m * n];
        for i in 0..m {
            for j in 0..n {
                let idx = i + j * m;
                payoffs[2 * idx] = a[i][j];
                payoffs[2 * idx + 1] = b[i][j];
            }
        }
        Self::from_f64(String::new(), players, payoffs)
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn set_title(&mut self, title: impl Into<String>) {
        self.title = title.into();
    }

    /// Number of actions of each player.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// Number of action profiles (the product of the shape).
    pub fn n_profiles(&self) -> usize {
        self.payoffs.len() / self.players.len()
    }

    /// Index of `profile` in the table.
    #[inline]
    pub fn profile_index(&self, profile: &[usize]) -> usize {
        profile.iter().zip(&self.strides).map(|(a, s)| a * s).sum()
    }

    /// The profile at index `idx`, for a game of the given shape, written to `profile`.
    pub fn decode_profile(shape: &[usize], mut idx: usize, profile: &mut [usize]) {
        for (slot, &k) in profile.iter_mut().zip(shape) {
            *slot = idx % k;
            idx /= k;
        }
    }

    /// Stride of player `i` in the profile index.
    pub fn stride(&self, player: usize) -> usize {
        self.strides[player]
    }

    /// Payoffs of every player at profile index `idx`.
    #[inline]
    pub fn payoffs_at(&self, idx: usize) -> &[f64] {
        let n = self.players.len();
        &self.payoffs[idx * n..(idx + 1) * n]
    }

    /// Payoff of `player` at profile `profile`.
    #[inline]
    pub fn payoff(&self, profile: &[usize], player: usize) -> f64 {
        self.payoffs[self.profile_index(profile) * self.players.len() + player]
    }

    /// Exact payoff of `player` at profile index `idx`.
    pub fn exact_payoff(&self, idx: usize, player: usize) -> &Rational {
        &self.exact_table()[idx * self.players.len() + player]
    }

    /// The exact table as integer numerators over one positive common denominator (the least
    /// one), profile-major, when every numerator fits in an `i64`; `None` otherwise.
    pub fn exact_scaled(&self) -> Option<(&[i64], i64)> {
        match &self.exact {
            Exact::Scaled { num, den, .. } => Some((num, *den)),
            Exact::Rational(_) => None,
        }
    }

    /// The whole `f64` table, profile-major.
    pub fn payoff_table(&self) -> &[f64] {
        &self.payoffs
    }

    /// The whole exact table, profile-major. For a compactly stored game the rationals are
    /// built on the first call (one per payoff); prefer [`NormalForm::exact_scaled`] for large games.
    pub fn exact_table(&self) -> &[Rational] {
        match &self.exact {
            Exact::Scaled { num, den, rationals } => rationals.get_or_init(|| {
                let d = BigInt::from(*den);
                num.iter()
                    .map(|&n| {
                        if den.is_one() { Rational::from_integer(n.into()) } else { Rational::new(n.into(), d.clone()) }
                    })
                    .collect()
            }),
            Exact::Rational(r) => r,
        }
    }

    /// For a two-player game, the row player's and the column player's matrices, exactly.
    pub fn exact_bimatrix(&self) -> Option<(RationalMatrix, RationalMatrix)> {
        if self.players.len() != 2 {
            return None;
        }
        let (m, n) = (self.shape[0], self.shape[1]);
        let a = (0..m).map(|i| (0..n).map(|j| self.exact_payoff(i + j * m, 0).clone()).collect()).collect();
        let b = (0..m).map(|i| (0..n).map(|j| self.exact_payoff(i + j * m, 1).clone()).collect()).collect();
        Some((a, b))
    }

    /// The expected payoff of every player when each plays the given mixed strategy.
    pub fn mixed_payoffs(&self, strategies: &[Vec<f64>]) -> Vec<f64> {
        let n = self.players.len();
        let mut out = vec![0.0; n];
        let mut profile = vec![0usize; n];
        for idx in 0..self.n_profiles() {
            Self::decode_profile(&self.shape, idx, &mut profile);
            let w: f64 = profile.iter().enumerate().map(|(i, &a)| strategies[i][a]).product();
            if w != 0.0 {
                for (o, p) in out.iter_mut().zip(self.payoffs_at(idx)) {
                    *o += w * p;
                }
            }
        }
        out
    }

    /// The expected payoff of each of `player`'s pure actions against the others' mixed strategies.
    pub fn action_values(&self, strategies: &[Vec<f64>], player: usize) -> Vec<f64> {
        let n = self.players.len();
        let mut out = vec![0.0; self.shape[player]];
        let mut profile = vec![0usize; n];
        for idx in 0..self.n_profiles() {
            Self::decode_profile(&self.shape, idx, &mut profile);
            let w: f64 =
                profile.iter().enumerate().filter(|&(i, _)| i != player).map(|(i, &a)| strategies[i][a]).product();
            if w != 0.0 {
                out[profile[player]] += w * self.payoffs_at(idx)[player];
            }
        }
        out
    }
}

impl Game for NormalForm {
    type State = ();

    fn as_normal_form(&self) -> Option<&NormalForm> {
        Some(self)
    }

    fn players(&self) -> &[PlayerSpec] {
        &self.players
    }

    fn initial_state(&self) {}

    fn stage_payoffs(&self, _state: &(), profile: &[usize], _rng: &mut ChaCha8Rng, out: &mut [f64]) {
        out.copy_from_slice(self.payoffs_at(self.profile_index(profile)));
    }

    fn transition(&self, _state: &mut (), _profile: &[usize], _rng: &mut ChaCha8Rng) {}

    fn expected_payoffs(&self, _state: &(), profile: &[usize], out: &mut [f64]) {
        out.copy_from_slice(self.payoffs_at(self.profile_index(profile)));
    }

    fn stage_normal_form(&self, _state: &()) -> NormalForm {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd() -> NormalForm {
        NormalForm::bimatrix(&[vec![3.0, 0.0], vec![5.0, 1.0]], &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap()
    }

    #[test]
    fn first_player_changes_fastest() {
        let g = pd();
        assert_eq!(g.profile_index(&[1, 0]), 1);
        assert_eq!(g.profile_index(&[0, 1]), 2);
        assert_eq!(g.payoff(&[1, 0], 0), 5.0);
        assert_eq!(g.payoff(&[1, 0], 1), 0.0);
        let mut p = [0; 2];
        NormalForm::decode_profile(g.shape(), 3, &mut p);
        assert_eq!(p, [1, 1]);
    }

    #[test]
    fn mixed_payoffs_average_the_table() {
        let g = pd();
        let half = vec![0.5, 0.5];
        assert_eq!(g.mixed_payoffs(&[half.clone(), half.clone()]), vec![2.25, 2.25]);
        assert_eq!(g.action_values(&[half.clone(), half], 0), vec![1.5, 3.0]);
    }

    #[test]
    fn wrong_shapes_and_names_are_rejected() {
        let players = vec![PlayerSpec::new("A", &["x", "y"]), PlayerSpec::new("B", &["x", "y"])];
        let err = NormalForm::from_f64(String::new(), players.clone(), vec![0.0; 7]).unwrap_err();
        assert!(matches!(err, GameError::PayoffShape { got: 7, expected: 8, .. }));
        let err = NormalForm::from_f64(String::new(), players.clone(), vec![f64::NAN; 8]).unwrap_err();
        assert!(matches!(err, GameError::NonFinitePayoff { index: 0 }));
        let dup = vec![PlayerSpec::new("A", &["x", "x"])];
        assert!(matches!(check_players(&dup, crate::game::MIN_ACTIONS), Err(GameError::DuplicateAction { .. })));
        let one = vec![PlayerSpec::new("A", &["x"])];
        assert!(matches!(check_players(&one, crate::game::MIN_ACTIONS), Err(GameError::ActionCount { .. })));
    }
}
