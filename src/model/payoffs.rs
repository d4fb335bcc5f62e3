//! One round's economics: the buyers' allocation across channels, compute gained, money flows,
//! the next stocks, and the payoff components of every player in natural units ($bn, M H100e,
//! shares), combined with weights.
//!
//! Equations are numbered as in docs/MODEL.md §4. A round is worked out in three steps:
//! [`terms`] (what a profile settles before any shock: tier, chips, which channels are open and
//! on what terms), a *plan* (the buyers' allocation, which depends only on the yield shock) and
//! a *realisation* (detection and reversal act after the allocation; the next stocks and the
//! payoff components follow).

use super::market::{self, Allocation, DOM, GREY, LOW, N_CH, NV, OFF};
use super::params::ModelParams;
use super::shocks::{ShockProbs, Shocks, Yield};
use super::state::{Derived, ExportState, Tier};
use super::{BEIJING, BUYERS, HAWKS, NVIDIA, US};

/// Canonical action indices (positions in [`super::ACTIONS`]).
pub mod act {
    pub const BAN: usize = 0;
    pub const ALLOW_H20: usize = 1;
    pub const ALLOW_H200: usize = 2;
    pub const ALLOW_B30A: usize = 3;
    pub const ACQUIESCE: usize = 0;
    pub const PRESSURE: usize = 1;
    pub const LEGISLATE: usize = 2;
    pub const COMPLY: usize = 0;
    pub const LOBBY: usize = 1;
    pub const CUT_DOWN: usize = 2;
    pub const WITHHOLD: usize = 3;
    pub const PERMIT: usize = 0;
    pub const CONDITIONAL: usize = 1;
    pub const BOYCOTT: usize = 2;
    pub const RETALIATE: usize = 3;
    /// Buyers' procurement postures: legal channels only, following Beijing's guidance ...
    pub const BUY_COMPLY: usize = 0;
    /// ... also grey market and offshore rental (evading US controls) ...
    pub const BUY_HEDGE: usize = 1;
    /// ... legal channels, but buying licensed Nvidia chips against a boycott ...
    pub const BUY_DEFY: usize = 2;
    /// ... every channel.
    pub const BUY_ALL: usize = 3;
}
use act::*;

/// One payoff component: its name, the player it belongs to, its unit.
#[derive(Clone, Copy, Debug)]
pub struct ComponentSpec {
    pub name: &'static str,
    pub player: usize,
    pub unit: &'static str,
}

const fn c(name: &'static str, player: usize, unit: &'static str) -> ComponentSpec {
    ComponentSpec { name, player, unit }
}

/// Number of payoff components.
pub const N_COMPONENTS: usize = 27;

/// The components, in order. A player's payoff is the sum of `weight x value` over its components.
pub const COMPONENTS: [ComponentSpec; N_COMPONENTS] = [
    c("us_admin.fee_revenue", US, "$bn"),
    c("us_admin.nvidia_revenue", US, "$bn"),
    c("us_admin.stack", US, "dependence"),
    c("us_admin.security", US, "China/US compute"),
    c("us_admin.political_cost", US, "tier steps x intensity"),
    c("us_admin.concessions", US, "$bn"),
    c("us_admin.lobby_sway", US, "$bn"),
    c("us_admin.bill_passed", US, "count"),
    c("us_admin.continuation", US, "$bn-eq"),
    c("hawks.security", HAWKS, "China/US compute"),
    c("hawks.effort", HAWKS, "$bn-eq"),
    c("hawks.freeze_won", HAWKS, "quarters"),
    c("hawks.continuation", HAWKS, "$bn-eq"),
    c("nvidia.china_profit", NVIDIA, "$bn"),
    c("nvidia.costs", NVIDIA, "$bn"),
    c("nvidia.writedown", NVIDIA, "$bn"),
    c("nvidia.fines", NVIDIA, "$bn"),
    c("beijing.compute", BEIJING, "M H100e"),
    c("beijing.self_reliance", BEIJING, "M H100e/quarter"),
    c("beijing.dependence", BEIJING, "dependence"),
    c("beijing.retaliation_cost", BEIJING, "$bn"),
    c("beijing.concessions", BEIJING, "$bn"),
    c("beijing.continuation", BEIJING, "$bn-eq"),
    c("buyers.compute_value", BUYERS, "$bn"),
    c("buyers.spend", BUYERS, "$bn"),
    c("buyers.choice_value", BUYERS, "$bn"),
    c("buyers.penalties", BUYERS, "$bn"),
];

/// Positions of the components that the summit and the bill move linearly.
const US_CONCESSIONS: usize = 5;
const US_BILL: usize = 7;
const HAWK_SECURITY: usize = 9;
const HAWK_EFFORT: usize = 10;
const HAWK_FREEZE: usize = 11;
const HAWK_CONTINUATION: usize = 12;
const BJ_CONCESSIONS: usize = 21;

/// The components of each player, as `start..end` positions in [`COMPONENTS`] (each player's
/// components are contiguous).
pub const PLAYER_COMPONENTS: [(usize, usize); 5] = [(0, 9), (9, 13), (13, 17), (17, 23), (23, 27)];

