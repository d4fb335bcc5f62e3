//! Lemke–Howson complementary pivoting, exact, from one starting label or from every label.
//!
//! Lemke and Howson, "Equilibrium points of bimatrix games", *J. SIAM* 12 (1964) 413–423, in the
//! polytope form of von Stengel, "Computing equilibria for two-person games", *Handbook of Game
//! Theory* 3 (2002) ch. 45: the best-response polytopes `P = {x ≥ 0 : Bᵀx ≤ 1}` and
//! `Q = {y ≥ 0 : Ay ≤ 1}` (payoffs scaled to integers and shifted to at least 1), labels
//! `0..m` for the row player's strategies and `m..m+n` for the column player's. Ties in the
//! ratio test are broken lexicographically (the perturbation of the right-hand side by
//! `(ε, ε², …)`, von Stengel §3.3), so degenerate games neither cycle nor stall.
//!
//! Each polytope is pivoted in revised, fraction-free form (Edmonds 1967; Bareiss 1968): the
//! constraint matrix stays as it was read (small integers), and only `D·B⁻¹` is kept, where `B`
//! is the basis and `D = det B`; of `D·B⁻¹` only the columns of the slacks that have left the
//! basis are stored (the others are `D` times a unit vector), so a pivot costs `rows × k`
//! integer steps, `k` being the number of the polytope's strategies in the basis, instead of
//! `rows × (m + n)`. Every stored number is a minor of the constraint matrix and every division
//! is exact. Arithmetic starts in `i128`; when a pivot would overflow, that polytope alone moves
//! to arbitrary-precision integers at its current basis and the same path goes on (no restart).

use super::budget::{Budget, Stop};
use super::tableau::{Int, Overflow, positive_integer_matrix};
use super::{Equilibrium, Reporter, SolveError, SolveResult};
use crate::game::{NormalForm, Rational, rational};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::str::FromStr;

/// Where Lemke–Howson starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StartLabel {
    /// One path from each of the `m + n` labels; the distinct equilibria found.
    #[default]
    All,
    /// One path, dropping this label: `0..m` are the row player's strategies, `m..m+n` the
    /// column player's (0-based).
    One(usize),
}

impl FromStr for StartLabel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "all" {
            return Ok(StartLabel::All);
        }
        s.parse::<usize>()
            .map(StartLabel::One)
            .map_err(|_| format!("a Lemke–Howson label is `all` or a 0-based label number, not `{s}`"))
    }
}

impl std::fmt::Display for StartLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartLabel::All => f.write_str("all"),
            StartLabel::One(k) => write!(f, "{k}"),
        }
    }
}

const NONE: usize = usize::MAX;

/// The integer constraint matrix of one polytope, row-major, entries at least 1.
enum Coef {
    Small(Vec<i64>),
    Big(Vec<BigInt>),
}

impl Coef {
    #[inline]
    fn is_zero(&self, k: usize) -> bool {
        match self {
            Coef::Small(v) => v[k] == 0,
            Coef::Big(v) => v[k].is_zero(),
        }
    }

    /// `acc += a * coef[k]`.
    #[inline]
    fn add_mul<T: Int>(&self, acc: &mut T, a: &T, k: usize) -> Result<(), Overflow> {
        match self {
            Coef::Small(v) => T::add_mul_i64(acc, a, v[k]),
            Coef::Big(v) => T::add_mul(acc, a, &T::from_big(&v[k]).ok_or(Overflow)?),
        }
    }

    /// `a * coef[k]`.
    #[inline]
    fn mul<T: Int>(&self, a: &T, k: usize) -> Result<T, Overflow> {
        match self {
            Coef::Small(v) => T::mul_i64(a, v[k]),
            Coef::Big(v) => {
                let mut acc = T::int_zero();
                T::add_mul(&mut acc, a, &T::from_big(&v[k]).ok_or(Overflow)?)?;
                Ok(acc)
            }
        }
    }
}

