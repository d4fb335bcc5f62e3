//! Every extreme Nash equilibrium of a bimatrix game by vertex enumeration, and the connected
//! components of the equilibrium set as unions of maximal cliques.
//!
//! Avis, Rosenberg, Savani and von Stengel, "Enumeration of Nash equilibria for two-player
//! games", *Economic Theory* 42 (2010) 9–37: the extreme equilibria are the completely labelled
//! pairs of vertices of the best-response polytopes `P = {x ≥ 0 : Bᵀx ≤ 1}` and
//! `Q = {y ≥ 0 : Ay ≤ 1}` (payoffs shifted positive); §6 gives the clique description of the
//! components (Gambit's `EnumMixed` "convex components").
//!
//! Vertices are found by a depth-first search over all feasible bases with exact integer
//! (Bareiss) pivots, so degenerate polytopes lose no vertex: every vertex, with the full set of
//! its tight labels, is reached, and pairs are matched on labels with bit masks. Arithmetic is
//! `i128` with a `BigInt` restart on overflow.

use super::budget::{Budget, Stop};
use super::tableau::{Int, Overflow, Tableau, polytopes, positive_integer_matrix, to_probabilities};
use super::{Clique, Component, Equilibrium, Reporter, SolveError, SolveResult};
use crate::game::{NormalForm, Rational};
use num_bigint::BigInt;
use std::collections::{HashMap, HashSet};

/// Multiplicative hasher for the `u128` masks (SipHash dominates otherwise).
#[derive(Default)]
struct MaskHasher(u64);

impl std::hash::Hasher for MaskHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
        }
    }
    fn write_u128(&mut self, x: u128) {
        let h = (x as u64) ^ ((x >> 64) as u64).rotate_left(29);
        self.0 = (self.0 ^ h).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 ^= self.0 >> 32;
    }
}

type MaskSet = HashSet<u128, std::hash::BuildHasherDefault<MaskHasher>>;

/// Most labels (`m + n`) the method handles: tight-label sets are 128-bit masks.
pub const MAX_LABELS: usize = 128;

/// Refuse, when the budget sets no time limit, games whose estimated enumeration takes longer.
const DEFAULT_MAX_SECONDS: f64 = 600.0;
/// Refuse, when the budget sets no memory ceiling, games whose estimated stores are larger.
const DEFAULT_MAX_BYTES: f64 = 8.0e9;

/// Why a vertex enumeration ended early.
enum Halt {
    /// An entry outgrew the machine integers: run this polytope again in big integers.
    Overflow,
    Stop(Stop),
}

impl From<Overflow> for Halt {
    fn from(_: Overflow) -> Self {
        Halt::Overflow
    }
}

/// The vertices of one polytope: tight-label masks and coordinates (over a common denominator).
enum Keys {
    Machine(Vec<Vec<i128>>),
    Big(Vec<Vec<BigInt>>),
}

struct Vertices {
    labels: Vec<u128>,
    keys: Keys,
}

impl Vertices {
    fn nonzero(&self, i: usize) -> bool {
        match &self.keys {
            Keys::Machine(k) => k[i].iter().any(|x| *x != 0),
            Keys::Big(k) => k[i].iter().any(|x| !x.is0()),
        }
    }

    fn probabilities(&self, i: usize) -> Vec<Rational> {
        match &self.keys {
            Keys::Machine(k) => to_probabilities(&k[i]),
            Keys::Big(k) => to_probabilities(&k[i]),
        }
    }
}

/// Tight-label masks and coordinates of the vertices found.
type Found<T> = (Vec<u128>, Vec<Vec<T>>);

/// Estimated bytes kept per vertex of a polytope with `dim` coordinates (coordinates, masks,
/// and the hash sets of seen masks and visited bases).
fn bytes_per_vertex(dim: usize) -> usize {
    dim * 16 + 24 + 16 + 2 * 24
}

