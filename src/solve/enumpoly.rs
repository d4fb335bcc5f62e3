//! Support enumeration with solution of the indifference systems (method name `enumpoly`).
//!
//! For every profile of supports, a Nash equilibrium with those supports solves the system
//! "each player is indifferent among the strategies in its support", which is multilinear in
//! the other players' probabilities (McKelvey and McLennan, "Computation of equilibria in finite
//! games", *Handbook of Computational Economics* 1 (1996) §6; Gambit's `enumpoly`; Porter,
//! Nudelman and Shoham, "Simple search methods for finding a Nash equilibrium", *GEB* 63 (2008)).
//!
//! Two players: the systems are linear, and every extreme equilibrium is a pair of vertices of
//! the players' best-response polyhedra (Avis, Rosenberg, Savani and von Stengel, "Enumeration of
//! Nash equilibria for two-player games", *Economic Theory* 42 (2010) §3). A vertex `x` is the
//! unique solution of "`x` is zero off its support `I`, sums to one, and makes the opponent
//! indifferent over its best responses `J`"; so every pair `(I, J)` with `|J| ≥ |I|` is solved in
//! floating point to screen, each surviving `(I, best responses)` is solved again exactly over
//! the rationals, and exact vertices are paired when each one's support lies in the other's best
//! responses. This lists every extreme equilibrium, degenerate games included, exactly.
//!
//! More players: each system is solved by damped Newton from a deterministic set of starting
//! points on the game rescaled to payoffs in [0, 1]; support profiles are visited in order of
//! increasing size, and a profile is skipped when one of its strategies is strictly dominated by
//! a pure strategy given the others' supports (Porter et al.'s conditional dominance). A
//! solution is kept when it is a probability profile whose regret is at most `opts.tolerance`
//! times the payoff range. This finds isolated equilibria but is not a proof of completeness,
//! which the result says in a note; continua are represented by points.