/// The signed weight of each component, from the parameters.
pub fn weights(p: &ModelParams) -> [f64; N_COMPONENTS] {
    let k = Consts::new(p);
    [
        p.w_us_fee,
        p.w_us_nvidia,
        p.w_us_stack,
        -p.w_us_gap,
        -p.w_us_political,
        1.0,
        1.0,
        -p.bill_cost_us,
        p.terminal_value,
        -p.w_hawk_gap,
        -1.0,
        p.w_hawk_freeze,
        p.terminal_value,
        1.0,
        -1.0,
        -1.0,
        -1.0,
        p.w_bj_compute * k.user_cost,
        p.w_bj_self,
        -p.w_bj_dependence,
        -1.0,
        1.0,
        p.terminal_value,
        1.0,
        -1.0,
        1.0,
        -1.0,
    ]
}

/// A chip Nvidia can sell under a licence (or, the cut-down chip, without one).
#[derive(Clone, Copy, Debug, Default)]
struct Chip {
    perf: f64,
    price: f64,
    fee: f64,
    cap: f64,
    ln_cap: f64,
    china_specific: bool,
    /// Per-unit surplus and logit attraction; `_def` when bought against a boycott.
    u: f64,
    e: f64,
    u_def: f64,
    e_def: f64,
}

/// Quantities that depend only on the parameters, worked out once per game.
#[derive(Clone, Debug)]
pub struct Consts {
    /// Discount factor of the continuation value and `1 / (1 − β)`.
    pub beta: f64,
    pub perpetuity: f64,
    /// User cost of owned compute per quarter, as a share of its value: `1 − β (1 − depreciation)`.
    pub user_cost: f64,
    /// Annuity of a rental contract, `1 / (1 − β (1 − 1/L))`, and the share of contracts running on.
    pub contract: f64,
    pub keep_rent: f64,
    lambda: f64,
    /// Chips of tiers 1..=3 (index 0 unused) and the cut-down chip (index 4).
    chips: [Chip; 5],
    u_low: f64,
    e_low: f64,
    u_grey: f64,
    e_grey: f64,
    ln_grey_cap: f64,
    u_off: f64,
    e_off: f64,
    /// Offshore capacity and its log before and after the remote-access rule.
    off_cap: [f64; 2],
    ln_off_cap: [f64; 2],
    /// `ln(1 − yield_failure_loss)`.
    ln_failure: f64,
    /// `1 / domestic_ratio` (0 when there is no ratio).
    inv_ratio: f64,
}

fn safe_ln(x: f64) -> f64 {
    if x > 0.0 { x.ln() } else { f64::NEG_INFINITY }
}

impl Consts {
    pub fn new(p: &ModelParams) -> Self {
        let beta = p.tv_discount;
        let lambda = p.logit_scale;
        let keep_rent = 1.0 - 1.0 / p.rental_term;
        let contract = 1.0 / (1.0 - beta * keep_rent);
        let user_cost = 1.0 - beta * (1.0 - p.depreciation);
        let attraction = |u: f64| (u / lambda).exp();
        let chip = |perf: f64, price: f64, fee: f64, cap: f64, china_specific: bool| {
            let u = p.v_compute * perf - price;
            let u_def = u - p.defiance_penalty;
            Chip {
                perf,
                price,
                fee,
                cap,
                ln_cap: safe_ln(cap),
                china_specific,
                u,
                e: attraction(u),
                u_def,
                e_def: attraction(u_def),
            }
        };
        let chips = [
            Chip::default(),
            chip(p.perf_h20, p.price_h20, p.fee_h20, p.cap_h20, true),
            chip(p.perf_h200, p.price_h200, p.fee_h200, p.cap_h200, false),
            chip(p.perf_b30a, p.price_b30a, p.fee_b30a, p.cap_b30a, true),
            chip(p.perf_cutdown, p.price_cutdown, 0.0, p.cap_h20, true),
        ];
        let u_low = p.v_compute * p.perf_low - p.price_low;
        let u_grey = p.v_compute * p.perf_grey * (1.0 - p.p_detect * p.grey_seizure)
            - p.price_h200 * (1.0 + p.grey_premium)
            - p.p_detect * p.smuggling_fine;
        let u_off = contract * (user_cost * p.v_compute * p.perf_offshore - p.price_offshore);
        let off_cap = [p.offshore_cap, p.offshore_cap * (1.0 - p.remote_access_rule)];
        Consts {
            beta,
            perpetuity: 1.0 / (1.0 - beta),
            user_cost,
            contract,
            keep_rent,
            lambda,
            chips,
            u_low,
            e_low: attraction(u_low),
            u_grey,
            e_grey: attraction(u_grey),
            ln_grey_cap: safe_ln(p.grey_cap),
            u_off,
            e_off: attraction(u_off),
            off_cap,
            ln_off_cap: off_cap.map(safe_ln),
            ln_failure: safe_ln(1.0 - p.yield_failure_loss),
            inv_ratio: if p.domestic_ratio > 0.0 { 1.0 / p.domestic_ratio } else { 0.0 },
        }
    }

