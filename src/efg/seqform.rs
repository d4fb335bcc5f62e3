//! One Nash equilibrium of a two-player game with perfect recall, exactly, by Lemke's algorithm
//! on the sequence form.
//!
//! Koller, Megiddo and von Stengel, "Efficient computation of equilibria for extensive two-person
//! games", *Games and Economic Behavior* 14 (1996) 247–259; the sequence form is from von
//! Stengel, "Efficient computation of behavior strategies", *GEB* 14 (1996) 220–246. A player's
//! mixed strategy is replaced by its *realization plan* `x`, one weight per sequence, with
//! `E x = e, x ≥ 0` (the empty sequence has weight 1, and at each information set the weights of
//! its actions' sequences sum to the weight of the sequence leading to it). With the sequence
//! payoff matrices `A, B` (the chance-weighted payoffs of the leaves each pair of sequences
//! reaches), an equilibrium is a solution of the mixed linear complementarity problem
//!
//! ```text
//! E x = e,  F y = f,  x, y ≥ 0,  p, q free,
//! w = Eᵀp − A y ≥ 0,  v = Fᵀq − Bᵀx ≥ 0,  xᵀw = 0,  yᵀv = 0,
//! ```
//!
//! the optimality conditions of each player's linear program against the other's plan. It is
//! solved with Lemke's complementary pivoting: an extra variable `z0` relaxes the conditions
//! `w ≥ 0, v ≥ 0` for the actions not taken by a fixed starting pair of pure plans (the first
//! action everywhere), whose plans are then feasible for `z0` large; pivoting keeps
//! complementarity except for one pair and lowers `z0` until it leaves the basis at 0. The free
//! variables `p, q` stay basic throughout, and the equations `E x = e, F y = f` hold at every
//! step. Payoffs are first shifted to be negative (subtracting more than the largest payoff at
//! each leaf changes no best response), the condition of the paper's termination argument.
//! Pivots are exact integer (Edmonds–Bareiss) pivots on `BigInt`; ties in the ratio test are
//! broken lexicographically relative to the starting basis, so degenerate games do not cycle.
//! The plans are turned into behaviour strategies by `β(h, a) = x(σ_h a) / x(σ_h)`; an
//! information set the player's own plan never reaches gets the uniform distribution (which
//! changes no payoff).

use super::EfgError;
use super::profile::BehaviourProfile;
use super::tree::{Owner, Tree};
use crate::game::Rational;
use crate::solve::{Budget, Stop};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Most rows (sequences plus information sets plus two) of the tableau.
pub const MAX_ROWS: usize = 1_500;
/// Most pivots before the method gives up (it cannot cycle, so this only bounds the work).
pub const MAX_PIVOTS: usize = 1_000_000;

/// An equilibrium found by the sequence-form Lemke algorithm.
#[derive(Clone, Debug, PartialEq)]
pub struct SeqFormResult {
    /// The equilibrium as behaviour strategies (exact).
    pub profile: BehaviourProfile,
    /// Each player's realization plan, one weight per sequence (see [`super::Recall`]).
    pub plans: [Vec<Rational>; 2],
    /// Number of complementary pivots.
    pub pivots: usize,
}

/// The variables of the tableau, by column.
struct Layout {
    n1: usize,
    n2: usize,
    m1: usize,
    m2: usize,
}

impl Layout {
    fn x(&self, s: usize) -> usize {
        s
    }
    fn y(&self, t: usize) -> usize {
        self.n1 + t
    }
    fn p(&self, k: usize) -> usize {
        self.n1 + self.n2 + k
    }
    fn q(&self, k: usize) -> usize {
        self.n1 + self.n2 + self.m1 + k
    }
    fn wx(&self, s: usize) -> usize {
        self.n1 + self.n2 + self.m1 + self.m2 + s
    }
    fn wy(&self, t: usize) -> usize {
        2 * self.n1 + self.n2 + self.m1 + self.m2 + t
    }
    fn z0(&self) -> usize {
        2 * (self.n1 + self.n2) + self.m1 + self.m2
    }
    fn rhs(&self) -> usize {
        self.z0() + 1
    }
    fn rows(&self) -> usize {
        self.n1 + self.n2 + self.m1 + self.m2
    }
    /// Whether the variable in `col` must stay non-negative (all but `p` and `q`).
    fn signed(&self, col: usize) -> bool {
        !(self.p(0)..self.wx(0)).contains(&col)
    }
    /// The complement of a sign-constrained variable (`x ↔ w`, `y ↔ v`); `z0` has none.
    fn complement(&self, col: usize) -> Option<usize> {
        let (n1, n2) = (self.n1, self.n2);
        if col < n1 {
            Some(self.wx(col))
        } else if col < n1 + n2 {
            Some(self.wy(col - n1))
        } else if (self.wx(0)..self.wx(0) + n1).contains(&col) {
            Some(col - self.wx(0))
        } else if (self.wy(0)..self.wy(0) + n2).contains(&col) {
            Some(self.y(col - self.wy(0)))
        } else {
            None
        }
    }
}

