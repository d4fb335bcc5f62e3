//! Agent logit quantal-response equilibria of an n-player tree, traced along λ to a limit.
//!
//! McKelvey and Palfrey, "Quantal response equilibria for extensive form games", *Experimental
//! Economics* 1 (1998) 9–41: in an agent QRE each information set is played by its own agent,
//! who chooses action `a` with probability `β(h, a) ∝ exp(λ v(h, a))`, where `v(h, a)` is the
//! mover's expected payoff of `a` given that `h` is reached, under beliefs given by Bayes' rule
//! (every set is reached when λ is finite, since all probabilities are positive). As λ → ∞ the
//! principal branch, starting from the centroid at λ = 0, converges to a Nash equilibrium (in
//! generic games a sequential one). The branch is traced as in Turocy, "A dynamic homotopy
//! interpretation of the logistic quantal response equilibrium correspondence", *GEB* 51 (2005)
//! 243–263 (also Gambit's `logit` on trees): unknowns are the log probabilities and λ; the
//! equations are `Σ_a β(h, a) = 1` and `ln β(h, a) - ln β(h, 0) = λ (v(h, a) - v(h, 0))` per
//! set; a predictor step follows the tangent, Newton's method corrects on the hyperplane
//! orthogonal to it, and the step length adapts.
//!
//! The Jacobian is exact: with beliefs `μ` and the value `V(n, a)` of action `a` at node `n`,
//! `v(h, a) = Σ_n μ(n) V(n, a)`, and differentiating by a log probability `z(g, b)` gives the
//! value of the leaves below `(n, a)` whose path takes `(g, b)` plus the change of beliefs,
//! `μ(n) (1[(g, b) leads to n] - Σ_m μ(m) 1[(g, b) leads to m])`. Beliefs are computed from log
//! reach probabilities, so they stay accurate when reach probabilities underflow. Tracing stops
//! when the largest regret at any information set falls below `tolerance` times the payoff range
//! (Gambit's criterion), when λ reaches `max_lambda`, or at `max_steps`.

use super::profile::BehaviourProfile;
use super::tree::{NodeKind, Owner, Tree};
use super::{EfgError, MAX_LOGIT_ACTIONS};
use crate::game::rational;
use crate::solve::logit::lin_solve;
use crate::solve::{SolveOptions, Stop};

/// One point of the path: λ and the behaviour probabilities at every information set.
pub type PathPoint = (f64, Vec<Vec<f64>>);

/// The traced branch and its last point.
#[derive(Clone, Debug)]
pub struct LogitResult {
    /// The last point, the approximate limit (floating point).
    pub profile: BehaviourProfile,
    pub lambda: f64,
    /// Largest regret at an information set at the last point.
    pub agent_regret: f64,
    /// Every accepted point, from λ = 0.
    pub path: Vec<PathPoint>,
    /// Set when the budget stopped the trace early (the last point is still reported).
    pub incomplete: Option<Stop>,
    /// Set when the tracer could not continue far along the branch (the last point is reported).
    pub stalled: Option<String>,
}

/// The structure the equations need: one column per player action.
struct Agent<'a> {
    tree: &'a Tree,
    /// Per information set, the column of its first action (`usize::MAX` for chance).
    first_col: Vec<usize>,
    /// Per column, its information set and action.
    cols: Vec<(usize, usize)>,
    /// Per leaf, the ancestors from the leaf up: (node, column or `usize::MAX` for chance).
    paths: Vec<Vec<(usize, usize)>>,
    /// Per node of a player's information set, the columns on the path from the root to it.
    node_cols: Vec<Vec<usize>>,
}

/// What one evaluation gives: residual, Jacobian (K × (K + 1)), and the agent regret.
struct Eval {
    h: Vec<f64>,
    jac: Vec<f64>,
    regret: f64,
}

