//! Behaviour profiles on a tree: reach probabilities, beliefs at information sets (Bayes' rule
//! where the set is reached), expected payoffs, conditional action values, and the maximum
//! regret of the profile against the reduced strategic form.
//!
//! A behaviour strategy gives a probability distribution over the actions at each of a player's
//! information sets (Kuhn 1953). Beliefs are the conditional probabilities of the nodes of an
//! information set given that it is reached, `μ(n) = ρ(n) / Σ_{m ∈ h} ρ(m)` with `ρ` the
//! probability of reaching the node (Kreps and Wilson 1982); they are undefined where the set is
//! reached with probability zero. The *maximum regret* is the largest gain any player can get by
//! switching to a reduced pure strategy (a pure strategy of the reduced strategic form) while the
//! others keep their behaviour strategies; it is 0 exactly at a Nash equilibrium. It is computed
//! (a) through [`crate::solve::regret`] on the reduced [`NormalForm`] with the mixed strategies
//! Kuhn's theorem makes equivalent, when the reduced form fits a normal form; (b) otherwise, under
//! perfect recall, by the sequence-form best response (von Stengel 1996: the best value of each
//! sequence is the value of its leaves plus the best action at each information set it leads to),
//! which is the same number; (c) under imperfect recall, by trying every reduced pure strategy.
//! Exact profiles get exact answers.

use super::reduced::{self, ReducedForm};
use super::tree::{NodeKind, Owner, Tree};
use super::{EfgError, Field, MAX_REDUCED_STRATEGIES};
use crate::game::{NormalForm, Rational, rational};
use crate::solve::{Budget, regret};
use num_traits::{Signed, Zero};

/// A behaviour profile: per information set of the tree (chance sets included, holding the
/// chance probabilities), a probability for each action.
#[derive(Clone, Debug, PartialEq)]
pub struct BehaviourProfile {
    pub probs: Vec<Vec<f64>>,
    /// The exact profile, for the exact methods.
    pub exact: Option<Vec<Vec<Rational>>>,
}

impl BehaviourProfile {
    /// An exact profile.
    pub fn from_exact(exact: Vec<Vec<Rational>>) -> Self {
        let probs = exact.iter().map(|v| v.iter().map(rational::to_f64).collect()).collect();
        BehaviourProfile { probs, exact: Some(exact) }
    }

    /// A floating-point profile.
    pub fn from_f64(probs: Vec<Vec<f64>>) -> Self {
        BehaviourProfile { probs, exact: None }
    }

    /// Every player mixes uniformly at every information set (exact).
    pub fn centroid(tree: &Tree) -> Self {
        let exact = tree
            .infosets()
            .iter()
            .map(|h| match h.owner {
                Owner::Chance => h.probs.clone(),
                Owner::Player(_) => {
                    let k = h.actions.len();
                    vec![Rational::new(1.into(), (k as i64).into()); k]
                }
            })
            .collect();
        Self::from_exact(exact)
    }

    /// A pure profile: `choice[h]` is the action taken at information set `h` (ignored at chance
    /// sets).
    pub fn pure(tree: &Tree, choice: &[usize]) -> Self {
        let exact = tree
            .infosets()
            .iter()
            .enumerate()
            .map(|(h, set)| match set.owner {
                Owner::Chance => set.probs.clone(),
                Owner::Player(_) => {
                    (0..set.actions.len()).map(|a| Rational::from_integer(((a == choice[h]) as i64).into())).collect()
                }
            })
            .collect();
        Self::from_exact(exact)
    }

    /// Checks the profile's shape and that each distribution is non-negative and sums to one
    /// (exactly for exact profiles, within 1e-9 otherwise).
    pub fn validate(&self, tree: &Tree) -> Result<(), EfgError> {
        if self.probs.len() != tree.infosets().len() {
            return Err(EfgError::Invalid(format!(
                "the profile covers {} information sets, the tree has {}",
                self.probs.len(),
                tree.infosets().len()
            )));
        }
        for (h, p) in self.probs.iter().enumerate() {
            let k = tree.infoset(h).actions.len();
            let sum: f64 = p.iter().sum();
            if p.len() != k || p.iter().any(|x| x.is_nan() || *x < 0.0) || (sum - 1.0).abs() > 1e-9 {
                return Err(EfgError::Invalid(format!(
                    "the probabilities at {} are not a distribution over its {k} actions",
                    tree.describe_infoset(h)
                )));
            }
            if let Some(e) = &self.exact {
                let s: Rational = e[h].iter().sum();
                if e[h].len() != k || e[h].iter().any(|x| x.is_negative()) || s != Rational::from_integer(1.into()) {
                    return Err(EfgError::Invalid(format!(
                        "the exact probabilities at {} are not a distribution",
                        tree.describe_infoset(h)
                    )));
                }
            }
        }
        Ok(())
    }
}