use super::logit::{lin_solve, offsets, values_and_cross};
use super::regret::Normalized;
use super::{Equilibrium, SolveError, SolveOptions, SolveResult, Stop, pure};
use crate::game::{NormalForm, Rational};
use num_traits::{Signed, Zero};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Simple deterministic generator (SplitMix64) for starting points.
struct Mix(u64);
impl Mix {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Newton's method on the indifference system for supports `sup`; returns a probability profile.
fn newton(game: &NormalForm, off: &[usize], sup: &[Vec<usize>], start: &[Vec<f64>]) -> Option<Vec<f64>> {
    let n = sup.len();
    let d: usize = sup.iter().map(|s| s.len() - 1).sum();
    let k = off[n];
    let build = |x: &[f64]| -> Vec<f64> {
        let mut p = vec![0.0; k];
        let mut c = 0;
        for i in 0..n {
            let mut rest = 1.0;
            for &a in &sup[i][1..] {
                p[off[i] + a] = x[c];
                rest -= x[c];
                c += 1;
            }
            p[off[i] + sup[i][0]] = rest;
        }
        p
    };
    let mut x: Vec<f64> = Vec::with_capacity(d);
    for i in 0..n {
        for &a in &sup[i][1..] {
            x.push(start[i][a]);
        }
    }
    for _ in 0..60 {
        let p = build(&x);
        let (u, cross) = values_and_cross(game, off, &p, true);
        let mut f = vec![0.0; d];
        let mut jac = vec![0.0; d * d];
        let mut r = 0;
        for i in 0..n {
            let a0 = off[i] + sup[i][0];
            for &a in &sup[i][1..] {
                let a = off[i] + a;
                f[r] = u[a] - u[a0];
                let mut c = 0;
                for j in 0..n {
                    let b0 = off[j] + sup[j][0];
                    for &b in &sup[j][1..] {
                        let b = off[j] + b;
                        if j != i {
                            jac[r * d + c] =
                                (cross[a * k + b] - cross[a * k + b0]) - (cross[a0 * k + b] - cross[a0 * k + b0]);
                        }
                        c += 1;
                    }
                }
                r += 1;
            }
        }
        let fn_ = f.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut step: Vec<f64> = f.iter().map(|v| -v).collect();
        if !lin_solve(&mut jac, &mut step, d) {
            return None;
        }
        let sn = step.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        // damp large steps
        let damp = if sn > 1.0 { 1.0 / sn } else { 1.0 };
        x.iter_mut().zip(&step).for_each(|(a, b)| *a += damp * b);
        if x.iter().any(|v| !v.is_finite() || v.abs() > 1e3) {
            return None;
        }
        if sn < 1e-14 && fn_ < 1e-9 {
            return Some(build(&x));
        }
    }
    let p = build(&x);
    let (u, _) = values_and_cross(game, off, &p, false);
    let ok = (0..n).all(|i| sup[i][1..].iter().all(|&a| (u[off[i] + a] - u[off[i] + sup[i][0]]).abs() < 1e-10));
    if ok { Some(p) } else { None }
}

/// Largest number of support pairs a two-player game may have (about a 12×12 game).
pub const MAX_PAIRS: f64 = 1.7e7;
/// Largest number of support profiles a game with more players may have (5 players with 4
/// actions have 759,375).
pub const MAX_PROFILES: f64 = 2.0e6;

/// Runs the method as a [`super::solve`] method.
pub fn solve_with(game: &NormalForm, opts: &SolveOptions) -> Result<SolveResult, SolveError> {
    if game.shape().len() == 2 { two_player(game, opts) } else { n_player(game, opts) }
}

/// The equilibria only (see [`solve_with`]).
pub fn solve(game: &NormalForm, opts: &SolveOptions) -> Result<Vec<Equilibrium>, SolveError> {
    Ok(solve_with(game, opts)?.equilibria)
}

/// Reports progress at most five times a second.
struct Ticker(Instant);
impl Ticker {
    fn due(&mut self) -> bool {
        if self.0.elapsed() >= Duration::from_millis(200) {
            self.0 = Instant::now();
            true
        } else {
            false
        }
    }
}

fn members(mask: u64, k: usize) -> Vec<usize> {
    (0..k).filter(|&a| mask >> a & 1 == 1).collect()
}

/// The unique solution `(z on own, v)` of "`z` is zero off `own`, sums to one, and
/// `Σ_i m[i][j] z_i = v` for every `j` in `other`", in floating point; `None` when the system is
/// inconsistent or its solution is not unique. `m[i][j]` is the opponent's payoff.
fn vertex_f64(m: &[Vec<f64>], own: &[usize], other: &[usize]) -> Option<Vec<f64>> {
    let cols = own.len() + 1;
    let rows = other.len() + 1;
    let w = cols + 1;
    let mut a = vec![0.0; rows * w];
    for (r, &j) in other.iter().enumerate() {
        for (c, &i) in own.iter().enumerate() {
            a[r * w + c] = m[i][j];
        }
        a[r * w + own.len()] = -1.0;
    }
    for c in 0..own.len() {
        a[other.len() * w + c] = 1.0;
    }
    a[other.len() * w + cols] = 1.0;
    const EPS: f64 = 1e-11;
    for c in 0..cols {
        let p = (c..rows).max_by(|&r, &s| a[r * w + c].abs().total_cmp(&a[s * w + c].abs()))?;
        if a[p * w + c].abs() < EPS {
            return None;
        }
        if p != c {
            for j in 0..w {
                a.swap(p * w + j, c * w + j);
            }
        }
        let d = a[c * w + c];
        for r in 0..rows {
            if r != c {
                let f = a[r * w + c] / d;
                if f != 0.0 {
                    for j in c..w {
                        a[r * w + j] -= f * a[c * w + j];
                    }
                }
            }
        }
    }
    if (cols..rows).any(|r| a[r * w + cols].abs() > 1e-9) {
        return None;
    }
    Some((0..cols).map(|c| a[c * w + cols] / a[c * w + c]).collect())
}

/// The same system solved exactly; `None` when inconsistent or not unique.
fn vertex_exact(m: &[Vec<Rational>], own: &[usize], other: &[usize]) -> Option<Vec<Rational>> {
    let cols = own.len() + 1;
    let rows = other.len() + 1;
    let one = Rational::from_integer(1.into());
    let mut a: Vec<Vec<Rational>> = other
        .iter()
        .map(|&j| {
            let mut row: Vec<Rational> = own.iter().map(|&i| m[i][j].clone()).collect();
            row.push(-one.clone());
            row.push(Rational::zero());
            row
        })
        .collect();
    let mut last = vec![one.clone(); own.len()];
    last.push(Rational::zero());
    last.push(one);
    a.push(last);
    for c in 0..cols {
        let p = (c..rows).find(|&r| !a[r][c].is_zero())?;
        a.swap(c, p);
        let d = a[c][c].clone();
        for r in 0..rows {
            if r != c && !a[r][c].is_zero() {
                let f = &a[r][c] / &d;
                for j in c..=cols {
                    let t = &f * &a[c][j];
                    a[r][j] -= t;
                }
            }
        }
    }
    if (cols..rows).any(|r| !a[r][cols].is_zero()) {
        return None;
    }
    Some((0..cols).map(|c| &a[c][cols] / &a[c][c]).collect())
}

/// One vertex of a best-response polyhedron: a strategy, its support and the opponent's best
/// responses to it, as bit masks.
struct Vertex {
    strategy: Vec<Rational>,
    support: u64,
    best: u64,
}

/// Every vertex `x` of the polyhedron of strategies over `k_own` actions against an opponent
/// with payoffs `m` (own × other); `None` when the budget stopped the search.
#[allow(clippy::too_many_arguments)] // the counters and the ticker are shared by both players' passes
fn vertices(
    m_exact: &[Vec<Rational>],
    m: &[Vec<f64>],
    k_own: usize,
    k_other: usize,
    opts: &SolveOptions,
    side: &str,
    done: &mut u64,
    total: f64,
    tick: &mut Ticker,
) -> Result<Vec<Vertex>, (Vec<Vertex>, Stop)> {
    let mut seen: BTreeMap<(u64, u64), ()> = BTreeMap::new();
    let mut out: Vec<Vertex> = Vec::new();
    for own_mask in 1u64..(1u64 << k_own) {
        let own = members(own_mask, k_own);
        for other_mask in 1u64..(1u64 << k_other) {
            *done += 1;
            if *done & 1023 == 0 {
                if let Err(stop) = opts.budget.check_memory(out.len() * (k_own * 48 + 64)) {
                    return Err((out, stop));
                }
                if tick.due() {
                    opts.budget.report(&format!("enumpoly: {side} support pair {done} of {total:.0}"));
                }
            }
            if (other_mask.count_ones() as usize) < own.len() {
                continue;
            }
            let other = members(other_mask, k_other);
            let Some(z) = vertex_f64(m, &own, &other) else { continue };
            if z[..own.len()].iter().any(|&p| p <= 1e-12) {
                continue;
            }
            // The opponent's best responses to z, with a floating-point tolerance; the exact
            // check follows.
            let v = z[own.len()];
            let mut best = 0u64;
            let mut ok = true;
            for j in 0..k_other {
                let val: f64 = own.iter().zip(&z).map(|(&i, p)| m[i][j] * p).sum();
                if val > v + 1e-9 {
                    ok = false;
                    break;
                }
                if val >= v - 1e-9 {
                    best |= 1 << j;
                }
            }
            if !ok || best & other_mask != other_mask || seen.insert((own_mask, best), ()).is_some() {
                continue;
            }
            // Exact: the system on the whole best-response set determines the vertex.
            let Some(ze) = vertex_exact(m_exact, &own, &members(best, k_other)) else { continue };
            if ze[..own.len()].iter().any(|p| !p.is_positive()) {
                continue;
            }
            let mut x = vec![Rational::zero(); k_own];
            for (&i, p) in own.iter().zip(&ze) {
                x[i] = p.clone();
            }
            let vals: Vec<Rational> =
                (0..k_other).map(|j| own.iter().map(|&i| &m_exact[i][j] * &x[i]).sum::<Rational>()).collect();
            let top = vals.iter().max().expect("the opponent has an action").clone();
            let best_exact = (0..k_other).filter(|&j| vals[j] == top).fold(0u64, |b, j| b | 1 << j);
            if out.iter().any(|w| w.strategy == x) {
                continue;
            }
            out.push(Vertex { strategy: x, support: own_mask, best: best_exact });
        }
    }
    Ok(out)
}

/// Two players: every extreme equilibrium, exactly (see the module documentation).
fn two_player(game: &NormalForm, opts: &SolveOptions) -> Result<SolveResult, SolveError> {
    let (a, b) = game.exact_bimatrix().expect("two players");
    let (m, n) = (a.len(), a[0].len());
    let pairs = 2.0 * (2f64.powi(m as i32) - 1.0) * (2f64.powi(n as i32) - 1.0);
    if pairs > MAX_PAIRS || m > 40 || n > 40 {
        return Err(SolveError::TooLarge {
            method: "enumpoly",
            detail: format!(
                "{m}×{n} has {} support pairs to solve, the limit is {MAX_PAIRS:.0} (about 12×12); use enummixed for \
                 every equilibrium of a smaller game, or lcp for one equilibrium of a larger one",
                crate::solve::support::count_text(pairs)
            ),
        });
    }
    let norm = Normalized::new(game);
    let (af, bf) = {
        let g = &norm.game;
        let af: Vec<Vec<f64>> = (0..m).map(|i| (0..n).map(|j| g.payoff(&[i, j], 0)).collect()).collect();
        let bf: Vec<Vec<f64>> = (0..m).map(|i| (0..n).map(|j| g.payoff(&[i, j], 1)).collect()).collect();
        (af, bf)
    };
    // The row player's strategies x make the column player (payoffs b, rows × columns)
    // indifferent; the column player's y make the row player (payoffs a transposed) indifferent.
    let at: Vec<Vec<Rational>> = (0..n).map(|j| (0..m).map(|i| a[i][j].clone()).collect()).collect();
    let aft: Vec<Vec<f64>> = (0..n).map(|j| (0..m).map(|i| af[i][j]).collect()).collect();
    let mut res = SolveResult::default();
    let mut done = 0u64;
    let mut tick = Ticker(Instant::now());
    let xs = match vertices(&b, &bf, m, n, opts, "row", &mut done, pairs, &mut tick) {
        Ok(v) => v,
        Err((v, stop)) => {
            res.incomplete = Some(stop);
            v
        }
    };
    let ys = if res.incomplete.is_none() {
        match vertices(&at, &aft, n, m, opts, "column", &mut done, pairs, &mut tick) {
            Ok(v) => v,
            Err((v, stop)) => {
                res.incomplete = Some(stop);
                v
            }
        }
    } else {
        Vec::new()
    };
    let mut eqs: Vec<Vec<Vec<Rational>>> = Vec::new();
    for x in &xs {
        for y in &ys {
            if y.support & !x.best == 0 && x.support & !y.best == 0 {
                eqs.push(vec![x.strategy.clone(), y.strategy.clone()]);
            }
        }
    }
    super::sort_exact(&mut eqs);
    res.equilibria = eqs.into_iter().map(|e| Equilibrium::from_exact(game, e)).collect();
    // Exact equilibria have regret 0; the check guards the construction.
    res.equilibria.retain(|e| e.max_regret == 0.0);
    if res.incomplete.is_some() {
        res.notes.push("enumpoly: stopped early; the list may be incomplete".into());
    }
    Ok(res)
}

/// Whether some action in `sup[i]` is strictly dominated by another action of player `i` when
/// every opponent is restricted to its support (conditional dominance).
fn conditionally_dominated(game: &NormalForm, sup: &[Vec<usize>]) -> bool {
    let shape = game.shape();
    let n = shape.len();
    let sizes: Vec<usize> = sup.iter().map(|s| s.len()).collect();
    for i in 0..n {
        let others: usize = (0..n).filter(|&j| j != i).map(|j| sizes[j]).product();
        for &a in &sup[i] {
            'rival: for b in 0..shape[i] {
                if b == a {
                    continue;
                }
                let mut prof = vec![0usize; n];
                let mut pos = vec![0usize; n];
                for c in 0..others {
                    let mut rest = c;
                    for j in 0..n {
                        if j != i {
                            pos[j] = rest % sizes[j];
                            rest /= sizes[j];
                            prof[j] = sup[j][pos[j]];
                        }
                    }
                    prof[i] = a;
                    let ua = game.payoff(&prof, i);
                    prof[i] = b;
                    if game.payoff(&prof, i) <= ua {
                        continue 'rival;
                    }
                }
                return true;
            }
        }
    }
    false
}