    /// Per-unit surplus ($k) of each channel when open, at state `s` (for reports and tests).
    pub fn channel_surplus(&self, s: &ExportState, tier: Tier) -> [f64; N_CH] {
        let nv = if tier > 0 { self.chips[tier as usize].u } else { self.chips[4].u };
        [nv, self.u_low, s.derived.u_dom, self.u_grey, self.u_off]
    }
}

/// The continuation values (US administration, hawks, Beijing) of a state with these stocks
/// (eq. 23): each stock's flow carried on as a discounted perpetuity, owned compute and rental
/// contracts decaying at their own rates.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn continuation(
    p: &ModelParams,
    k: &Consts,
    owned: f64,
    rented: f64,
    inv_us: f64,
    dependence: f64,
    capacity: f64,
    capability: f64,
) -> [f64; 3] {
    let ratio = (owned + rented) * inv_us;
    let us = (p.w_us_stack * dependence - p.w_us_gap * ratio) * k.perpetuity;
    let hawks = -p.w_hawk_gap * ratio * k.perpetuity;
    let compute = p.w_bj_compute * (owned * (1.0 - p.depreciation) + k.user_cost * rented * k.keep_rent * k.contract);
    let bj = compute + (p.w_bj_self * capacity * capability - p.w_bj_dependence * dependence) * k.perpetuity;
    [us, hawks, bj]
}

/// The quantities of a state that every evaluation at it shares (see [`Derived`]).
pub fn derive(p: &ModelParams, k: &Consts, s: &ExportState) -> Derived {
    let u_dom = p.v_compute * s.domestic_capability * (1.0 - p.software_gap * s.dependence) - p.price_domestic;
    let us_next = s.us_compute * (1.0 - p.depreciation) + s.us_additions;
    Derived {
        u_dom,
        e_dom: (u_dom / k.lambda).exp(),
        ln_capacity: safe_ln(s.domestic_capacity),
        ln_market: safe_ln((1.0 - p.directed_share) * s.demand),
        us_next,
        inv_us_next: 1.0 / us_next,
        value: continuation(
            p,
            k,
            s.china_compute,
            s.rented_compute,
            1.0 / s.us_compute,
            s.dependence,
            s.domestic_capacity,
            s.domestic_capability,
        ),
    }
}

/// Performance (H100e per chip) of a tier's chip; 0 for the ban.
pub fn tier_perf(p: &ModelParams, t: Tier) -> f64 {
    match t {
        1 => p.perf_h20,
        2 => p.perf_h200,
        3 => p.perf_b30a,
        _ => 0.0,
    }
}

/// The tier in force this round (eq. 1): the tier the administration allows, capped by a freeze.
pub fn effective_tier(s: &ExportState, us_action: usize) -> Tier {
    let asked = us_action as Tier;
    if s.freeze_rounds > 0 { asked.min(s.freeze_tier) } else { asked }
}

/// Hawk intensity of the hawks' action.
fn intensity(p: &ModelParams, h: usize) -> f64 {
    match h {
        ACQUIESCE => p.intensity_acquiesce,
        PRESSURE => p.intensity_pressure,
        _ => p.intensity_legislate,
    }
}

/// The hawks' effort cost of their action, $bn-equivalent.
fn hawk_effort(p: &ModelParams, h: usize) -> f64 {
    match h {
        PRESSURE => p.effort_pressure,
        LEGISLATE => p.effort_legislate,
        _ => 0.0,
    }
}