/// What the max-regret figure was measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegretBasis {
    /// The reduced strategic form as a [`NormalForm`], through [`crate::solve::regret`].
    ReducedNormalForm,
    /// The sequence-form best response (perfect recall; equal to the reduced form's regret).
    SequenceBestResponse,
    /// Every reduced pure strategy tried in turn (imperfect recall).
    ReducedPlans,
}

impl RegretBasis {
    pub fn name(self) -> &'static str {
        match self {
            RegretBasis::ReducedNormalForm => "reduced normal form",
            RegretBasis::SequenceBestResponse => "sequence-form best response",
            RegretBasis::ReducedPlans => "reduced pure strategies",
        }
    }
}

/// One information set under a profile.
#[derive(Clone, Debug, PartialEq)]
pub struct InfosetView {
    pub infoset: usize,
    /// Probability that play reaches the set.
    pub reach: f64,
    /// Beliefs over the set's nodes (in [`super::Infoset::members`] order), where reached.
    pub beliefs: Option<Vec<f64>>,
    pub exact_beliefs: Option<Vec<Rational>>,
    /// Expected payoff to the mover of each action given that the set is reached.
    pub action_values: Option<Vec<f64>>,
    /// Best action value minus the value of the mover's mixture (0 where unreached).
    pub regret: f64,
}

/// A profile's payoffs, beliefs and regret.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileCheck {
    pub payoffs: Vec<f64>,
    pub exact_payoffs: Option<Vec<Rational>>,
    /// Largest gain of any player from a reduced pure strategy (0 at a Nash equilibrium).
    pub max_regret: f64,
    pub exact_max_regret: Option<Rational>,
    pub regret_basis: RegretBasis,
    /// Largest regret at any reached information set (the agent form's regret, Gambit's
    /// `agent_max_regret`).
    pub agent_max_regret: f64,
    /// The players' information sets, in tree order.
    pub infosets: Vec<InfosetView>,
}

/// Reach probability of every node and expected payoff of every player from every node.
pub(crate) struct Eval<T> {
    pub reach: Vec<T>,
    /// `values[node * n + player]`.
    pub values: Vec<T>,
    pub n: usize,
}

impl<T: Field> Eval<T> {
    pub fn value(&self, node: usize, player: usize) -> &T {
        &self.values[node * self.n + player]
    }
}

/// Evaluates a profile given per information set (chance sets hold chance probabilities).
pub(crate) fn evaluate<T: Field>(tree: &Tree, probs: &[Vec<T>]) -> Eval<T> {
    let n = tree.n_players();
    let nodes = tree.nodes();
    let mut reach: Vec<T> = Vec::with_capacity(nodes.len());
    for node in nodes {
        let r = match node.parent {
            None => T::unit(),
            Some(p) => {
                let h = tree.infoset_of(p).expect("a parent has an information set");
                reach[p].times(&probs[h][node.action])
            }
        };
        reach.push(r);
    }
    let mut values = vec![T::nil(); nodes.len() * n];
    for i in (0..nodes.len()).rev() {
        match nodes[i].kind {
            NodeKind::Terminal => {
                for (j, u) in tree.payoffs_at(i).iter().enumerate() {
                    values[i * n + j] = T::from_q(u);
                }
            }
            NodeKind::Chance(h) | NodeKind::Decision(h) => {
                for (a, &c) in nodes[i].children.iter().enumerate() {
                    let p = &probs[h][a];
                    if p.is_nil() {
                        continue;
                    }
                    for j in 0..n {
                        let add = p.times(&values[c * n + j]);
                        values[i * n + j].acc(&add);
                    }
                }
            }
        }
    }
    Eval { reach, values, n }
}

