//! Meta-game analysis ("empirical game-theoretic analysis", Wellman 2006; Tuyls et al. 2018): a
//! game whose actions are whole-game policies and whose payoffs are the mean run totals of the
//! simulated profiles. From the per-run totals of every profile this computes the payoff table
//! with standard errors and 95% intervals; its equilibria (all extreme equilibria with two
//! players who choose, pure equilibria with more, the logit limit when there is no pure one); each
//! player's regret of each equilibrium with a bootstrap interval; how often each equilibrium
//! survives bootstrap resampling of runs; and replicator dynamics from the centre of the simplex
//! as a second, evolutionary view.
//!
//! The bootstrap resamples run indices, the same indices for every profile, so the pairing of
//! common random numbers across profiles is kept (Efron and Tibshirani 1993, ch. 6). Pure
//! function of its inputs and the seed; knows nothing of the runner or files.

use crate::game::{NormalForm, PlayerSpec};
use crate::solve::{self, Method, SolveOptions};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// What was played: per-run totals of every profile.
#[derive(Clone, Debug)]
pub struct Played {
    /// Player names, in game order.
    pub players: Vec<String>,
    /// Per player, its policy names.
    pub policies: Vec<Vec<String>>,
    /// The profiles played (policy index per player).
    pub profiles: Vec<Vec<usize>>,
    /// Runs per profile.
    pub runs: usize,
    /// Per profile, `totals[run * players + player]`.
    pub totals: Vec<Vec<f64>>,
}

/// One profile's row of the payoff table.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// Policy name per player.
    pub profile: Vec<String>,
    pub mean: Vec<f64>,
    /// Standard error of the mean.
    pub se: Vec<f64>,
    /// Normal 95% interval of the mean.
    pub ci95: Vec<[f64; 2]>,
}

/// One equilibrium of the meta-game.
#[derive(Clone, Debug, Serialize)]
pub struct MetaEquilibrium {
    /// Per player, probabilities over its policies (players with one policy included).
    pub strategy: Vec<Vec<f64>>,
    /// Whether every choosing player plays one policy.
    pub pure: bool,
    /// Expected payoff of each player under the equilibrium, from the mean table.
    pub payoffs: Vec<f64>,
    /// Each player's regret (best deviation gain) in the mean table: zero up to rounding for an
    /// exact equilibrium.
    pub regret: Vec<f64>,
    /// 2.5% and 97.5% bootstrap quantiles of each player's regret of this strategy profile.
    pub regret_ci95: Vec<[f64; 2]>,
    /// Share of bootstrap tables in which this equilibrium is still one: a pure profile still
    /// with zero regret; a mixed one with an equilibrium on the same supports.
    pub survival: Option<f64>,
}

/// The replicator dynamics from the centre of the simplex.
#[derive(Clone, Debug, Serialize)]
pub struct Replicator {
    /// Per player, the final probabilities over its policies.
    pub end: Vec<Vec<f64>>,
    pub steps: usize,
    /// Whether the largest change in the last step was below 1e-10.
    pub converged: bool,
}

/// The analysis of a meta-game.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub players: Vec<String>,
    pub policies: Vec<Vec<String>>,
    pub runs: usize,
    pub bootstrap: usize,
    pub table: Vec<Cell>,
    /// The method that found the equilibria (`enummixed`, `pure`, `logit`, or `trivial` when at
    /// most one player chooses), or `None` when only some profiles were played.
    pub method: Option<String>,
    pub equilibria: Vec<MetaEquilibrium>,
    pub replicator: Option<Replicator>,
    /// Caveats in plain words.
    pub notes: Vec<String>,
}