/// One best-response polytope `{z ≥ 0 : M z ≤ 1}` with slacks, in revised fraction-free form.
///
/// Variables are numbered `0..cols` for the structural ones (strategies) and `cols + r` for
/// the slack of row `r`. **Invariant:** `store` holds, for each nonbasic slack `r`, the column
/// `D·B⁻¹ e_r` at `slot[r]`; the column of a basic slack is `D` at its row and 0 elsewhere;
/// `rhs = D·B⁻¹ 1`; `det = D > 0`.
#[derive(Clone)]
struct Side<'a, T: Int> {
    coef: &'a Coef,
    rows: usize,
    cols: usize,
    /// Label of structural variable `c` is `struct_label + c`, of slack `r` is `slack_label + r`.
    struct_label: usize,
    slack_label: usize,
    basis: Vec<usize>,
    row_of: Vec<usize>,
    det: T,
    zero: T,
    slot: Vec<usize>,
    store: Vec<T>,
    free: Vec<usize>,
    rhs: Vec<T>,
    /// Pivots made (for progress reports).
    pivots: usize,
}

impl<'a, T: Int> Side<'a, T> {
    fn new(coef: &'a Coef, rows: usize, cols: usize, struct_label: usize, slack_label: usize) -> Self {
        let mut row_of = vec![NONE; cols + rows];
        for r in 0..rows {
            row_of[cols + r] = r;
        }
        Side {
            coef,
            rows,
            cols,
            struct_label,
            slack_label,
            basis: (cols..cols + rows).collect(),
            row_of,
            det: T::int_one(),
            zero: T::int_zero(),
            slot: vec![NONE; rows],
            store: Vec::new(),
            free: Vec::new(),
            rhs: vec![T::int_one(); rows],
            pivots: 0,
        }
    }

    fn var_of_label(&self, label: usize) -> usize {
        if (self.struct_label..self.struct_label + self.cols).contains(&label) {
            label - self.struct_label
        } else {
            self.cols + (label - self.slack_label)
        }
    }

    fn label_of_var(&self, v: usize) -> usize {
        if v < self.cols { self.struct_label + v } else { self.slack_label + (v - self.cols) }
    }