/// Reach probability of every node counting only chance and the players other than `player`.
pub(crate) fn reach_without<T: Field>(tree: &Tree, probs: &[Vec<T>], player: usize) -> Vec<T> {
    let nodes = tree.nodes();
    let mut reach: Vec<T> = Vec::with_capacity(nodes.len());
    for node in nodes {
        let r = match node.parent {
            None => T::unit(),
            Some(p) => {
                let h = tree.infoset_of(p).expect("a parent has an information set");
                if tree.infoset(h).owner == Owner::Player(player) {
                    reach[p].clone()
                } else {
                    reach[p].times(&probs[h][node.action])
                }
            }
        };
        reach.push(r);
    }
    reach
}

/// The best payoff `player` can get with a reduced pure strategy against the others' behaviour
/// strategies, by the sequence-form best response (perfect recall required).
pub(crate) fn best_response_value<T: Field>(tree: &Tree, probs: &[Vec<T>], player: usize) -> Result<T, EfgError> {
    let recall = tree.recall()?;
    let reach = reach_without(tree, probs, player);
    let mut val = vec![T::nil(); recall.sequences[player].len()];
    for &leaf in tree.leaves() {
        if reach[leaf].is_nil() {
            continue;
        }
        let u = T::from_q(&tree.payoffs_at(leaf)[player]);
        val[recall.node_sequence(leaf, player)].acc(&reach[leaf].times(&u));
    }
    let mut sets: Vec<usize> = tree.player_infosets(player).to_vec();
    sets.sort_by_key(|&h| std::cmp::Reverse(recall.first_seq[h]));
    for h in sets {
        let k = tree.infoset(h).actions.len();
        let mut best = val[recall.sequence_of(h, 0)].clone();
        for a in 1..k {
            let v = &val[recall.sequence_of(h, a)];
            if *v > best {
                best = v.clone();
            }
        }
        val[recall.arrival[h]].acc(&best);
    }
    Ok(val[0].clone())
}

/// The best payoff of `player` over the given reduced pure strategies (any recall).
fn best_plan_value<T: Field>(tree: &Tree, probs: &[Vec<T>], player: usize, plans: &[reduced::Plan]) -> T {
    let reach = reach_without(tree, probs, player);
    let local = reduced::local_index(tree);
    let mut best: Option<T> = None;
    let paths: Vec<(usize, Vec<(usize, usize)>)> = tree
        .leaves()
        .iter()
        .filter(|&&l| !reach[l].is_nil())
        .map(|&leaf| {
            let mut own = Vec::new();
            let mut cur = leaf;
            while let Some(p) = tree.node(cur).parent {
                if let NodeKind::Decision(h) = tree.node(p).kind
                    && tree.infoset(h).owner == Owner::Player(player)
                {
                    own.push((h, tree.node(cur).action));
                }
                cur = p;
            }
            (leaf, own)
        })
        .collect();
    for plan in plans {
        let mut v = T::nil();
        for (leaf, own) in &paths {
            if own.iter().all(|&(h, a)| plan[local[h]] == Some(a)) {
                v.acc(&reach[*leaf].times(&T::from_q(&tree.payoffs_at(*leaf)[player])));
            }
        }
        if best.as_ref().is_none_or(|b| v > *b) {
            best = Some(v);
        }
    }
    best.unwrap_or_else(T::nil)
}

/// Per player information set: reach, beliefs, conditional action values and the agent regret.
fn infoset_views<T: Field>(tree: &Tree, probs: &[Vec<T>], ev: &Eval<T>) -> (Vec<InfosetView>, Vec<Option<Vec<T>>>) {
    let mut views = Vec::new();
    let mut exact_beliefs = Vec::new();
    for (h, set) in tree.infosets().iter().enumerate() {
        let Owner::Player(i) = set.owner else { continue };
        let mut total = T::nil();
        for &m in &set.members {
            total.acc(&ev.reach[m]);
        }
        let k = set.actions.len();
        let (beliefs, values, regret) = if total.is_nil() {
            (None, None, 0.0)
        } else {
            let mu: Vec<T> = set.members.iter().map(|&m| ev.reach[m].over(&total)).collect();
            let mut vals = vec![T::nil(); k];
            for (&m, b) in set.members.iter().zip(&mu) {
                for (a, &c) in tree.node(m).children.iter().enumerate() {
                    vals[a].acc(&b.times(ev.value(c, i)));
                }
            }
            let mut mix = T::nil();
            let mut best = vals[0].clone();
            for a in 0..k {
                mix.acc(&probs[h][a].times(&vals[a]));
                if vals[a] > best {
                    best = vals[a].clone();
                }
            }
            let r = best.minus(&mix).to_f64().max(0.0);
            (Some(mu), Some(vals), r)
        };
        views.push(InfosetView {
            infoset: h,
            reach: total.to_f64(),
            beliefs: beliefs.as_ref().map(|b| b.iter().map(T::to_f64).collect()),
            exact_beliefs: None,
            action_values: values.map(|v| v.iter().map(T::to_f64).collect()),
            regret,
        });
        exact_beliefs.push(beliefs);
    }
    (views, exact_beliefs)
}

