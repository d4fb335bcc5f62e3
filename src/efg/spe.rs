//! Every subgame-perfect equilibrium in pure strategies of a game of perfect information, by
//! backward induction (Zermelo 1913; Kuhn 1953; Selten 1965, 1975).
//!
//! In a game of perfect information every node starts a subgame, so a pure profile is
//! subgame-perfect exactly when, at every decision node, the mover's action maximises the
//! mover's payoff in the subgame given the profile's play below (the one-shot deviation
//! principle). Backward induction therefore lists, for each node from the leaves up, every
//! pure equilibrium of the subgame it starts: one choice of equilibrium in each child's subgame,
//! combined with every optimal action of the mover given those choices (ties give several);
//! chance nodes average. Payoffs are compared exactly, so ties are true ties. The number of
//! equilibria can grow exponentially with the ties; past [`MAX_SPE`] the list is cut and marked
//! incomplete.

use super::profile::BehaviourProfile;
use super::tree::{NodeKind, Owner, Tree};
use super::{EfgError, MAX_SPE};
use crate::game::Rational;
use crate::solve::{Budget, Stop};
use num_traits::Zero;

/// One subgame-perfect equilibrium.
#[derive(Clone, Debug, PartialEq)]
pub struct Spe {
    /// The action taken at each information set (0 at chance sets).
    pub choice: Vec<usize>,
    pub profile: BehaviourProfile,
    pub payoffs: Vec<Rational>,
}

/// Every subgame-perfect equilibrium in pure strategies, in a fixed order.
#[derive(Clone, Debug, Default)]
pub struct SpeResult {
    pub equilibria: Vec<Spe>,
    /// Whether the list is cut at [`MAX_SPE`] (in the game or in some subgame).
    pub truncated: bool,
    /// Set when the budget stopped the induction; `equilibria` is then empty.
    pub incomplete: Option<Stop>,
}

/// One equilibrium of the subgame at a node: the mover's action, the index of the chosen
/// equilibrium in each child's list, and the payoffs.
struct Sol {
    action: usize,
    picks: Vec<u32>,
    value: Vec<Rational>,
}

/// Checks that the tree has perfect information (every player's information set is a single
/// node).
pub fn require_perfect_information(tree: &Tree, method: &'static str) -> Result<(), EfgError> {
    if let Some(h) = tree.infosets().iter().position(|h| matches!(h.owner, Owner::Player(_)) && h.members.len() > 1) {
        return Err(EfgError::Method {
            method,
            reason: format!(
                "the game does not have perfect information: {} has {} nodes (backward induction needs every \
                 information set to be a single node; use seqform, logit or a normal-form method instead)",
                tree.describe_infoset(h),
                tree.infoset(h).members.len()
            ),
        });
    }
    Ok(())
}

/// All subgame-perfect equilibria in pure strategies of a perfect-information tree.
pub fn solve(tree: &Tree, budget: &Budget) -> Result<SpeResult, EfgError> {
    require_perfect_information(tree, "spe")?;
    let nodes = tree.nodes();
    let n = tree.n_players();
    let mut sols: Vec<Vec<Sol>> = (0..nodes.len()).map(|_| Vec::new()).collect();
    let mut truncated = false;
    for id in (0..nodes.len()).rev() {
        if id % 1024 == 0
            && let Err(stop) = budget.check()
        {
            return Ok(SpeResult { equilibria: Vec::new(), truncated, incomplete: Some(stop) });
        }
        let node = &nodes[id];
        let here = match node.kind {
            NodeKind::Terminal => vec![Sol { action: 0, picks: Vec::new(), value: tree.payoffs_at(id).to_vec() }],
            NodeKind::Chance(h) | NodeKind::Decision(h) => {
                let lists: Vec<&Vec<Sol>> = node.children.iter().map(|&c| &sols[c]).collect();
                let mut out = Vec::new();
                let mut idx = vec![0usize; lists.len()];
                'combos: loop {
                    match node.kind {
                        NodeKind::Chance(_) => {
                            let mut value = vec![Rational::zero(); n];
                            for (a, p) in tree.infoset(h).probs.iter().enumerate() {
                                if p.is_zero() {
                                    continue;
                                }
                                for (v, x) in value.iter_mut().zip(&lists[a][idx[a]].value) {
                                    *v += p * x;
                                }
                            }
                            out.push(Sol { action: 0, picks: idx.iter().map(|&k| k as u32).collect(), value });
                        }
                        _ => {
                            let Owner::Player(i) = tree.infoset(h).owner else { unreachable!() };
                            let best = (0..lists.len()).map(|a| &lists[a][idx[a]].value[i]).max().expect("actions");
                            for a in 0..lists.len() {
                                let v = &lists[a][idx[a]].value;
                                if &v[i] == best {
                                    if out.len() >= MAX_SPE {
                                        truncated = true;
                                        break 'combos;
                                    }
                                    out.push(Sol {
                                        action: a,
                                        picks: idx.iter().map(|&k| k as u32).collect(),
                                        value: v.clone(),
                                    });
                                }
                            }
                        }
                    }
                    if out.len() >= MAX_SPE {
                        truncated |= next(&mut idx, &lists);
                        break;
                    }
                    if !next(&mut idx, &lists) {
                        break;
                    }
                }
                out
            }
        };
        sols[id] = here;
        // Children's lists are no longer needed once the parent holds its own; the picks index
        // them, so they are kept.
    }
    let mut equilibria = Vec::with_capacity(sols[0].len());
    for root_pick in 0..sols[0].len() {
        let mut choice = vec![0usize; tree.infosets().len()];
        let mut stack = vec![(0usize, root_pick)];
        while let Some((id, k)) = stack.pop() {
            let sol = &sols[id][k];
            if let NodeKind::Decision(h) = nodes[id].kind {
                choice[h] = sol.action;
            }
            for (a, &c) in nodes[id].children.iter().enumerate() {
                stack.push((c, sol.picks[a] as usize));
            }
        }
        let profile = BehaviourProfile::pure(tree, &choice);
        equilibria.push(Spe { choice, profile, payoffs: sols[0][root_pick].value.clone() });
    }
    Ok(SpeResult { equilibria, truncated, incomplete: None })
}

