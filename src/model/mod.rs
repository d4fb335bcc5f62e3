//! The five-agent US–China AI-chip export-control model (BRIEF §4; equations in docs/MODEL.md).
//!
//! Players, in profile order: `us_admin`, `hawks`, `nvidia`, `beijing`, `buyers`. One round is
//! one quarter. **Timing within a round:** (a) all five players choose simultaneously, knowing the
//! state at the start of the quarter; (b) the round's shocks are realised (yield, smuggling
//! detection, summit, US reversal, bill passing); (c) the effective tier is the administration's
//! tier capped by any running freeze; Beijing's stance decides which channels are open to which
//! buyer posture (a boycott closes licensed Nvidia chips to complying and hedging buyers;
//! conditional approval limits licences by a quota and a domestic-purchase ratio); state-directed
//! buyers take domestic output first, and the market segment splits its demand across the open
//! channels (Nvidia, Nvidia's low-end chip, domestic, grey market, offshore rental) by a
//! capacity-constrained logit over per-unit surplus (`market.rs`); (d) payoffs accrue, with a
//! continuation value for the stocks; (e) the state moves: owned compute, rented compute (a
//! flow that expires), US compute and the China/US ratio, domestic capability and capacity
//! (learning from domestic purchases, saturating), dependence, inventory exposure, tension,
//! freeze (a passed bill freezes the current tier for `freeze_length` quarters from the next
//! round), demand.
//!
//! **Generator contract:** `stage_payoffs` draws the five shock uniforms from a copy of the
//! generator and does not advance it; `transition` draws the same five and consumes them. Call
//! `stage_payoffs` (any number of times) then `transition` with nothing drawing in between, as the
//! round loop does, and payoffs and state see the same shocks.

pub mod hints;
pub mod market;
pub mod params;
pub mod payoffs;
pub mod shocks;
pub mod state;

pub use hints::{FanHint, Milestone, ReportHints};
pub use params::ModelParams;
pub use params::{PARAMS, ParamError, ParamInfo, ParamKind};
pub use payoffs::{COMPONENTS, ComponentSpec, Consts, N_COMPONENTS, Outcome};
pub use shocks::{ShockProbs, Shocks, Yield};
pub use state::{ExportState, LEAD_MAX, STATE_NAMES};

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
    &["comply", "hedge", "defy", "all_channels"],
];