impl<'a> Agent<'a> {
    fn new(tree: &'a Tree) -> Result<Self, EfgError> {
        let mut first_col = vec![usize::MAX; tree.infosets().len()];
        let mut cols = Vec::new();
        for (h, set) in tree.infosets().iter().enumerate() {
            if set.owner != Owner::Chance {
                first_col[h] = cols.len();
                cols.extend((0..set.actions.len()).map(|a| (h, a)));
            }
        }
        if cols.len() > MAX_LOGIT_ACTIONS {
            return Err(EfgError::limit(
                "the number of actions (logit traces a dense system)",
                cols.len(),
                MAX_LOGIT_ACTIONS as u128,
            ));
        }
        let col_of = |node: usize, child: usize| -> usize {
            match tree.node(node).kind {
                NodeKind::Decision(h) => first_col[h] + tree.node(child).action,
                _ => usize::MAX,
            }
        };
        let mut paths = Vec::with_capacity(tree.leaves().len());
        for &leaf in tree.leaves() {
            let mut p = Vec::new();
            let mut seen: Vec<usize> = Vec::new();
            let mut cur = leaf;
            while let Some(m) = tree.node(cur).parent {
                if let NodeKind::Decision(h) = tree.node(m).kind {
                    if seen.contains(&h) {
                        return Err(EfgError::Method {
                            method: "logit",
                            reason: format!(
                                "{} is met twice on one path (absent-mindedness); agent QRE needs each path to \
                                 cross an information set at most once",
                                tree.describe_infoset(h)
                            ),
                        });
                    }
                    seen.push(h);
                }
                p.push((m, col_of(m, cur)));
                cur = m;
            }
            paths.push(p);
        }
        let mut node_cols = vec![Vec::new(); tree.nodes().len()];
        for (id, node) in tree.nodes().iter().enumerate() {
            if let Some(par) = node.parent {
                let mut c = node_cols[par].clone();
                let k = col_of(par, id);
                if k != usize::MAX {
                    c.push(k);
                }
                node_cols[id] = c;
            }
        }
        // Only nodes of players' information sets need their path's columns.
        for (id, node) in tree.nodes().iter().enumerate() {
            if !matches!(node.kind, NodeKind::Decision(_)) {
                node_cols[id] = Vec::new();
            }
        }
        Ok(Agent { tree, first_col, cols, paths, node_cols })
    }

    fn probs(&self, z: &[f64]) -> Vec<Vec<f64>> {
        self.tree
            .infosets()
            .iter()
            .enumerate()
            .map(|(h, set)| match set.owner {
                Owner::Chance => set.probs.iter().map(rational::to_f64).collect(),
                Owner::Player(_) => (0..set.actions.len()).map(|a| z[self.first_col[h] + a].exp()).collect(),
            })
            .collect()
    }