/// Why a meta-game could not be analysed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetagameError {
    #[error("meta-game: {0}")]
    Invalid(String),
    #[error("meta-game: {0}")]
    Solve(#[from] solve::SolveError),
    #[error("meta-game: {0}")]
    Game(#[from] crate::game::GameError),
}

impl Played {
    fn n(&self) -> usize {
        self.players.len()
    }

    /// Mean table over the runs `idx` (all runs when `None`), per profile and player.
    fn means(&self, idx: Option<&[usize]>) -> Vec<Vec<f64>> {
        let n = self.n();
        let all: Vec<usize>;
        let rows = match idx {
            Some(i) => i,
            None => {
                all = (0..self.runs).collect();
                &all
            }
        };
        self.totals
            .iter()
            .map(|t| {
                let mut m = vec![0.0; n];
                for &r in rows {
                    m.iter_mut().zip(&t[r * n..(r + 1) * n]).for_each(|(m, x)| *m += x);
                }
                m.iter_mut().for_each(|x| *x /= rows.len() as f64);
                m
            })
            .collect()
    }

    /// Whether every profile of the policy sets was played.
    fn complete(&self) -> bool {
        let all: usize = self.policies.iter().map(|p| p.len()).product();
        self.profiles.len() == all
    }
}

/// The players who choose (more than one policy).
fn choosers(policies: &[Vec<String>]) -> Vec<usize> {
    (0..policies.len()).filter(|&i| policies[i].len() > 1).collect()
}

/// The policy counts of every player, and the stride of each player in a [`NormalForm`] profile
/// index (the first player varies fastest).
fn shape_and_strides(played: &Played) -> (Vec<usize>, Vec<usize>) {
    let shape: Vec<usize> = played.policies.iter().map(|p| p.len()).collect();
    let strides = shape
        .iter()
        .scan(1, |s, &k| {
            let here = *s;
            *s *= k;
            Some(here)
        })
        .collect();
    (shape, strides)
}

/// The full table (every player) as a dense array in [`NormalForm`] order, from per-profile means.
fn dense(played: &Played, means: &[Vec<f64>]) -> Vec<f64> {
    let (shape, strides) = shape_and_strides(played);
    let n = shape.len();
    let mut out = vec![0.0; shape.iter().product::<usize>() * n];
    for (prof, m) in played.profiles.iter().zip(means) {
        let idx: usize = prof.iter().zip(&strides).map(|(a, s)| a * s).sum();
        out[idx * n..(idx + 1) * n].copy_from_slice(m);
    }
    out
}

/// The meta-game as a normal form over every player (players with one policy have one action).
pub fn normal_form(played: &Played, title: &str) -> Result<NormalForm, MetagameError> {
    if !played.complete() {
        return Err(MetagameError::Invalid("only some profiles were played: the table is not a complete game".into()));
    }
    let players = played
        .players
        .iter()
        .zip(&played.policies)
        .map(|(name, pols)| PlayerSpec { name: name.clone(), actions: pols.clone() })
        .collect();
    Ok(NormalForm::from_f64(title.into(), players, dense(played, &played.means(None)))?)
}

/// The game of the choosing players only, from a dense full table.
fn reduced(played: &Played, full: &[f64], choosers: &[usize]) -> Result<NormalForm, MetagameError> {
    let n = played.n();
    let (shape, strides) = shape_and_strides(played);
    let sub_shape: Vec<usize> = choosers.iter().map(|&i| shape[i]).collect();
    let count: usize = sub_shape.iter().product();
    let mut pay = Vec::with_capacity(count * choosers.len());
    let mut sub = vec![0; choosers.len()];
    for k in 0..count {
        NormalForm::decode_profile(&sub_shape, k, &mut sub);
        let idx: usize = choosers.iter().zip(&sub).map(|(&i, &a)| a * strides[i]).sum();
        pay.extend(choosers.iter().map(|&i| full[idx * n + i]));
    }
    let players = choosers
        .iter()
        .map(|&i| PlayerSpec { name: played.players[i].clone(), actions: played.policies[i].clone() })
        .collect();
    Ok(NormalForm::from_f64(String::new(), players, pay)?)
}

/// `dev[i][a]`: player `i`'s expected payoff in the dense table `full` of shape `shape` when it
/// plays `a` and the others follow `strategy`.
fn action_payoffs(full: &[f64], shape: &[usize], strategy: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = shape.len();
    let mut dev: Vec<Vec<f64>> = shape.iter().map(|&k| vec![0.0; k]).collect();
    let mut prof = vec![0; n];
    for idx in 0..shape.iter().product() {
        NormalForm::decode_profile(shape, idx, &mut prof);
        for i in 0..n {
            let others: f64 = prof.iter().enumerate().filter(|&(j, _)| j != i).map(|(j, &a)| strategy[j][a]).product();
            dev[i][prof[i]] += others * full[idx * n + i];
        }
    }
    dev
}

/// Expected payoffs of every player and each player's best deviation gain under `strategy`, in
/// the dense table `full` of shape `shape`.
fn evaluate(full: &[f64], shape: &[usize], strategy: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>) {
    let dev = action_payoffs(full, shape, strategy);
    let value: Vec<f64> = dev.iter().zip(strategy).map(|(d, s)| d.iter().zip(s).map(|(u, p)| u * p).sum()).collect();
    let regret = dev
        .iter()
        .zip(&value)
        .map(|(d, v)| (d.iter().cloned().fold(f64::NEG_INFINITY, f64::max) - v).max(0.0))
        .collect();
    (value, regret)
}

/// The supports (policies with probability above 1e-9) of the choosing players.
fn supports(strategy: &[Vec<f64>], choosers: &[usize]) -> Vec<Vec<usize>> {
    choosers.iter().map(|&i| (0..strategy[i].len()).filter(|&a| strategy[i][a] > 1e-9).collect()).collect()
}

/// A profile of mixed strategies, one probability vector per player.
type Strategy = Vec<Vec<f64>>;
/// The method's name, the equilibria found and the method's notes.
type Found = (String, Vec<Strategy>, Vec<String>);

/// Equilibria of the choosing players' game, lifted to every player.
fn equilibria_of(played: &Played, full: &[f64], choosers: &[usize]) -> Result<Found, MetagameError> {
    let lift = |sub: &[Vec<f64>]| -> Vec<Vec<f64>> {
        let mut s: Vec<Vec<f64>> = played.policies.iter().map(|p| vec![0.0; p.len()]).collect();
        for (i, p) in s.iter_mut().enumerate() {
            if p.len() == 1 {
                p[0] = 1.0;
            }
            if let Some(k) = choosers.iter().position(|&c| c == i) {
                p.clone_from(&sub[k]);
            }
        }
        s
    };
    let mut notes = Vec::new();
    match choosers.len() {
        0 => Ok(("trivial".into(), vec![lift(&[])], notes)),
        1 => {
            let g = reduced(played, full, choosers)?;
            let k = g.shape()[0];
            let best = (0..k).map(|a| g.payoff(&[a], 0)).fold(f64::NEG_INFINITY, f64::max);
            let eqs = (0..k)
                .filter(|&a| g.payoff(&[a], 0) == best)
                .map(|a| {
                    let mut v = vec![0.0; k];
                    v[a] = 1.0;
                    lift(&[v])
                })
                .collect();
            Ok(("trivial".into(), eqs, notes))
        }
        2 => {
            let g = reduced(played, full, choosers)?;
            let r = solve::solve(&g, Method::EnumMixed, &SolveOptions::default())?;
            notes.extend(r.notes.iter().cloned());
            Ok(("enummixed".into(), r.equilibria.iter().map(|e| lift(&e.profile)).collect(), notes))
        }
        _ => {
            let g = reduced(played, full, choosers)?;
            let r = solve::solve(&g, Method::Pure, &SolveOptions::default())?;
            if !r.equilibria.is_empty() {
                notes.push(
                    "more than two players choose: the pure equilibria are listed (mixed ones are not searched)".into(),
                );
                return Ok(("pure".into(), r.equilibria.iter().map(|e| lift(&e.profile)).collect(), notes));
            }
            let r = solve::solve(&g, Method::Logit, &SolveOptions::default())?;
            notes.push("no pure equilibrium: the limit of the logit quantal-response branch is listed".into());
            notes.extend(r.notes.iter().cloned());
            Ok(("logit".into(), r.equilibria.iter().map(|e| lift(&e.profile)).collect(), notes))
        }
    }
}

/// Replicator dynamics (Taylor and Jonker 1978), Euler steps on payoffs scaled to [0, 1] per
/// player, from the uniform profile.
fn replicator(full: &[f64], shape: &[usize]) -> Replicator {
    let n = shape.len();
    let (lo, hi): (Vec<f64>, Vec<f64>) = (0..n)
        .map(|i| {
            let v = full.iter().skip(i).step_by(n);
            (v.clone().cloned().fold(f64::INFINITY, f64::min), v.cloned().fold(f64::NEG_INFINITY, f64::max))
        })
        .unzip();
    let scaled: Vec<f64> = full
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            let i = k % n;
            if hi[i] > lo[i] { (x - lo[i]) / (hi[i] - lo[i]) } else { 0.0 }
        })
        .collect();
    let mut x: Vec<Vec<f64>> = shape.iter().map(|&k| vec![1.0 / k as f64; k]).collect();
    let (dt, max_steps) = (0.05, 200_000);
    let mut steps = 0;
    let mut converged = false;
    while steps < max_steps {
        let dev = action_payoffs(&scaled, shape, &x);
        let mut change: f64 = 0.0;
        for i in 0..n {
            let avg: f64 = x[i].iter().zip(&dev[i]).map(|(p, u)| p * u).sum();
            let mut total = 0.0;
            for (p, u) in x[i].iter_mut().zip(&dev[i]) {
                let d = dt * *p * (u - avg);
                change = change.max(d.abs());
                *p = (*p + d).max(0.0);
                total += *p;
            }
            x[i].iter_mut().for_each(|p| *p /= total);
        }
        steps += 1;
        if change < 1e-10 {
            converged = true;
            break;
        }
    }
    Replicator { end: x, steps, converged }
}