    /// The same polytope in another integer type (`None` if an entry does not fit).
    fn convert<U: Int>(&self) -> Option<Side<'a, U>> {
        let conv = |v: &[T]| v.iter().map(|x| x.convert::<U>()).collect::<Option<Vec<U>>>();
        Some(Side {
            coef: self.coef,
            rows: self.rows,
            cols: self.cols,
            struct_label: self.struct_label,
            slack_label: self.slack_label,
            basis: self.basis.clone(),
            row_of: self.row_of.clone(),
            det: self.det.convert()?,
            zero: U::int_zero(),
            slot: self.slot.clone(),
            store: conv(&self.store)?,
            free: self.free.clone(),
            rhs: conv(&self.rhs)?,
            pivots: self.pivots,
        })
    }

    /// The tableau column `D·B⁻¹ a_v` of nonbasic variable `v`, written to `w`.
    fn column(&self, v: usize, w: &mut Vec<T>) -> Result<(), Overflow> {
        let rows = self.rows;
        w.clear();
        if v >= self.cols {
            let s = self.slot[v - self.cols];
            debug_assert_ne!(s, NONE, "a nonbasic slack has a stored column");
            w.extend_from_slice(&self.store[s * rows..(s + 1) * rows]);
            return Ok(());
        }
        w.resize(rows, T::int_zero());
        let cols = self.cols;
        for (p, &b) in self.basis.iter().enumerate() {
            if b >= cols {
                let q = b - cols;
                w[p] = self.coef.mul(&self.det, q * cols + v)?;
            }
        }
        for r in 0..rows {
            let s = self.slot[r];
            if s == NONE || self.coef.is_zero(r * cols + v) {
                continue;
            }
            let col = &self.store[s * rows..(s + 1) * rows];
            for (wi, c) in w.iter_mut().zip(col) {
                if !c.is0() {
                    self.coef.add_mul(wi, c, r * cols + v)?;
                }
            }
        }
        Ok(())
    }

    /// Entry `(p, r)` of `D·B⁻¹` (the columns of the initial basis, for the lexicographic rule).
    #[inline]
    fn lex_entry(&self, p: usize, r: usize) -> &T {
        let s = self.slot[r];
        if s != NONE {
            &self.store[s * self.rows + p]
        } else if self.row_of[self.cols + r] == p {
            &self.det
        } else {
            &self.zero
        }
    }

    /// The leaving row for entering column `w`: the lexicographic minimum ratio.
    fn ratio_row(&self, w: &[T], cand: &mut Vec<usize>) -> Option<usize> {
        cand.clear();
        for p in 0..self.rows {
            if w[p].sign() <= 0 {
                continue;
            }
            match cand.first() {
                None => cand.push(p),
                Some(&s) => match T::cmp_products(&self.rhs[p], &w[s], &self.rhs[s], &w[p]) {
                    Ordering::Less => {
                        cand.clear();
                        cand.push(p);
                    }
                    Ordering::Equal => cand.push(p),
                    Ordering::Greater => {}
                },
            }
        }
        let mut r = 0;
        while cand.len() > 1 && r < self.rows {
            let mut best = vec![cand[0]];
            for &p in &cand[1..] {
                let s = best[0];
                match T::cmp_products(self.lex_entry(p, r), &w[s], self.lex_entry(s, r), &w[p]) {
                    Ordering::Less => best = vec![p],
                    Ordering::Equal => best.push(p),
                    Ordering::Greater => {}
                }
            }
            *cand = best;
            r += 1;
        }
        cand.first().copied()
    }

    /// Pivots `v` (with tableau column `w`) into the basis at row `p`; returns the leaving
    /// variable. On overflow nothing has changed.
    fn pivot(&mut self, p: usize, v: usize, w: &[T]) -> Result<usize, Overflow> {
        let rows = self.rows;
        let cols = self.cols;
        let entering_slot = if v >= cols { self.slot[v - cols] } else { NONE };
        let backup = if T::CAN_OVERFLOW { Some((self.store.clone(), self.rhs.clone())) } else { None };
        let result = self.update(p, w, entering_slot);
        if let Err(e) = result {
            if let Some((store, rhs)) = backup {
                self.store = store;
                self.rhs = rhs;
            }
            return Err(e);
        }
        let leaving = self.basis[p];
        if entering_slot != NONE {
            self.slot[v - cols] = NONE;
            self.free.push(entering_slot);
        }
        if leaving >= cols {
            let s = match self.free.pop() {
                Some(s) => s,
                None => {
                    self.store.resize((self.store.len() / rows + 1) * rows, T::int_zero());
                    self.store.len() / rows - 1
                }
            };
            let col = &mut self.store[s * rows..(s + 1) * rows];
            for (i, x) in col.iter_mut().enumerate() {
                *x = if i == p { self.det.clone() } else { w[i].negated() };
            }
            self.slot[leaving - cols] = s;
        }
        self.row_of[leaving] = NONE;
        self.row_of[v] = p;
        self.basis[p] = v;
        self.det = w[p].clone();
        self.pivots += 1;
        Ok(leaving)
    }

    /// The Bareiss update of every stored column (but the entering slack's) and of `rhs`.
    fn update(&mut self, p: usize, w: &[T], skip_slot: usize) -> Result<(), Overflow> {
        let rows = self.rows;
        let piv = &w[p];
        let det = &self.det;
        let div = T::divisor(det);
        let step = |col: &mut [T]| -> Result<(), Overflow> {
            let cp = col[p].clone();
            for (i, x) in col.iter_mut().enumerate() {
                if i == p || (x.is0() && (cp.is0() || w[i].is0())) {
                    continue;
                }
                *x = T::mul_sub_div(x, piv, &w[i], &cp, det, &div)?;
            }
            Ok(())
        };
        for (s, col) in self.store.chunks_mut(rows).enumerate() {
            if s != skip_slot && !self.free.contains(&s) {
                step(col)?;
            }
        }
        step(&mut self.rhs)
    }

    /// Drops `label` (enters its variable): one complementary pivot. Returns the label that left.
    fn step(&mut self, label: usize, w: &mut Vec<T>, cand: &mut Vec<usize>) -> Result<usize, Overflow> {
        let v = self.var_of_label(label);
        self.column(v, w)?;
        let p = self.ratio_row(w, cand).expect("best-response polytopes are bounded");
        let leaving = self.pivot(p, v, w)?;
        Ok(self.label_of_var(leaving))
    }

    /// Values of the structural variables, as integers over `det`.
    fn values(&self) -> Vec<BigInt> {
        (0..self.cols)
            .map(|c| match self.row_of[c] {
                NONE => BigInt::zero(),
                r => self.rhs[r].to_big(),
            })
            .collect()
    }
}

