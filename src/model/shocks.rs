//! The random shocks of one round and their probabilities.
//!
//! Five uniforms are drawn per round, always in this order, whatever the profile:
//! yield, smuggling detection, summit, US policy reversal, bill passing. `stage_payoffs` draws
//! them from a *copy* of the generator (it does not advance it) and `transition` draws the same
//! five from the generator itself, so payoffs and the state update see the same realisation as
//! long as nothing draws from the generator between the two calls (the round loop guarantees it).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Domestic production outcome of the quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Yield {
    Normal,
    /// Output falls by `yield_failure_loss`.
    Failure,
    /// Capability jumps by `breakthrough_gain` from the next round.
    Breakthrough,
}

/// One realisation of the round's shocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shocks {
    pub yield_: Yield,
    /// A smuggling buyer is detected (matters only if buyers use the grey market).
    pub detected: bool,
    /// A summit takes place this quarter.
    pub summit: bool,
    /// The US revokes licences mid-quarter (matters only if a tier is open).
    pub reversal: bool,
    /// A restrictive bill passes (possible only if hawks legislate and no freeze is running).
    pub bill: bool,
}

impl Shocks {
    /// No shock at all: normal yield, nothing detected, no summit, reversal or bill.
    pub const CALM: Shocks =
        Shocks { yield_: Yield::Normal, detected: false, summit: false, reversal: false, bill: false };
}

/// The probabilities of the round's shocks at a given state and profile.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShockProbs {
    pub yield_failure: f64,
    pub breakthrough: f64,
    pub detect: f64,
    pub summit: f64,
    pub reversal: f64,
    pub bill: f64,
}

impl ShockProbs {
    /// Draws the five uniforms (always five) and turns them into a realisation.
    pub fn draw(&self, rng: &mut ChaCha8Rng) -> Shocks {
        let u: [f64; 5] = std::array::from_fn(|_| rng.random::<f64>());
        let yield_ = if u[0] < self.yield_failure {
            Yield::Failure
        } else if u[0] < self.yield_failure + self.breakthrough {
            Yield::Breakthrough
        } else {
            Yield::Normal
        };
        Shocks {
            yield_,
            detected: u[1] < self.detect,
            summit: u[2] < self.summit,
            reversal: u[3] < self.reversal,
            bill: u[4] < self.bill,
        }
    }
}