    /// Conditional action values, their derivatives by the log probabilities, and the agent
    /// regret, at log probabilities `z[..K]` and λ = `z[K]`.
    fn eval(&self, z: &[f64], want_jac: bool) -> Eval {
        let tree = self.tree;
        let k = self.cols.len();
        let lambda = z[k];
        let probs = self.probs(z);
        let nodes = tree.nodes();
        let n = tree.n_players();
        // Log reach probabilities, from the log probabilities themselves so that they stay
        // finite where the probabilities underflow.
        let mut lr = vec![0.0f64; nodes.len()];
        for (id, node) in nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                let h = tree.infoset_of(p).expect("a parent has an information set");
                let step = match tree.infoset(h).owner {
                    Owner::Chance => probs[h][node.action].ln(),
                    Owner::Player(_) => z[self.first_col[h] + node.action],
                };
                lr[id] = lr[p] + step;
            }
        }
        // Beliefs.
        let mut mu = vec![0.0f64; nodes.len()];
        for set in tree.infosets() {
            if set.owner == Owner::Chance {
                continue;
            }
            let top = set.members.iter().map(|&m| lr[m]).fold(f64::NEG_INFINITY, f64::max);
            if top == f64::NEG_INFINITY {
                let u = 1.0 / set.members.len() as f64;
                set.members.iter().for_each(|&m| mu[m] = u);
                continue;
            }
            let total: f64 = set.members.iter().map(|&m| (lr[m] - top).exp()).sum();
            set.members.iter().for_each(|&m| mu[m] = (lr[m] - top).exp() / total);
        }
        // Node values (expected payoff from each node onwards).
        let mut val = vec![0.0f64; nodes.len() * n];
        for id in (0..nodes.len()).rev() {
            match nodes[id].kind {
                NodeKind::Terminal => {
                    for (j, u) in tree.payoffs_at(id).iter().enumerate() {
                        val[id * n + j] = rational::to_f64(u);
                    }
                }
                NodeKind::Chance(h) | NodeKind::Decision(h) => {
                    for (a, &c) in nodes[id].children.iter().enumerate() {
                        for j in 0..n {
                            val[id * n + j] += probs[h][a] * val[c * n + j];
                        }
                    }
                }
            }
        }
        // Conditional action values v and their derivatives dv (K × K).
        let mut v = vec![0.0f64; k];
        for (c, &(h, a)) in self.cols.iter().enumerate() {
            let Owner::Player(i) = tree.infoset(h).owner else { unreachable!() };
            for &m in &tree.infoset(h).members {
                v[c] += mu[m] * val[nodes[m].children[a] * n + i];
            }
        }
        let mut dv = if want_jac { vec![0.0f64; k * k] } else { Vec::new() };
        if want_jac {
            // Leaves below (n, a) whose path takes another action (g, b).
            for (li, &leaf) in tree.leaves().iter().enumerate() {
                let u = tree.payoffs_at(leaf);
                let path = &self.paths[li];
                let mut q = 1.0f64;
                for (pos, &(m, col)) in path.iter().enumerate() {
                    if col != usize::MAX && q != 0.0 {
                        let (h, _) = self.cols[col];
                        let Owner::Player(i) = tree.infoset(h).owner else { unreachable!() };
                        let base = mu[m] * q * rational::to_f64(&u[i]);
                        if base != 0.0 {
                            let row = &mut dv[col * k..(col + 1) * k];
                            for &(_, below) in &path[..pos] {
                                if below != usize::MAX {
                                    row[below] += base;
                                }
                            }
                        }
                    }
                    let h = tree.infoset_of(m).expect("an ancestor has an information set");
                    let child = if pos == 0 { leaf } else { path[pos - 1].0 };
                    q *= probs[h][nodes[child].action];
                }
            }
            // The change of beliefs.
            let mut bar = vec![0.0f64; k];
            for (h, set) in tree.infosets().iter().enumerate() {
                let Owner::Player(i) = set.owner else { continue };
                bar.iter_mut().for_each(|x| *x = 0.0);
                for &m in &set.members {
                    for &c in &self.node_cols[m] {
                        bar[c] += mu[m];
                    }
                }
                for a in 0..set.actions.len() {
                    let col = self.first_col[h] + a;
                    let row = &mut dv[col * k..(col + 1) * k];
                    for &m in &set.members {
                        let w = mu[m] * val[nodes[m].children[a] * n + i];
                        for &c in &self.node_cols[m] {
                            row[c] += w;
                        }
                    }
                    for c in 0..k {
                        row[c] -= v[col] * bar[c];
                    }
                }
            }
        }
        // Residual, Jacobian and regret.
        let w = k + 1;
        let mut hres = vec![0.0f64; k];
        let mut jac = if want_jac { vec![0.0f64; k * w] } else { Vec::new() };
        let mut regret = 0.0f64;
        for (h, set) in tree.infosets().iter().enumerate() {
            if set.owner == Owner::Chance {
                continue;
            }
            let o = self.first_col[h];
            let m = set.actions.len();
            hres[o] = (0..m).map(|a| probs[h][a]).sum::<f64>() - 1.0;
            let mix: f64 = (0..m).map(|a| probs[h][a] * v[o + a]).sum();
            let best = (0..m).map(|a| v[o + a]).fold(f64::NEG_INFINITY, f64::max);
            regret = regret.max(best - mix);
            if want_jac {
                for a in 0..m {
                    jac[o * w + o + a] = probs[h][a];
                }
            }
            for a in 1..m {
                let r = o + a;
                hres[r] = z[r] - z[o] - lambda * (v[r] - v[o]);
                if want_jac {
                    for c in 0..k {
                        jac[r * w + c] = -lambda * (dv[r * k + c] - dv[o * k + c]);
                    }
                    jac[r * w + r] += 1.0;
                    jac[r * w + o] -= 1.0;
                    jac[r * w + k] = -(v[r] - v[o]);
                }
            }
        }
        Eval { h: hres, jac, regret }
    }
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Solves `[J; t] x = rhs` (square K + 1).
fn solve_aug(jac: &[f64], t: &[f64], rhs: &[f64], w: usize) -> Option<Vec<f64>> {
    let mut a = Vec::with_capacity(w * w);
    a.extend_from_slice(jac);
    a.extend_from_slice(t);
    let mut b = rhs.to_vec();
    if lin_solve(&mut a, &mut b, w) { Some(b) } else { None }
}

