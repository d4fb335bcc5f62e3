//! The table of named tournament strategies: Axelrod library class names, each with a one-line
//! description, whether it draws random numbers, and how to build it for a game.

use super::strategy::{Rpst, RuleStrategy, Strategy};
use super::titfortat::Stateless;
use super::{TournamentError, axelrod_first as first, cycler, grudger, memoryone, prober, titfortat as tft};
use crate::behaviour::BehaviourSpec;
use rand_chacha::ChaCha8Rng;

/// How a registered strategy is made.
#[derive(Clone, Copy)]
pub enum Maker {
    /// A reactive table or fixed rule from `strategies.rs` (a `behaviour/` rule).
    Table,
    /// A function of the match so far.
    Stateless(fn(&MatchStateRef) -> usize),
    /// A function of the match so far and the match's generator.
    Random(fn(&MatchStateRef, &mut ChaCha8Rng) -> usize),
    /// A strategy with its own state, built for the game's payoffs.
    Native(fn(&Rpst) -> Box<dyn Strategy>),
}

/// The view of a match the stateless makers take.
pub type MatchStateRef<'a> = super::strategy::MatchState<'a>;

/// One named strategy.
#[derive(Clone, Copy)]
pub struct StrategyInfo {
    /// The Axelrod library's class name.
    pub name: &'static str,
    pub description: &'static str,
    /// Whether it draws random numbers (Axelrod's `stochastic` classifier).
    pub stochastic: bool,
    pub(crate) maker: Maker,
    /// Refuses games the strategy is not defined for (checked when the name is resolved).
    pub(crate) check: fn(&Rpst) -> Result<(), TournamentError>,
}

impl std::fmt::Debug for StrategyInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrategyInfo").field("name", &self.name).field("stochastic", &self.stochastic).finish()
    }
}