/// Analyses a played meta-game with `bootstrap` resamples drawn from `rng`.
pub fn analyse(played: &Played, bootstrap: usize, rng: &mut ChaCha8Rng) -> Result<Analysis, MetagameError> {
    let n = played.n();
    if played.runs < 2 {
        return Err(MetagameError::Invalid("at least two runs per profile are needed for standard errors".into()));
    }
    let means = played.means(None);
    let table = played
        .profiles
        .iter()
        .zip(&played.totals)
        .zip(&means)
        .map(|((prof, t), m)| {
            let r = played.runs as f64;
            let se: Vec<f64> = (0..n)
                .map(|p| {
                    let var = (0..played.runs).map(|k| (t[k * n + p] - m[p]).powi(2)).sum::<f64>() / (r - 1.0);
                    (var / r).sqrt()
                })
                .collect();
            Cell {
                profile: prof.iter().enumerate().map(|(i, &a)| played.policies[i][a].clone()).collect(),
                mean: m.clone(),
                ci95: m.iter().zip(&se).map(|(m, s)| [m - 1.96 * s, m + 1.96 * s]).collect(),
                se,
            }
        })
        .collect();
    let mut analysis = Analysis {
        players: played.players.clone(),
        policies: played.policies.clone(),
        runs: played.runs,
        bootstrap,
        table,
        method: None,
        equilibria: Vec::new(),
        replicator: None,
        notes: Vec::new(),
    };
    if !played.complete() {
        analysis.notes.push(
            "only the listed profiles were played, so the table is not a complete game: no equilibria or dynamics"
                .into(),
        );
        return Ok(analysis);
    }
    let shape: Vec<usize> = played.policies.iter().map(|p| p.len()).collect();
    let choosers = choosers(&played.policies);
    let full = dense(played, &means);
    let (method, strategies, notes) = equilibria_of(played, &full, &choosers)?;
    analysis.method = Some(method);
    analysis.notes = notes;
    // Bootstrap tables: the same resampled run indices for every profile.
    let tables: Vec<Vec<f64>> = (0..bootstrap)
        .map(|_| {
            let idx: Vec<usize> = (0..played.runs).map(|_| rng.random_range(0..played.runs)).collect();
            dense(played, &played.means(Some(&idx)))
        })
        .collect();
    // Each bootstrap table's equilibrium supports, for the survival of mixed equilibria.
    let mixed_any = strategies.iter().any(|s| s.iter().any(|p| p.iter().filter(|&&x| x > 1e-9).count() > 1));
    let boot_supports: Vec<Option<Vec<Vec<Vec<usize>>>>> = if mixed_any && choosers.len() == 2 {
        tables
            .iter()
            .map(|t| {
                equilibria_of(played, t, &choosers)
                    .ok()
                    .map(|(_, eqs, _)| eqs.iter().map(|s| supports(s, &choosers)).collect())
            })
            .collect()
    } else {
        vec![None; tables.len()]
    };
    let scale = full.iter().fold(0.0f64, |m, x| m.max(x.abs())).max(1.0);
    for s in strategies {
        let (payoffs, regret) = evaluate(&full, &shape, &s);
        let pure = choosers.iter().all(|&i| s[i].iter().filter(|&&x| x > 1e-9).count() == 1);
        let mut boot: Vec<Vec<f64>> = vec![Vec::with_capacity(bootstrap); n];
        let mut survived = 0usize;
        let mut judged = 0usize;
        let support = supports(&s, &choosers);
        for (t, sup) in tables.iter().zip(&boot_supports) {
            let (_, r) = evaluate(t, &shape, &s);
            for i in 0..n {
                boot[i].push(r[i]);
            }
            if pure {
                judged += 1;
                if r.iter().all(|&x| x <= 1e-9 * scale) {
                    survived += 1;
                }
            } else if let Some(list) = sup {
                judged += 1;
                if list.contains(&support) {
                    survived += 1;
                }
            }
        }
        let regret_ci95 = boot
            .iter_mut()
            .map(|v| {
                if v.is_empty() {
                    return [f64::NAN, f64::NAN];
                }
                v.sort_by(f64::total_cmp);
                let q = |p: f64| v[((p * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
                [q(0.025), q(0.975)]
            })
            .collect();
        analysis.equilibria.push(MetaEquilibrium {
            strategy: s,
            pure,
            payoffs,
            regret,
            regret_ci95,
            survival: (judged > 0).then(|| survived as f64 / judged as f64),
        });
    }
    if bootstrap == 0 {
        analysis.notes.push("no bootstrap resamples: regret intervals and survival are not computed".into());
    }
    analysis.replicator = Some(replicator(&full, &shape));
    Ok(analysis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// A prisoner's dilemma meta-game with exactly known payoffs (no noise): the table is the
    /// game, its unique equilibrium is (D, D), it survives every resample, regret is zero.
    #[test]
    fn a_deterministic_prisoners_dilemma() {
        let pay = |a: usize, b: usize| match (a, b) {
            (0, 0) => [3.0, 3.0],
            (0, 1) => [0.0, 5.0],
            (1, 0) => [5.0, 0.0],
            _ => [1.0, 1.0],
        };
        let profiles = vec![vec![0, 0], vec![1, 0], vec![0, 1], vec![1, 1]];
        let totals = profiles.iter().map(|p| pay(p[0], p[1]).repeat(10)).collect();
        let played = Played {
            players: vec!["Row".into(), "Col".into()],
            policies: vec![vec!["C".into(), "D".into()], vec!["C".into(), "D".into()]],
            profiles,
            runs: 10,
            totals,
        };
        let a = analyse(&played, 50, &mut ChaCha8Rng::seed_from_u64(1)).unwrap();
        assert_eq!(a.method.as_deref(), Some("enummixed"));
        assert_eq!(a.equilibria.len(), 1);
        let e = &a.equilibria[0];
        assert_eq!(e.strategy, vec![vec![0.0, 1.0], vec![0.0, 1.0]]);
        assert_eq!(e.payoffs, vec![1.0, 1.0]);
        assert_eq!(e.survival, Some(1.0));
        assert_eq!(e.regret_ci95, vec![[0.0, 0.0], [0.0, 0.0]]);
        assert_eq!(a.table[1].profile, vec!["D".to_string(), "C".to_string()]);
        assert_eq!(a.table[1].mean, vec![5.0, 0.0]);
        assert_eq!(a.table[1].se, vec![0.0, 0.0]);
        // Replicator dynamics go to defection.
        let r = a.replicator.unwrap();
        assert!(r.end[0][1] > 0.99 && r.end[1][1] > 0.99, "{:?}", r.end);
    }

    /// Matching pennies with noise: the mixed equilibrium is found; survival is judged by supports.
    #[test]
    fn matching_pennies_with_noisy_runs() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let profiles = vec![vec![0, 0], vec![1, 0], vec![0, 1], vec![1, 1]];
        let totals = profiles
            .iter()
            .map(|p| {
                let base = if p[0] == p[1] { 1.0 } else { -1.0 };
                (0..200)
                    .flat_map(|_| {
                        let e: f64 = rng.random_range(-0.1..0.1);
                        [base + e, -base - e]
                    })
                    .collect()
            })
            .collect();
        let played = Played {
            players: vec!["A".into(), "B".into()],
            policies: vec![vec!["H".into(), "T".into()], vec!["H".into(), "T".into()]],
            profiles,
            runs: 200,
            totals,
        };
        let a = analyse(&played, 40, &mut ChaCha8Rng::seed_from_u64(5)).unwrap();
        assert_eq!(a.equilibria.len(), 1);
        let e = &a.equilibria[0];
        assert!(!e.pure);
        assert!((e.strategy[0][0] - 0.5).abs() < 0.05);
        assert_eq!(e.survival, Some(1.0));
        assert!(e.regret.iter().all(|&r| r < 1e-9));
        assert!(e.regret_ci95.iter().all(|ci| ci[0] >= 0.0 && ci[1] < 0.1));
    }

    /// With only some profiles played there is no game to solve, and the analysis says so.
    #[test]
    fn a_partial_table_has_no_equilibria() {
        let played = Played {
            players: vec!["A".into(), "B".into()],
            policies: vec![vec!["x".into(), "y".into()], vec!["x".into()]],
            profiles: vec![vec![0, 0]],
            runs: 3,
            totals: vec![vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0]],
        };
        let a = analyse(&played, 10, &mut ChaCha8Rng::seed_from_u64(1)).unwrap();
        assert!(a.method.is_none() && a.equilibria.is_empty());
        assert!(a.notes[0].contains("not a complete game"));
    }
}
