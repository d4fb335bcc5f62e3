//! One round's economics: quantities bought, compute gained, money flows, and the payoff
//! components of every player in natural units ($bn, M H100e, shares), combined with weights.
//!
//! Equations are numbered as in docs/MODEL.md.

use super::params::ModelParams;
use super::shocks::{ShockProbs, Shocks, Yield};
use super::state::{ExportState, Tier};
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
    pub const BUY_NVIDIA: usize = 0;
    pub const BUY_DOMESTIC: usize = 1;
    pub const GREY_MARKET: usize = 2;
    pub const OFFSHORE: usize = 3;
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
pub const N_COMPONENTS: usize = 24;

/// The components, in order. A player's payoff is the sum of `weight x value` over its components.
pub const COMPONENTS: [ComponentSpec; N_COMPONENTS] = [
    c("us_admin.fee_revenue", US, "$bn"),
    c("us_admin.nvidia_revenue", US, "$bn"),
    c("us_admin.stack_share", US, "share"),
    c("us_admin.china_compute", US, "M H100e"),
    c("us_admin.political_cost", US, "tier steps x intensity"),
    c("us_admin.concessions", US, "$bn"),
    c("us_admin.lobby_sway", US, "$bn"),
    c("us_admin.bill_passed", US, "count"),
    c("hawks.china_compute", HAWKS, "M H100e"),
    c("hawks.effort", HAWKS, "$bn-eq"),
    c("hawks.freeze_won", HAWKS, "quarters"),
    c("nvidia.china_profit", NVIDIA, "$bn"),
    c("nvidia.costs", NVIDIA, "$bn"),
    c("nvidia.writedown", NVIDIA, "$bn"),
    c("nvidia.fines", NVIDIA, "$bn"),
    c("beijing.compute", BEIJING, "M H100e"),
    c("beijing.domestic_revenue", BEIJING, "$bn"),
    c("beijing.dependence_added", BEIJING, "share"),
    c("beijing.tier_gain", BEIJING, "H100e per chip"),
    c("beijing.retaliation_cost", BEIJING, "$bn"),
    c("beijing.concessions", BEIJING, "$bn"),
    c("buyers.compute_value", BUYERS, "$bn"),
    c("buyers.spend", BUYERS, "$bn"),
    c("buyers.penalties", BUYERS, "$bn"),
];

/// The components of each player, as `start..end` positions in [`COMPONENTS`] (each player's
/// components are contiguous).
pub const PLAYER_COMPONENTS: [(usize, usize); 5] = [(0, 8), (8, 11), (11, 15), (15, 21), (21, 24)];

