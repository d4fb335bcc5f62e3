//! Integer (fraction-free) simplex tableaux for the exact bimatrix solvers.
//!
//! Pivots follow Edmonds (1967) / Bareiss (1968): every entry is an integer minor of the
//! constraint matrix and a pivot divides exactly by the previous pivot element, so no fractions
//! appear (the scheme lrs uses, Avis 2000). The tableau is generic over [`Int`]: `i128` is the fast
//! path (products are formed in 256 bits and the exact quotient is recovered modulo 2^128),
//! `BigInt` the fallback when an entry would not fit in 127 bits.

use crate::game::Rational;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::fmt::Debug;
use std::hash::Hash;

/// Signals that the `i128` fast path overflowed; callers continue (or restart) in `BigInt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// Integer arithmetic needed by the tableau.
pub trait Int: Clone + Eq + Hash + Debug + Ord {
    /// Per-pivot data for dividing by the current determinant.
    type Div: Clone;
    /// Whether an operation may fail with [`Overflow`] (machine integers) or never does (`BigInt`).
    const CAN_OVERFLOW: bool;
    fn int_zero() -> Self;
    fn int_one() -> Self;
    fn from_big(b: &BigInt) -> Option<Self>;
    fn to_big(&self) -> BigInt;
    fn sign(&self) -> i32;
    fn divisor(d: &Self) -> Self::Div;
    /// `(a*b - c*d) / e` where the division is known to be exact.
    fn mul_sub_div(a: &Self, b: &Self, c: &Self, d: &Self, e: &Self, div: &Self::Div) -> Result<Self, Overflow>;
    /// Compares `a*b` with `c*d`.
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering;
    fn is0(&self) -> bool {
        self.sign() == 0
    }
    /// `acc += a * m` for a small coefficient `m`.
    fn add_mul_i64(acc: &mut Self, a: &Self, m: i64) -> Result<(), Overflow>;
    /// `a * m` for a small coefficient `m`.
    fn mul_i64(a: &Self, m: i64) -> Result<Self, Overflow>;
    /// `acc += a * b`.
    fn add_mul(acc: &mut Self, a: &Self, b: &Self) -> Result<(), Overflow>;
    /// `-self` (entries are kept well inside the range, so this cannot overflow).
    fn negated(&self) -> Self;
    /// The same integer in another representation (`None` when it does not fit).
    fn convert<U: Int>(&self) -> Option<U> {
        U::from_big(&self.to_big())
    }
}

