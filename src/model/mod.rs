//! The five-agent US–China AI-chip export-control model (BRIEF §4; equations in docs/MODEL.md).
//!
//! Players, in profile order: `us_admin`, `hawks`, `nvidia`, `beijing`, `buyers`. One round is
//! one quarter. **Timing within a round:** (a) all five players choose simultaneously, knowing the
//! state at the start of the quarter; (b) the round's shocks are realised (yield, smuggling
//! detection, summit, US reversal, bill passing); (c) the effective tier is the administration's
//! tier capped by any running freeze; Beijing's stance sets directed domestic purchases and what
//! Nvidia may sell; buyers fill the residual demand through their chosen channel and fall back
//! on the remaining domestic output; (d) payoffs accrue; (e) the state moves: compute stock,
//! domestic capability and capacity (growing with the domestic share), dependence, inventory
//! exposure, tension, freeze (a passed bill freezes the current tier for `freeze_length` quarters
//! from the next round), demand.
//!
//! **Generator contract:** `stage_payoffs` draws the five shock uniforms from a copy of the
//! generator and does not advance it; `transition` draws the same five and consumes them. Call
//! `stage_payoffs` (any number of times) then `transition` with nothing drawing in between, as the
//! round loop does, and payoffs and state see the same shocks.

pub mod params;
pub mod payoffs;
pub mod shocks;
pub mod state;

pub use params::{ModelParams, ParamError};
pub use payoffs::{COMPONENTS, ComponentSpec, N_COMPONENTS, Outcome};
pub use shocks::{ShockProbs, Shocks, Yield};
pub use state::{ExportState, STATE_NAMES};

use crate::game::{Game, PlayerSpec};
use payoffs::act;
use rand_chacha::ChaCha8Rng;

/// Names of the payoff components, `player.component`, in the order of [`COMPONENTS`].
pub const COMPONENT_NAMES: [&str; N_COMPONENTS] = {
    let mut names = [""; N_COMPONENTS];
    let mut i = 0;
    while i < N_COMPONENTS {
        names[i] = COMPONENTS[i].name;
        i += 1;
    }
    names
};

/// Player indices.
pub const US: usize = 0;
pub const HAWKS: usize = 1;
pub const NVIDIA: usize = 2;
pub const BEIJING: usize = 3;
pub const BUYERS: usize = 4;

/// Player names (TOML keys), in profile order.
pub const PLAYER_NAMES: [&str; 5] = ["us_admin", "hawks", "nvidia", "beijing", "buyers"];

/// The full action set of each player, in canonical order.
pub const ACTIONS: [&[&str]; 5] = [
    &["ban", "allow_h20", "allow_h200", "allow_b30a"],
    &["acquiesce", "pressure", "legislate"],
    &["comply", "lobby", "cut_down", "withhold"],
    &["permit", "conditional", "boycott", "retaliate"],
    &["nvidia", "domestic", "grey_market", "offshore"],
];

/// The export-control game. Immutable; all per-run data is in [`ExportState`].
#[derive(Clone, Debug)]
pub struct ExportGame {
    params: ModelParams,
    players: Vec<PlayerSpec>,
    /// For each player, the canonical index of each of its (possibly restricted) actions.
    canon: [Vec<usize>; 5],
    weights: [f64; N_COMPONENTS],
}

impl ExportGame {
    /// Builds the game after checking the parameters.
    pub fn new(params: ModelParams) -> Result<Self, ParamError> {
        params.check()?;
        let mut players = Vec::with_capacity(5);
        let mut canon: [Vec<usize>; 5] = Default::default();
        for i in 0..5 {
            let allowed: Vec<usize> = match params.actions.as_ref().and_then(|m| m.get(PLAYER_NAMES[i])) {
                Some(list) => {
                    // keep canonical order so profiles stay comparable across restrictions
                    (0..ACTIONS[i].len()).filter(|&j| list.iter().any(|a| a == ACTIONS[i][j])).collect()
                }
                None => (0..ACTIONS[i].len()).collect(),
            };
            let names: Vec<&str> = allowed.iter().map(|&j| ACTIONS[i][j]).collect();
            players.push(PlayerSpec::new(PLAYER_NAMES[i], &names));
            canon[i] = allowed;
        }
        let weights = payoffs::weights(&params);
        Ok(ExportGame { params, players, canon, weights })
    }

    pub fn params(&self) -> &ModelParams {
        &self.params
    }

    /// The canonical profile (indices into [`ACTIONS`]) of a profile of this game's actions.
    #[inline]
    pub fn canonical(&self, profile: &[usize]) -> [usize; 5] {
        std::array::from_fn(|i| self.canon[i][profile[i]])
    }

    /// The profile of this game for canonical action names, e.g. `["allow_h200", "pressure", ...]`.
    pub fn profile(&self, names: &[&str; 5]) -> Option<[usize; 5]> {
        let mut out = [0; 5];
        for i in 0..5 {
            out[i] = self.players[i].action_index(names[i])?;
        }
        Some(out)
    }