/// All vertices of the polytope in `tab` (coordinates are the variables `coords`), or those
/// found before the budget stopped the search.
///
/// A vertex is identified by its set of tight constraints (the point is the unique solution of
/// them), so the tight-label mask is the deduplication key and no gcd reduction is needed.
fn vertices<T: Int>(
    tab: &mut Tableau<T>,
    coords: std::ops::Range<usize>,
    budget: &Budget,
    reporter: &mut Reporter,
    stored_before: usize,
) -> Result<Found<T>, (Halt, Found<T>)> {
    let mut seen_labels = MaskSet::default();
    let mut labels: Vec<u128> = Vec::new();
    let mut keys: Vec<Vec<T>> = Vec::new();
    let mut record = |tab: &Tableau<T>, labels: &mut Vec<u128>, keys: &mut Vec<Vec<T>>| {
        let l = tab.tight();
        if seen_labels.insert(l) {
            labels.push(l);
            keys.push(tab.values(coords.clone()));
        }
    };
    let mut mask: u128 = tab.basis.iter().fold(0, |m, &v| m | (1u128 << v));
    let mut visited = MaskSet::default();
    visited.insert(mask);
    record(tab, &mut labels, &mut keys);
    struct Frame {
        cands: Vec<(usize, usize)>,
        next: usize,
        undo: Option<(usize, usize)>,
    }
    let mut buf = Vec::new();
    let candidates = |tab: &Tableau<T>, buf: &mut Vec<usize>| {
        let mut c = Vec::new();
        for v in 0..tab.nvars {
            if tab.is_basic(v) {
                continue;
            }
            tab.min_ratio_rows(v, buf);
            for &r in buf.iter() {
                c.push((r, v));
            }
        }
        c
    };
    let per_vertex = bytes_per_vertex(coords.len());
    let mut steps: usize = 0;
    let mut stack = vec![Frame { cands: candidates(tab, &mut buf), next: 0, undo: None }];
    while let Some(frame) = stack.last_mut() {
        steps += 1;
        if steps % 256 == 1 {
            let bytes = stored_before + labels.len() * per_vertex + visited.len() * 24;
            if let Err(stop) = budget.check_memory(bytes) {
                return Err((Halt::Stop(stop), (labels, keys)));
            }
            reporter.tick(budget, || format!("enummixed: {} vertices, {} bases", labels.len(), visited.len()));
        }
        if frame.next < frame.cands.len() {
            let (r, c) = frame.cands[frame.next];
            frame.next += 1;
            let left = tab.basis[r];
            let new_mask = mask ^ (1u128 << c) ^ (1u128 << left);
            if !visited.insert(new_mask) {
                continue;
            }
            if tab.pivot(r, c).is_err() {
                return Err((Halt::Overflow, (labels, keys)));
            }
            mask = new_mask;
            record(tab, &mut labels, &mut keys);
            let cands = candidates(tab, &mut buf);
            stack.push(Frame { cands, next: 0, undo: Some((r, left)) });
        } else {
            let f = stack.pop().unwrap();
            if let Some((r, left)) = f.undo {
                let c = tab.basis[r];
                if tab.pivot(r, left).is_err() {
                    return Err((Halt::Overflow, (labels, keys)));
                }
                mask ^= (1u128 << c) ^ (1u128 << left);
            }
        }
    }
    Ok((labels, keys))
}

