//! Axelrod's classic strategies, under the Axelrod library's class names and with its
//! definitions (axelrod `strategies/*.py`), for a two-action game where action 0 is cooperate (C)
//! and action 1 is defect (D). All but `Cooperator`, `Defector` and `Random` are reactive tables.

use crate::behaviour::{BehaviourSpec, Condition, Rule, Timing};
use crate::game::PlayerSpec;

/// Names of the built-in strategies.
pub const BUILTIN_NAMES: &[&str] = &[
    "Cooperator",
    "Defector",
    "TitForTat",
    "Grudger",
    "Alternator",
    "GoByMajority",
    "WinStayLoseShift",
    "SuspiciousTitForTat",
    "TitFor2Tats",
    "TwoTitsForTat",
    "Random",
];

const C: usize = 0;
const D: usize = 1;
const ME: usize = 0;
const OPP: usize = 1;

fn cond(player: usize, action: usize, timing: Timing) -> Condition {
    Condition { player, actions: vec![action], timing, negate: false }
}

fn table(initial: Vec<usize>, rules: Vec<(Vec<Condition>, usize)>, default: usize) -> BehaviourSpec {
    BehaviourSpec::Reactive {
        initial,
        rules: rules.into_iter().map(|(when, play)| Rule { when, play }).collect(),
        default,
    }
}

/// The built-in strategy `name` for the row seat, or `None` if unknown or the game's players
/// do not have exactly two actions.
pub fn builtin(name: &str, players: &[PlayerSpec]) -> Option<BehaviourSpec> {
    if players.len() != 2 || players.iter().any(|p| p.actions.len() != 2) {
        return None;
    }
    spec(name)
}

/// The rule of the built-in strategy `name`, for a two-action game.
pub(crate) fn spec(name: &str) -> Option<BehaviourSpec> {
    let tft_rules = || vec![(vec![cond(OPP, D, Timing::Ago(1))], D)];
    Some(match name {
        "Cooperator" => BehaviourSpec::Fixed { action: C },
        "Defector" => BehaviourSpec::Fixed { action: D },
        // Cooperates first, then copies the opponent's last move.
        "TitForTat" => table(vec![], tft_rules(), C),
        // Cooperates until the opponent defects once, then defects for ever.
        "Grudger" => table(vec![], vec![(vec![cond(OPP, D, Timing::Ever)], D)], C),
        // C, D, C, D, ...
        "Alternator" => table(vec![], vec![(vec![cond(ME, C, Timing::Ago(1))], D)], C),
        // Defects when the opponent has defected more often than it cooperated; soft on ties.
        "GoByMajority" => {
            table(vec![], vec![(vec![cond(OPP, D, Timing::MoreThan { other: vec![C], window: None })], D)], C)
        }
        // Pavlov: keeps its move after the opponent cooperated, switches after it defected.
        "WinStayLoseShift" => table(
            vec![],
            vec![
                (vec![cond(ME, C, Timing::Ago(1)), cond(OPP, C, Timing::Ago(1))], C),
                (vec![cond(ME, D, Timing::Ago(1)), cond(OPP, C, Timing::Ago(1))], D),
                (vec![cond(ME, C, Timing::Ago(1)), cond(OPP, D, Timing::Ago(1))], D),
            ],
            C,
        ),
        // Tit for tat that defects first.
        "SuspiciousTitForTat" => table(vec![D], tft_rules(), C),
        // Defects only after two consecutive defections.
        "TitFor2Tats" => table(vec![], vec![(vec![cond(OPP, D, Timing::Ago(1)), cond(OPP, D, Timing::Ago(2))], D)], C),
        // Defects twice after each defection: if the opponent defected in either of the last two rounds.
        "TwoTitsForTat" => table(vec![], vec![(vec![cond(OPP, D, Timing::Within(2))], D)], C),
        "Random" => BehaviourSpec::Mixed { probabilities: vec![0.5, 0.5] },
        _ => return None,
    })
}