    /// The round's outcome for a given shock realisation (quantities and raw components).
    pub fn outcome(&self, state: &ExportState, profile: &[usize], shocks: &Shocks) -> Outcome {
        payoffs::outcome(&self.params, state, &self.canonical(profile), shocks)
    }

    /// The shock probabilities at `state` under `profile`.
    pub fn shock_probs(&self, state: &ExportState, profile: &[usize]) -> ShockProbs {
        payoffs::shock_probs(&self.params, state, &self.canonical(profile))
    }

    /// The signed weight of each payoff component (see [`COMPONENTS`]).
    pub fn component_weights(&self) -> &[f64; N_COMPONENTS] {
        &self.weights
    }

    /// Expected raw payoff components (natural units) of `profile` at `state`, in the order of
    /// [`COMPONENTS`]; a player's expected payoff is the weighted sum of its components.
    pub fn expected_components(&self, state: &ExportState, profile: &[usize], out: &mut [f64; N_COMPONENTS]) {
        payoffs::expected_components(&self.params, state, &self.canonical(profile), out);
    }

    /// Realised raw payoff components, drawing the round's shocks like [`Game::stage_payoffs`].
    pub fn stage_components(&self, state: &ExportState, profile: &[usize], rng: &ChaCha8Rng) -> [f64; N_COMPONENTS] {
        let a = self.canonical(profile);
        let sh = payoffs::shock_probs(&self.params, state, &a).draw(&mut rng.clone());
        payoffs::outcome(&self.params, state, &a, &sh).comps
    }

    /// The state after one round with given shocks (deterministic part of [`Game::transition`]).
    pub fn advance(&self, s: &mut ExportState, profile: &[usize], sh: &Shocks) {
        let a = self.canonical(profile);
        let o = payoffs::outcome(&self.params, s, &a, sh);
        self.advance_with(s, &a, sh, &o);
    }

    /// Each player's payoff from raw components `comps`, written to `out[..5]`.
    fn payoffs_of(&self, comps: &[f64; N_COMPONENTS], out: &mut [f64]) {
        let mut acc = [0.0; 5];
        payoffs::accumulate(&self.weights, comps, 1.0, &mut acc);
        out[..5].copy_from_slice(&acc);
    }

    /// The weighted components (`weight x value`) of raw components `comps`, written to `out`.
    fn weighted(&self, comps: &[f64; N_COMPONENTS], out: &mut [f64]) {
        for ((o, c), w) in out.iter_mut().zip(comps).zip(&self.weights) {
            *o = w * c;
        }
    }

    /// Moves `s` on after canonical profile `a` with shocks `sh`, whose outcome at `s` is `o`.
    fn advance_with(&self, s: &mut ExportState, a: &[usize; 5], sh: &Shocks, o: &Outcome) {
        let p = &self.params;
        // (16) stocks
        s.china_compute = s.china_compute * (1.0 - p.depreciation) + o.compute;
        let share = if o.acquired > 0.0 { o.domestic_share } else { s.domestic_share };
        let nv_share = if o.acquired > 0.0 { o.nvidia_share } else { 0.0 };
        // (17) domestic industry
        let cap_growth = p.capability_growth
            * (1.0 + p.capability_learning * share)
            * (1.0 - s.domestic_capability / p.capability_max);
        s.domestic_capability *= 1.0 + cap_growth.max(0.0);
        if sh.yield_ == Yield::Breakthrough {
            s.domestic_capability *= 1.0 + p.breakthrough_gain;
        }
        s.domestic_capability = s.domestic_capability.min(p.capability_max);
        s.domestic_capacity *= 1.0 + p.capacity_growth + p.capacity_learning * share;
        // (18) dependence
        s.dependence +=
            p.dependence_gain * nv_share * (1.0 - s.dependence) - p.dependence_decay * (1.0 - nv_share) * s.dependence;
        s.dependence = s.dependence.clamp(0.0, 1.0);
        // (19) Nvidia exposure and revenue
        let build = if o.china_specific { p.inventory_ratio * o.gross } else { 0.0 };
        s.exposure = (s.exposure - o.writedown) * (1.0 - p.inventory_runoff) + build;
        s.nvidia_china_revenue = o.gross - o.fee_paid;
        s.nvidia_revenue_ma = 0.75 * s.nvidia_revenue_ma + 0.25 * o.gross;
        // (20) tension
        let mut tension = s.tension * (1.0 - p.tension_decay);
        if a[BEIJING] == act::RETALIATE {
            tension += p.tension_retaliate;
        }
        if a[HAWKS] == act::LEGISLATE {
            tension += p.tension_legislate;
        }
        if sh.summit {
            tension -= p.tension_summit;
        }
        s.tension = tension.clamp(0.0, 1.0);
        // (21) freeze
        if s.freeze_rounds > 0 {
            s.freeze_rounds -= 1;
        } else if sh.bill {
            s.freeze_rounds = p.freeze_length;
            s.freeze_tier = o.tier;
        }
        // (22) bookkeeping
        s.boycott_rounds = if a[BEIJING] == act::BOYCOTT && o.tier > 0 { s.boycott_rounds + 1 } else { 0 };
        s.tier = o.tier;
        s.fee = o.fee;
        s.cap = o.cap;
        s.domestic_share = share;
        s.nvidia_share = nv_share;
        s.nvidia_units = o.nvidia_units;
        s.domestic_units = o.domestic_units;
        s.grey_units = o.grey_kept;
        s.offshore_units = o.offshore_units;
        s.demand *= 1.0 + p.demand_growth;
        s.round += 1;
    }
}