/// The export-control game. Immutable; all per-run data is in [`ExportState`].
#[derive(Clone, Debug)]
pub struct ExportGame {
    params: ModelParams,
    consts: Consts,
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
        let consts = Consts::new(&params);
        Ok(ExportGame { params, consts, players, canon, weights })
    }

    /// The same game with the continuation value discounted at `discount` (the `[repeat]`
    /// discount of a scenario), so that run totals telescope exactly to the flows plus the
    /// discounted value of the stocks at the horizon (docs/MODEL.md §5). A discount of 1 (no
    /// discounting) has no finite perpetuity: the continuation value is then switched off.
    pub fn with_discount(&self, discount: f64) -> Result<Self, ParamError> {
        let mut params = self.params.clone();
        if discount >= 1.0 {
            params.terminal_value = 0.0;
        } else {
            params.tv_discount = discount;
        }
        ExportGame::new(params)
    }

    pub fn params(&self) -> &ModelParams {
        &self.params
    }

    /// The quantities derived once from the parameters.
    pub fn consts(&self) -> &Consts {
        &self.consts
    }

    /// The canonical profile (indices into [`ACTIONS`]) of a profile of this game's actions.
    #[inline]
    pub fn canonical(&self, profile: &[usize]) -> [usize; 5] {
        std::array::from_fn(|i| self.canon[i][profile[i]])
    }

    /// The canonical index of each of `player`'s actions in this game.
    pub fn canonical_actions(&self, player: usize) -> &[usize] {
        &self.canon[player]
    }

    /// The profile of this game for canonical action names, e.g. `["allow_h200", "pressure", ...]`.
    pub fn profile(&self, names: &[&str; 5]) -> Option<[usize; 5]> {
        let mut out = [0; 5];
        for i in 0..5 {
            out[i] = self.players[i].action_index(names[i])?;
        }
        Some(out)
    }

    /// Works out again the quantities a state derives from its fields ([`state::Derived`]):
    /// call it after editing a state by hand.
    pub fn refresh(&self, s: &mut ExportState) {
        s.derived = payoffs::derive(&self.params, &self.consts, s);
    }

    /// The round's outcome for a given shock realisation (quantities and raw components).
    pub fn outcome(&self, state: &ExportState, profile: &[usize], shocks: &Shocks) -> Outcome {
        payoffs::outcome(&self.params, &self.consts, state, &self.canonical(profile), shocks)
    }

    /// The shock probabilities at `state` under `profile`.
    pub fn shock_probs(&self, state: &ExportState, profile: &[usize]) -> ShockProbs {
        payoffs::shock_probs(&self.params, state, &self.canonical(profile))
    }

    /// The signed weight of each payoff component (see [`COMPONENTS`]).
    pub fn component_weights(&self) -> &[f64; N_COMPONENTS] {
        &self.weights
    }

    /// The continuation value of `state` for each player (US administration, hawks, Nvidia,
    /// Beijing, buyers; Nvidia's and the buyers' are 0), weighted by `terminal_value`. A run's
    /// total payoff is its discounted flows plus `discount^T V(s_T) - V(s_0)`; add
    /// `continuation_values(initial_state)` to a total for the absolute value.
    pub fn continuation_values(&self, state: &ExportState) -> [f64; 5] {
        let v = state.derived.value;
        let w = self.params.terminal_value;
        [w * v[0], w * v[1], 0.0, w * v[2], 0.0]
    }

    /// Expected raw payoff components (natural units) of `profile` at `state`, in the order of
    /// [`COMPONENTS`]; a player's expected payoff is the weighted sum of its components.
    pub fn expected_components(&self, state: &ExportState, profile: &[usize], out: &mut [f64; N_COMPONENTS]) {
        payoffs::expected_components(&self.params, &self.consts, state, &self.canonical(profile), out);
    }

    /// Realised raw payoff components, drawing the round's shocks like [`Game::stage_payoffs`].
    pub fn stage_components(&self, state: &ExportState, profile: &[usize], rng: &ChaCha8Rng) -> [f64; N_COMPONENTS] {
        let a = self.canonical(profile);
        let sh = payoffs::shock_probs(&self.params, state, &a).draw(&mut rng.clone());
        payoffs::outcome(&self.params, &self.consts, state, &a, &sh).comps
    }

    /// The state after one round with given shocks (deterministic part of [`Game::transition`]).
    pub fn advance(&self, s: &mut ExportState, profile: &[usize], sh: &Shocks) {
        let a = self.canonical(profile);
        let o = payoffs::outcome(&self.params, &self.consts, s, &a, sh);
        self.advance_with(s, &a, sh, &o);
    }

    /// The lower and upper bound of every state variable, in the order of [`STATE_NAMES`], for
    /// any horizon (docs/MODEL.md §3): the logistic updates saturate, stocks depreciate, and
    /// flows are bounded by demand and capacities.
    pub fn state_bounds(&self) -> [(f64, f64); STATE_NAMES.len()] {
        let p = &self.params;
        let d_max = p.demand_max.max(p.demand0);
        let perf_max =
            [p.perf_h20, p.perf_h200, p.perf_b30a, p.perf_cutdown, p.perf_low, p.perf_grey, p.capability_max]
                .into_iter()
                .fold(0.0, f64::max);
        let owned_max = p.china_compute0.max(d_max * perf_max / p.depreciation);
        let rented_max = p.offshore_cap * p.perf_offshore * p.rental_term;
        let adds_max = p.us_additions_max.max(p.us_additions0);
        let us_max = p.us_compute0.max(adds_max / p.depreciation);
        let us_min = p.us_compute0.min(p.us_additions0 / p.depreciation);
        let price_max = [p.price_h20, p.price_h200, p.price_b30a, p.price_cutdown].into_iter().fold(0.0, f64::max);
        let gross_max = d_max * price_max;
        let low_max = d_max * p.price_low;
        let exposure_max = p.exposure0.max(p.inventory_ratio * gross_max / p.inventory_runoff);
        let cap_max = [p.cap_h20, p.cap_h200, p.cap_b30a].into_iter().fold(0.0, f64::max);
        let unbounded = f64::from(u32::MAX);
        [
            (0.0, unbounded),
            (0.0, 3.0),
            (0.0, 1.0),
            (0.0, cap_max),
            (0.0, p.freeze_length as f64),
            (0.0, 3.0),
            (0.0, d_max),
            (0.0, owned_max),
            (0.0, rented_max),
            (us_min, us_max),
            (0.0, LEAD_MAX),
            (0.0, p.capability_max),
            (0.0, p.capacity_max),
            (0.0, 1.0),
            (0.0, 1.0),
            (0.0, 1.0),
            (0.0, exposure_max),
            (0.0, gross_max),
            (0.0, low_max),
            (0.0, p.nvidia_revenue0.max(gross_max + low_max)),
            (0.0, 1.0),
            (0.0, unbounded),
            (0.0, d_max),
            (0.0, d_max),
            (0.0, p.capacity_max),
            (0.0, p.grey_cap),
            (0.0, p.offshore_cap),
            (0.0, d_max * perf_max),
            (0.0, d_max * perf_max),
            (0.0, (owned_max + rented_max) / us_min),
        ]
    }

    /// What the report layer should draw for this game (fan charts, the H200-or-better
    /// milestone, calendar labels).
    pub fn report_hints(&self) -> ReportHints {
        hints::hints(self)
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

    /// Moves `s` on after canonical profile `a` with shocks `sh`, whose outcome at `s` is `o`
    /// (eqs. 16–22).
    fn advance_with(&self, s: &mut ExportState, a: &[usize; 5], sh: &Shocks, o: &Outcome) {
        let p = &self.params;
        // (16) compute stocks: China's owned and rented, the US's.
        s.china_compute = o.owned_next;
        s.rented_compute = o.rented_next;
        s.us_compute = s.derived.us_next;
        s.us_additions *= 1.0 + p.us_additions_growth * (1.0 - s.us_additions / p.us_additions_max);
        let china = s.china_compute + s.rented_compute;
        s.us_lead = if china * LEAD_MAX > s.us_compute { s.us_compute / china } else { LEAD_MAX };
        // (17) domestic industry, (18) dependence.
        s.domestic_capability = o.capability_next;
        s.domestic_capacity = o.capacity_next;
        s.dependence = o.dependence_next;
        // (19) Nvidia exposure and revenue.
        let build = if o.china_specific { p.inventory_ratio * o.gross } else { 0.0 };
        s.exposure = (s.exposure - o.writedown) * (1.0 - p.inventory_runoff) + build;
        s.nvidia_china_revenue = o.gross - o.fee_paid;
        s.nvidia_other_revenue = o.gross_low;
        s.nvidia_revenue_ma = 0.75 * s.nvidia_revenue_ma + 0.25 * (o.gross + o.gross_low);
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
        s.domestic_share = o.domestic_share;
        s.nvidia_share = o.nvidia_share;
        s.nvidia_units = o.nvidia_units;
        s.nvidia_low_units = o.low_units;
        s.domestic_units = o.domestic_units;
        s.grey_units = o.grey_kept;
        s.offshore_units = o.offshore_units;
        s.compute_acquired = o.compute + o.rented_new;
        s.grey_offshore_compute = o.grey_kept * p.perf_grey + o.rented_new;
        s.demand *= 1.0 + p.demand_growth * (1.0 - s.demand / p.demand_max);
        s.round += 1;
        s.derived = payoffs::derive(p, &self.consts, s);
    }
}