/// An integer tableau `D · B⁻¹ [G | rhs]` with its basis and determinant `D`.
struct Tableau {
    t: Vec<Vec<BigInt>>,
    basis: Vec<usize>,
    det: BigInt,
}

impl Tableau {
    /// Integer (Edmonds–Bareiss) pivot on row `r`, column `c`: every other row `i` becomes
    /// `(T[i][j] T[r][c] - T[i][c] T[r][j]) / D`, an exact division.
    fn pivot(&mut self, r: usize, c: usize) -> Result<(), EfgError> {
        let piv = self.t[r][c].clone();
        // A unit column whose entry equals the determinant changes nothing but the basis.
        if piv == self.det && self.t.iter().enumerate().all(|(i, row)| i == r || row[c].is_zero()) {
            self.basis[r] = c;
            return Ok(());
        }
        let pr = self.t[r].clone();
        let unit = self.det.is_one();
        for (i, row) in self.t.iter_mut().enumerate() {
            if i == r {
                continue;
            }
            let f = row[c].clone();
            for (x, y) in row.iter_mut().zip(&pr) {
                let mut v = &*x * &piv;
                if !f.is_zero() && !y.is_zero() {
                    v -= &f * y;
                }
                *x = if unit || v.is_zero() { v } else { exact_div(&v, &self.det)? };
            }
        }
        self.det = piv;
        self.basis[r] = c;
        Ok(())
    }

    /// Whether the true coefficient `T[i][c] / D` is positive.
    fn positive(&self, i: usize, c: usize) -> bool {
        let s = self.t[i][c].signum();
        !s.is_zero() && s == self.det.signum()
    }

    /// Compares the lexicographic ratios of rows `i` and `k` for entering column `e`, over the
    /// columns `lex` (right-hand side first, then the starting basis).
    fn cmp_ratio(&self, i: usize, k: usize, e: usize, lex: &[usize]) -> Ordering {
        let (ti, tk) = (&self.t[i], &self.t[k]);
        // Both denominators have the same sign, so their product is positive.
        for &j in lex {
            let a = &ti[j] * &tk[e];
            let b = &tk[j] * &ti[e];
            match a.cmp(&b) {
                Ordering::Equal => continue,
                o => return if ti[e].is_negative() == tk[e].is_negative() { o } else { o.reverse() },
            }
        }
        Ordering::Equal
    }
}

fn exact_div(a: &BigInt, d: &BigInt) -> Result<BigInt, EfgError> {
    let (q, r) = a.div_rem(d);
    if !r.is_zero() {
        return Err(EfgError::Numerical("sequence form: an integer pivot did not divide exactly".into()));
    }
    Ok(q)
}

/// Checks that the tree fits the method: two players, perfect recall, size.
pub fn applicable(tree: &Tree) -> Result<(), EfgError> {
    if tree.n_players() != 2 {
        return Err(EfgError::Method {
            method: "seqform",
            reason: format!("the sequence-form Lemke algorithm needs 2 players, the game has {}", tree.n_players()),
        });
    }
    if let Some(why) = tree.imperfect_recall_reason() {
        return Err(EfgError::Method { method: "seqform", reason: format!("needs perfect recall: {why}") });
    }
    let r = tree.recall()?;
    let rows =
        r.sequences[0].len() + r.sequences[1].len() + tree.player_infosets(0).len() + tree.player_infosets(1).len() + 2;
    if rows > MAX_ROWS {
        return Err(EfgError::limit("the sequence-form tableau's row count", rows, MAX_ROWS as u128));
    }
    Ok(())
}