/// A polytope in the narrowest integer type that has held it so far.
#[derive(Clone)]
enum AnySide<'a> {
    Machine(Side<'a, i128>),
    Big(Side<'a, BigInt>),
}

impl<'a> AnySide<'a> {
    fn new(coef: &'a Coef, rows: usize, cols: usize, struct_label: usize, slack_label: usize) -> Self {
        match coef {
            Coef::Small(_) => AnySide::Machine(Side::new(coef, rows, cols, struct_label, slack_label)),
            Coef::Big(_) => AnySide::Big(Side::new(coef, rows, cols, struct_label, slack_label)),
        }
    }

    /// One pivot; on overflow the polytope moves to big integers at its current basis and the
    /// pivot is made there.
    fn step(&mut self, label: usize, scratch: &mut Scratch) -> usize {
        if let AnySide::Machine(s) = self {
            match s.step(label, &mut scratch.w128, &mut scratch.cand) {
                Ok(l) => return l,
                Err(Overflow) => {
                    let big = s.convert::<BigInt>().expect("BigInt holds any integer");
                    *self = AnySide::Big(big);
                }
            }
        }
        match self {
            AnySide::Big(s) => s.step(label, &mut scratch.wbig, &mut scratch.cand).expect("BigInt does not overflow"),
            AnySide::Machine(_) => unreachable!("promoted above"),
        }
    }

    fn values(&self) -> Vec<BigInt> {
        match self {
            AnySide::Machine(s) => s.values(),
            AnySide::Big(s) => s.values(),
        }
    }

    fn pivots(&self) -> usize {
        match self {
            AnySide::Machine(s) => s.pivots,
            AnySide::Big(s) => s.pivots,
        }
    }

    fn is_big(&self) -> bool {
        matches!(self, AnySide::Big(_))
    }
}

#[derive(Default)]
struct Scratch {
    w128: Vec<i128>,
    wbig: Vec<BigInt>,
    cand: Vec<usize>,
}

/// The game as two integer constraint matrices, and its size.
struct Lcp {
    m: usize,
    n: usize,
    /// `Bᵀ`: n rows (the column player's strategies) by m columns.
    p: Coef,
    /// `A`: m rows by n columns.
    q: Coef,
}

/// `x` shifted by `shift`, if every entry still fits.
fn shifted(x: impl Iterator<Item = i64>, shift: i64) -> Option<Vec<i64>> {
    x.map(|v| v.checked_add(shift)).collect()
}

impl Lcp {
    fn new(game: &NormalForm) -> Self {
        let (m, n) = (game.shape()[0], game.shape()[1]);
        if let Some((num, _)) = game.exact_scaled() {
            // Payoff of player k at (i, j) is num[2 (i + j m) + k] over the common denominator.
            // Both matrices are shifted by the same amount, so that the smaller of 0 and the
            // least payoff becomes 1 (as Gambit normalises them): in degenerate games the
            // lexicographic rule then breaks ties as Gambit's does.
            let shift = num.iter().min().map(|&lo| 1i64.checked_sub(lo.min(0)));
            if let Some(Some(shift)) = shift {
                let a = shifted((0..m * n).map(|t| num[2 * ((t / n) + (t % n) * m)]), shift);
                let bt = shifted((0..n * m).map(|t| num[2 * ((t % m) + (t / m) * m) + 1]), shift);
                if let (Some(a), Some(bt)) = (a, bt) {
                    return Lcp { m, n, p: Coef::Small(bt), q: Coef::Small(a) };
                }
            }
        }
        let (a, b) = game.exact_bimatrix().expect("two players");
        let a = positive_integer_matrix(&a);
        let b = positive_integer_matrix(&b);
        let small = |v: &Vec<BigInt>| v.iter().map(|x| x.to_i64()).collect::<Option<Vec<i64>>>();
        let av: Vec<BigInt> = a.into_iter().flatten().collect();
        let btv: Vec<BigInt> = (0..n * m).map(|t| b[t % m][t / m].clone()).collect();
        let q = small(&av).map_or(Coef::Big(av), Coef::Small);
        let p = small(&btv).map_or(Coef::Big(btv), Coef::Small);
        Lcp { m, n, p, q }
    }

    /// One Lemke–Howson path dropping label `k`; the equilibrium as integer vectors (x, y), or
    /// the reason it stopped.
    fn path(&self, k: usize, budget: &Budget, reporter: &mut Reporter) -> Result<(Vec<BigInt>, Vec<BigInt>), Stop> {
        let (p, q) = self.path_sides(k, budget, reporter)?;
        Ok((p.values(), q.values()))
    }

    /// The two polytopes at the end of the path dropping label `k`.
    fn path_sides(
        &self,
        k: usize,
        budget: &Budget,
        reporter: &mut Reporter,
    ) -> Result<(AnySide<'_>, AnySide<'_>), Stop> {
        let (m, n) = (self.m, self.n);
        let mut p = AnySide::new(&self.p, n, m, 0, m);
        let mut q = AnySide::new(&self.q, m, n, m, 0);
        let mut scratch = Scratch::default();
        let mut in_p = k < m;
        let mut label = k;
        loop {
            budget.check()?;
            let side = if in_p { &mut p } else { &mut q };
            let leaving = side.step(label, &mut scratch);
            if leaving == k {
                break;
            }
            label = leaving;
            in_p = !in_p;
            reporter.tick(budget, || {
                format!(
                    "lcp: label {k}, {} pivots{}",
                    p.pivots() + q.pivots(),
                    if p.is_big() || q.is_big() { " (big integers)" } else { "" }
                )
            });
        }
        Ok((p, q))
    }
}

/// An equilibrium found: both strategies exactly, and the integer weights they came from.
type Found = (Vec<Rational>, Vec<Rational>, Vec<BigInt>, Vec<BigInt>);

/// Exact probabilities from nonnegative integers.
fn probabilities(v: &[BigInt]) -> Vec<Rational> {
    let s: BigInt = v.iter().sum();
    v.iter().map(|x| Rational::new(x.clone(), s.clone())).collect()
}

/// An exact equilibrium `(x, y)` (nonnegative integer weights) of a two-player game, with its
/// payoffs and exact regret, computed on the integer payoffs when the game has them.
pub(crate) fn bimatrix_equilibrium(game: &NormalForm, x: &[BigInt], y: &[BigInt]) -> Equilibrium {
    let exact = vec![probabilities(x), probabilities(y)];
    let Some((num, den)) = game.exact_scaled() else { return Equilibrium::from_exact(game, exact) };
    let (m, n) = (x.len(), y.len());
    let xs: BigInt = x.iter().sum();
    let ys: BigInt = y.iter().sum();
    let supp_x: Vec<usize> = (0..m).filter(|&i| !x[i].is_zero()).collect();
    let supp_y: Vec<usize> = (0..n).filter(|&j| !y[j].is_zero()).collect();
    // u_i = Σ_j a_ij y_j and v_j = Σ_i b_ij x_i, integers over ys·den and xs·den.
    let u: Vec<BigInt> = (0..m).map(|i| supp_y.iter().map(|&j| &y[j] * num[2 * (i + j * m)]).sum()).collect();
    let v: Vec<BigInt> = (0..n).map(|j| supp_x.iter().map(|&i| &x[i] * num[2 * (i + j * m) + 1]).sum()).collect();
    let pay1: BigInt = supp_x.iter().map(|&i| &x[i] * &u[i]).sum();
    let pay2: BigInt = supp_y.iter().map(|&j| &y[j] * &v[j]).sum();
    let total = &xs * &ys * BigInt::from(den);
    let best1 = u.iter().max().expect("m ≥ 1") * &xs;
    let best2 = v.iter().max().expect("n ≥ 1") * &ys;
    let reg1 = Rational::new(best1 - &pay1, total.clone());
    let reg2 = Rational::new(best2 - &pay2, total.clone());
    let reg = if reg1 > reg2 { reg1 } else { reg2 };
    let profile = exact.iter().map(|s| s.iter().map(rational::to_f64).collect()).collect();
    Equilibrium {
        profile,
        exact: Some(exact),
        payoffs: vec![
            rational::to_f64(&Rational::new(pay1, total.clone())),
            rational::to_f64(&Rational::new(pay2, total)),
        ],
        max_regret: if reg.is_negative() { 0.0 } else { rational::to_f64(&reg) },
    }
}

/// Runs Lemke–Howson from `start` on a two-player game: the distinct equilibria found, each
/// with its exact regret, sorted like the other exact methods. Stops early (with what it has
/// and [`SolveResult::incomplete`] set) when the budget runs out.
pub fn run(game: &NormalForm, start: StartLabel, budget: &Budget) -> Result<SolveResult, SolveError> {
    let (m, n) = (game.shape()[0], game.shape()[1]);
    let labels: Vec<usize> = match start {
        StartLabel::All => (0..m + n).collect(),
        StartLabel::One(k) if k < m + n => vec![k],
        StartLabel::One(k) => {
            return Err(SolveError::BadOption(format!(
                "lcp: label {k} does not exist; this {m}x{n} game has labels 0 to {} (0..{m} the first \
                 player's strategies, {m}..{} the second's)",
                m + n - 1,
                m + n
            )));
        }
    };
    let lcp = Lcp::new(game);
    let mut reporter = Reporter::new();
    let mut found: Vec<Found> = Vec::new();
    let mut incomplete = None;
    for (done, &k) in labels.iter().enumerate() {
        reporter.tick(budget, || format!("lcp: label {k} ({done} of {} paths done)", labels.len()));
        match lcp.path(k, budget, &mut reporter) {
            Ok((x, y)) => {
                let (px, py) = (probabilities(&x), probabilities(&y));
                if !found.iter().any(|f| f.0 == px && f.1 == py) {
                    found.push((px, py, x, y));
                }
            }
            Err(stop) => {
                incomplete = Some(stop);
                break;
            }
        }
    }
    // Sorted like the other exact methods: larger probabilities on earlier strategies first.
    found.sort_by(|a, b| (&b.0, &b.1).cmp(&(&a.0, &a.1)));
    let equilibria = found.iter().map(|(_, _, x, y)| bimatrix_equilibrium(game, x, y)).collect();
    Ok(SolveResult { equilibria, incomplete, ..Default::default() })
}

/// The distinct equilibria found by Lemke–Howson from each of the `m + n` labels (sorted like
/// the other exact methods).
pub fn equilibria(game: &NormalForm) -> Vec<Vec<Vec<Rational>>> {
    solve(game).into_iter().map(|e| e.exact.expect("exact")).collect()
}

/// Lemke–Howson from every label, without limits.
pub fn solve(game: &NormalForm) -> Vec<Equilibrium> {
    run(game, StartLabel::All, &Budget::unlimited()).expect("every label exists").equilibria
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(a: &[Vec<f64>], b: &[Vec<f64>]) -> NormalForm {
        NormalForm::bimatrix(a, b).unwrap()
    }

    #[test]
    fn matching_pennies_and_bos() {
        let mp = game(&[vec![1.0, -1.0], vec![-1.0, 1.0]], &[vec![-1.0, 1.0], vec![1.0, -1.0]]);
        let e = solve(&mp);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].profile, vec![vec![0.5, 0.5], vec![0.5, 0.5]]);
        assert_eq!(e[0].payoffs, vec![0.0, 0.0]);
        let bos = game(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]);
        let e = solve(&bos);
        assert!(e.len() >= 2 && e.iter().all(|e| e.max_regret == 0.0));
    }

    #[test]
    fn degenerate_game_terminates() {
        let a = vec![vec![0.0, -1.0, 1.0], vec![-1.0, 0.0, 1.0], vec![-1.0, 0.0, 1.0]];
        let b: Vec<Vec<f64>> = a.iter().map(|r| r.iter().map(|x| -x).collect()).collect();
        let g = game(&a, &b);
        let e = solve(&g);
        assert!(!e.is_empty() && e.iter().all(|e| e.max_regret == 0.0));
    }

    #[test]
    fn one_label_follows_one_path() {
        let bos = game(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]);
        for k in 0..4 {
            let r = run(&bos, StartLabel::One(k), &Budget::unlimited()).unwrap();
            assert_eq!(r.equilibria.len(), 1);
            assert_eq!(r.equilibria[0].max_regret, 0.0);
            assert!(r.incomplete.is_none());
        }
        let e = run(&bos, StartLabel::One(4), &Budget::unlimited()).unwrap_err();
        assert!(e.to_string().contains("labels 0 to 3"), "{e}");
        assert_eq!("all".parse::<StartLabel>(), Ok(StartLabel::All));
        assert_eq!("7".parse::<StartLabel>(), Ok(StartLabel::One(7)));
        assert!("x".parse::<StartLabel>().is_err());
    }

    #[test]
    fn time_limit_stops_with_what_was_found() {
        let bos = game(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]);
        let r = run(&bos, StartLabel::All, &Budget::with_seconds(0.0)).unwrap();
        assert_eq!(r.incomplete, Some(Stop::TimeLimit));
        assert!(r.equilibria.is_empty());
    }

    /// A game whose paths overflow `i128`: with entries near 2^60, 3x3 minors exceed 2^127.
    #[test]
    fn overflow_continues_the_same_path_in_big_integers() {
        let mut s = 12345u64;
        let mut next = || {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((s >> 4) % (1 << 52)) as f64 * 256.0
        };
        let a: Vec<Vec<f64>> = (0..8).map(|_| (0..8).map(|_| next()).collect()).collect();
        let b: Vec<Vec<f64>> = (0..8).map(|_| (0..8).map(|_| next()).collect()).collect();
        let g = game(&a, &b);
        let lcp = Lcp::new(&g);
        assert!(matches!(lcp.p, Coef::Small(_)));
        let mut reporter = Reporter::new();
        let mut promoted = 0;
        for k in 0..16 {
            let (p, q) = lcp.path_sides(k, &Budget::unlimited(), &mut reporter).unwrap();
            promoted += (p.is_big() || q.is_big()) as usize;
            let e = bimatrix_equilibrium(&g, &p.values(), &q.values());
            assert_eq!(e.max_regret, 0.0);
            assert!(crate::solve::regret::max_regret_exact(&g, e.exact.as_ref().unwrap()).is_zero());
        }
        assert!(promoted > 0, "the test game should need big integers");
    }
}