impl Int for BigInt {
    type Div = ();
    const CAN_OVERFLOW: bool = false;
    fn int_zero() -> Self {
        Zero::zero()
    }
    fn int_one() -> Self {
        One::one()
    }
    fn from_big(b: &BigInt) -> Option<Self> {
        Some(b.clone())
    }
    fn to_big(&self) -> BigInt {
        self.clone()
    }
    fn sign(&self) -> i32 {
        if self.is_positive() {
            1
        } else if self.is_negative() {
            -1
        } else {
            0
        }
    }
    fn divisor(_: &Self) {}
    fn mul_sub_div(a: &Self, b: &Self, c: &Self, d: &Self, e: &Self, _: &()) -> Result<Self, Overflow> {
        let mut x = a * b;
        if !Zero::is_zero(c) && !Zero::is_zero(d) {
            x -= c * d;
        }
        if e.is_one() { Ok(x) } else { Ok(x / e) }
    }
    fn cmp_products(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering {
        (a * b).cmp(&(c * d))
    }
    fn add_mul_i64(acc: &mut Self, a: &Self, m: i64) -> Result<(), Overflow> {
        if m != 0 && !Zero::is_zero(a) {
            *acc += a * m;
        }
        Ok(())
    }
    fn mul_i64(a: &Self, m: i64) -> Result<Self, Overflow> {
        Ok(a * m)
    }
    fn add_mul(acc: &mut Self, a: &Self, b: &Self) -> Result<(), Overflow> {
        if !Zero::is_zero(a) && !Zero::is_zero(b) {
            *acc += a * b;
        }
        Ok(())
    }
    fn negated(&self) -> Self {
        -self
    }
}

/// Signed 256-bit product of two `i128` as (high, low) two's complement words.
#[inline]
fn mul_wide(a: i128, b: i128) -> (i128, u128) {
    let neg = (a < 0) != (b < 0);
    let (x, y) = (a.unsigned_abs(), b.unsigned_abs());
    let (x1, x0) = (x >> 64, x & 0xFFFF_FFFF_FFFF_FFFF);
    let (y1, y0) = (y >> 64, y & 0xFFFF_FFFF_FFFF_FFFF);
    let p00 = x0 * y0;
    let p01 = x0 * y1;
    let p10 = x1 * y0;
    let p11 = x1 * y1;
    let mid = (p00 >> 64) + (p01 & 0xFFFF_FFFF_FFFF_FFFF) + (p10 & 0xFFFF_FFFF_FFFF_FFFF);
    let lo = (p00 & 0xFFFF_FFFF_FFFF_FFFF) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    if neg {
        let lo2 = (!lo).wrapping_add(1);
        let hi2 = (!hi).wrapping_add(if lo2 == 0 { 1 } else { 0 });
        (hi2 as i128, lo2)
    } else {
        (hi as i128, lo)
    }
}

#[inline]
fn cmp_wide(a: (i128, u128), b: (i128, u128)) -> Ordering {
    a.0.cmp(&b.0).then(a.1.cmp(&b.1))
}

/// Per-pivot divisor data for `i128`: `d`, its power of two, and the inverse of its odd part.
#[derive(Clone, Debug)]
pub struct I128Div {
    d: i128,
    shift: u32,
    inv: u128,
    d_abs_f: f64,
}

const LIMIT: f64 = 1.0e38;

/// Largest magnitude an `i128` entry may reach through the small-coefficient operations.
const I128_MAX_ENTRY: u128 = 1 << 126;

impl Int for i128 {
    type Div = I128Div;
    const CAN_OVERFLOW: bool = true;
    fn int_zero() -> Self {
        0
    }
    fn int_one() -> Self {
        1
    }
    fn from_big(b: &BigInt) -> Option<Self> {
        let v = b.to_i128()?;
        if (v as f64).abs() < LIMIT { Some(v) } else { None }
    }
    fn to_big(&self) -> BigInt {
        BigInt::from(*self)
    }
    fn sign(&self) -> i32 {
        self.signum() as i32
    }
    fn divisor(d: &i128) -> I128Div {
        let shift = d.trailing_zeros();
        let odd = (*d >> shift) as u128;
        let mut inv = odd; // Newton iteration for the inverse modulo 2^128
        for _ in 0..7 {
            inv = inv.wrapping_mul(2u128.wrapping_sub(odd.wrapping_mul(inv)));
        }
        I128Div { d: *d, shift, inv, d_abs_f: (*d as f64).abs() }
    }
    #[inline]
    fn mul_sub_div(a: &i128, b: &i128, c: &i128, d: &i128, _e: &i128, div: &I128Div) -> Result<i128, Overflow> {
        let (a, b, c, d) = (*a, *b, *c, *d);
        if let (Some(x), Some(y)) = (a.checked_mul(b), c.checked_mul(d))
            && let Some(z) = x.checked_sub(y)
        {
            // exact division without a 128-bit divide: strip the power of two, multiply by the
            // inverse of the odd part modulo 2^128 (the quotient fits, so the result is exact)
            return Ok(if div.d == 1 { z } else { ((z >> div.shift) as u128).wrapping_mul(div.inv) as i128 });
        }
        let bound = ((a as f64) * (b as f64)).abs() + ((c as f64) * (d as f64)).abs();
        if bound / div.d_abs_f >= LIMIT {
            // The quotient might not fit: decide exactly.
            let q = (BigInt::from(a) * b - BigInt::from(c) * d) / div.d;
            return <i128 as Int>::from_big(&q).ok_or(Overflow);
        }
        let p = mul_wide(a, b);
        let r = mul_wide(c, d);
        let lo = p.1.wrapping_sub(r.1);
        let borrow = if p.1 < r.1 { 1 } else { 0 };
        let hi = p.0.wrapping_sub(r.0).wrapping_sub(borrow);
        let k = div.shift;
        let low = if k == 0 { lo } else { (lo >> k) | ((hi as u128) << (128 - k)) };
        Ok(low.wrapping_mul(div.inv) as i128)
    }
    #[inline]
    fn cmp_products(a: &i128, b: &i128, c: &i128, d: &i128) -> Ordering {
        if let (Some(x), Some(y)) = (a.checked_mul(*b), c.checked_mul(*d)) {
            return x.cmp(&y);
        }
        cmp_wide(mul_wide(*a, *b), mul_wide(*c, *d))
    }
    #[inline]
    fn add_mul_i64(acc: &mut i128, a: &i128, m: i64) -> Result<(), Overflow> {
        let v = a.checked_mul(m as i128).and_then(|p| acc.checked_add(p)).ok_or(Overflow)?;
        if v.unsigned_abs() >= I128_MAX_ENTRY {
            return Err(Overflow);
        }
        *acc = v;
        Ok(())
    }
    #[inline]
    fn mul_i64(a: &i128, m: i64) -> Result<i128, Overflow> {
        let v = a.checked_mul(m as i128).ok_or(Overflow)?;
        if v.unsigned_abs() >= I128_MAX_ENTRY {
            return Err(Overflow);
        }
        Ok(v)
    }
    #[inline]
    fn add_mul(acc: &mut i128, a: &i128, b: &i128) -> Result<(), Overflow> {
        let v = a.checked_mul(*b).and_then(|p| acc.checked_add(p)).ok_or(Overflow)?;
        if v.unsigned_abs() >= I128_MAX_ENTRY {
            return Err(Overflow);
        }
        *acc = v;
        Ok(())
    }
    fn negated(&self) -> Self {
        -*self
    }
}

/// A full tableau `D * B^{-1} [M | rhs]` over `nvars` variables and `rows` constraints.
#[derive(Clone, Debug)]
pub struct Tableau<T: Int> {
    pub rows: usize,
    pub nvars: usize,
    /// Row-major, `nvars + 1` columns; the last column is the right-hand side.
    pub t: Vec<T>,
    /// Basic variable of each row.
    pub basis: Vec<usize>,
    /// Row of each variable if basic.
    pub row_of: Vec<Option<usize>>,
    /// Current determinant (common denominator), always positive.
    pub det: T,
}

impl<T: Int> Tableau<T> {
    /// Builds `coef x + I s = 1` style systems: `cols[r][v]` gives row `r`; `basis[r]` is the
    /// variable whose column is the unit vector of row `r`; the right-hand side is all ones.
    pub fn new(rows: usize, nvars: usize, entries: Vec<T>, basis: Vec<usize>) -> Self {
        let mut row_of = vec![None; nvars];
        for (r, &v) in basis.iter().enumerate() {
            row_of[v] = Some(r);
        }
        Tableau { rows, nvars, t: entries, basis, row_of, det: T::int_one() }
    }