/// The shock probabilities at `s` under canonical profile `a` (eq. 2).
pub fn shock_probs(p: &ModelParams, s: &ExportState, a: &[usize; 5]) -> ShockProbs {
    let t = effective_tier(s, a[US]);
    let lobby = if a[NVIDIA] == LOBBY { 1.0 - p.lobby_effect } else { 1.0 };
    let reversal = if t > 0 {
        let pressure = if a[HAWKS] != ACQUIESCE { p.reversal_pressure } else { 0.0 };
        ((p.p_reversal * (1.0 + p.reversal_tension * s.tension) + pressure) * lobby).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let bill = if a[HAWKS] == LEGISLATE && s.freeze_rounds == 0 { p.p_bill * lobby } else { 0.0 };
    ShockProbs {
        yield_failure: p.p_yield_failure,
        breakthrough: p.p_breakthrough,
        detect: p.p_detect,
        summit: p.p_summit,
        reversal,
        bill,
    }
}

/// What a summit brings the US administration and Beijing at effective tier `t`: concessions
/// when a tier is open and Beijing cooperates; leverage moves to Beijing when it retaliates.
fn summit_gains(p: &ModelParams, t: Tier, a: &[usize; 5]) -> (f64, f64) {
    let open_and_friendly = t > 0 && (a[BEIJING] == PERMIT || a[BEIJING] == CONDITIONAL);
    let concession = if open_and_friendly { p.concession_value } else { 0.0 };
    let leverage = if a[BEIJING] == RETALIATE { p.retaliation_leverage } else { 0.0 };
    (concession - leverage, concession + leverage)
}

/// Everything that happens in one round, for one shock realisation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Outcome {
    /// Effective tier (eq. 1), fee rate and cap applied.
    pub tier: Tier,
    pub fee: f64,
    pub cap: f64,
    /// The buyers' planned units by channel (eq. 5), before detection and reversal.
    pub planned: [f64; N_CH],
    /// Units acquired (M): Nvidia licensed (after any reversal), Nvidia sub-threshold, domestic,
    /// grey market bought and kept, offshore rental contracts.
    pub nvidia_units: f64,
    pub low_units: f64,
    pub domestic_units: f64,
    pub grey_bought: f64,
    pub grey_kept: f64,
    pub offshore_units: f64,
    /// Owned compute gained and compute newly rented, M H100e (eq. 7).
    pub compute: f64,
    pub rented_new: f64,
    /// Nvidia gross China revenue (licensed, sub-threshold) and fee paid, $bn (eq. 9).
    pub gross: f64,
    pub gross_low: f64,
    pub fee_paid: f64,
    /// Whether the licensed chip sold is China-specific (H20, cut-down, B30A).
    pub china_specific: bool,
    pub writedown: f64,
    /// Shares of the units acquired (eq. 8) and the units acquired.
    pub nvidia_share: f64,
    pub domestic_share: f64,
    pub acquired: f64,
    /// US-stack share of the compute acquired (eq. 8).
    pub stack_share: f64,
    /// Stocks at the end of the quarter (eqs. 16–19): owned and rented compute, China/US ratio,
    /// dependence, capacity, capability (expected over a breakthrough when it is mixed in).
    pub owned_next: f64,
    pub rented_next: f64,
    pub ratio_next: f64,
    pub dependence_next: f64,
    pub capacity_next: f64,
    pub capability_next: f64,
    /// Raw component values, in the order of [`COMPONENTS`].
    pub comps: [f64; N_COMPONENTS],
}

/// How a licensed-Nvidia limit is set after the buyers' first allocation (eq. 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Limit {
    None,
    /// Conditional approval: a quota of the orders and a domestic-purchase ratio.
    Conditional,
    /// Boycott, defiant buyers: customs stops a share of the imports.
    Customs,
}

/// What a profile settles before any shock (eqs. 1, 3, 4). Worked out once per profile, shared by
/// every shock realisation.
#[derive(Clone, Copy, Debug)]
struct Terms {
    t: Tier,
    chip: Chip,
    fee: f64,
    u: [f64; N_CH],
    e: [f64; N_CH],
    cap: [f64; N_CH],
    ln_cap: [f64; N_CH],
    limit: Limit,
    /// Buyers buy licensed chips against a boycott (and pay the defiance penalty per unit).
    defiant: bool,
    /// Posture costs, $k per unit of demand.
    posture_cost: f64,
}

#[inline(always)]
fn terms(p: &ModelParams, k: &Consts, s: &ExportState, a: &[usize; 5]) -> Terms {
    // (1) tier, fee, cap; which chip Nvidia can sell.
    let t = effective_tier(s, a[US]);
    let (chip, sells) = match a[NVIDIA] {
        WITHHOLD => (k.chips[t as usize], false),
        CUT_DOWN if t == 0 => (k.chips[4], true),
        _ => (k.chips[t as usize], t > 0),
    };
    let fee = if s.round < p.fee_from_round { 0.0 } else { chip.fee };
    // Nvidia does not sell at a loss: no sales when the collected fee exceeds the gross margin.
    let sells = sells && fee * p.fee_collection < p.margin;
    // (3) channels open to this posture under Beijing's stance.
    let y = a[BUYERS];
    let grey_off = y == BUY_HEDGE || y == BUY_ALL;
    let defiant_posture = y == BUY_DEFY || y == BUY_ALL;
    let b = a[BEIJING];
    let (mut u, mut e) = ([0.0; N_CH], [0.0; N_CH]);
    let mut limit = Limit::None;
    let mut defiant = false;
    if sells {
        match b {
            BOYCOTT if defiant_posture => {
                (u[NV], e[NV]) = (chip.u_def, chip.e_def);
                limit = Limit::Customs;
                defiant = true;
            }
            BOYCOTT => {}
            CONDITIONAL => {
                (u[NV], e[NV]) = (chip.u, chip.e);
                limit = Limit::Conditional;
            }
            _ => (u[NV], e[NV]) = (chip.u, chip.e),
        }
    }
    (u[LOW], e[LOW]) = (k.u_low, k.e_low);
    (u[DOM], e[DOM]) = (s.derived.u_dom, s.derived.e_dom);
    let ruled = usize::from(s.round >= p.remote_access_from_round);
    if grey_off {
        (u[GREY], e[GREY]) = (k.u_grey, k.e_grey);
        (u[OFF], e[OFF]) = (k.u_off, k.e_off);
    }
    let cap = [chip.cap, f64::INFINITY, s.domestic_capacity, p.grey_cap, k.off_cap[ruled]];
    let ln_cap = [chip.ln_cap, f64::INFINITY, s.derived.ln_capacity, k.ln_grey_cap, k.ln_off_cap[ruled]];
    let mut posture_cost = 0.0;
    if grey_off {
        posture_cost += p.evasion_cost;
    }
    if defiant_posture && b == BOYCOTT {
        posture_cost += p.defiance_cost;
    }
    Terms { t, chip, fee, u, e, cap, ln_cap, limit, defiant, posture_cost }
}