/// The signed weight of each component, from the parameters (eq. 20).
pub fn weights(p: &ModelParams) -> [f64; N_COMPONENTS] {
    [
        p.w_us_fee,
        p.w_us_nvidia,
        p.w_us_stack,
        -p.w_us_compute,
        -p.w_us_political,
        1.0,
        1.0,
        -p.bill_cost_us,
        -p.w_hawk_compute,
        -1.0,
        p.w_hawk_freeze,
        1.0,
        -1.0,
        -1.0,
        -1.0,
        p.w_bj_compute,
        p.w_bj_domestic,
        -p.w_bj_dependence,
        p.w_bj_tier,
        -1.0,
        1.0,
        1.0,
        -1.0,
        -1.0,
    ]
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

/// (price $k, fee share, cap M units) of a tier's chip.
fn tier_terms(p: &ModelParams, t: Tier) -> (f64, f64, f64) {
    match t {
        1 => (p.price_h20, p.fee_h20, p.cap_h20),
        2 => (p.price_h200, p.fee_h200, p.cap_h200),
        3 => (p.price_b30a, p.fee_b30a, p.cap_b30a),
        _ => (0.0, 0.0, 0.0),
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

/// The hawks' effort cost of their action, $bn-equivalent (eq. 12).
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

/// What a summit brings the US administration and Beijing (eq. 11, 14) at effective tier `t`:
/// concessions when a tier is open and Beijing cooperates; leverage moves to Beijing when it
/// retaliates.
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
    /// Units (M) bought: Nvidia, domestic, grey market (bought, kept), offshore; unmet demand.
    pub nvidia_units: f64,
    pub nvidia_planned: f64,
    pub domestic_units: f64,
    pub grey_bought: f64,
    pub grey_kept: f64,
    pub offshore_units: f64,
    pub unmet: f64,
    /// China's compute gain, M H100e (eq. 7).
    pub compute: f64,
    /// Nvidia gross China revenue and fee paid, $bn (eq. 9).
    pub gross: f64,
    pub fee_paid: f64,
    /// Whether the chip sold is China-specific (H20, cut-down, B30A): builds inventory exposure.
    pub china_specific: bool,
    pub writedown: f64,
    /// Shares of the units acquired (eq. 8).
    pub nvidia_share: f64,
    pub domestic_share: f64,
    pub acquired: f64,
    /// Raw component values, in the order of [`COMPONENTS`].
    pub comps: [f64; N_COMPONENTS],
}

/// What a profile settles before any shock: the effective tier and Nvidia's terms of sale
/// (eq. 1), and Beijing's directed domestic share and the share of the residual Nvidia may serve
/// (eq. 3). Worked out once per profile, shared by every shock realisation.
#[derive(Clone, Copy, Debug)]
struct Terms {
    t: Tier,
    price: f64,
    fee: f64,
    cap: f64,
    perf: f64,
    china_specific: bool,
    sells: bool,
    phi: f64,
    avail: f64,
}

#[inline(always)]
fn terms(p: &ModelParams, s: &ExportState, a: &[usize; 5]) -> Terms {
    // (1) tier, fee, cap; which chip Nvidia can sell.
    let t = effective_tier(s, a[US]);
    let (mut price, mut fee, mut cap) = tier_terms(p, t);
    if s.round < p.fee_from_round {
        fee = 0.0;
    }
    let mut perf = tier_perf(p, t);
    let mut china_specific = t == 1 || t == 3;
    let sells = match a[NVIDIA] {
        WITHHOLD => false,
        CUT_DOWN if t == 0 => {
            // a sub-threshold chip needs no licence and pays no fee
            price = p.price_cutdown;
            perf = p.perf_cutdown;
            fee = 0.0;
            cap = p.cap_h20;
            china_specific = true;
            true
        }
        _ => t > 0,
    };
    // Nvidia does not sell at a loss: no sales when the collected fee exceeds the gross margin.
    let sells = sells && fee * p.fee_collection < p.margin;
    // (3) Beijing's stance: directed domestic share, and what Nvidia may serve of the rest.
    let (phi, avail) = match a[BEIJING] {
        PERMIT | RETALIATE => (p.phi_permit, 1.0),
        CONDITIONAL => (p.phi_conditional, p.conditional_quota),
        _ => (p.phi_boycott, 0.0),
    };
    Terms { t, price, fee, cap, perf, china_specific, sells, phi, avail }
}

/// The round's outcome at `s` under canonical profile `a` and shocks `sh`.
pub fn outcome(p: &ModelParams, s: &ExportState, a: &[usize; 5], sh: &Shocks) -> Outcome {
    outcome_with(p, s, a, &terms(p, s, a), sh)
}

/// [`outcome`] given the profile's [`Terms`].
#[inline(always)]
fn outcome_with(p: &ModelParams, s: &ExportState, a: &[usize; 5], terms: &Terms, sh: &Shocks) -> Outcome {
    let Terms { t, price, fee, cap, perf, china_specific, sells, phi, avail } = *terms;
    // (3) domestic output and directed purchases.
    let d = s.demand;
    let yield_mult = if sh.yield_ == Yield::Failure { 1.0 - p.yield_failure_loss } else { 1.0 };
    let k = s.domestic_capacity * yield_mult;
    let dom0 = k.min(phi * d);
    let r = d - dom0;
    // (4) the buyers' chosen channel for the residual demand (`domestic` = domestic first, then Nvidia).
    let (mut n_plan, mut g, mut off) = (0.0, 0.0, 0.0);
    match a[BUYERS] {
        BUY_NVIDIA if sells => n_plan = (avail * r).min(cap),
        BUY_DOMESTIC => {
            // domestic first, then Nvidia (if open) for what domestic output cannot serve
            let dom_first = r.min(k - dom0);
            if sells {
                n_plan = (avail * (r - dom_first)).min(cap);
            }
        }
        GREY_MARKET => g = r.min(p.grey_cap),
        OFFSHORE => off = r.min(p.offshore_cap),
        _ => {}
    }
    // (5) reversal: licences revoked mid-quarter.
    let n = if sh.reversal { n_plan * (1.0 - p.reversal_loss) } else { n_plan };
    // (6) fallback to the remaining domestic output.
    let dom_extra = (r - n - g - off).max(0.0).min(k - dom0);
    let dom = dom0 + dom_extra;
    let g_kept = if sh.detected { g * (1.0 - p.grey_seizure) } else { g };
    let unmet = (r - n - g - off - dom_extra).max(0.0);
    // (7) compute gained.
    let c_nv = n * perf;
    let c_dom = dom * s.domestic_capability;
    let c_other = g_kept * p.perf_grey + off * p.perf_offshore;
    let compute = c_nv + c_dom + c_other;
    // (8) shares of units acquired.
    let acquired = n + dom + g_kept + off;
    let (nvidia_share, domestic_share) = if acquired > 0.0 { (n / acquired, dom / acquired) } else { (0.0, 0.0) };
    // (9) money.
    let gross = n * price;
    let fee_paid = fee * p.fee_collection * gross;
    // (10) write-down: China sales stop (or are cut by a reversal) while inventory is exposed.
    let writedown = p.writedown_fraction
        * s.exposure
        * if n_plan == 0.0 {
            1.0
        } else if sh.reversal {
            p.reversal_loss
        } else {
            0.0
        };
    // components
    let (summit_us, summit_bj) = if sh.summit { summit_gains(p, t, a) } else { (0.0, 0.0) };
    let retaliate = a[BEIJING] == RETALIATE;
    let bill = if sh.bill { 1.0 } else { 0.0 };
    let dom_value = c_dom * (1.0 - p.software_gap * s.dependence);
    let comps = [
        // US administration (eq. 11)
        fee_paid,
        gross,
        nvidia_share * (1.0 + p.stack_urgency * s.domestic_share),
        compute,
        t as f64 * intensity(p, a[HAWKS]),
        summit_us,
        if a[NVIDIA] == LOBBY && t > 0 { p.lobby_sway } else { 0.0 },
        bill,
        // hawks (eq. 12)
        compute,
        hawk_effort(p, a[HAWKS]),
        bill * p.freeze_length as f64,
        // Nvidia (eq. 13)
        p.margin * gross - fee_paid,
        match a[NVIDIA] {
            LOBBY => p.lobby_cost,
            CUT_DOWN => p.design_cost,
            _ => 0.0,
        },
        writedown,
        if retaliate { p.fine_prob * p.fine_rate * 4.0 * s.nvidia_revenue_ma } else { 0.0 },
        // Beijing (eq. 14)
        compute,
        dom * p.price_domestic,
        nvidia_share,
        (tier_perf(p, t) - tier_perf(p, s.tier)).max(0.0),
        if retaliate { p.retaliation_cost } else { 0.0 } + p.tension_cost * s.tension,
        summit_bj,
        // buyers (eq. 15)
        p.v_compute * (c_nv + c_other + dom_value),
        gross + dom * p.price_domestic + g * p.price_h200 * (1.0 + p.grey_premium) + off * p.price_offshore,
        if sh.detected { g * p.smuggling_fine } else { 0.0 },
    ];
    Outcome {
        tier: t,
        fee,
        cap,
        nvidia_units: n,
        nvidia_planned: n_plan,
        domestic_units: dom,
        grey_bought: g,
        grey_kept: g_kept,
        offshore_units: off,
        unmet,
        compute,
        gross,
        fee_paid,
        china_specific: china_specific && n > 0.0,
        writedown,
        nvidia_share,
        domestic_share,
        acquired,
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

/// Calls `f(probability, outcome)` for every realisation of the yield, detection and reversal
/// shocks that can change the round's quantities, each evaluated without summit and bill.
///
/// A breakthrough pays off only from the next round, so this round it is a normal yield;
/// detection matters only when grey-market chips were bought, a reversal only when Nvidia planned
/// to ship; realisations that cannot differ are merged, and the summit and the bill move only the
/// components that [`linear_shock_terms`] adds. Probabilities sum to one.
fn for_each_outcome<T>(
    p: &ModelParams,
    s: &ExportState,
    a: &[usize; 5],
    pr: &ShockProbs,
    value: impl Fn(&Outcome) -> T,
    mut f: impl FnMut(f64, &T),
) {
    let terms = terms(p, s, a);
    // Each outcome is reduced to `value` at once, so that what `value` ignores is never kept.
    let value_at = |sh: &Shocks| value(&outcome_with(p, s, a, &terms, sh));
    for (yield_, py) in [(Yield::Normal, 1.0 - pr.yield_failure), (Yield::Failure, pr.yield_failure)] {
        if py <= 0.0 {
            continue;
        }
        let calm = Shocks { yield_, ..Shocks::CALM };
        let (base, grey, ships) = {
            let o = outcome_with(p, s, a, &terms, &calm);
            (value(&o), o.grey_bought > 0.0, o.nvidia_planned > 0.0)
        };
        let detect = if grey { pr.detect } else { 0.0 };
        let reversal = if ships { pr.reversal } else { 0.0 };
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
                    f(w, &value_at(&Shocks { detected, reversal: reversed, ..calm }));
                }
            }
        }
    }
}

/// The expected value of the components that only the summit and the bill move (eq. 11, 12, 14),
/// which are linear in their indicator: `(component index, expected value)`.
fn linear_shock_terms(p: &ModelParams, s: &ExportState, a: &[usize; 5], pr: &ShockProbs) -> [(usize, f64); 4] {
    let (us, bj) = summit_gains(p, effective_tier(s, a[US]), a);
    [(5, pr.summit * us), (20, pr.summit * bj), (7, pr.bill), (10, pr.bill * p.freeze_length as f64)]
}

/// The expected raw components at `s` under canonical profile `a` (exact expectation over the
/// round's shocks), written to `out`.
pub fn expected_components(p: &ModelParams, s: &ExportState, a: &[usize; 5], out: &mut [f64; N_COMPONENTS]) {
    *out = [0.0; N_COMPONENTS];
    let pr = shock_probs(p, s, a);
    for_each_outcome(
        p,
        s,
        a,
        &pr,
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
pub fn action_values(
    p: &ModelParams,
    weights: &[f64; N_COMPONENTS],
    s: &ExportState,
    a: &[usize; 5],
    player: usize,
    actions: &[usize],
    out: &mut [f64],
) {
    // One copy per player, so that the compiler drops the other players' components.
    match player {
        US => action_values_of::<US>(p, weights, s, a, actions, out),
        HAWKS => hawks_values(p, weights, s, a, actions, out),
        NVIDIA => action_values_of::<NVIDIA>(p, weights, s, a, actions, out),
        BEIJING => action_values_of::<BEIJING>(p, weights, s, a, actions, out),
        _ => action_values_of::<BUYERS>(p, weights, s, a, actions, out),
    }
}

fn action_values_of<const PLAYER: usize>(
    p: &ModelParams,
    weights: &[f64; N_COMPONENTS],
    s: &ExportState,
    a: &[usize; 5],
    actions: &[usize],
    out: &mut [f64],
) {
    let mut a = *a;
    for (&action, slot) in actions.iter().zip(out.iter_mut()) {
        a[PLAYER] = action;
        *slot = expected_payoff_of::<PLAYER>(p, weights, s, &a);
    }
}

#[inline(always)]
fn expected_payoff_of<const PLAYER: usize>(
    p: &ModelParams,
    weights: &[f64; N_COMPONENTS],
    s: &ExportState,
    a: &[usize; 5],
) -> f64 {
    let (start, end) = PLAYER_COMPONENTS[PLAYER];
    let pr = shock_probs(p, s, a);
    let mut total = 0.0;
    for_each_outcome(
        p,
        s,
        a,
        &pr,
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
/// and of a bill and their own effort (eqs. 2, 12), so the outcomes are worked out once: the
/// expected compute gain with and without a reversal, then reweighted for each action.
pub fn hawks_values(
    p: &ModelParams,
    weights: &[f64; N_COMPONENTS],
    s: &ExportState,
    a: &[usize; 5],
    hawk_actions: &[usize],
    out: &mut [f64],
) {
    let mut a = *a;
    a[HAWKS] = ACQUIESCE;
    let pr = shock_probs(p, s, &a);
    let terms = terms(p, s, &a);
    // Expected compute gain over yield and detection, without and with a reversal.
    let (mut kept, mut revoked) = (0.0, 0.0);
    for (yield_, py) in [(Yield::Normal, 1.0 - pr.yield_failure), (Yield::Failure, pr.yield_failure)] {
        if py <= 0.0 {
            continue;
        }
        let calm = Shocks { yield_, ..Shocks::CALM };
        let base = outcome_with(p, s, &a, &terms, &calm);
        let detect = if base.grey_bought > 0.0 { pr.detect } else { 0.0 };
        let over_detection = |reversal: bool, first: f64| {
            let mut c = first;
            if detect > 0.0 {
                let caught = outcome_with(p, s, &a, &terms, &Shocks { detected: true, reversal, ..calm }).compute;
                c = (1.0 - detect) * first + detect * caught;
            }
            c
        };
        let stay = over_detection(false, base.compute);
        let rev = if base.nvidia_planned > 0.0 {
            over_detection(true, outcome_with(p, s, &a, &terms, &Shocks { reversal: true, ..calm }).compute)
        } else {
            stay
        };
        kept += py * stay;
        revoked += py * rev;
    }
    for (&h, slot) in hawk_actions.iter().zip(out.iter_mut()) {
        a[HAWKS] = h;
        let pr = shock_probs(p, s, &a);
        let compute = (1.0 - pr.reversal) * kept + pr.reversal * revoked;
        *slot = weights[8] * compute + weights[9] * hawk_effort(p, h) + weights[10] * pr.bill * p.freeze_length as f64;
    }
}