    #[inline]
    pub fn at(&self, r: usize, c: usize) -> &T {
        &self.t[r * (self.nvars + 1) + c]
    }

    #[inline]
    pub fn rhs(&self, r: usize) -> &T {
        &self.t[r * (self.nvars + 1) + self.nvars]
    }

    pub fn is_basic(&self, v: usize) -> bool {
        self.row_of[v].is_some()
    }

    /// Pivots variable `c` into the basis at row `r` (Bareiss step).
    pub fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let w = self.nvars + 1;
        let piv = self.t[r * w + c].clone();
        let div = T::divisor(&self.det);
        let prow: Vec<T> = self.t[r * w..(r + 1) * w].to_vec();
        for i in 0..self.rows {
            if i == r {
                continue;
            }
            let f = self.t[i * w + c].clone();
            let row = &mut self.t[i * w..(i + 1) * w];
            if f.is0() {
                // (x*piv - 0)/det
                for (j, x) in row.iter_mut().enumerate() {
                    if !x.is0() || j == c {
                        *x = T::mul_sub_div(x, &piv, &f, &prow[j], &self.det, &div)?;
                    }
                }
            } else {
                for (j, x) in row.iter_mut().enumerate() {
                    *x = T::mul_sub_div(x, &piv, &f, &prow[j], &self.det, &div)?;
                }
            }
        }
        let old = self.basis[r];
        self.row_of[old] = None;
        self.row_of[c] = Some(r);
        self.basis[r] = c;
        self.det = piv;
        Ok(())
    }

    /// Rows `r` with a positive entry in column `c` and the smallest ratio `rhs/entry`.
    pub fn min_ratio_rows(&self, c: usize, out: &mut Vec<usize>) {
        out.clear();
        for r in 0..self.rows {
            if self.at(r, c).sign() <= 0 {
                continue;
            }
            match out.first() {
                None => out.push(r),
                Some(&s) => {
                    // rhs_r / a_rc  vs  rhs_s / a_sc
                    match T::cmp_products(self.rhs(r), self.at(s, c), self.rhs(s), self.at(r, c)) {
                        Ordering::Less => {
                            out.clear();
                            out.push(r)
                        }
                        Ordering::Equal => out.push(r),
                        Ordering::Greater => {}
                    }
                }
            }
        }
    }