impl Game for ExportGame {
    type State = ExportState;

    fn players(&self) -> &[PlayerSpec] {
        &self.players
    }

    fn initial_state(&self) -> ExportState {
        let p = &self.params;
        ExportState {
            round: 0,
            tier: 2,
            fee: 0.0,
            cap: p.cap_h200,
            freeze_rounds: 0,
            freeze_tier: 3,
            demand: p.demand0,
            china_compute: p.china_compute0,
            domestic_capability: p.domestic_capability0,
            domestic_capacity: p.domestic_capacity0,
            domestic_share: p.phi_permit,
            nvidia_share: 1.0 - p.phi_permit,
            dependence: p.dependence0,
            exposure: p.exposure0,
            nvidia_china_revenue: p.nvidia_revenue0,
            nvidia_revenue_ma: p.nvidia_revenue0,
            tension: p.tension0,
            boycott_rounds: 0,
            nvidia_units: 0.0,
            domestic_units: 0.0,
            grey_units: 0.0,
            offshore_units: 0.0,
        }
    }

    fn stage_payoffs(&self, state: &ExportState, profile: &[usize], rng: &mut ChaCha8Rng, out: &mut [f64]) {
        self.payoffs_of(&self.stage_components(state, profile, rng), out);
    }

    fn transition(&self, state: &mut ExportState, profile: &[usize], rng: &mut ChaCha8Rng) {
        let sh = self.shock_probs(state, profile).draw(rng);
        self.advance(state, profile, &sh);
    }

    fn play_round(
        &self,
        state: &mut ExportState,
        profile: &[usize],
        rng: &mut ChaCha8Rng,
        payoffs: &mut [f64],
        components: &mut [f64],
    ) {
        // The same five uniforms that `stage_payoffs` peeks at and `transition` consumes.
        let a = self.canonical(profile);
        let sh = payoffs::shock_probs(&self.params, state, &a).draw(rng);
        let o = payoffs::outcome(&self.params, state, &a, &sh);
        self.payoffs_of(&o.comps, payoffs);
        self.weighted(&o.comps, components);
        self.advance_with(state, &a, &sh, &o);
    }

    fn expected_payoffs(&self, state: &ExportState, profile: &[usize], out: &mut [f64]) {
        let mut comps = [0.0; N_COMPONENTS];
        self.expected_components(state, profile, &mut comps);
        self.payoffs_of(&comps, out);
    }

    fn action_values(&self, state: &ExportState, profile: &[usize], player: usize, out: &mut [f64]) {
        let a: [usize; 5] = std::array::from_fn(|i| if i == player { 0 } else { self.canon[i][profile[i]] });
        payoffs::action_values(&self.params, &self.weights, state, &a, player, &self.canon[player], out);
    }

    fn hints(&self) -> crate::game::ReportHints {
        use crate::game::{FanHint, MilestoneHint, ReportHints};
        let fan = |variable, label| FanHint { variable, label };
        let milestones = self.players[US]
            .action_index("allow_h200")
            .map(|h200| MilestoneHint {
                key: "us_permits_h200",
                question: "When does the US first permit H200?",
                axis: "round (quarter) in which the US first chooses allow_h200",
                phrase: "US permits H200",
                player: US,
                actions: vec![h200],
                from_round: 0,
                horizons: vec![8],
            })
            .into_iter()
            .collect();
        ReportHints {
            payoff_unit: "model units",
            round_unit: "quarter",
            fans: vec![
                fan("tier", "tier (0 ban .. 3 B30A)"),
                fan("domestic_share", "domestic share"),
                fan("china_compute", "compute (M H100e)"),
                fan("dependence", "US-stack dependence"),
                fan("nvidia_china_revenue", "Nvidia China ($bn/q)"),
                fan("tension", "trade tension (0-1)"),
            ],
            milestones,
        }
    }

    fn state_names(&self) -> &[&'static str] {
        &STATE_NAMES
    }

    fn component_names(&self) -> &[&'static str] {
        &COMPONENT_NAMES
    }

    fn stage_components(&self, state: &ExportState, profile: &[usize], rng: &ChaCha8Rng, out: &mut [f64]) {
        self.weighted(&ExportGame::stage_components(self, state, profile, rng), out);
    }

    fn state_values(&self, state: &ExportState, out: &mut [f64]) {
        state.values(out);
    }
}

#[cfg(test)]
mod tests;