/// The reduced strategic form of a tree both as plans and as a [`NormalForm`].
pub struct Strategic {
    pub reduced: ReducedForm,
    pub normal: NormalForm,
}

impl Strategic {
    /// Builds both; fails when the reduced form is over a limit or does not fit a normal form.
    pub fn build(tree: &Tree, budget: &Budget) -> Result<Self, EfgError> {
        let reduced = ReducedForm::build_with_limit(tree, crate::game::MAX_ACTIONS, budget)?;
        let normal = reduced.to_normal_form(tree.title())?;
        Ok(Strategic { reduced, normal })
    }
}

/// Payoffs, beliefs and maximum regret of `profile`. `strategic`, when given, is the tree's
/// reduced form, against which the regret is then measured through [`crate::solve::regret`].
pub fn check(tree: &Tree, profile: &BehaviourProfile, strategic: Option<&Strategic>) -> Result<ProfileCheck, EfgError> {
    profile.validate(tree)?;
    let n = tree.n_players();
    if let Some(exact) = &profile.exact {
        let ev = evaluate(tree, exact);
        let payoffs: Vec<Rational> = (0..n).map(|j| ev.value(0, j).clone()).collect();
        let (mut views, beliefs) = infoset_views(tree, exact, &ev);
        for (v, b) in views.iter_mut().zip(beliefs) {
            v.exact_beliefs = b;
        }
        let (regret, basis) = exact_regret(tree, exact, &payoffs, strategic)?;
        Ok(ProfileCheck {
            payoffs: payoffs.iter().map(rational::to_f64).collect(),
            exact_payoffs: Some(payoffs),
            max_regret: rational::to_f64(&regret),
            exact_max_regret: Some(regret),
            regret_basis: basis,
            agent_max_regret: views.iter().map(|v| v.regret).fold(0.0, f64::max),
            infosets: views,
        })
    } else {
        let probs = &profile.probs;
        let ev = evaluate(tree, probs);
        let payoffs: Vec<f64> = (0..n).map(|j| *ev.value(0, j)).collect();
        let (views, _) = infoset_views(tree, probs, &ev);
        let (regret, basis) = if let Some(s) = strategic.filter(|_| tree.has_perfect_recall()) {
            let mixed = s.reduced.mixed_of(tree, probs);
            (regret::max_regret_f64(&s.normal, &mixed), RegretBasis::ReducedNormalForm)
        } else {
            let mut r = 0.0f64;
            let basis = regret_basis(tree);
            for (i, pay) in payoffs.iter().enumerate() {
                let best = best_value(tree, probs, i, strategic)?;
                r = r.max(best - pay);
            }
            (r.max(0.0), basis)
        };
        Ok(ProfileCheck {
            payoffs,
            exact_payoffs: None,
            max_regret: regret,
            exact_max_regret: None,
            regret_basis: basis,
            agent_max_regret: views.iter().map(|v| v.regret).fold(0.0, f64::max),
            infosets: views,
        })
    }
}

fn regret_basis(tree: &Tree) -> RegretBasis {
    if tree.has_perfect_recall() { RegretBasis::SequenceBestResponse } else { RegretBasis::ReducedPlans }
}

fn best_value<T: Field>(tree: &Tree, probs: &[Vec<T>], player: usize, s: Option<&Strategic>) -> Result<T, EfgError> {
    if tree.has_perfect_recall() {
        return best_response_value(tree, probs, player);
    }
    match s {
        Some(s) => Ok(best_plan_value(tree, probs, player, &s.reduced.plans[player])),
        None => {
            let plans = reduced::plans(tree, player, MAX_REDUCED_STRATEGIES, &Budget::unlimited())?;
            Ok(best_plan_value(tree, probs, player, &plans))
        }
    }
}