/// Traces the principal branch of the agent logit QRE correspondence from the centroid until the
/// agent regret is below `opts.tolerance` times the payoff range, λ reaches `opts.max_lambda`, or
/// `opts.max_steps` steps were taken; the budget in `opts` can stop it earlier.
pub fn solve(tree: &Tree, opts: &SolveOptions) -> Result<LogitResult, EfgError> {
    let agent = Agent::new(tree)?;
    let k = agent.cols.len();
    let w = k + 1;
    let (lo, hi) = tree.payoff_range();
    let range = rational::to_f64(&(&hi - &lo));
    let target = if range > 0.0 { opts.tolerance * range } else { opts.tolerance };
    let magnitude = rational::to_f64(&lo).abs().max(rational::to_f64(&hi).abs()).max(1.0);
    let mut z: Vec<f64> = Vec::with_capacity(w);
    for &(h, _) in &agent.cols {
        z.push(-(tree.infoset(h).actions.len() as f64).ln());
    }
    z.push(0.0);
    let mut path = vec![(0.0, agent.probs(&z))];
    let mut regret = agent.eval(&z, false).regret;
    let mut incomplete = None;
    if k == 0 || regret <= target {
        return Ok(LogitResult {
            profile: BehaviourProfile::from_f64(agent.probs(&z)),
            lambda: 0.0,
            agent_regret: regret,
            path,
            incomplete,
            stalled: None,
        });
    }
    let mut t_prev = vec![0.0; w];
    t_prev[k] = 1.0;
    let mut e_last = vec![0.0; w];
    e_last[k] = 1.0;
    let mut step = 0.03;
    let mut steps = 0;
    let mut stalled = None;
    while z[k] < opts.max_lambda && steps < opts.max_steps && regret > target {
        if let Err(stop) = opts.budget.check() {
            incomplete = Some(stop);
            break;
        }
        steps += 1;
        let ev = agent.eval(&z, true);
        let Some(mut t) = solve_aug(&ev.jac, &t_prev, &e_last, w) else {
            return Err(EfgError::Numerical(format!("logit: singular Jacobian at λ = {}", z[k])));
        };
        let nt = norm(&t);
        t.iter_mut().for_each(|x| *x /= nt);
        if t.iter().zip(&t_prev).map(|(a, b)| a * b).sum::<f64>() < 0.0 {
            t.iter_mut().for_each(|x| *x = -*x);
        }
        let mut accepted = None;
        while step > 1e-12 {
            let mut zc: Vec<f64> = z.iter().zip(&t).map(|(a, b)| a + step * b).collect();
            let mut ok = false;
            let mut iters = 0;
            for it in 0..10 {
                iters = it + 1;
                let e = agent.eval(&zc, true);
                let mut rhs: Vec<f64> = e.h.iter().map(|x| -x).collect();
                rhs.push(0.0);
                let Some(d) = solve_aug(&e.jac, &t, &rhs, w) else { break };
                let dn = norm(&d);
                if !dn.is_finite() || (it == 0 && dn > 0.5 * step.max(1.0)) {
                    break;
                }
                zc.iter_mut().zip(&d).for_each(|(a, b)| *a += b);
                // Rounding in λ (v_a - v_0) grows with λ and the payoffs; the tolerance follows it.
                let scale = 1.0 + zc[..k].iter().fold(0.0f64, |m, x| m.max(x.abs()));
                if dn < 1e-11 * scale + 1e-13 * zc[k].abs() * magnitude {
                    ok = true;
                    break;
                }
            }
            if ok && zc[k] >= 0.0 && zc.iter().all(|x| x.is_finite()) {
                accepted = Some((zc, iters));
                break;
            }
            step *= 0.5;
        }
        let Some((zc, iters)) = accepted else {
            if z[k] < 1.0 {
                return Err(EfgError::Numerical(format!("logit: step size underflow at λ = {}", z[k])));
            }
            // Far along the branch the corrector can fail where the system is badly conditioned;
            // the last point is kept and the reason reported beside its regret.
            stalled =
                Some(format!("the step size underflowed at λ = {:.6e}; the last accepted point is reported", z[k]));
            break;
        };
        z = zc;
        t_prev = t;
        regret = agent.eval(&z, false).regret;
        path.push((z[k], agent.probs(&z)));
        if iters <= 3 {
            step *= 2.0;
        } else if iters >= 7 {
            step *= 0.7;
        }
    }
    Ok(LogitResult {
        profile: BehaviourProfile::from_f64(agent.probs(&z)),
        lambda: z[k],
        agent_regret: regret,
        path,
        incomplete,
        stalled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efg::{gambit, profile};

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
    fn the_limit_of_simple_poker_is_its_mixed_equilibrium() {
        let t = gambit::parse(POKER, "poker.efg").unwrap();
        let r = solve(&t, &SolveOptions { tolerance: 1e-9, ..SolveOptions::default() }).unwrap();
        let p = &r.profile.probs;
        assert!((p[3][0] - 1.0 / 3.0).abs() < 1e-6, "{p:?}");
        assert!((p[2][0] - 2.0 / 3.0).abs() < 1e-6, "{p:?}");
        assert!(p[1][0] > 1.0 - 1e-6);
        let c = profile::check(&t, &r.profile, None).unwrap();
        assert!(c.max_regret < 1e-6, "{}", c.max_regret);
        assert!(r.path.windows(2).all(|w| w[1].0 >= w[0].0 - 1e-9));
    }

    #[test]
    fn the_jacobian_matches_finite_differences() {
        let t = gambit::parse(POKER, "poker.efg").unwrap();
        let a = Agent::new(&t).unwrap();
        let k = a.cols.len();
        let z = vec![-0.3, -1.35, -0.9, -0.52, -0.2, -1.7, 2.5];
        assert_eq!(z.len(), k + 1);
        let e = a.eval(&z, true);
        for c in 0..=k {
            let mut zp = z.clone();
            let mut zm = z.clone();
            zp[c] += 1e-6;
            zm[c] -= 1e-6;
            let (hp, hm) = (a.eval(&zp, false).h, a.eval(&zm, false).h);
            for r in 0..k {
                let fd = (hp[r] - hm[r]) / 2e-6;
                let an = e.jac[r * (k + 1) + c];
                assert!((fd - an).abs() < 1e-6, "row {r} col {c}: {fd} vs {an}");
            }
        }
    }
}