/// One equilibrium by Lemke's algorithm on the sequence form. `Err(EfgError::Stopped)` when the
/// budget runs out first.
pub fn solve(tree: &Tree, budget: &Budget) -> Result<SeqFormResult, EfgError> {
    applicable(tree)?;
    let recall = tree.recall()?;
    let (n1, n2) = (recall.sequences[0].len(), recall.sequences[1].len());
    let sets = [tree.player_infosets(0), tree.player_infosets(1)];
    let lay = Layout { n1, n2, m1: sets[0].len() + 1, m2: sets[1].len() + 1 };
    let chance = tree.chance_reach();
    // Sequence-form payoffs, shifted to be negative: A = Σ c (u1 - K), B = Σ c (u2 - K).
    let shift = tree.payoff_range().1 + Rational::one();
    let mut pay: HashMap<(usize, usize), (Rational, Rational)> = HashMap::new();
    for &leaf in tree.leaves() {
        let c = &chance[leaf];
        if c.is_zero() {
            continue;
        }
        let u = tree.payoffs_at(leaf);
        let key = (recall.node_sequence(leaf, 0), recall.node_sequence(leaf, 1));
        let e = pay.entry(key).or_insert_with(|| (Rational::zero(), Rational::zero()));
        e.0 += c * (&u[0] - &shift);
        e.1 += c * (&u[1] - &shift);
    }
    // One common positive scale makes every entry an integer.
    let mut lcm = BigInt::one();
    for (a, b) in pay.values() {
        lcm = lcm.lcm(a.denom()).lcm(b.denom());
    }
    let int = |x: &Rational| -> BigInt { (x * Rational::from_integer(lcm.clone())).to_integer() };
    let rows = lay.rows();
    let cols = lay.rhs() + 1;
    // Each entry is a `BigInt` of at least 32 bytes; entries grow as pivots proceed.
    budget.check_memory(rows.saturating_mul(cols).saturating_mul(32)).map_err(EfgError::Stopped)?;
    let mut t = vec![vec![BigInt::zero(); cols]; rows];
    let mut pairs: Vec<_> = pay.iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    for (&(s, u), (a, b)) in pairs {
        t[s][lay.y(u)] = int(a);
        t[n1 + u][lay.x(s)] = int(b);
    }
    // The starting pure plans take the first action everywhere.
    let mut plan = [vec![false; n1], vec![false; n2]];
    for pl in 0..2 {
        plan[pl][0] = true;
        for &h in sets[pl] {
            plan[pl][recall.sequence_of(h, 0)] = true;
        }
    }
    // Constraint rows E x = e (row 0: the empty sequence; row k + 1: information set k), and
    // their transposes in the payoff rows: w_s = (Eᵀp)_s - (A y)_s + d_s z0.
    let erow = [n1 + n2, n1 + n2 + lay.m1];
    for pl in 0..2 {
        let (ns, free) = if pl == 0 { (n1, lay.p(0)) } else { (n2, lay.q(0)) };
        let var = |s: usize| if pl == 0 { lay.x(s) } else { lay.y(s) };
        let prow = if pl == 0 { 0 } else { n1 };
        t[erow[pl]][var(0)] = BigInt::one();
        t[erow[pl]][lay.rhs()] = BigInt::one();
        t[prow][free] = -BigInt::one();
        for (k, &h) in sets[pl].iter().enumerate() {
            let r = erow[pl] + 1 + k;
            let arr = recall.arrival[h];
            t[r][var(arr)] = -BigInt::one();
            t[prow + arr][free + 1 + k] = BigInt::one();
            for a in 0..tree.infoset(h).actions.len() {
                let s = recall.sequence_of(h, a);
                t[r][var(s)] = BigInt::one();
                t[prow + s][free + 1 + k] = -BigInt::one();
            }
        }
        for s in 0..ns {
            let w = if pl == 0 { lay.wx(s) } else { lay.wy(s) };
            t[prow + s][w] = BigInt::one();
            if !plan[pl][s] {
                t[prow + s][lay.z0()] = -BigInt::one();
            }
        }
    }
    // The starting basis: the plans' sequences, the free variables, and the slacks of the
    // sequences not in the plans.
    // The slacks come first: their columns are unit columns, so taking them into the basis
    // costs nothing.
    let mut start: Vec<usize> = Vec::with_capacity(rows);
    start.extend((0..n1).filter(|&s| !plan[0][s]).map(|s| lay.wx(s)));
    start.extend((0..n2).filter(|&s| !plan[1][s]).map(|s| lay.wy(s)));
    start.extend((0..n1).filter(|&s| plan[0][s]).map(|s| lay.x(s)));
    start.extend((0..n2).filter(|&s| plan[1][s]).map(|s| lay.y(s)));
    start.extend((0..lay.m1).map(|k| lay.p(k)));
    start.extend((0..lay.m2).map(|k| lay.q(k)));
    debug_assert_eq!(start.len(), rows);
    let mut tab = Tableau { t, basis: vec![usize::MAX; rows], det: BigInt::one() };
    let mut assigned = vec![false; rows];
    for &v in &start {
        let r = (0..rows)
            .filter(|&r| !assigned[r] && !tab.t[r][v].is_zero())
            .min_by_key(|&r| tab.t[r][v].magnitude().bits())
            .ok_or_else(|| EfgError::Numerical("sequence form: the starting basis is singular".into()))?;
        tab.pivot(r, v)?;
        assigned[r] = true;
    }
    let mut lex = vec![lay.rhs()];
    lex.extend(start.iter().copied());
    // First pivot: z0 enters at the smallest value making every constrained variable
    // non-negative; the variable that reaches zero last leaves.
    let z0 = lay.z0();
    let mut leave: Option<usize> = None;
    for i in 0..rows {
        let v = tab.basis[i];
        let value_negative = !tab.t[i][lay.rhs()].is_zero() && tab.t[i][lay.rhs()].signum() != tab.det.signum();
        if !lay.signed(v) || !value_negative {
            continue;
        }
        // The variable grows with z0 (its z0 coefficient is negative in `basic = b - a z0`).
        if tab.t[i][z0].is_zero() || tab.positive(i, z0) {
            return Err(EfgError::Numerical("sequence form: the covering vector does not cover the start".into()));
        }
        leave = Some(match leave {
            None => i,
            // The larger requirement z0 ≥ b_i / a_i wins: the larger lexicographic ratio.
            Some(k) => {
                if tab.cmp_ratio(i, k, z0, &lex) == Ordering::Greater {
                    i
                } else {
                    k
                }
            }
        });
    }
    let mut pivots = 0;
    if let Some(r) = leave {
        let mut leaving = tab.basis[r];
        tab.pivot(r, z0)?;
        pivots += 1;
        loop {
            budget.check().map_err(EfgError::Stopped)?;
            if pivots >= MAX_PIVOTS {
                return Err(EfgError::limit("the number of sequence-form pivots", pivots, MAX_PIVOTS as u128));
            }
            let entering = lay.complement(leaving).expect("only sign-constrained variables leave");
            let mut best: Option<usize> = None;
            for i in 0..rows {
                if !lay.signed(tab.basis[i]) || !tab.positive(i, entering) {
                    continue;
                }
                best = Some(match best {
                    None => i,
                    Some(k) => {
                        if tab.cmp_ratio(i, k, entering, &lex) == Ordering::Less {
                            i
                        } else {
                            k
                        }
                    }
                });
            }
            let Some(r) = best else {
                return Err(EfgError::Numerical("sequence form: Lemke's algorithm ended on a ray".into()));
            };
            leaving = tab.basis[r];
            tab.pivot(r, entering)?;
            pivots += 1;
            if leaving == z0 {
                break;
            }
        }
    }
    // Read the plans and convert them to behaviour strategies.
    let mut x = vec![Rational::zero(); n1];
    let mut y = vec![Rational::zero(); n2];
    for (i, &v) in tab.basis.iter().enumerate() {
        let val = Rational::new(tab.t[i][lay.rhs()].clone(), tab.det.clone());
        if v < n1 {
            x[v] = val;
        } else if v < n1 + n2 {
            y[v - n1] = val;
        }
    }
    let plans = [x, y];
    let mut exact: Vec<Vec<Rational>> = Vec::with_capacity(tree.infosets().len());
    for (h, set) in tree.infosets().iter().enumerate() {
        let probs = match set.owner {
            Owner::Chance => set.probs.clone(),
            Owner::Player(i) => {
                let k = set.actions.len();
                let arr = &plans[i][recall.arrival[h]];
                if arr.is_zero() {
                    vec![Rational::new(1.into(), (k as i64).into()); k]
                } else {
                    (0..k).map(|a| &plans[i][recall.sequence_of(h, a)] / arr).collect()
                }
            }
        };
        exact.push(probs);
    }
    Ok(SeqFormResult { profile: BehaviourProfile::from_exact(exact), plans, pivots })
}