/// The buyers' plan for one yield (eqs. 4–5): the state-directed buyers' domestic purchases, the
/// market's allocation, and the choice value of both.
#[derive(Clone, Copy, Debug)]
struct Plan {
    /// Units by channel, both segments together.
    x: [f64; N_CH],
    /// The directed segment's domestic units.
    directed: f64,
    /// The market segment's allocation and the log-capacities its choice value needs.
    alloc: Allocation,
    ln_cap: [f64; N_CH],
    /// Log of the market segment's demand.
    ln_market: f64,
}

#[inline(always)]
fn plan(p: &ModelParams, k: &Consts, s: &ExportState, terms: &Terms, failure: bool) -> Plan {
    let mut cap = terms.cap;
    let mut ln_cap = terms.ln_cap;
    if failure {
        cap[DOM] *= 1.0 - p.yield_failure_loss;
        ln_cap[DOM] += k.ln_failure;
    }
    // State-directed buyers: domestic or nothing, a logit with one channel, first call on capacity.
    let e_dom = s.derived.e_dom;
    let directed = (p.directed_share * s.demand * e_dom / (1.0 + e_dom)).min(cap[DOM]);
    if directed > 0.0 {
        cap[DOM] -= directed;
        ln_cap[DOM] = safe_ln(cap[DOM]);
    }
    // The market: every channel open to the posture.
    let d = (1.0 - p.directed_share) * s.demand;
    let first = market::allocate(d, &terms.e, &cap);
    let ordered = first.x[NV];
    let limit = match terms.limit {
        Limit::None => f64::INFINITY,
        Limit::Conditional => {
            let dom = directed + first.x[DOM];
            let ratio = if k.inv_ratio > 0.0 { dom * k.inv_ratio } else { f64::INFINITY };
            (p.conditional_quota * ordered).min(ratio)
        }
        Limit::Customs => (1.0 - p.customs_block) * ordered,
    };
    let alloc = if limit < ordered {
        cap[NV] = limit;
        ln_cap[NV] = safe_ln(limit);
        market::allocate(d, &terms.e, &cap)
    } else {
        first
    };
    let mut x = alloc.x;
    x[DOM] += directed;
    Plan { x, directed, alloc, ln_cap, ln_market: s.derived.ln_market }
}

/// The directed segment's choice value: `−λ [x ln(x/d) + (d − x) ln((d − x)/d)]`.
#[inline(always)]
fn directed_choice_value(lambda: f64, d: f64, x: f64) -> f64 {
    let term = |v: f64| if v > 0.0 { v * (v / d).ln() } else { 0.0 };
    -lambda * (term(x) + term(d - x))
}

/// The buyers' choice value of plan `pl` (eq. 5): the entropy term of the market's logit
/// allocation and of the directed segment. It depends on the plan only, not on the shocks that
/// act after the allocation, so it is worked out once per plan, and only when the buyers'
/// payoff is asked for (it takes logarithms).
#[inline(always)]
fn plan_choice_value(p: &ModelParams, k: &Consts, s: &ExportState, terms: &Terms, pl: &Plan) -> f64 {
    market::choice_value(&pl.alloc, &terms.u, k.lambda, pl.ln_market, &pl.ln_cap)
        + directed_choice_value(k.lambda, p.directed_share * s.demand, pl.directed)
}

/// The round's outcome at `s` under canonical profile `a` and shocks `sh`.
pub fn outcome(p: &ModelParams, k: &Consts, s: &ExportState, a: &[usize; 5], sh: &Shocks) -> Outcome {
    let terms = terms(p, k, s, a);
    let pl = plan(p, k, s, &terms, sh.yield_ == Yield::Failure);
    let bt = if sh.yield_ == Yield::Breakthrough { 1.0 } else { 0.0 };
    let choice = plan_choice_value(p, k, s, &terms, &pl);
    realise(p, k, s, a, &terms, &pl, sh, bt, choice)
}

