//! The expected stage game at a round on one run's path: the state reached by playing the
//! scenario's rules for the rounds before it, frozen into a normal form (for `solve` and
//! `export-nfg`).

use super::{NoObserver, Player, run_rng};
use crate::game::{Game, NormalForm};
use crate::scenario::{GameVisitor, Repeat, Scenario};

/// The round asked for is outside the scenario's horizon.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("--round must be between 1 and the scenario's {rounds} rounds, got {round}")]
pub struct RoundOutOfRange {
    pub round: usize,
    pub rounds: usize,
}

struct StageAt<'s> {
    scenario: &'s Scenario,
    round: usize,
    run_idx: u64,
}

impl<'g> GameVisitor<'g> for StageAt<'_> {
    type Output = NormalForm;
    fn visit<G: Game + 'static>(self, g: &'g G) -> NormalForm {
        if let Some(nf) = g.as_normal_form() {
            return nf.clone();
        }
        let s = self.scenario;
        let state = if self.round == 1 {
            g.initial_state()
        } else {
            let repeat = Repeat { rounds: self.round - 1, continuation: None, ..s.repeat.clone() };
            let mut rng = run_rng(s.repeat.seed, self.run_idx);
            Player::new(g, &s.behaviours).play_with_state(&repeat, 0.0, &mut rng, &mut NoObserver).1
        };
        let mut nf = g.stage_normal_form(&state);
        nf.set_title(format!(
            "{}: expected stage game at the start of round {}, on the path of run {} (seed {})",
            s.name, self.round, self.run_idx, s.repeat.seed
        ));
        nf
    }
}

/// The expected stage game at the start of round `round` (1-based) on the path of run `run_idx`
/// (the config's seed, its behaviour rules, the realised shocks). A matrix game has the same
/// stage game every round.
pub fn stage_game_at(scenario: &Scenario, round: usize, run_idx: u64) -> Result<NormalForm, RoundOutOfRange> {
    if round == 0 || round > scenario.repeat.rounds {
        return Err(RoundOutOfRange { round, rounds: scenario.repeat.rounds });
    }
    let mut g = scenario.game.visit(StageAt { scenario, round, run_idx });
    if g.title().is_empty() {
        g.set_title(scenario.name.clone());
    }
    Ok(g)
}