fn exact_regret(
    tree: &Tree,
    exact: &[Vec<Rational>],
    payoffs: &[Rational],
    strategic: Option<&Strategic>,
) -> Result<(Rational, RegretBasis), EfgError> {
    if let Some(s) = strategic.filter(|_| tree.has_perfect_recall()) {
        let mixed = s.reduced.mixed_of(tree, exact);
        let (_, r) = regret::exact_payoffs_and_regret(&s.normal, &mixed);
        return Ok((r, RegretBasis::ReducedNormalForm));
    }
    let mut r = Rational::zero();
    for (i, pay) in payoffs.iter().enumerate() {
        let gain = best_value(tree, exact, i, strategic)? - pay;
        if gain > r {
            r = gain;
        }
    }
    Ok((r, regret_basis(tree)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efg::gambit;

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(n.into(), d.into())
    }

    /// A signalling game: chance picks a strong (1/3) or weak (2/3) sender, who sends a or b;
    /// the receiver sees the signal only.
    const SIGNAL: &str = r#"EFG 2 R "signal" { "S" "R" }
c "" 1 "" { "strong" 1/3 "weak" 2/3 } 0
p "" 1 1 "strong" { "a" "b" } 0
p "" 2 1 "after a" { "x" "y" } 0
t "" 1 "" { 2, 1 }
t "" 2 "" { 0, 0 }
p "" 2 2 "after b" { "x" "y" } 0
t "" 3 "" { 1, 1 }
t "" 4 "" { 0, 0 }
p "" 1 2 "weak" { "a" "b" } 0
p "" 2 1 "after a" { "x" "y" } 0
t "" 5 "" { 1, 0 }
t "" 6 "" { 0, 2 }
p "" 2 2 "after b" { "x" "y" } 0
t "" 7 "" { 2, 0 }
t "" 8 "" { 0, 1 }
"#;

    #[test]
    fn beliefs_follow_bayes_where_reached() {
        let t = gambit::parse(SIGNAL, "s.efg").unwrap();
        // Strong sends a, weak mixes 1/2; receiver plays x.
        let mut p = BehaviourProfile::centroid(&t).exact.unwrap();
        p[1] = vec![q(1, 1), q(0, 1)];
        p[2] = vec![q(1, 1), q(0, 1)];
        p[3] = vec![q(1, 1), q(0, 1)];
        p[4] = vec![q(1, 2), q(1, 2)];
        let c = check(&t, &BehaviourProfile::from_exact(p), None).unwrap();
        let after_a = c.infosets.iter().find(|v| v.infoset == 2).unwrap();
        // P(strong | a) = (1/3) / (1/3 + 2/3 * 1/2) = 1/2.
        assert_eq!(after_a.exact_beliefs.as_ref().unwrap(), &vec![q(1, 2), q(1, 2)]);
        let after_b = c.infosets.iter().find(|v| v.infoset == 3).unwrap();
        assert_eq!(after_b.exact_beliefs.as_ref().unwrap(), &vec![q(0, 1), q(1, 1)]);
        // Sender: 1/3 * 2 + 2/3 * (1/2 * 1 + 1/2 * 2) = 5/3.
        assert_eq!(c.exact_payoffs.as_ref().unwrap()[0], q(5, 3));
    }

    #[test]
    fn regret_agrees_across_the_three_ways_of_measuring_it() {
        let t = gambit::parse(SIGNAL, "s.efg").unwrap();
        let s = Strategic::build(&t, &Budget::unlimited()).unwrap();
        let mut p = BehaviourProfile::centroid(&t).exact.unwrap();
        p[1] = vec![q(1, 4), q(3, 4)];
        p[2] = vec![q(2, 5), q(3, 5)];
        let prof = BehaviourProfile::from_exact(p);
        let by_nf = check(&t, &prof, Some(&s)).unwrap();
        assert_eq!(by_nf.regret_basis, RegretBasis::ReducedNormalForm);
        let by_seq = check(&t, &prof, None).unwrap();
        assert_eq!(by_seq.regret_basis, RegretBasis::SequenceBestResponse);
        assert_eq!(by_nf.exact_max_regret, by_seq.exact_max_regret);
        let exact = prof.exact.as_ref().unwrap();
        for i in 0..2 {
            let plans = reduced::plans(&t, i, 100, &Budget::unlimited()).unwrap();
            assert_eq!(best_plan_value(&t, exact, i, &plans), best_response_value(&t, exact, i).unwrap());
        }
        let float = check(&t, &BehaviourProfile::from_f64(prof.probs.clone()), Some(&s)).unwrap();
        assert!((float.max_regret - by_nf.max_regret).abs() < 1e-12);
        assert!(by_nf.max_regret > 0.0);
    }
}