/// The outcome of plan `pl` under shocks `sh` (eqs. 6–22); `bt` is the probability that the
/// quarter's capability gets a breakthrough (0 or 1 when realised; the conditional probability
/// when the expectation mixes a breakthrough into a normal yield, which only the capability
/// carried into the next quarter, and everything linear in it, can tell apart).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn realise(
    p: &ModelParams,
    k: &Consts,
    s: &ExportState,
    a: &[usize; 5],
    terms: &Terms,
    pl: &Plan,
    sh: &Shocks,
    bt: f64,
    choice_value: f64,
) -> Outcome {
    let Terms { t, chip, fee, .. } = *terms;
    let x = pl.x;
    // (6) reversal and detection act after the allocation.
    let n_plan = x[NV];
    let n = if sh.reversal { n_plan * (1.0 - p.reversal_loss) } else { n_plan };
    let low = x[LOW];
    let dom = x[DOM];
    let g = x[GREY];
    let g_kept = if sh.detected { g * (1.0 - p.grey_seizure) } else { g };
    let off = x[OFF];
    // (7) compute gained: owned, and rented under new contracts.
    let kappa = s.domestic_capability;
    let c_dom = dom * kappa;
    let compute = n * chip.perf + low * p.perf_low + c_dom + g_kept * p.perf_grey;
    let rented_new = off * p.perf_offshore;
    // (8) shares.
    let acquired = n + low + dom + g_kept + off;
    let (nvidia_share, domestic_share) =
        if acquired > 0.0 { ((n + low) / acquired, dom / acquired) } else { (0.0, 0.0) };
    let compute_all = compute + rented_new;
    let stack_share = if compute_all > 0.0 { 1.0 - c_dom / compute_all } else { 0.0 };
    // (9) money.
    let gross = n * chip.price;
    let gross_low = low * p.price_low;
    let fee_paid = fee * p.fee_collection * gross;
    // (10) write-down of the China-specific exposure that this quarter's sales no longer cover.
    let covered = if chip.china_specific { p.inventory_ratio * gross / p.inventory_runoff } else { 0.0 };
    let writedown = p.writedown_fraction * (s.exposure - covered).max(0.0);
    // (16–19) the stocks at the end of the quarter.
    let owned_next = s.china_compute * (1.0 - p.depreciation) + compute;
    let rented_next = s.rented_compute * k.keep_rent + rented_new;
    let ratio_next = (owned_next + rented_next) * s.derived.inv_us_next;
    let dep = s.dependence;
    let dependence_next = (dep + p.dependence_gain * stack_share * (1.0 - dep)
        - p.dependence_decay * (1.0 - stack_share) * dep)
        .clamp(0.0, 1.0);
    let cap_k = s.domestic_capacity;
    let capacity_next =
        cap_k * (1.0 + (p.capacity_growth + p.capacity_learning * domestic_share) * (1.0 - cap_k / p.capacity_max));
    let grow =
        (p.capability_growth * (1.0 + p.capability_learning * domestic_share) * (1.0 - kappa / p.capability_max))
            .max(0.0);
    let kappa_normal = (kappa * (1.0 + grow)).min(p.capability_max);
    let kappa_break = (kappa_normal * (1.0 + p.breakthrough_gain)).min(p.capability_max);
    let capability_next = kappa_normal + bt * (kappa_break - kappa_normal);
    // (23) continuation: beta V(next) - V(now).
    let next_value = continuation(
        p,
        k,
        owned_next,
        rented_next,
        s.derived.inv_us_next,
        dependence_next,
        capacity_next,
        capability_next,
    );
    let cont = |i: usize| k.beta * next_value[i] - s.derived.value[i];
    // components
    let summit = sh.summit;
    let (summit_us, summit_bj) = if summit { summit_gains(p, t, a) } else { (0.0, 0.0) };
    let retaliate = a[BEIJING] == RETALIATE;
    let bill = if sh.bill { 1.0 } else { 0.0 };
    let comps = [
        // US administration (eq. 11)
        fee_paid,
        gross + gross_low,
        dependence_next,
        ratio_next,
        t as f64 * intensity(p, a[HAWKS]),
        summit_us,
        if a[NVIDIA] == LOBBY && t > 0 { p.lobby_sway } else { 0.0 },
        bill,
        cont(0),
        // hawks (eq. 12)
        ratio_next,
        hawk_effort(p, a[HAWKS]),
        bill * p.freeze_length as f64,
        cont(1),
        // Nvidia (eq. 13)
        p.margin * (gross + gross_low) - fee_paid,
        match a[NVIDIA] {
            LOBBY => p.lobby_cost,
            CUT_DOWN => p.design_cost,
            _ => 0.0,
        },
        writedown,
        if retaliate { p.fine_prob * p.fine_rate * 4.0 * s.nvidia_revenue_ma } else { 0.0 },
        // Beijing (eq. 14)
        owned_next + rented_next,
        capacity_next * capability_next,
        dependence_next,
        if retaliate { p.retaliation_cost } else { 0.0 } + p.tension_cost * s.tension,
        summit_bj,
        cont(2),
        // buyers (eq. 15)
        p.v_compute
            * (n * chip.perf
                + low * p.perf_low
                + c_dom * (1.0 - p.software_gap * dep)
                + g_kept * p.perf_grey
                + k.contract * k.user_cost * rented_new),
        gross
            + gross_low
            + dom * p.price_domestic
            + g * p.price_h200 * (1.0 + p.grey_premium)
            + k.contract * off * p.price_offshore
            + if terms.defiant { n * p.defiance_penalty } else { 0.0 },
        choice_value,
        if sh.detected { g * p.smuggling_fine } else { 0.0 } + terms.posture_cost * s.demand,
    ];
    Outcome {
        tier: t,
        fee,
        cap: chip.cap,
        planned: x,
        nvidia_units: n,
        low_units: low,
        domestic_units: dom,
        grey_bought: g,
        grey_kept: g_kept,
        offshore_units: off,
        compute,
        rented_new,
        gross,
        gross_low,
        fee_paid,
        china_specific: chip.china_specific && n > 0.0,
        writedown,
        nvidia_share,
        domestic_share,
        acquired,
        stack_share,
        owned_next,
        rented_next,
        ratio_next,
        dependence_next,
        capacity_next,
        capability_next,
        comps,
    }
}