impl Game for ExportGame {
    type State = ExportState;

    fn players(&self) -> &[PlayerSpec] {
        &self.players
    }

    fn initial_state(&self) -> ExportState {
        let p = &self.params;
        let mut s = ExportState {
            round: 0,
            tier: 2,
            fee: 0.0,
            cap: p.cap_h200,
            freeze_rounds: 0,
            freeze_tier: 3,
            demand: p.demand0,
            china_compute: p.china_compute0,
            rented_compute: 0.0,
            us_compute: p.us_compute0,
            us_additions: p.us_additions0,
            us_lead: if p.china_compute0 * LEAD_MAX > p.us_compute0 {
                p.us_compute0 / p.china_compute0
            } else {
                LEAD_MAX
            },
            domestic_capability: p.domestic_capability0,
            domestic_capacity: p.domestic_capacity0,
            domestic_share: 0.0,
            nvidia_share: 0.0,
            dependence: p.dependence0,
            exposure: p.exposure0,
            nvidia_china_revenue: p.nvidia_revenue0,
            nvidia_other_revenue: 0.0,
            nvidia_revenue_ma: p.nvidia_revenue0,
            tension: p.tension0,
            boycott_rounds: 0,
            nvidia_units: 0.0,
            nvidia_low_units: 0.0,
            domestic_units: 0.0,
            grey_units: 0.0,
            offshore_units: 0.0,
            compute_acquired: 0.0,
            grey_offshore_compute: 0.0,
            derived: Default::default(),
        };
        self.refresh(&mut s);
        s
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
        let o = payoffs::outcome(&self.params, &self.consts, state, &a, &sh);
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
        payoffs::action_values(&self.params, &self.consts, &self.weights, state, &a, player, &self.canon[player], out);
    }

    fn hints(&self) -> crate::game::ReportHints {
        use crate::game::{FanHint, MilestoneHint, ReportHints};
        let h = hints::hints(self);
        ReportHints {
            payoff_unit: "model units",
            round_unit: "quarter",
            fans: h
                .fans
                .iter()
                .map(|f| FanHint { variable: f.variable, label: format!("{} ({})", f.label, f.unit) })
                .collect(),
            milestones: h
                .milestones
                .iter()
                .map(|m| MilestoneHint {
                    key: m.name.to_string(),
                    question: format!(
                        "In which quarter does {} for the first time?",
                        m.label.replacen("offers", "offer", 1)
                    ),
                    axis: format!(
                        "quarter in which {} first (counted from round {})",
                        m.label,
                        m.first_decision_round + 1
                    ),
                    phrase: m.label.to_string(),
                    player: m.player,
                    actions: m.actions.clone(),
                    from_round: m.first_decision_round,
                    horizons: m.horizons.clone(),
                })
                .collect(),
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
