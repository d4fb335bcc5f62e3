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

use super::tableau::{Int, Overflow, Tableau, polytopes, positive_integer_matrix, to_probabilities};
use super::{Clique, Component, Equilibrium, SolveResult};
use crate::game::{NormalForm, Rational};
use num_bigint::BigInt;
use std::collections::{HashMap, HashSet};

/// A vertex: its coordinates (integers over a common positive denominator), and its tight labels.
struct Vertex<T> {
    key: Vec<T>,
    labels: u128,
}

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

/// All vertices of the polytope in `tab` (coordinates are the variables `coords`).
///
/// A vertex is identified by its set of tight constraints (the point is the unique solution of
/// them), so the tight-label mask is the deduplication key and no gcd reduction is needed.
fn vertices<T: Int>(tab: &mut Tableau<T>, coords: std::ops::Range<usize>) -> Result<Vec<Vertex<T>>, Overflow> {
    let mut seen_labels = MaskSet::default();
    let mut out: Vec<Vertex<T>> = Vec::new();
    let mut record = |tab: &Tableau<T>, out: &mut Vec<Vertex<T>>| {
        let labels = tab.tight();
        if seen_labels.insert(labels) {
            out.push(Vertex { key: tab.values(coords.clone()), labels });
        }
    };
    let mut mask: u128 = tab.basis.iter().fold(0, |m, &v| m | (1u128 << v));
    let mut visited = MaskSet::default();
    visited.insert(mask);
    record(tab, &mut out);
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
    let mut stack = vec![Frame { cands: candidates(tab, &mut buf), next: 0, undo: None }];
    while let Some(frame) = stack.last_mut() {
        if frame.next < frame.cands.len() {
            let (r, c) = frame.cands[frame.next];
            frame.next += 1;
            let left = tab.basis[r];
            let new_mask = mask ^ (1u128 << c) ^ (1u128 << left);
            if !visited.insert(new_mask) {
                continue;
            }
            tab.pivot(r, c)?;
            mask = new_mask;
            record(tab, &mut out);
            let cands = candidates(tab, &mut buf);
            stack.push(Frame { cands, next: 0, undo: Some((r, left)) });
        } else {
            let f = stack.pop().unwrap();
            if let Some((r, left)) = f.undo {
                let c = tab.basis[r];
                tab.pivot(r, left)?;
                mask ^= (1u128 << c) ^ (1u128 << left);
            }
        }
    }
    Ok(out)
}

/// Extreme equilibria as pairs of exact strategies, plus the vertex ids of each.
struct Raw {
    xs: Vec<Vec<Rational>>,
    ys: Vec<Vec<Rational>>,
    pairs: Vec<(usize, usize)>,
}

fn run<T: Int>(a: &[Vec<BigInt>], b: &[Vec<BigInt>]) -> Result<Option<Raw>, Overflow> {
    let m = a.len();
    let n = a[0].len();
    let Some((mut p, mut q)) = polytopes::<T>(a, b) else { return Ok(None) };
    let vp = vertices(&mut p, 0..m)?;
    let vq = vertices(&mut q, m..m + n)?;
    let full: u128 = if m + n == 128 { u128::MAX } else { (1u128 << (m + n)) - 1 };
    let nz = |v: &Vertex<T>| v.key.iter().any(|x| !x.is0());
    let vp: Vec<&Vertex<T>> = vp.iter().filter(|v| nz(v)).collect();
    let vq: Vec<&Vertex<T>> = vq.iter().filter(|v| nz(v)).collect();
    let mut pairs = Vec::new();
    let mut used_x = vec![usize::MAX; vp.len()];
    let mut used_y = vec![usize::MAX; vq.len()];
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    // Q's vertices with exactly n tight labels are matched through a hash map on the mask (a
    // partner of u must then carry exactly the labels u misses); the degenerate ones are scanned.
    let mut simple: HashMap<u128, usize, std::hash::BuildHasherDefault<MaskHasher>> = HashMap::default();
    let mut degenerate: Vec<usize> = Vec::new();
    for (j, v) in vq.iter().enumerate() {
        if v.labels.count_ones() as usize == n {
            simple.insert(v.labels, j);
        } else {
            degenerate.push(j);
        }
    }
    let mut partners: Vec<usize> = Vec::new();
    for (i, u) in vp.iter().enumerate() {
        let need = full & !u.labels;
        partners.clear();
        if u.labels.count_ones() as usize > m {
            // a degenerate u needs fewer than n labels from its partner: scan them all
            partners.extend((0..vq.len()).filter(|&j| vq[j].labels & need == need));
        } else {
            if let Some(&j) = simple.get(&need) {
                partners.push(j);
            }
            partners.extend(degenerate.iter().copied().filter(|&j| vq[j].labels & need == need));
        }
        partners.sort_unstable();
        for &j in &partners {
            let v = vq[j];
            {
                if used_x[i] == usize::MAX {
                    used_x[i] = xs.len();
                    xs.push(to_probabilities(&u.key));
                }
                if used_y[j] == usize::MAX {
                    used_y[j] = ys.len();
                    ys.push(to_probabilities(&v.key));
                }
                pairs.push((used_x[i], used_y[j]));
            }
        }
    }
    Ok(Some(Raw { xs, ys, pairs }))
}

/// Exact extreme equilibria, as (row strategy, column strategy) pairs in deterministic order.
/// Distinct row strategies, distinct column strategies, and the equilibrium pairs of their indices.
pub type Extreme = (Vec<Vec<Rational>>, Vec<Vec<Rational>>, Vec<(usize, usize)>);

pub fn extreme_equilibria(game: &NormalForm) -> Extreme {
    let (a, b) = game.exact_bimatrix().expect("two players");
    let a = positive_integer_matrix(&a);
    let b = positive_integer_matrix(&b);
    let raw = match run::<i128>(&a, &b) {
        Ok(Some(r)) => r,
        _ => run::<BigInt>(&a, &b).expect("BigInt does not overflow").expect("BigInt holds any entry"),
    };
    let Raw { xs, ys, mut pairs } = raw;
    pairs.sort_by(|p, q| (&xs[q.0], &ys[q.1]).cmp(&(&xs[p.0], &ys[p.1])));
    (xs, ys, pairs)
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

/// Runs the method: extreme equilibria with exact regret, and the components.
pub fn solve(game: &NormalForm) -> SolveResult {
    let (xs, ys, pairs) = extreme_equilibria(game);
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
        let r1 = run::<i128>(&a, &b).unwrap().unwrap();
        let r2 = run::<BigInt>(&a, &b).unwrap().unwrap();
        assert_eq!(r1.xs, r2.xs);
        assert_eq!(r1.pairs, r2.pairs);
    }
}
