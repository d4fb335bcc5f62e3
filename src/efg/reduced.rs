//! The reduced strategic form of a tree, as an exact payoff table and as a [`NormalForm`], so
//! that every normal-form method of [`crate::solve`] applies to extensive games.
//!
//! A reduced (pure) strategy of a player chooses an action only at the information sets its own
//! earlier choices do not exclude (Kuhn 1953; the "reduced normal form" of Dalkey 1953 and
//! Kohlberg and Mertens 1986 §2, also von Stengel 1996 §2): strategies that differ only at
//! excluded information sets are the same plan. Strategies are listed in Gambit's order: the
//! player's information sets in order of first appearance, actions in order, the first
//! information set changing slowest. Labels join the chosen actions' names with `/`, a `*` where
//! the plan does not reach an information set (`Out/*`, `In/Fight`).
//!
//! The payoff of a profile is the chance-weighted sum over the leaves every player's plan is
//! consistent with, computed exactly. Behaviour strategies map to mixed ones by multiplying the
//! probabilities of the actions a plan takes (Kuhn's theorem: realization-equivalent under perfect
//! recall), and mixed strategies back to behaviour by conditioning.

use super::tree::{NodeKind, Owner, Tree};
use super::{EfgError, Field, MAX_REDUCED_PROFILES, MAX_REDUCED_STRATEGIES};
use crate::game::{NormalForm, PlayerSpec, Rational};
use crate::solve::Budget;
use num_traits::Zero;
use std::collections::HashMap;

/// A reduced pure strategy: per information set of the player (in the order of
/// [`Tree::player_infosets`]), the chosen action, `None` where the plan does not reach it.
pub type Plan = Vec<Option<usize>>;

/// The reduced strategic form: each player's plans, their labels, and the exact payoff table
/// (profile-major, first player's strategy changing fastest, as in [`NormalForm`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ReducedForm {
    /// Player names (empty or repeated names replaced by `Player k`).
    pub players: Vec<String>,
    /// Per player, its reduced strategies.
    pub plans: Vec<Vec<Plan>>,
    /// Per player, a readable label for each strategy.
    pub labels: Vec<Vec<String>>,
    table: Vec<Rational>,
}

/// Counts the reduced strategies of `player` without listing them (perfect recall only);
/// saturates at `u128::MAX`.
pub fn count_strategies(tree: &Tree, player: usize) -> Option<u128> {
    let recall = tree.recall().ok()?;
    let seqs = &recall.sequences[player];
    // Per sequence, the product over the information sets it leads to of the sum over their
    // actions; sequences are numbered so that children come after their parent.
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); seqs.len()];
    for &h in tree.player_infosets(player) {
        below[recall.arrival[h]].push(h);
    }
    let mut count = vec![1u128; seqs.len()];
    for s in (0..seqs.len()).rev() {
        let mut c = 1u128;
        for &h in &below[s] {
            let k = tree.infoset(h).actions.len();
            let sum = (0..k).fold(0u128, |acc, a| acc.saturating_add(count[recall.sequence_of(h, a)]));
            c = c.saturating_mul(sum);
        }
        count[s] = c;
    }
    Some(count[0])
}

/// Lists the reduced strategies of `player`, at most `limit` of them.
pub fn plans(tree: &Tree, player: usize, limit: usize, budget: &Budget) -> Result<Vec<Plan>, EfgError> {
    let what = || format!("the number of reduced strategies of {}", tree.player_name(player));
    if let Some(c) = count_strategies(tree, player)
        && c > limit as u128
    {
        let got = if c == u128::MAX { "more than 10^38".to_string() } else { c.to_string() };
        return Err(EfgError::limit(what(), got, limit as u128));
    }
    let own = tree.player_infosets(player);
    let mut local = vec![usize::MAX; tree.infosets().len()];
    for (k, &h) in own.iter().enumerate() {
        local[h] = k;
    }
    let mut out = Vec::new();
    // Depth-first over partial plans; each state is a plan and a stack of nodes still to visit.
    let mut states: Vec<(Plan, Vec<usize>)> = vec![(vec![None; own.len()], vec![0])];
    let mut steps = 0usize;
    while let Some((mut plan, mut work)) = states.pop() {
        let mut branched = false;
        while let Some(n) = work.pop() {
            steps += 1;
            if steps.is_multiple_of(4096) {
                budget.check().map_err(EfgError::Stopped)?;
            }
            let node = tree.node(n);
            match node.kind {
                NodeKind::Terminal => {}
                NodeKind::Decision(h) if tree.infoset(h).owner == Owner::Player(player) => match plan[local[h]] {
                    Some(a) => work.push(node.children[a]),
                    None => {
                        for a in (0..node.children.len()).rev() {
                            let mut p = plan.clone();
                            p[local[h]] = Some(a);
                            let mut w = work.clone();
                            w.push(node.children[a]);
                            states.push((p, w));
                        }
                        branched = true;
                        break;
                    }
                },
                _ => work.extend(node.children.iter().rev()),
            }
        }
        if !branched {
            if out.len() >= limit {
                return Err(EfgError::limit(what(), format!("more than {limit}"), limit as u128));
            }
            out.push(std::mem::take(&mut plan));
        }
    }
    Ok(out)
}