/// The vertices of P (`first`) or Q, in `i128` and, if that overflows, again in big integers;
/// and the reason for stopping early, if the budget did.
fn enumerate(
    a: &[Vec<BigInt>],
    b: &[Vec<BigInt>],
    first: bool,
    budget: &Budget,
    reporter: &mut Reporter,
    stored_before: usize,
) -> (Vertices, Option<Stop>) {
    let (m, n) = (a.len(), a[0].len());
    let coords = if first { 0..m } else { m..m + n };
    if let Some((p, q)) = polytopes::<i128>(a, b) {
        let mut tab = if first { p } else { q };
        match vertices(&mut tab, coords.clone(), budget, reporter, stored_before) {
            Ok((labels, keys)) => return (Vertices { labels, keys: Keys::Machine(keys) }, None),
            Err((Halt::Stop(stop), (labels, keys))) => {
                return (Vertices { labels, keys: Keys::Machine(keys) }, Some(stop));
            }
            Err((Halt::Overflow, ..)) => {}
        }
    }
    let (p, q) = polytopes::<BigInt>(a, b).expect("BigInt holds any entry");
    let mut tab = if first { p } else { q };
    match vertices(&mut tab, coords, budget, reporter, stored_before) {
        Ok((labels, keys)) => (Vertices { labels, keys: Keys::Big(keys) }, None),
        Err((Halt::Stop(stop), (labels, keys))) => (Vertices { labels, keys: Keys::Big(keys) }, Some(stop)),
        Err((Halt::Overflow, ..)) => unreachable!("BigInt does not overflow"),
    }
}

/// Extreme equilibria as pairs of exact strategies, plus the vertex ids of each.
struct Raw {
    xs: Vec<Vec<Rational>>,
    ys: Vec<Vec<Rational>>,
    pairs: Vec<(usize, usize)>,
}

/// Enumerates both polytopes and matches completely labelled pairs.
fn extreme(a: &[Vec<BigInt>], b: &[Vec<BigInt>], budget: &Budget) -> (Raw, Option<Stop>) {
    let m = a.len();
    let n = a[0].len();
    let mut reporter = Reporter::new();
    let (vp, stop) = enumerate(a, b, true, budget, &mut reporter, 0);
    if stop.is_some() {
        return (Raw { xs: Vec::new(), ys: Vec::new(), pairs: Vec::new() }, stop);
    }
    let (vq, stop) = enumerate(a, b, false, budget, &mut reporter, vp.labels.len() * bytes_per_vertex(m));
    let full: u128 = if m + n == 128 { u128::MAX } else { (1u128 << (m + n)) - 1 };
    let ip: Vec<usize> = (0..vp.labels.len()).filter(|&i| vp.nonzero(i)).collect();
    let iq: Vec<usize> = (0..vq.labels.len()).filter(|&j| vq.nonzero(j)).collect();
    let mut pairs = Vec::new();
    let mut used_x = vec![usize::MAX; ip.len()];
    let mut used_y = vec![usize::MAX; iq.len()];
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    // Q's vertices with exactly n tight labels are matched through a hash map on the mask (a
    // partner of u must then carry exactly the labels u misses); the degenerate ones are scanned.
    let mut simple: HashMap<u128, usize, std::hash::BuildHasherDefault<MaskHasher>> = HashMap::default();
    let mut degenerate: Vec<usize> = Vec::new();
    for (j, &v) in iq.iter().enumerate() {
        if vq.labels[v].count_ones() as usize == n {
            simple.insert(vq.labels[v], j);
        } else {
            degenerate.push(j);
        }
    }
    let mut partners: Vec<usize> = Vec::new();
    for (i, &u) in ip.iter().enumerate() {
        let ul = vp.labels[u];
        let need = full & !ul;
        partners.clear();
        if ul.count_ones() as usize > m {
            // a degenerate u needs fewer than n labels from its partner: scan them all
            partners.extend((0..iq.len()).filter(|&j| vq.labels[iq[j]] & need == need));
        } else {
            if let Some(&j) = simple.get(&need) {
                partners.push(j);
            }
            partners.extend(degenerate.iter().copied().filter(|&j| vq.labels[iq[j]] & need == need));
        }
        partners.sort_unstable();
        for &j in &partners {
            if used_x[i] == usize::MAX {
                used_x[i] = xs.len();
                xs.push(vp.probabilities(u));
            }
            if used_y[j] == usize::MAX {
                used_y[j] = ys.len();
                ys.push(vq.probabilities(iq[j]));
            }
            pairs.push((used_x[i], used_y[j]));
        }
    }
    (Raw { xs, ys, pairs }, stop)
}

