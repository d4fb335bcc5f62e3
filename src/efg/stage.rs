//! A stage of a [`Game`] played in sequence, as a tree: a leader moves first, a follower sees
//! the move and answers, the other players' actions are held fixed, and the payoffs are the
//! expected stage payoffs at a given state. For the export-control model this is "the US offers
//! a tier, then Beijing answers seeing the offer" ([`export_offer_tree`]); its subgame-perfect
//! equilibria are Beijing's best answer to each offer and the offer the US makes knowing them
//! (Stackelberg 1934; Selten 1965).
//!
//! Payoffs are `f64` expectations turned into exact rationals through their shortest decimal
//! form (as `NormalForm::from_f64` does), so backward induction compares them exactly as printed.

use super::EfgError;
use super::tree::{NodeKind, Tree, TreeBuilder};
use crate::game::{Game, Rational, rational};
use crate::model::{BEIJING, ExportGame, PLAYER_NAMES, US};

/// The tree in which `leader` moves, then `follower` answers seeing the leader's action (one
/// information set per leader action), with every other player playing as in `held` (whose
/// entries for the leader and the follower are ignored), at `state`.
pub fn leader_follower_tree<G: Game>(
    game: &G,
    state: &G::State,
    leader: usize,
    follower: usize,
    held: &[usize],
    title: &str,
) -> Result<Tree, EfgError> {
    let players = game.players();
    let n = players.len();
    if leader >= n || follower >= n || leader == follower {
        return Err(EfgError::Invalid(format!(
            "leader {leader} and follower {follower} must be two different players of the {n}"
        )));
    }
    if held.len() != n {
        return Err(EfgError::Invalid(format!(
            "the held profile has {} actions, the game has {n} players",
            held.len()
        )));
    }
    for (i, (&a, p)) in held.iter().zip(players).enumerate() {
        if i != leader && i != follower && a >= p.actions.len() {
            return Err(EfgError::Invalid(format!("player `{}` has no action {a}", p.name)));
        }
    }
    let lead = &players[leader];
    let follow = &players[follower];
    let mut b = TreeBuilder::new(title, vec![lead.name.clone(), follow.name.clone()])?;
    b.set_comment(format!(
        "{} moves first; {} sees the move and answers; the other players are held at {}.",
        lead.name,
        follow.name,
        held.iter()
            .enumerate()
            .filter(|&(i, _)| i != leader && i != follower)
            .map(|(i, &a)| format!("{} = {}", players[i].name, players[i].actions[a]))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let root = b.player_infoset(0, 1, format!("{} moves", lead.name), lead.actions.clone())?;
    b.node("", NodeKind::Decision(root), None)?;
    let mut profile = held.to_vec();
    let mut out = vec![0.0; n];
    let mut label = 0;
    for (la, la_name) in lead.actions.iter().enumerate() {
        let h = b.player_infoset(1, la + 1, format!("after {la_name}"), follow.actions.clone())?;
        b.node(format!("after {la_name}"), NodeKind::Decision(h), None)?;
        for (fa, fa_name) in follow.actions.iter().enumerate() {
            profile[leader] = la;
            profile[follower] = fa;
            game.expected_payoffs(state, &profile, &mut out);
            let pays: Vec<Rational> = [out[leader], out[follower]]
                .iter()
                .map(|&x| {
                    rational::from_f64(x)
                        .ok_or_else(|| EfgError::Invalid(format!("the payoff of ({la_name}, {fa_name}) is {x}")))
                })
                .collect::<Result<_, _>>()?;
            label += 1;
            let o = b.outcome(label, format!("{la_name}, {fa_name}"), pays)?;
            b.node("", NodeKind::Terminal, Some(o))?;
        }
    }
    b.finish()
}

/// The export game's sequential stage at its initial state: the US administration offers a tier
/// (its actions), Beijing answers seeing the offer, and the hawks, Nvidia and the buyers are held
/// at the named actions.
pub fn export_offer_tree(game: &ExportGame, hawks: &str, nvidia: &str, buyers: &str) -> Result<Tree, EfgError> {
    let players = game.players();
    let mut held = vec![0usize; players.len()];
    for (i, name) in [(1, hawks), (2, nvidia), (4, buyers)] {
        held[i] = players[i].action_index(name).ok_or_else(|| {
            EfgError::Invalid(format!(
                "`{name}` is not an action of {} (expected one of {})",
                PLAYER_NAMES[i],
                players[i].actions.join(", ")
            ))
        })?;
    }
    let state = game.initial_state();
    leader_follower_tree(game, &state, US, BEIJING, &held, "US offers a tier, Beijing answers")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::{NormalForm, PlayerSpec};

    #[test]
    fn a_stackelberg_tree_has_one_follower_set_per_leader_action() {
        // Battle of the sexes played in sequence: the leader gets its favourite.
        let players = vec![PlayerSpec::new("L", &["a", "b"]), PlayerSpec::new("F", &["a", "b"])];
        let g = NormalForm::from_f64(String::new(), players, vec![3.0, 2.0, 0.0, 0.0, 0.0, 0.0, 2.0, 3.0]).unwrap();
        let t = leader_follower_tree(&g, &(), 0, 1, &[0, 0], "bos").unwrap();
        assert_eq!(t.nodes().len(), 7);
        assert_eq!(t.player_infosets(1).len(), 2);
        let r = crate::efg::spe::solve(&t, &crate::solve::Budget::unlimited()).unwrap();
        assert_eq!(r.equilibria.len(), 1);
        assert_eq!(r.equilibria[0].choice, vec![0, 0, 1]);
        assert!(leader_follower_tree(&g, &(), 0, 0, &[0, 0], "").is_err());
    }
}