/// Advances a mixed-radix counter over the children's lists (first child slowest, so that the
/// order follows the tree); false when it wraps around.
fn next(idx: &mut [usize], lists: &[&Vec<Sol>]) -> bool {
    for a in (0..idx.len()).rev() {
        idx[a] += 1;
        if idx[a] < lists[a].len() {
            return true;
        }
        idx[a] = 0;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::efg::gambit;

    fn q(n: i64) -> Rational {
        Rational::from_integer(n.into())
    }

    const ENTRY: &str = r#"EFG 2 R "entry deterrence" { "Entrant" "Incumbent" }
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "out" { 0, 2 }
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 2 "fight" { -1, -1 }
t "" 3 "accommodate" { 1, 1 }
"#;

    #[test]
    fn entry_deterrence_has_one_spe_entry_accommodated() {
        let t = gambit::parse(ENTRY, "e.efg").unwrap();
        let r = solve(&t, &Budget::unlimited()).unwrap();
        assert_eq!(r.equilibria.len(), 1);
        assert_eq!(r.equilibria[0].choice, vec![1, 1]);
        assert_eq!(r.equilibria[0].payoffs, vec![q(1), q(1)]);
    }

    #[test]
    fn ties_give_every_spe() {
        // The incumbent is indifferent after entry; if it fights, the entrant is indifferent too.
        let text = r#"EFG 2 R "" { "E" "I" }
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "" { 0, 2 }
p "" 2 1 "" { "F" "A" } 0
t "" 2 "" { 0, 1 }
t "" 3 "" { 1, 1 }
"#;
        let t = gambit::parse(text, "t.efg").unwrap();
        let r = solve(&t, &Budget::unlimited()).unwrap();
        let mut got: Vec<Vec<usize>> = r.equilibria.iter().map(|e| e.choice.clone()).collect();
        got.sort();
        // After F the entrant ties Out and In; after A it strictly prefers In.
        assert_eq!(got, vec![vec![0, 0], vec![1, 0], vec![1, 1]]);
        assert!(!r.truncated);
    }

    #[test]
    fn imperfect_information_is_refused_with_the_reason() {
        let text = r#"EFG 2 R "" { "A" "B" }
p "" 1 1 "" { "x" "y" } 0
p "" 2 1 "hidden" { "l" "r" } 0
t "" 0
t "" 0
p "" 2 1 "hidden" { "l" "r" } 0
t "" 0
t "" 0
"#;
        let t = gambit::parse(text, "t.efg").unwrap();
        let e = solve(&t, &Budget::unlimited()).unwrap_err().to_string();
        assert!(e.contains("perfect information") && e.contains("`hidden` has 2 nodes"), "{e}");
    }

    #[test]
    fn all_zero_payoffs_are_cut_at_the_limit() {
        // Twenty binary decisions with equal payoffs: 2^20 SPE, more than the limit.
        let mut text = String::from("EFG 2 R \"\" { \"A\" }\n");
        for k in 0..20 {
            text.push_str(&format!("p \"\" 1 {} \"\" {{ \"a\" \"b\" }} 0\nt \"\" 0\n", k + 1));
        }
        text.push_str("t \"\" 0\n");
        let t = gambit::parse(&text, "z.efg").unwrap();
        let r = solve(&t, &Budget::unlimited()).unwrap();
        assert!(r.truncated);
        assert_eq!(r.equilibria.len(), MAX_SPE);
    }
}