/// Exact extreme equilibria, as (row strategy, column strategy) pairs in deterministic order.
/// Distinct row strategies, distinct column strategies, and the equilibrium pairs of their indices.
pub type Extreme = (Vec<Vec<Rational>>, Vec<Vec<Rational>>, Vec<(usize, usize)>);

fn extreme_within(game: &NormalForm, budget: &Budget) -> (Extreme, Option<Stop>) {
    let (a, b) = game.exact_bimatrix().expect("two players");
    let a = positive_integer_matrix(&a);
    let b = positive_integer_matrix(&b);
    let (Raw { xs, ys, mut pairs }, stop) = extreme(&a, &b, budget);
    pairs.sort_by(|p, q| (&xs[q.0], &ys[q.1]).cmp(&(&xs[p.0], &ys[p.1])));
    ((xs, ys, pairs), stop)
}

pub fn extreme_equilibria(game: &NormalForm) -> Extreme {
    extreme_within(game, &Budget::unlimited()).0
}

/// The upper bound theorem (McMullen 1970): the most vertices a `d`-dimensional polytope with
/// `f` facets can have.
fn upper_bound_vertices(d: usize, f: usize) -> f64 {
    let binom = |n: usize, k: usize| -> f64 {
        if k > n {
            return 0.0;
        }
        (0..k).fold(1.0f64, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
    };
    if d == 0 {
        return 1.0;
    }
    let (lo, hi) = (d / 2, d.div_ceil(2));
    binom(f - hi, lo) + binom(f - lo - 1, hi - 1)
}

/// Estimated vertices, seconds and bytes of the enumeration for an `m x n` game: the upper
/// bound on the vertices of each best-response polytope, at the speed and size per vertex
/// measured on random games (see BENCHMARKS.md).
pub fn estimate(m: usize, n: usize) -> (f64, f64, f64) {
    let vp = upper_bound_vertices(m, m + n);
    let vq = upper_bound_vertices(n, m + n);
    let seconds = (vp * m as f64 + vq * n as f64) * SECONDS_PER_VERTEX_COORD;
    let bytes = vp * bytes_per_vertex(m) as f64 + vq * bytes_per_vertex(n) as f64;
    (vp + vq, seconds, bytes)
}

/// The fastest the stores grow (bytes per second), a bound above what was measured.
const MAX_BYTES_PER_SECOND: f64 = 1.0e8;

/// Measured cost of one vertex per coordinate (a pivot is about `rows x (m + n)` steps).
const SECONDS_PER_VERTEX_COORD: f64 = 2.0e-7;

/// Runs the method within `budget`: extreme equilibria with exact regret, and the components.
/// Refuses games beyond [`MAX_LABELS`] labels, and games whose estimated enumeration exceeds
/// ten minutes or 8 GB when the budget sets no limit of its own.
pub fn run(game: &NormalForm, budget: &Budget) -> Result<SolveResult, SolveError> {
    let (m, n) = (game.shape()[0], game.shape()[1]);
    if m + n > MAX_LABELS {
        return Err(SolveError::TooLarge {
            method: "enummixed",
            detail: format!(
                "{m}x{n} has {} labels, the limit is m + n = {MAX_LABELS}; use lcp (Lemke–Howson, \
                 one equilibrium or one per label) or logit",
                m + n
            ),
        });
    }
    let (vertices, seconds, bytes) = estimate(m, n);
    // A time limit also bounds the memory the search can fill before it stops.
    let remaining = budget.deadline.map(|d| d.saturating_duration_since(std::time::Instant::now()).as_secs_f64());
    let reachable_bytes = remaining.map_or(bytes, |s| bytes.min(s * MAX_BYTES_PER_SECOND));
    let too_slow = remaining.is_none() && seconds > DEFAULT_MAX_SECONDS;
    let too_big = budget.max_bytes.is_none() && reachable_bytes > DEFAULT_MAX_BYTES;
    if too_slow || too_big {
        return Err(SolveError::TooLarge {
            method: "enummixed",
            detail: format!(
                "{m}x{n} may have up to {vertices:.2e} vertices to enumerate, an estimated {} and {:.1} GB, \
                 beyond the limits of {DEFAULT_MAX_SECONDS:.0} s and {:.0} GB; use lcp (Lemke–Howson) or logit, \
                 or set a time limit or memory ceiling to run it anyway and keep what it finds",
                human_seconds(seconds),
                bytes / 1e9,
                DEFAULT_MAX_BYTES / 1e9
            ),
        });
    }
    let ((xs, ys, pairs), incomplete) = extreme_within(game, budget);
    let mut res = assemble(game, xs, ys, pairs);
    res.incomplete = incomplete;
    Ok(res)
}

fn human_seconds(s: f64) -> String {
    if s < 120.0 {
        format!("{s:.0} s")
    } else if s < 7200.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 2.0 * 86400.0 {
        format!("{:.0} h", s / 3600.0)
    } else {
        format!("{:.1e} days", s / 86400.0)
    }
}

/// Maximal bicliques of the bipartite graph `pairs` (x ids, y ids), grouped by connected component.
pub fn components(pairs: &[(usize, usize)]) -> Vec<Vec<(Vec<usize>, Vec<usize>)>> {
    // union-find over equilibria sharing an x or a y
    let k = pairs.len();
    let mut parent: Vec<usize> = (0..k).collect();
    fn find(p: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while p[r] != r {
            r = p[r];
        }
        let mut j = i;
        while p[j] != r {
            let n = p[j];
            p[j] = r;
            j = n;
        }
        r
    }
    for i in 0..k {
        for j in 0..i {
            if pairs[i].0 == pairs[j].0 || pairs[i].1 == pairs[j].1 {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut root_group: HashMap<usize, usize> = HashMap::new();
    for i in 0..k {
        let r = find(&mut parent, i);
        let g = *root_group.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    let mut out = Vec::new();
    for g in groups {
        let mut xs: Vec<usize> = g.iter().map(|&e| pairs[e].0).collect();
        xs.sort();
        xs.dedup();
        let edges: HashSet<(usize, usize)> = g.iter().map(|&e| pairs[e]).collect();
        let nbr = |x: usize| -> Vec<usize> {
            let mut v: Vec<usize> = g.iter().filter(|&&e| pairs[e].0 == x).map(|&e| pairs[e].1).collect();
            v.sort();
            v.dedup();
            v
        };
        // Y-sides of maximal bicliques: all nonempty intersections of neighbourhoods.
        let mut ysides: Vec<Vec<usize>> = Vec::new();
        let mut frontier: Vec<Vec<usize>> = xs.iter().map(|&x| nbr(x)).collect();
        let mut set: HashSet<Vec<usize>> = HashSet::new();
        while let Some(s) = frontier.pop() {
            if s.is_empty() || !set.insert(s.clone()) {
                continue;
            }
            for t in ysides.clone() {
                let i: Vec<usize> = s.iter().copied().filter(|y| t.contains(y)).collect();
                if !i.is_empty() && !set.contains(&i) {
                    frontier.push(i);
                }
            }
            ysides.push(s);
        }
        let mut cliques: Vec<(Vec<usize>, Vec<usize>)> = ysides
            .into_iter()
            .map(|ys| {
                let xside: Vec<usize> =
                    xs.iter().copied().filter(|&x| ys.iter().all(|&y| edges.contains(&(x, y)))).collect();
                (xside, ys)
            })
            .collect();
        // keep only maximal ones
        let snapshot = cliques.clone();
        cliques.retain(|(cx, cy)| {
            !snapshot.iter().any(|(dx, dy)| {
                (dx.len() > cx.len() || dy.len() > cy.len())
                    && cx.iter().all(|x| dx.contains(x))
                    && cy.iter().all(|y| dy.contains(y))
            })
        });
        cliques.sort();
        cliques.dedup();
        out.push(cliques);
    }
    out
}

/// Builds the result: extreme equilibria with exact regret, and the components.
fn assemble(
    game: &NormalForm,
    xs: Vec<Vec<Rational>>,
    ys: Vec<Vec<Rational>>,
    pairs: Vec<(usize, usize)>,
) -> SolveResult {
    let equilibria: Vec<Equilibrium> =
        pairs.iter().map(|&(i, j)| Equilibrium::from_exact(game, vec![xs[i].clone(), ys[j].clone()])).collect();
    let comps = components(&pairs)
        .into_iter()
        .map(|cl| Component {
            cliques: cl
                .into_iter()
                .map(|(cx, cy)| {
                    let mut eqs: Vec<usize> = pairs
                        .iter()
                        .enumerate()
                        .filter(|(_, (x, y))| cx.contains(x) && cy.contains(y))
                        .map(|(k, _)| k)
                        .collect();
                    eqs.sort();
                    Clique {
                        equilibria: eqs,
                        row: cx.iter().map(|&x| xs[x].clone()).collect(),
                        col: cy.iter().map(|&y| ys[y].clone()).collect(),
                    }
                })
                .collect(),
        })
        .collect();
    SolveResult { equilibria, components: comps, ..Default::default() }
}

/// Runs the method without limits: extreme equilibria with exact regret, and the components.
pub fn solve(game: &NormalForm) -> SolveResult {
    let ((xs, ys, pairs), _) = extreme_within(game, &Budget::unlimited());
    assemble(game, xs, ys, pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::rational;

    fn show(e: &Equilibrium) -> String {
        e.exact
            .as_ref()
            .unwrap()
            .iter()
            .map(|s| s.iter().map(rational::to_string).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn battle_of_the_sexes_three_equilibria() {
        let g = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let r = solve(&g);
        let s: Vec<String> = r.equilibria.iter().map(show).collect();
        assert_eq!(s, vec!["1,0 | 1,0", "3/5,2/5 | 2/5,3/5", "0,1 | 0,1"]);
        assert!(r.equilibria.iter().all(|e| e.max_regret == 0.0));
        assert_eq!(r.components.len(), 3);
    }

    #[test]
    fn degenerate_continuum_gives_one_clique() {
        // QuantEcon degenerate 3x2: continuum ((0,p,1-p),(1/2,1/2)).
        let g = NormalForm::bimatrix(
            &[vec![1.0, -1.0], vec![-1.0, 1.0], vec![0.0, 0.0]],
            &[vec![1.0, 0.0], vec![0.0, 0.0], vec![0.0, 0.0]],
        )
        .unwrap();
        let r = solve(&g);
        let s: Vec<String> = r.equilibria.iter().map(show).collect();
        assert_eq!(s, vec!["1,0,0 | 1,0", "0,1,0 | 1/2,1/2", "0,1,0 | 0,1", "0,0,1 | 1/2,1/2"]);
        let big: Vec<&Clique> =
            r.components.iter().flat_map(|c| &c.cliques).filter(|c| c.equilibria.len() > 1).collect();
        assert!(!big.is_empty());
    }

    #[test]
    fn bigint_fallback_agrees_with_i128() {
        let a: Vec<Vec<BigInt>> = vec![vec![3.into(), 1.into()], vec![1.into(), 2.into()]];
        let b: Vec<Vec<BigInt>> = vec![vec![1.into(), 2.into()], vec![3.into(), 1.into()]];
        let (p1, _) = polytopes::<i128>(&a, &b).unwrap();
        let (p2, _) = polytopes::<BigInt>(&a, &b).unwrap();
        let mut rep = Reporter::new();
        let (l1, k1) = vertices(&mut p1.clone(), 0..2, &Budget::unlimited(), &mut rep, 0).ok().unwrap();
        let (l2, k2) = vertices(&mut p2.clone(), 0..2, &Budget::unlimited(), &mut rep, 0).ok().unwrap();
        assert_eq!(l1, l2);
        let k1: Vec<Vec<BigInt>> = k1.iter().map(|k| k.iter().map(|x| x.to_big()).collect()).collect();
        assert_eq!(k1, k2);
    }

    /// Entries near 2^60 overflow `i128` in the vertex search; the polytope is enumerated again
    /// in big integers and the equilibria keep zero regret.
    #[test]
    fn overflowing_games_are_enumerated_in_big_integers() {
        let mut s = 5u64;
        let mut next = || {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((s >> 4) % (1 << 52)) as f64 * 256.0
        };
        let a: Vec<Vec<f64>> = (0..5).map(|_| (0..5).map(|_| next()).collect()).collect();
        let b: Vec<Vec<f64>> = (0..5).map(|_| (0..5).map(|_| next()).collect()).collect();
        let g = NormalForm::bimatrix(&a, &b).unwrap();
        let r = solve(&g);
        assert!(!r.equilibria.is_empty());
        assert!(r.equilibria.iter().all(|e| e.max_regret == 0.0));
        for e in crate::solve::lcp::solve(&g) {
            assert!(r.equilibria.iter().any(|f| f.exact == e.exact));
        }
    }

    #[test]
    fn time_limit_and_memory_ceiling_stop_with_partial_results() {
        let g = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let r = run(&g, &Budget::with_seconds(0.0)).unwrap();
        assert!(r.equilibria.is_empty());
        assert_eq!(r.incomplete, Some(Stop::TimeLimit));
        // A 12x12 game visits more than 256 bases, where the ceiling is checked.
        let mut s = 3u64;
        let mut next = || {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((s >> 33) % 100) as f64
        };
        let a: Vec<Vec<f64>> = (0..12).map(|_| (0..12).map(|_| next()).collect()).collect();
        let b: Vec<Vec<f64>> = (0..12).map(|_| (0..12).map(|_| next()).collect()).collect();
        let g = NormalForm::bimatrix(&a, &b).unwrap();
        let r = run(&g, &Budget::with_seconds(0.0)).unwrap();
        assert_eq!(r.incomplete, Some(Stop::TimeLimit));
        let r = run(&g, &Budget { max_bytes: Some(1000), ..Budget::default() }).unwrap();
        assert_eq!(r.incomplete, Some(Stop::MemoryLimit));
        let full = run(&g, &Budget::unlimited()).unwrap();
        assert!(full.incomplete.is_none() && !full.equilibria.is_empty());
    }

    #[test]
    fn refuses_games_it_cannot_finish() {
        let big = NormalForm::bimatrix(&vec![vec![0.0; 70]; 70], &vec![vec![0.0; 70]; 70]).unwrap();
        let e = run(&big, &Budget::unlimited()).unwrap_err().to_string();
        assert!(e.contains("128") && e.contains("lcp") && e.contains("logit"), "{e}");
        let mid = NormalForm::bimatrix(&vec![vec![0.0; 30]; 30], &vec![vec![0.0; 30]; 30]).unwrap();
        let e = run(&mid, &Budget::unlimited()).unwrap_err().to_string();
        assert!(e.contains("estimated") && e.contains("lcp") && e.contains("logit"), "{e}");
        // With a limit of its own the user may run it anyway (it stops at the limit).
        let r = run(&mid, &Budget::with_seconds(0.0)).unwrap();
        assert_eq!(r.incomplete, Some(Stop::TimeLimit));
        assert!(
            run(
                &NormalForm::bimatrix(&vec![vec![1.0; 10]; 10], &vec![vec![1.0; 10]; 10]).unwrap(),
                &Budget::unlimited()
            )
            .is_ok()
        );
    }
}