/// Runs [`solve`] and returns a budget stop as `Ok(Err(reason))`.
pub fn solve_within(tree: &Tree, budget: &Budget) -> Result<Result<SeqFormResult, Stop>, EfgError> {
    match solve(tree, budget) {
        Ok(r) => Ok(Ok(r)),
        Err(EfgError::Stopped(s)) => Ok(Err(s)),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efg::{gambit, profile};

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(n.into(), d.into())
    }

    fn nash(tree: &Tree, r: &SeqFormResult) {
        let c = profile::check(tree, &r.profile, None).unwrap();
        assert_eq!(c.exact_max_regret, Some(Rational::zero()), "{:?}", r.profile.exact);
    }

    /// Matching pennies in extensive form: player 2 does not see player 1's coin. The unique
    /// equilibrium mixes 1/2 each.
    const PENNIES: &str = r#"EFG 2 R "pennies" { "1" "2" }
p "" 1 1 "" { "H" "T" } 0
p "" 2 1 "" { "h" "t" } 0
t "" 1 "" { 1, -1 }
t "" 2 "" { -1, 1 }
p "" 2 1 "" { "h" "t" } 0
t "" 2 "" { -1, 1 }
t "" 1 "" { 1, -1 }
"#;

    #[test]
    fn matching_pennies_is_mixed_half_half() {
        let t = gambit::parse(PENNIES, "p.efg").unwrap();
        let r = solve(&t, &Budget::unlimited()).unwrap();
        let e = r.profile.exact.as_ref().unwrap();
        assert_eq!(e[0], vec![q(1, 2), q(1, 2)]);
        assert_eq!(e[1], vec![q(1, 2), q(1, 2)]);
        nash(&t, &r);
    }

    /// A simplified poker (Kuhn-style, one card each from {high, low}): a mixed equilibrium in
    /// which the bettor bluffs with the low card one third of the time.
    const POKER: &str = r#"EFG 2 R "simple poker" { "Bettor" "Caller" }
c "" 1 "" { "high" 1/2 "low" 1/2 } 0
p "" 1 1 "high" { "bet" "check" } 0
p "" 2 1 "facing a bet" { "call" "fold" } 0
t "" 1 "" { 2, -2 }
t "" 2 "" { 1, -1 }
t "" 3 "" { 1, -1 }
p "" 1 2 "low" { "bet" "check" } 0
p "" 2 1 "facing a bet" { "call" "fold" } 0
t "" 4 "" { -2, 2 }
t "" 2 "" { 1, -1 }
t "" 5 "" { -1, 1 }
"#;

    #[test]
    fn simple_poker_bluffs_a_third_of_the_time() {
        let t = gambit::parse(POKER, "poker.efg").unwrap();
        let r = solve(&t, &Budget::unlimited()).unwrap();
        let e = r.profile.exact.as_ref().unwrap();
        // Infosets: chance, high, facing a bet, low.
        assert_eq!(e[1], vec![q(1, 1), q(0, 1)]);
        assert_eq!(e[3], vec![q(1, 3), q(2, 3)]);
        assert_eq!(e[2], vec![q(2, 3), q(1, 3)]);
        nash(&t, &r);
        assert_eq!(r.plans[0][0], q(1, 1));
    }

    #[test]
    fn needs_two_players_and_perfect_recall() {
        let one = gambit::parse("EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"a\" } 0\nt \"\" 0\n", "o.efg").unwrap();
        assert!(solve(&one, &Budget::unlimited()).unwrap_err().to_string().contains("needs 2 players"));
    }
}