    /// Values (numerators over `det`) of variables `vars`, zero when nonbasic.
    pub fn values(&self, vars: std::ops::Range<usize>) -> Vec<T> {
        vars.map(|v| match self.row_of[v] {
            Some(r) => self.rhs(r).clone(),
            None => T::int_zero(),
        })
        .collect()
    }

    /// Bitmask of tight variables (nonbasic, or basic at zero).
    pub fn tight(&self) -> u128 {
        let mut m: u128 = 0;
        for v in 0..self.nvars {
            match self.row_of[v] {
                None => m |= 1 << v,
                Some(r) => {
                    if self.rhs(r).is0() {
                        m |= 1 << v
                    }
                }
            }
        }
        m
    }
}

/// Scales a rational matrix to integers and shifts it so that every entry is at least 1.
pub fn positive_integer_matrix(m: &[Vec<Rational>]) -> Vec<Vec<BigInt>> {
    let mut l: BigInt = One::one();
    for r in m {
        for x in r {
            l = l.lcm(x.denom());
        }
    }
    let ints: Vec<Vec<BigInt>> = m.iter().map(|r| r.iter().map(|x| x.numer() * (&l / x.denom())).collect()).collect();
    let min = ints.iter().flatten().min().cloned().unwrap_or_else(BigInt::zero);
    let shift: BigInt = <BigInt as One>::one() - min;
    ints.into_iter().map(|r| r.into_iter().map(|x| x + &shift).collect()).collect()
}

/// Normalises a nonnegative integer vector to exact probabilities.
pub fn to_probabilities<T: Int>(v: &[T]) -> Vec<Rational> {
    let s: BigInt = v.iter().map(|x| x.to_big()).sum();
    v.iter().map(|x| Rational::new(x.to_big(), s.clone())).collect()
}

/// Builds the two best-response polytope tableaux of the bimatrix game (A, B), both shifted
/// to positive integers. P: `B^T x + s = 1` with variables `x_0..x_m` (labels 0..m) then
/// `s_0..s_n` (labels m..m+n). Q: `r + A y = 1` with `r_0..r_m` (labels 0..m) then `y_0..y_n`.
pub fn polytopes<T: Int>(a: &[Vec<BigInt>], b: &[Vec<BigInt>]) -> Option<(Tableau<T>, Tableau<T>)> {
    let m = a.len();
    let n = a[0].len();
    let nv = m + n;
    let w = nv + 1;
    let mut p = vec![T::int_zero(); n * w];
    for j in 0..n {
        for i in 0..m {
            p[j * w + i] = T::from_big(&b[i][j])?;
        }
        p[j * w + m + j] = T::int_one();
        p[j * w + nv] = T::int_one();
    }
    let mut q = vec![T::int_zero(); m * w];
    for i in 0..m {
        q[i * w + i] = T::int_one();
        for j in 0..n {
            q[i * w + m + j] = T::from_big(&a[i][j])?;
        }
        q[i * w + nv] = T::int_one();
    }
    Some((Tableau::new(n, nv, p, (m..m + n).collect()), Tableau::new(m, nv, q, (0..m).collect())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_arithmetic_matches_bigint() {
        let vals: [i128; 7] = [
            1,
            -3,
            7_000_000_000_000_000_000_000,
            -(1i128 << 100) + 17,
            12345678901234567890123,
            -99,
            (1i128 << 120) - 1,
        ];
        for &a in &vals {
            for &b in &vals {
                for &c in &vals {
                    for &d in &vals {
                        let lhs = BigInt::from(a) * b;
                        let rhs = BigInt::from(c) * d;
                        assert_eq!(<i128 as Int>::cmp_products(&a, &b, &c, &d), lhs.cmp(&rhs));
                        for &e in &[1i128, 2, -6, 8, 1 << 40, 3 << 70] {
                            let diff = &lhs - &rhs;
                            if Zero::is_zero(&(&diff % BigInt::from(e))) {
                                let q = &diff / BigInt::from(e);
                                let got = <i128 as Int>::mul_sub_div(&a, &b, &c, &d, &e, &<i128 as Int>::divisor(&e));
                                match got {
                                    Ok(v) => assert_eq!(BigInt::from(v), q),
                                    Err(_) => assert!(<i128 as Int>::from_big(&q).is_none()),
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