impl PartialEq for StrategyInfo {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl StrategyInfo {
    /// A fresh instance for one match in the game `g` (already checked by `check`).
    pub(crate) fn make(&self, g: &Rpst) -> Box<dyn Strategy> {
        match self.maker {
            Maker::Table => {
                // Every table name has a table (`names_are_unique_and_tables_exist`); the
                // cooperator only keeps this total.
                let spec = super::strategies::spec(self.name).unwrap_or(BehaviourSpec::Fixed { action: 0 });
                Box::new(RuleStrategy::new(crate::behaviour::build(&spec, 0, &[2, 2]), 2))
            }
            Maker::Stateless(f) => Box::new(Stateless(f)),
            Maker::Random(f) => Box::new(RandomFn(f)),
            Maker::Native(f) => f(g),
        }
    }
}

struct RandomFn(fn(&MatchStateRef, &mut ChaCha8Rng) -> usize);

impl Strategy for RandomFn {
    fn choose(&mut self, m: &MatchStateRef, rng: &mut ChaCha8Rng) -> usize {
        (self.0)(m, rng)
    }
}

fn any_game(_: &Rpst) -> Result<(), TournamentError> {
    Ok(())
}

const fn table(name: &'static str, description: &'static str, stochastic: bool) -> StrategyInfo {
    StrategyInfo { name, description, stochastic, maker: Maker::Table, check: any_game }
}

const fn det(name: &'static str, description: &'static str, f: fn(&MatchStateRef) -> usize) -> StrategyInfo {
    StrategyInfo { name, description, stochastic: false, maker: Maker::Stateless(f), check: any_game }
}

const fn native(
    name: &'static str,
    description: &'static str,
    stochastic: bool,
    f: fn(&Rpst) -> Box<dyn Strategy>,
) -> StrategyInfo {
    StrategyInfo { name, description, stochastic, maker: Maker::Native(f), check: any_game }
}

const fn random(
    name: &'static str,
    description: &'static str,
    f: fn(&MatchStateRef, &mut ChaCha8Rng) -> usize,
) -> StrategyInfo {
    StrategyInfo { name, description, stochastic: true, maker: Maker::Random(f), check: any_game }
}

fn gtft_check(g: &Rpst) -> Result<(), TournamentError> {
    let p = memoryone::gtft(g).vector[1];
    if (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(TournamentError::Unsuitable {
            strategy: "GTFT".into(),
            reason: format!("its forgiveness min(1 - (T - R)/(R - S), (R - P)/(T - P)) is {p}, not a probability"),
        })
    }
}

fn zd(vector: fn(&Rpst) -> Result<[f64; 4], TournamentError>, g: &Rpst) -> Box<dyn Strategy> {
    // The vector was checked when the name was resolved; a refused game cannot reach here, but
    // the neutral vector keeps this total.
    let vector = vector(g).unwrap_or([0.5; 4]);
    Box::new(memoryone::MemoryOne { vector, initial: super::strategy::C })
}

/// Every named strategy, in listing order.
pub static REGISTRY: &[StrategyInfo] = &[
    // The classic strategies, as reactive tables (`strategies.rs`).
    table("Cooperator", "always cooperates", false),
    table("Defector", "always defects", false),
    table("TitForTat", "cooperates first, then copies the opponent's last move (Rapoport)", false),
    table("Grudger", "cooperates until the opponent's first defection, then defects for ever", false),
    table("Alternator", "C, D, C, D, ... (alternates on its own last move)", false),
    table("GoByMajority", "defects when the opponent has defected more often than it cooperated", false),
    table("WinStayLoseShift", "Pavlov: repeats its move after R or T, switches after S or P", false),
    table("SuspiciousTitForTat", "tit for tat that defects first", false),
    table("TitFor2Tats", "defects only after two defections in a row", false),
    table("TwoTitsForTat", "defects twice after each defection", false),
    table("Random", "cooperates with probability 1/2", true),
    // Tit-for-tat variants (`titfortat.rs`).
    det(
        "AntiTitForTat",
        "cooperates first, then plays the opposite of the opponent's last move",
        tft::anti_tit_for_tat,
    ),
    det("Bully", "defects first, then cooperates only after the opponent defected", tft::bully),
    det("HardTitForTat", "defects if the opponent defected in any of the last three turns", tft::hard_tit_for_tat),
    det(
        "HardTitFor2Tats",
        "defects after two defections in a row within the last three turns",
        tft::hard_tit_for_2_tats,
    ),
    det(
        "ForgivingTitForTat",
        "cooperates while at most a tenth of the opponent's moves were defections, else tit for tat",
        tft::forgiving_tit_for_tat,
    ),
    det("Forgiver", "defects while more than a tenth of the opponent's moves were defections", tft::forgiver),
    det(
        "SneakyTitForTat",
        "tit for tat that tests a never-defecting opponent with a defection",
        tft::sneaky_tit_for_tat,
    ),
    native("OmegaTFT", "tit for tat that breaks deadlocks and defects against random opponents", false, |_| {
        Box::new(tft::OmegaTft::default())
    }),
    native("Gradual", "answers the opponent's n-th defection with n defections and two cooperations", false, |_| {
        Box::new(tft::Gradual::default())
    }),
    native("ContriteTitForTat", "tit for tat that accepts retaliation for its own noisy defection", false, |_| {
        Box::new(tft::ContriteTitForTat::default())
    }),
    // Grudgers (`grudger.rs`).
    native("SoftGrudger", "answers a defection with D, D, D, D, C, C", false, |_| {
        Box::new(grudger::SoftGrudger::default())
    }),
    native("ForgetfulGrudger", "after a defection defects for ten turns, then forgets", false, |_| {
        Box::new(grudger::ForgetfulGrudger::default())
    }),
    det("Aggravater", "defects for three turns, then plays grudger", grudger::aggravater),
    // Probers (`prober.rs`).
    det("Prober", "D, C, C; exploits an opponent that did not retaliate, else tit for tat", prober::prober),
    det("Prober2", "D, C, C; cooperates for ever after the answer D, C, else tit for tat", prober::prober2),
    det("Prober3", "D, C; exploits an opponent that did not retaliate, else tit for tat", prober::prober3),
    det("HardProber", "D, D, C, C; exploits an opponent that did not retaliate, else tit for tat", prober::hard_prober),
    // Cyclers (`cycler.rs`).
    det("CyclerDC", "D, C, D, C, ...", cycler::cycler_dc),
    det("CyclerCCD", "C, C, D, C, C, D, ...", cycler::cycler_ccd),
    det("CyclerDDC", "D, D, C, D, D, C, ...", cycler::cycler_ddc),
    det("CyclerCCCD", "C, C, C, D, ...", cycler::cycler_cccd),
    // Memory-one strategies (`memoryone.rs`).
    native("WinShiftLoseStay", "opens with D, switches after R or T, repeats after S or P", false, |_| {
        Box::new(memoryone::win_shift_lose_stay())
    }),
    StrategyInfo {
        name: "GTFT",
        description: "generous tit for tat: forgives a defection with probability 1/3 (in Axelrod's game)",
        stochastic: true,
        maker: Maker::Native(|g| Box::new(memoryone::gtft(g))),
        check: gtft_check,
    },
    native("StochasticWSLS", "win-stay lose-shift that errs with probability 0.05", true, |_| {
        Box::new(memoryone::stochastic_wsls())
    }),
    native("FirmButFair", "memory-one (1, 0, 1, 2/3)", true, |_| Box::new(memoryone::firm_but_fair())),
    native("StochasticCooperator", "memory-one (0.935, 0.229, 0.266, 0.42)", true, |_| {
        Box::new(memoryone::stochastic_cooperator())
    }),
    native("SoftJoss", "forgives a defection with probability 0.1", true, |_| Box::new(memoryone::soft_joss())),
    StrategyInfo {
        name: "ZDExtort2",
        description: "zero-determinant extortioner: its surplus over P is twice the opponent's",
        stochastic: true,
        maker: Maker::Native(|g| zd(memoryone::zd_extort2_vector, g)),
        check: |g| memoryone::zd_extort2_vector(g).map(|_| ()),
    },
    StrategyInfo {
        name: "ZDGTFT2",
        description: "generous zero-determinant strategy: its shortfall from R is half the opponent's",
        stochastic: true,
        maker: Maker::Native(|g| zd(memoryone::zdgtft2_vector, g)),
        check: |g| memoryone::zdgtft2_vector(g).map(|_| ()),
    },
    StrategyInfo {
        name: "ZDSet2",
        description: "zero-determinant equaliser: sets the opponent's mean payoff to 2",
        stochastic: true,
        maker: Maker::Native(|g| zd(memoryone::zdset2_vector, g)),
        check: |g| memoryone::zdset2_vector(g).map(|_| ()),
    },
    // Axelrod's first tournament (`axelrod_first.rs`).
    det("FirstByDavis", "cooperates for ten turns, then plays grudger", first::davis),
    native("FirstByDowning", "plays the best reply to its estimate of how the opponent answers C and D", false, |g| {
        Box::new(first::Downing::new(g))
    }),
    random("FirstByFeld", "tit for tat whose cooperation decays from probability 1 to 0.5 over 200 turns", first::feld),
    native("FirstByGraaskamp", "tit for tat with probes; defects against random opponents", true, |_| {
        Box::new(first::Graaskamp::default())
    }),
    random("FirstByGrofman", "cooperates after matching moves, else with probability 2/7", first::grofman),
    native("FirstByJoss", "tit for tat that cooperates only with probability 0.9", true, |_| {
        Box::new(memoryone::first_by_joss())
    }),
    det("FirstByNydegger", "tit for tat for three turns, then a lookup table of the last three turns", first::nydegger),
    native("FirstByShubik", "answers the k-th unprovoked defection with k defections", false, |_| {
        Box::new(first::Shubik::default())
    }),
    random("FirstByTullock", "cooperates 10 points below the opponent's recent cooperation rate", first::tullock),
    random("FirstByAnonymous", "cooperates with a probability drawn from [0.3, 0.7] each turn", first::anonymous),
    native(
        "FirstBySteinAndRapoport",
        "tit for tat that defects against random opponents and at the end",
        false,
        |_| Box::new(first::SteinAndRapoport::default()),
    ),
    native(
        "FirstByTidemanAndChieruzzi",
        "growing retaliations, fresh starts when ahead, defects at the end",
        false,
        |g| Box::new(first::TidemanAndChieruzzi::new(g)),
    ),
];

/// The registered strategy called `name` (Axelrod's class name, exact spelling).
pub fn lookup(name: &str) -> Option<&'static StrategyInfo> {
    REGISTRY.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_tables_exist() {
        use crate::game::Game;
        let mut names: Vec<&str> = REGISTRY.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len());
        let g = crate::tournament::prisoners_dilemma();
        for s in REGISTRY {
            if let Maker::Table = s.maker {
                assert!(crate::tournament::builtin(s.name, g.players()).is_some(), "{}", s.name);
            }
        }
        assert!(REGISTRY.len() >= 40);
    }
}