/// Readable labels for a player's plans: action names joined by `/`, `*` where unreached; when
/// names are missing or repeat, 1-based action numbers instead.
pub fn labels(tree: &Tree, player: usize, plans: &[Plan]) -> Vec<String> {
    let own = tree.player_infosets(player);
    if own.is_empty() {
        return vec!["(no move)".to_string(); plans.len()];
    }
    let by_name: Vec<String> = plans
        .iter()
        .map(|p| {
            p.iter()
                .zip(own)
                .map(|(c, &h)| match c {
                    Some(a) => tree.infoset(h).actions[*a].clone(),
                    None => "*".to_string(),
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    let names_ok = own.iter().all(|&h| {
        let acts = &tree.infoset(h).actions;
        acts.iter()
            .enumerate()
            .all(|(i, a)| !a.trim().is_empty() && a != "*" && !a.contains('/') && !acts[..i].contains(a))
    });
    if names_ok && all_distinct(&by_name) {
        return by_name;
    }
    let by_number: Vec<String> = plans
        .iter()
        .map(|p| p.iter().map(|c| c.map_or("*".to_string(), |a| (a + 1).to_string())).collect::<Vec<_>>().join("/"))
        .collect();
    if all_distinct(&by_number) { by_number } else { (1..=plans.len()).map(|k| format!("s{k}")).collect() }
}

fn all_distinct(v: &[String]) -> bool {
    let mut s: Vec<&String> = v.iter().collect();
    s.sort();
    s.windows(2).all(|w| w[0] != w[1])
}

/// Per own path (the player's information sets and actions on the way to a leaf), the indices of
/// the plans consistent with it.
type PathCache = HashMap<Vec<(usize, usize)>, Vec<usize>>;

/// Whether `plan` takes every one of the player's actions on the path to `node`.
fn consistent(local: &[usize], plan: &Plan, path: &[(usize, usize)]) -> bool {
    path.iter().all(|&(h, a)| plan[local[h]] == Some(a))
}

/// Per player, the player's own (information set, action) pairs on the path to each leaf.
fn own_paths(tree: &Tree) -> Vec<Vec<Vec<(usize, usize)>>> {
    let n = tree.n_players();
    let mut out = vec![Vec::with_capacity(tree.leaves().len()); n];
    for &leaf in tree.leaves() {
        let mut per: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        let mut cur = leaf;
        while let Some(p) = tree.node(cur).parent {
            if let NodeKind::Decision(h) = tree.node(p).kind
                && let Owner::Player(i) = tree.infoset(h).owner
            {
                per[i].push((h, tree.node(cur).action));
            }
            cur = p;
        }
        for (i, mut v) in per.into_iter().enumerate() {
            v.reverse();
            out[i].push(v);
        }
    }
    out
}

/// Maps each information set to its position among its owner's information sets.
pub(crate) fn local_index(tree: &Tree) -> Vec<usize> {
    let mut local = vec![usize::MAX; tree.infosets().len()];
    for i in 0..tree.n_players() {
        for (k, &h) in tree.player_infosets(i).iter().enumerate() {
            local[h] = k;
        }
    }
    local
}

impl ReducedForm {
    /// Builds the reduced strategic form, refusing trees over [`MAX_REDUCED_STRATEGIES`] per
    /// player or [`MAX_REDUCED_PROFILES`] profiles.
    pub fn build(tree: &Tree, budget: &Budget) -> Result<Self, EfgError> {
        Self::build_with_limit(tree, MAX_REDUCED_STRATEGIES, budget)
    }

    /// Builds the reduced strategic form with at most `per_player` strategies per player.
    pub fn build_with_limit(tree: &Tree, per_player: usize, budget: &Budget) -> Result<Self, EfgError> {
        let n = tree.n_players();
        let mut all_plans = Vec::with_capacity(n);
        let mut profiles: u128 = 1;
        for i in 0..n {
            let p = plans(tree, i, per_player.min(MAX_REDUCED_STRATEGIES), budget)?;
            profiles = profiles.saturating_mul(p.len() as u128);
            if profiles > MAX_REDUCED_PROFILES {
                return Err(EfgError::limit(
                    "the number of reduced strategy profiles",
                    format!("at least {profiles}"),
                    MAX_REDUCED_PROFILES,
                ));
            }
            all_plans.push(p);
        }
        let labels: Vec<Vec<String>> = (0..n).map(|i| labels(tree, i, &all_plans[i])).collect();
        let mut players: Vec<String> = (0..n).map(|i| tree.player_name(i)).collect();
        for i in 0..n {
            if players[..i].contains(&players[i]) {
                players[i] = format!("Player {}", i + 1);
            }
        }
        let shape: Vec<usize> = all_plans.iter().map(|p| p.len()).collect();
        let n_profiles: usize = shape.iter().product();
        let mut strides = vec![1usize; n];
        for i in 1..n {
            strides[i] = strides[i - 1] * shape[i - 1];
        }
        // A rational of a small table entry takes about 64 bytes with its two integers.
        budget.check_memory(n_profiles.saturating_mul(n).saturating_mul(64)).map_err(EfgError::Stopped)?;
        let mut table = vec![Rational::zero(); n_profiles * n];
        let local = local_index(tree);
        let paths = own_paths(tree);
        let chance = tree.chance_reach();
        // Per player, the consistent strategies of each distinct own path (cached).
        let mut cache: Vec<PathCache> = vec![HashMap::new(); n];
        let mut lists: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, &leaf) in tree.leaves().iter().enumerate() {
            if k % 256 == 0 {
                budget.check().map_err(EfgError::Stopped)?;
            }
            let c = &chance[leaf];
            if c.is_zero() {
                continue;
            }
            let pays: Vec<Rational> = tree.payoffs_at(leaf).iter().map(|u| u * c).collect();
            for i in 0..n {
                let path = &paths[i][k];
                let list = cache[i].entry(path.clone()).or_insert_with(|| {
                    (0..all_plans[i].len()).filter(|&s| consistent(&local, &all_plans[i][s], path)).collect()
                });
                lists[i] = list.clone();
            }
            if lists.iter().any(|l| l.is_empty()) {
                continue;
            }
            // Every combination of consistent strategies reaches this leaf.
            let mut idx = vec![0usize; n];
            loop {
                let prof: usize = (0..n).map(|i| lists[i][idx[i]] * strides[i]).sum();
                for (j, u) in pays.iter().enumerate() {
                    if !u.is_zero() {
                        table[prof * n + j] += u;
                    }
                }
                let mut i = 0;
                while i < n {
                    idx[i] += 1;
                    if idx[i] < lists[i].len() {
                        break;
                    }
                    idx[i] = 0;
                    i += 1;
                }
                if i == n {
                    break;
                }
            }
        }
        Ok(ReducedForm { players, plans: all_plans, labels, table })
    }

    /// Number of strategies of each player.
    pub fn shape(&self) -> Vec<usize> {
        self.plans.iter().map(|p| p.len()).collect()
    }

    /// The exact table, profile-major (`[profile * n_players + player]`).
    pub fn table(&self) -> &[Rational] {
        &self.table
    }

    /// The reduced form as a [`NormalForm`] (each player needs 1 to [`crate::game::MAX_ACTIONS`]
    /// strategies).
    pub fn to_normal_form(&self, title: &str) -> Result<NormalForm, EfgError> {
        let players: Vec<PlayerSpec> = self
            .players
            .iter()
            .zip(&self.labels)
            .map(|(p, l)| PlayerSpec { name: p.clone(), actions: l.clone() })
            .collect();
        Ok(NormalForm::new(title.to_string(), players, self.table.clone())?)
    }

    /// The mixed strategy of each player equivalent to behaviour strategies `probs` (indexed by
    /// information set, as in [`super::BehaviourProfile`]): each plan's probability is the product
    /// of the probabilities of the actions it takes.
    pub(crate) fn mixed_of<T: Field>(&self, tree: &Tree, probs: &[Vec<T>]) -> Vec<Vec<T>> {
        (0..self.plans.len())
            .map(|i| {
                let own = tree.player_infosets(i);
                self.plans[i]
                    .iter()
                    .map(|plan| {
                        let mut w = T::unit();
                        for (c, &h) in plan.iter().zip(own) {
                            if let Some(a) = c {
                                w = w.times(&probs[h][*a]);
                            }
                        }
                        w
                    })
                    .collect()
            })
            .collect()
    }

    /// Behaviour strategies equivalent to mixed strategies over the plans (Kuhn 1953): at each
    /// information set, the probability of an action given that the player's plan reaches the set;
    /// uniform where no plan in the support reaches it. Chance sets keep their probabilities.
    pub(crate) fn behaviour_of<T: Field>(&self, tree: &Tree, mixed: &[Vec<T>]) -> Vec<Vec<T>> {
        let mut out: Vec<Vec<T>> = tree
            .infosets()
            .iter()
            .map(|h| match h.owner {
                Owner::Chance => h.probs.iter().map(T::from_q).collect(),
                Owner::Player(_) => vec![T::nil(); h.actions.len()],
            })
            .collect();
        for (i, (plans, mix)) in self.plans.iter().zip(mixed).enumerate() {
            let own = tree.player_infosets(i);
            let mut reach = vec![T::nil(); own.len()];
            for (plan, w) in plans.iter().zip(mix) {
                if w.is_nil() {
                    continue;
                }
                for (k, c) in plan.iter().enumerate() {
                    if let Some(a) = c {
                        out[own[k]][*a].acc(w);
                        reach[k].acc(w);
                    }
                }
            }
            for (k, &h) in own.iter().enumerate() {
                let m = tree.infoset(h).actions.len();
                if reach[k].is_nil() {
                    let u = T::unit().over(&T::from_q(&Rational::from_integer((m as i64).into())));
                    out[h] = vec![u; m];
                } else {
                    for x in out[h].iter_mut() {
                        *x = x.over(&reach[k]);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efg::gambit;

    /// Selten's horse-free classic: player 1 chooses Out or In; after In, player 2 chooses
    /// without seeing player 1's second move (a two-stage game with an information set).
    const TWO_STAGE: &str = r#"EFG 2 R "two stage" { "P1" "P2" }
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "out" { 2, 2 }
p "" 1 2 "" { "U" "D" } 0
p "" 2 1 "" { "L" "R" } 0
t "" 2 "" { 3, 1 }
t "" 3 "" { 0, 0 }
p "" 2 1 "" { "L" "R" } 0
t "" 4 "" { 0, 0 }
t "" 5 "" { 1, 3 }
"#;

    #[test]
    fn plans_skip_excluded_information_sets() {
        let t = gambit::parse(TWO_STAGE, "t.efg").unwrap();
        let p = plans(&t, 0, 100, &Budget::unlimited()).unwrap();
        assert_eq!(p, vec![vec![Some(0), None], vec![Some(1), Some(0)], vec![Some(1), Some(1)]]);
        assert_eq!(count_strategies(&t, 0), Some(3));
        assert_eq!(labels(&t, 0, &p), vec!["Out/*", "In/U", "In/D"]);
        let r = ReducedForm::build(&t, &Budget::unlimited()).unwrap();
        let nf = r.to_normal_form("two stage").unwrap();
        assert_eq!(nf.shape(), &[3, 2]);
        assert_eq!(nf.payoff(&[0, 1], 0), 2.0);
        assert_eq!(nf.payoff(&[1, 0], 1), 1.0);
        assert_eq!(nf.payoff(&[2, 1], 0), 1.0);
    }

    #[test]
    fn chance_weights_the_table() {
        let text = r#"EFG 2 R "" { "A" "B" }
c "" 1 "" { "h" 1/3 "t" 2/3 } 0
p "" 1 1 "" { "x" "y" } 0
t "" 1 "" { 3, 0 }
t "" 0
p "" 2 1 "" { "l" "r" } 0
t "" 2 "" { 0, 6 }
t "" 0
"#;
        let t = gambit::parse(text, "c.efg").unwrap();
        let r = ReducedForm::build(&t, &Budget::unlimited()).unwrap();
        assert_eq!(r.shape(), vec![2, 2]);
        let q = |n: i64| Rational::from_integer(n.into());
        // (x, l): 1/3 * 3 for A and 2/3 * 6 for B.
        assert_eq!(&r.table()[0..2], &[q(1), q(4)]);
    }

    #[test]
    fn behaviour_and_mixed_round_trip_under_perfect_recall() {
        let t = gambit::parse(TWO_STAGE, "t.efg").unwrap();
        let r = ReducedForm::build(&t, &Budget::unlimited()).unwrap();
        let q = |n: i64, d: i64| Rational::new(n.into(), d.into());
        let probs = vec![vec![q(1, 4), q(3, 4)], vec![q(1, 3), q(2, 3)], vec![q(1, 2), q(1, 2)]];
        let mixed = r.mixed_of(&t, &probs);
        assert_eq!(mixed[0], vec![q(1, 4), q(1, 4), q(1, 2)]);
        assert_eq!(r.behaviour_of(&t, &mixed), probs);
    }

    #[test]
    fn too_many_strategies_name_the_limit() {
        let t = gambit::parse(TWO_STAGE, "t.efg").unwrap();
        let e = plans(&t, 0, 2, &Budget::unlimited()).unwrap_err().to_string();
        assert!(e.contains("reduced strategies of P1 is 3, over the limit of 2"), "{e}");
    }
}