/// Support profiles of an n-player game, by increasing total size, then lexicographically.
fn support_profiles(shape: &[usize]) -> Vec<Vec<u64>> {
    let mut all: Vec<Vec<u64>> = vec![vec![]];
    for &k in shape {
        all = all.into_iter().flat_map(|p| (1u64..(1u64 << k)).map(move |m| [p.clone(), vec![m]].concat())).collect();
    }
    all.sort_by_key(|p| p.iter().map(|m| m.count_ones()).sum::<u32>());
    all
}

/// Three or more players: numerical solution of the indifference systems.
fn n_player(game: &NormalForm, opts: &SolveOptions) -> Result<SolveResult, SolveError> {
    let shape = game.shape().to_vec();
    let n = shape.len();
    let count: f64 = shape.iter().map(|&k| 2f64.powi(k as i32) - 1.0).product();
    if count > MAX_PROFILES || shape.iter().any(|&k| k > 20) {
        return Err(SolveError::TooLarge {
            method: "enumpoly",
            detail: format!("{count:.0} support profiles, the limit is {MAX_PROFILES:.0} (5 players with 4 actions)"),
        });
    }
    let norm = Normalized::new(game);
    let g = &norm.game;
    let off = offsets(&shape);
    let mut res = SolveResult::default();
    let mut found: Vec<Equilibrium> = pure::solve(game);
    let tol = opts.tolerance.max(1e-12) * norm.scale();
    let mut rng = Mix(0x5EED);
    let mut tick = Ticker(Instant::now());
    let profiles = support_profiles(&shape);
    let total = profiles.len();
    for (done, masks) in profiles.into_iter().enumerate() {
        if let Err(stop) = opts.budget.check_memory(found.len() * 256) {
            res.incomplete = Some(stop);
            break;
        }
        if tick.due() {
            opts.budget.report(&format!("enumpoly: support profile {done} of {total}, {} found", found.len()));
        }
        let sup: Vec<Vec<usize>> = (0..n).map(|i| members(masks[i], shape[i])).collect();
        let d: usize = sup.iter().map(|s| s.len() - 1).sum();
        if d == 0 || conditionally_dominated(g, &sup) {
            continue;
        }
        let starts = (4usize << d.min(4)).min(64);
        for _ in 0..starts {
            let start: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    let mut v = vec![0.0; shape[i]];
                    let mut s = 0.0;
                    for &a in &sup[i] {
                        v[a] = -(rng.next().max(1e-12)).ln();
                        s += v[a];
                    }
                    v.iter_mut().for_each(|x| *x /= s);
                    v
                })
                .collect();
            let Some(p) = newton(g, &off, &sup, &start) else { continue };
            if p.iter().any(|&x| x < -1e-9) {
                continue;
            }
            let prof: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    let v: Vec<f64> = p[off[i]..off[i + 1]].iter().map(|x| x.max(0.0)).collect();
                    let s: f64 = v.iter().sum();
                    v.into_iter().map(|x| x / s).collect()
                })
                .collect();
            if norm.max_regret(&prof) > tol {
                continue;
            }
            let dup = found
                .iter()
                .any(|e| e.profile.iter().flatten().zip(prof.iter().flatten()).all(|(a, b)| (a - b).abs() < 1e-7));
            if !dup {
                found.push(norm.equilibrium(prof));
            }
        }
    }
    found.sort_by(|a, b| {
        let fa: Vec<f64> = a.profile.iter().flatten().copied().collect();
        let fb: Vec<f64> = b.profile.iter().flatten().copied().collect();
        fb.partial_cmp(&fa).unwrap_or(std::cmp::Ordering::Equal)
    });
    // Every listed profile meets the tolerance (pure ones are exact).
    found.retain(|e| e.max_regret <= tol);
    res.equilibria = found;
    res.notes.push(if res.incomplete.is_some() {
        "enumpoly: stopped early; the list may be incomplete".into()
    } else {
        "enumpoly: with three or more players the systems are solved numerically from finitely many starting points; isolated equilibria can be missed and continua are shown by points".into()
    });
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bos_three_equilibria() {
        let g = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let e = solve(&g, &SolveOptions::default()).unwrap();
        assert_eq!(e.len(), 3);
        assert!((e[1].profile[0][0] - 0.6).abs() < 1e-12);
    }
}