/// Adds `w x (weighted payoffs of comps)` to `out` (one entry per player).
#[inline]
pub fn accumulate(weights: &[f64; N_COMPONENTS], comps: &[f64; N_COMPONENTS], w: f64, out: &mut [f64; 5]) {
    for i in 0..N_COMPONENTS {
        out[COMPONENTS[i].player] += w * weights[i] * comps[i];
    }
}

/// Calls `f(probability, value(outcome))` for every realisation of the yield, detection and
/// reversal shocks that can change the round's quantities, each evaluated without summit and bill.
///
/// A breakthrough changes only the capability carried into the next quarter, on which every
/// component depends linearly, so it is mixed into the normal yield with its conditional
/// probability; detection matters only when grey-market chips were planned, a reversal only when
/// licensed Nvidia chips were; realisations that cannot differ are merged, and the summit and the
/// bill move only the components that [`linear_shock_terms`] adds. The buyers' plan depends only
/// on the yield, so it is worked out once per yield. Probabilities sum to one.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn for_each_outcome<T>(
    p: &ModelParams,
    k: &Consts,
    s: &ExportState,
    a: &[usize; 5],
    pr: &ShockProbs,
    need_choice: bool,
    value: impl Fn(&Outcome) -> T,
    mut f: impl FnMut(f64, &T),
) {
    let terms = terms(p, k, s, a);
    let normal = 1.0 - pr.yield_failure;
    for (failure, py) in [(false, normal), (true, pr.yield_failure)] {
        if py <= 0.0 {
            continue;
        }
        let bt = if failure { 0.0 } else { pr.breakthrough / normal };
        let pl = plan(p, k, s, &terms, failure);
        let calm = Shocks { yield_: if failure { Yield::Failure } else { Yield::Normal }, ..Shocks::CALM };
        let choice = if need_choice { plan_choice_value(p, k, s, &terms, &pl) } else { 0.0 };
        let at = |sh: &Shocks| value(&realise(p, k, s, a, &terms, &pl, sh, bt, choice));
        let detect = if pl.x[GREY] > 0.0 { pr.detect } else { 0.0 };
        let reversal = if pl.x[NV] > 0.0 { pr.reversal } else { 0.0 };
        let base = at(&calm);
        if detect == 0.0 && reversal == 0.0 {
            f(py, &base);
            continue;
        }
        for (detected, pd) in [(false, 1.0 - detect), (true, detect)] {
            for (reversed, pv) in [(false, 1.0 - reversal), (true, reversal)] {
                let w = py * pd * pv;
                if w <= 0.0 {
                    continue;
                }
                if !detected && !reversed {
                    f(w, &base);
                } else {
                    f(w, &at(&Shocks { detected, reversal: reversed, ..calm }));
                }
            }
        }
    }
}

/// The expected value of the components that only the summit and the bill move, which are linear
/// in their indicator: `(component index, expected value)`.
fn linear_shock_terms(p: &ModelParams, s: &ExportState, a: &[usize; 5], pr: &ShockProbs) -> [(usize, f64); 4] {
    let (us, bj) = summit_gains(p, effective_tier(s, a[US]), a);
    [
        (US_CONCESSIONS, pr.summit * us),
        (BJ_CONCESSIONS, pr.summit * bj),
        (US_BILL, pr.bill),
        (HAWK_FREEZE, pr.bill * p.freeze_length as f64),
    ]
}

/// The expected raw components at `s` under canonical profile `a` (exact expectation over the
/// round's shocks), written to `out`.
pub fn expected_components(
    p: &ModelParams,
    k: &Consts,
    s: &ExportState,
    a: &[usize; 5],
    out: &mut [f64; N_COMPONENTS],
) {
    *out = [0.0; N_COMPONENTS];
    let pr = shock_probs(p, s, a);
    for_each_outcome(
        p,
        k,
        s,
        a,
        &pr,
        true,
        |o| o.comps,
        |w, comps| {
            for (x, c) in out.iter_mut().zip(comps) {
                *x += w * c;
            }
        },
    );
    for (i, v) in linear_shock_terms(p, s, a, &pr) {
        out[i] += v;
    }
}

/// The expected payoff to `player` of each of its canonical actions `actions`, the others playing
/// as in `a`, written to `out`: for each action, the expectation of [`expected_components`]
/// weighted and summed over this player's components.
#[allow(clippy::too_many_arguments)]
pub fn action_values(
    p: &ModelParams,
    k: &Consts,
    weights: &[f64; N_COMPONENTS],
    s: &ExportState,
    a: &[usize; 5],
    player: usize,
    actions: &[usize],
    out: &mut [f64],
) {
    // One copy per player, so that the compiler drops the other players' components.
    match player {
        US => action_values_of::<US>(p, k, weights, s, a, actions, out),
        HAWKS => hawks_values(p, k, weights, s, a, actions, out),
        NVIDIA => action_values_of::<NVIDIA>(p, k, weights, s, a, actions, out),
        BEIJING => action_values_of::<BEIJING>(p, k, weights, s, a, actions, out),
        _ => action_values_of::<BUYERS>(p, k, weights, s, a, actions, out),
    }
}

fn action_values_of<const PLAYER: usize>(
    p: &ModelParams,
    k: &Consts,
    weights: &[f64; N_COMPONENTS],
    s: &ExportState,
    a: &[usize; 5],
    actions: &[usize],
    out: &mut [f64],
) {
    let mut a = *a;
    for (&action, slot) in actions.iter().zip(out.iter_mut()) {
        a[PLAYER] = action;
        *slot = expected_payoff_of::<PLAYER>(p, k, weights, s, &a);
    }
}

#[inline(always)]
fn expected_payoff_of<const PLAYER: usize>(
    p: &ModelParams,
    k: &Consts,
    weights: &[f64; N_COMPONENTS],
    s: &ExportState,
    a: &[usize; 5],
) -> f64 {
    let (start, end) = PLAYER_COMPONENTS[PLAYER];
    let pr = shock_probs(p, s, a);
    let mut total = 0.0;
    for_each_outcome(
        p,
        k,
        s,
        a,
        &pr,
        PLAYER == BUYERS,
        |o| weights[start..end].iter().zip(&o.comps[start..end]).map(|(w, c)| w * c).sum::<f64>(),
        |w, u| total += w * u,
    );
    for (i, v) in linear_shock_terms(p, s, a, &pr) {
        if (start..end).contains(&i) {
            total += weights[i] * v;
        }
    }
    total
}

/// The hawks' expected payoff of each of their (canonical) actions `hawk_actions`, the others
/// playing as in `a`, written to `out`: the same numbers that [`action_values`] gives other players.
///
/// The hawks' action does not move the round's quantities, only the probabilities of a reversal
/// and of a bill and their own effort (eq. 2), and their payoff is linear in the China/US compute
/// ratio at the end of the quarter, so the outcomes are worked out once: the expected ratio with
/// and without a reversal, then reweighted for each action.
#[allow(clippy::too_many_arguments)]
pub fn hawks_values(
    p: &ModelParams,
    k: &Consts,
    weights: &[f64; N_COMPONENTS],
    s: &ExportState,
    a: &[usize; 5],
    hawk_actions: &[usize],
    out: &mut [f64],
) {
    let mut a = *a;
    a[HAWKS] = ACQUIESCE;
    let pr = shock_probs(p, s, &a);
    let terms = terms(p, k, s, &a);
    // Expected ratio over yield and detection, without and with a reversal.
    let (mut kept, mut revoked) = (0.0, 0.0);
    let normal = 1.0 - pr.yield_failure;
    for (failure, py) in [(false, normal), (true, pr.yield_failure)] {
        if py <= 0.0 {
            continue;
        }
        let pl = plan(p, k, s, &terms, failure);
        let calm = Shocks { yield_: if failure { Yield::Failure } else { Yield::Normal }, ..Shocks::CALM };
        let ratio = |detected: bool, reversal: bool| {
            realise(p, k, s, &a, &terms, &pl, &Shocks { detected, reversal, ..calm }, 0.0, 0.0).ratio_next
        };
        let detect = if pl.x[GREY] > 0.0 { pr.detect } else { 0.0 };
        let over_detection = |reversal: bool| {
            let first = ratio(false, reversal);
            if detect > 0.0 { (1.0 - detect) * first + detect * ratio(true, reversal) } else { first }
        };
        let stay = over_detection(false);
        let rev = if pl.x[NV] > 0.0 { over_detection(true) } else { stay };
        kept += py * stay;
        revoked += py * rev;
    }
    // The continuation component is beta V(next) - V(now) with V = -w_hawk_gap x ratio / (1 - beta).
    let v_now = s.derived.value[1];
    for (&h, slot) in hawk_actions.iter().zip(out.iter_mut()) {
        a[HAWKS] = h;
        let pr = shock_probs(p, s, &a);
        let ratio = (1.0 - pr.reversal) * kept + pr.reversal * revoked;
        let continuation = k.beta * (-p.w_hawk_gap * ratio * k.perpetuity) - v_now;
        *slot = weights[HAWK_SECURITY] * ratio
            + weights[HAWK_EFFORT] * hawk_effort(p, h)
            + weights[HAWK_FREEZE] * pr.bill * p.freeze_length as f64
            + weights[HAWK_CONTINUATION] * continuation;
    }
}
