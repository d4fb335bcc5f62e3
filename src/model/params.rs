//! Parameters of the export-control model ([`ModelParams`]), their calibrated defaults and checks.
//!
//! Every field is a TOML key under `[game.params]`. Units: money in $bn per quarter, chip volumes
//! in millions of units per quarter, compute in millions of H100-equivalents (M H100e), prices in
//! $k per unit (so `units (M) x price ($k) = $bn`), shares and probabilities in [0, 1].
//! Sources are the rows of `research/calibration.md`; docs/MODEL.md gives the URL of each.

use std::collections::BTreeMap;

/// A parameter that failed [`ModelParams::check`]: the TOML key and what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("game.params.{key}: {message}")]
pub struct ParamError {
    pub key: String,
    pub message: String,
}

/// All parameters of the model. See docs/MODEL.md for the equations that use each one.
#[derive(serde::Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields, default)]
pub struct ModelParams {
    // ---- market and chips ----
    /// Chinese AI-accelerator demand in the first round (2022Q4), M units/quarter.
    /// Calibrated so 2024 H20 revenue is about $4-5bn/quarter (Nvidia FY25 China ~$17B) and 2025 demand ~0.8 M/qtr (IDC: ~4M units in 2025 incl. low-end).
    pub demand0: f64,
    /// Growth of demand per quarter (share). Huang: ~50%/yr; Bernstein $37B -> $69B 2025-27 (~37%/yr).
    pub demand_growth: f64,
    /// Buyers' value of compute, $k per H100e (= $bn per M H100e). Assumption (2M H200 ordered at ~$27k).
    pub v_compute: f64,
    /// Performance per chip in H100e: H20 (H200 is ~6x the H20; inference-weighted, assumption 0.25).
    pub perf_h20: f64,
    /// H200 performance, H100e (BF16 989 TFLOPS = H100).
    pub perf_h200: f64,
    /// B30A performance, H100e (about half a B300).
    pub perf_b30a: f64,
    /// Cut-down sub-threshold chip (RTX Pro 6000D class), H100e. Assumption.
    pub perf_cutdown: f64,
    /// Grey-market chip (H100/H200 class), H100e.
    pub perf_grey: f64,
    /// Offshore-rented capacity per unit, H100e. Assumption.
    pub perf_offshore: f64,
    /// Price of an H20, $k. Assumption (reported $10-12k).
    pub price_h20: f64,
    /// Price of an H200, $k (Reuters ~$27k).
    pub price_h200: f64,
    /// Price of a B30A, $k. Assumption (about half a B300).
    pub price_b30a: f64,
    /// Price of a cut-down chip, $k. Assumption.
    pub price_cutdown: f64,
    /// Price of a domestic accelerator, $k (inferred: Bernstein $16B output / IDC 1.65M units in 2025).
    pub price_domestic: f64,
    /// Grey-market markup over the H200 price (share). Assumption.
    pub grey_premium: f64,
    /// Offshore rental cost per unit-equivalent per quarter, $k. Assumption.
    pub price_offshore: f64,
    /// US revenue share (fee) on H20 sales (Aug 2025: 15%).
    pub fee_h20: f64,
    /// Fee on H200-class sales (Dec 2025: 25%).
    pub fee_h200: f64,
    /// Fee on B30A-class sales. Assumption (as H200).
    pub fee_b30a: f64,
    /// Share of the fee actually collected (calibration: 0.3-0.8; the 15% was never paid). Assumption 0.6.
    pub fee_collection: f64,
    /// First round in which fees apply (0 = always; the replay uses 11 = 2025Q3).
    pub fee_from_round: u32,
    /// US volume cap on H20 sales, M units/quarter (effectively none).
    pub cap_h20: f64,
    /// US volume cap on H200 sales, M units/quarter (BIS Jan 2026 50% rule; ~10 firms x 75k; assumption 0.5).
    pub cap_h200: f64,
    /// US volume cap on B30A sales, M units/quarter. Assumption.
    pub cap_b30a: f64,
    // ---- domestic industry ----
    /// Domestic capacity in round 0, M units/quarter (Bernstein: 19% domestic in 2023; Commerce: <=200k Huawei 2025).
    pub domestic_capacity0: f64,
    /// Autonomous capacity growth per quarter (investment). SemiAnalysis/Bernstein ramp; assumption.
    pub capacity_growth: f64,
    /// Extra capacity growth per unit of domestic share of purchases (learning, reinvested revenue). Assumption.
    pub capacity_learning: f64,
    /// Domestic capability in round 0, H100e per chip (Ascend 910B ~300 TFLOPS / 989).
    pub domestic_capability0: f64,
    /// Autonomous capability growth per quarter (910B 0.3 -> 910C 0.79 over ~10 quarters).
    pub capability_growth: f64,
    /// Extra capability growth per unit of domestic share (learning by doing). Assumption.
    pub capability_learning: f64,
    /// Capability ceiling of the logistic growth, H100e per chip (Ascend 960/970 roadmap). Assumption.
    pub capability_max: f64,
    /// Share of domestic compute's value lost per unit of dependence on the US stack (CUDA). Assumption.
    pub software_gap: f64,
    /// Probability per quarter of a domestic yield failure (910C yield ~20%). Assumption.
    pub p_yield_failure: f64,
    /// Share of domestic output lost in a yield failure. Assumption.
    pub yield_failure_loss: f64,
    /// Probability per quarter of a domestic breakthrough. Assumption.
    pub p_breakthrough: f64,
    /// Relative capability jump on a breakthrough. Assumption.
    pub breakthrough_gain: f64,
    // ---- Beijing's policy levers ----
    /// Share of demand directed to domestic chips when Beijing permits (Bernstein: 19% domestic in 2023).
    pub phi_permit: f64,
    /// Directed domestic share under conditional approval (domestic-ratio rule, ratio unpublished; assumption 1:1).
    pub phi_conditional: f64,
    /// Directed domestic share under boycott (all of it).
    pub phi_boycott: f64,
    /// Share of residual orders approved under conditional approval (400k approved vs >2M ordered).
    pub conditional_quota: f64,
    /// Dependence on the US stack in round 0 (Nvidia ~95% share at the start of the Biden administration).
    pub dependence0: f64,
    /// Dependence growth per quarter per unit of Nvidia share. Assumption.
    pub dependence_gain: f64,
    /// Dependence decay per quarter per unit of non-Nvidia share. Assumption.
    pub dependence_decay: f64,
    // ---- grey market and offshore ----
    /// Grey-market capacity, M units/quarter (CNAS: median 140k chips smuggled in 2024).
    pub grey_cap: f64,
    /// Probability per quarter that a smuggling buyer is detected. Assumption (enforcement weak).
    pub p_detect: f64,
    /// Share of grey-market units seized on detection. Assumption.
    pub grey_seizure: f64,
    /// Fine on detected smuggling, $k per unit. Assumption.
    pub smuggling_fine: f64,
    /// Offshore rental capacity, M units/quarter ("hundreds of thousands" via subsidiaries in a year, L).
    pub offshore_cap: f64,
    // ---- Nvidia ----
    /// Nvidia gross margin (71-75%).
    pub margin: f64,
    /// Lobbying cost, $bn per quarter. Assumption.
    pub lobby_cost: f64,
    /// Cost of designing a compliant cut-down chip, $bn per quarter. Assumption.
    pub design_cost: f64,
    /// China-specific inventory built per $ of China-specific gross revenue. Calibrated to the $4.5B H20 charge.
    pub inventory_ratio: f64,
    /// Share of inventory exposure that runs off (is sold or reused) per quarter. Assumption.
    pub inventory_runoff: f64,
    /// Share of exposure written down when China sales stop ($4.5B charge vs $5.5B guided).
    pub writedown_fraction: f64,
    /// Antitrust fine as a share of prior-year China sales (AML: up to 10%).
    pub fine_rate: f64,
    /// Probability per quarter of retaliation that a fine is imposed. Assumption.
    pub fine_prob: f64,
    /// Lobbying cuts the bill-passing and reversal hazards by this share (lobbying effectiveness 0.5-0.7, inferred).
    pub lobby_effect: f64,
    /// Value to the US administration of Nvidia's lobbying when a tier is open, $bn-eq. Assumption.
    pub lobby_sway: f64,
    // ---- US administration ----
    /// Weight on collected fees (per $bn).
    pub w_us_fee: f64,
    /// Weight on Nvidia's gross China revenue (per $bn; "high", assumption).
    pub w_us_nvidia: f64,
    /// Weight on Nvidia's share of Chinese purchases (keeping China on the US stack), $bn-eq per unit share. Assumption.
    pub w_us_stack: f64,
    /// How much the stack value rises with the domestic share (urgency to win the market back). Assumption.
    pub stack_urgency: f64,
    /// Cost of China's compute gain, $bn-eq per M H100e ("medium", assumption).
    pub w_us_compute: f64,
    /// Political cost of defying hawks, $bn-eq per tier step per unit of hawk intensity ("low to moderate", assumption).
    pub w_us_political: f64,
    /// Hawk intensity when they acquiesce. Assumption.
    pub intensity_acquiesce: f64,
    /// Hawk intensity when they pressure. Assumption.
    pub intensity_pressure: f64,
    /// Hawk intensity when they legislate. Assumption.
    pub intensity_legislate: f64,
    /// Value of summit concessions (truce, rare-earth pauses), $bn-eq to each side. Assumption.
    pub concession_value: f64,
    /// Cost to the administration of a bill passing against it, $bn-eq. Assumption.
    pub bill_cost_us: f64,
    // ---- hawks ----
    /// Hawks' cost of China's compute gain, $bn-eq per M H100e. Assumption.
    pub w_hawk_compute: f64,
    /// Effort cost of pressure, $bn-eq. Assumption.
    pub effort_pressure: f64,
    /// Effort cost of legislating, $bn-eq. Assumption.
    pub effort_legislate: f64,
    /// Hawks' value per quarter of freeze won, $bn-eq. Assumption.
    pub w_hawk_freeze: f64,
    /// Probability per quarter of legislating that a bill passes (0.1-0.3 within 12 months).
    pub p_bill: f64,
    /// Length of a legislative freeze, quarters (SAFE Chips: 30 months).
    pub freeze_length: u32,
    /// Base probability per quarter of a US policy reversal (licences revoked mid-quarter). Assumption.
    pub p_reversal: f64,
    /// Extra reversal probability when hawks pressure or legislate. Assumption.
    pub reversal_pressure: f64,
    /// Relative increase of the reversal hazard per unit of trade tension. Assumption.
    pub reversal_tension: f64,
    /// Share of the quarter's Nvidia sales lost on a reversal. Assumption.
    pub reversal_loss: f64,
    // ---- Beijing ----
    /// Beijing's value of compute, $bn-eq per M H100e. Assumption.
    pub w_bj_compute: f64,
    /// Beijing's value of domestic chip revenue (industry progress), per $bn. Assumption.
    pub w_bj_domestic: f64,
    /// Beijing's cost of dependence added (Nvidia share of purchases), $bn-eq per unit share. Assumption.
    pub w_bj_dependence: f64,
    /// Beijing's value of a better offered tier, $bn-eq per H100e/chip of upgrade. Assumption.
    pub w_bj_tier: f64,
    /// Direct cost of retaliating (rare-earth export losses, probes), $bn-eq. Assumption.
    pub retaliation_cost: f64,
    /// Beijing's cost per unit of trade tension, $bn-eq per quarter. Assumption.
    pub tension_cost: f64,
    /// Leverage extracted at a summit by retaliation, $bn-eq (moved from the US to Beijing). Assumption.
    pub retaliation_leverage: f64,
    /// Probability per quarter of a summit round (Madrid, Busan, Beijing: 3 in ~4 quarters of 2025-26; assumption 0.3).
    pub p_summit: f64,
    /// Trade tension in round 0, [0,1]. Assumption.
    pub tension0: f64,
    /// Tension added by retaliation. Assumption.
    pub tension_retaliate: f64,
    /// Tension added by legislating. Assumption.
    pub tension_legislate: f64,
    /// Tension removed by a summit. Assumption.
    pub tension_summit: f64,
    /// Share of tension that decays per quarter. Assumption.
    pub tension_decay: f64,
    // ---- stocks ----
    /// China's compute stock in round 0, M H100e. Assumption.
    pub china_compute0: f64,
    /// Depreciation of the compute stock per quarter (~5-year life). Assumption.
    pub depreciation: f64,
    /// Nvidia's China-specific inventory exposure in round 0, $bn. Assumption.
    pub exposure0: f64,
    /// Nvidia's China gross revenue per quarter before round 0, $bn (FY2023 $5.78B / 4).
    pub nvidia_revenue0: f64,
    /// Optional restriction of each player's actions (player name -> allowed action names).
    pub actions: Option<BTreeMap<String, Vec<String>>>,
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams {
            demand0: 0.25,
            demand_growth: 0.12,
            v_compute: 60.0,
            perf_h20: 0.25,
            perf_h200: 1.0,
            perf_b30a: 1.75,
            perf_cutdown: 0.15,
            perf_grey: 1.0,
            perf_offshore: 1.0,
            price_h20: 10.0,
            price_h200: 27.0,
            price_b30a: 30.0,
            price_cutdown: 7.0,
            price_domestic: 10.0,
            grey_premium: 0.5,
            price_offshore: 35.0,
            fee_h20: 0.15,
            fee_h200: 0.25,
            fee_b30a: 0.25,
            fee_collection: 0.6,
            fee_from_round: 0,
            cap_h20: 10.0,
            cap_h200: 0.5,
            cap_b30a: 0.5,
            domestic_capacity0: 0.075,
            capacity_growth: 0.10,
            capacity_learning: 0.10,
            domestic_capability0: 0.3,
            capability_growth: 0.08,
            capability_learning: 0.5,
            capability_max: 2.5,
            software_gap: 0.3,
            p_yield_failure: 0.1,
            yield_failure_loss: 0.3,
            p_breakthrough: 0.05,
            breakthrough_gain: 0.15,
            phi_permit: 0.19,
            phi_conditional: 0.5,
            phi_boycott: 1.0,
            conditional_quota: 0.2,
            dependence0: 0.9,
            dependence_gain: 0.3,
            dependence_decay: 0.15,
            grey_cap: 0.05,
            p_detect: 0.2,
            grey_seizure: 0.5,
            smuggling_fine: 10.0,
            offshore_cap: 0.2,
            margin: 0.72,
            lobby_cost: 0.1,
            design_cost: 0.3,
            inventory_ratio: 0.6,
            inventory_runoff: 0.5,
            writedown_fraction: 0.8,
            fine_rate: 0.1,
            fine_prob: 0.25,
            lobby_effect: 0.5,
            lobby_sway: 0.5,
            w_us_fee: 1.0,
            w_us_nvidia: 0.5,
            w_us_stack: 10.0,
            stack_urgency: 1.0,
            w_us_compute: 10.0,
            w_us_political: 1.0,
            intensity_acquiesce: 0.25,
            intensity_pressure: 1.0,
            intensity_legislate: 1.5,
            concession_value: 2.0,
            bill_cost_us: 2.0,
            w_hawk_compute: 10.0,
            effort_pressure: 0.5,
            effort_legislate: 1.0,
            w_hawk_freeze: 1.0,
            p_bill: 0.05,
            freeze_length: 10,
            p_reversal: 0.05,
            reversal_pressure: 0.05,
            reversal_tension: 1.0,
            reversal_loss: 0.5,
            w_bj_compute: 30.0,
            w_bj_domestic: 1.0,
            w_bj_dependence: 2.0,
            w_bj_tier: 5.0,
            retaliation_cost: 1.0,
            tension_cost: 2.0,
            retaliation_leverage: 1.5,
            p_summit: 0.3,
            tension0: 0.3,
            tension_retaliate: 0.2,
            tension_legislate: 0.05,
            tension_summit: 0.15,
            tension_decay: 0.05,
            china_compute0: 1.0,
            depreciation: 0.05,
            exposure0: 0.5,
            nvidia_revenue0: 1.45,
            actions: None,
        }
    }
}

fn err(key: &str, message: impl Into<String>) -> ParamError {
    ParamError { key: key.to_string(), message: message.into() }
}

impl ModelParams {
    /// Every non-negative quantity (rates, weights, prices, stocks), by TOML key.
    fn nonneg(&self) -> [(&'static str, f64); 70] {
        [
            ("demand0", self.demand0),
            ("demand_growth", self.demand_growth),
            ("v_compute", self.v_compute),
            ("perf_h20", self.perf_h20),
            ("perf_h200", self.perf_h200),
            ("perf_b30a", self.perf_b30a),
            ("perf_cutdown", self.perf_cutdown),
            ("perf_grey", self.perf_grey),
            ("perf_offshore", self.perf_offshore),
            ("price_h20", self.price_h20),
            ("price_h200", self.price_h200),
            ("price_b30a", self.price_b30a),
            ("price_cutdown", self.price_cutdown),
            ("price_domestic", self.price_domestic),
            ("grey_premium", self.grey_premium),
            ("price_offshore", self.price_offshore),
            ("cap_h20", self.cap_h20),
            ("cap_h200", self.cap_h200),
            ("cap_b30a", self.cap_b30a),
            ("domestic_capacity0", self.domestic_capacity0),
            ("capacity_growth", self.capacity_growth),
            ("capacity_learning", self.capacity_learning),
            ("domestic_capability0", self.domestic_capability0),
            ("capability_growth", self.capability_growth),
            ("capability_learning", self.capability_learning),
            ("capability_max", self.capability_max),
            ("breakthrough_gain", self.breakthrough_gain),
            ("dependence_gain", self.dependence_gain),
            ("dependence_decay", self.dependence_decay),
            ("grey_cap", self.grey_cap),
            ("smuggling_fine", self.smuggling_fine),
            ("offshore_cap", self.offshore_cap),
            ("lobby_cost", self.lobby_cost),
            ("design_cost", self.design_cost),
            ("inventory_ratio", self.inventory_ratio),
            ("lobby_sway", self.lobby_sway),
            ("w_us_fee", self.w_us_fee),
            ("w_us_nvidia", self.w_us_nvidia),
            ("w_us_stack", self.w_us_stack),
            ("stack_urgency", self.stack_urgency),
            ("w_us_compute", self.w_us_compute),
            ("w_us_political", self.w_us_political),
            ("intensity_acquiesce", self.intensity_acquiesce),
            ("intensity_pressure", self.intensity_pressure),
            ("intensity_legislate", self.intensity_legislate),
            ("concession_value", self.concession_value),
            ("bill_cost_us", self.bill_cost_us),
            ("w_hawk_compute", self.w_hawk_compute),
            ("effort_pressure", self.effort_pressure),
            ("effort_legislate", self.effort_legislate),
            ("w_hawk_freeze", self.w_hawk_freeze),
            ("reversal_tension", self.reversal_tension),
            ("w_bj_compute", self.w_bj_compute),
            ("w_bj_domestic", self.w_bj_domestic),
            ("w_bj_dependence", self.w_bj_dependence),
            ("w_bj_tier", self.w_bj_tier),
            ("retaliation_cost", self.retaliation_cost),
            ("tension_cost", self.tension_cost),
            ("retaliation_leverage", self.retaliation_leverage),
            ("tension_retaliate", self.tension_retaliate),
            ("tension_legislate", self.tension_legislate),
            ("tension_summit", self.tension_summit),
            ("china_compute0", self.china_compute0),
            ("exposure0", self.exposure0),
            ("nvidia_revenue0", self.nvidia_revenue0),
            ("p_reversal", self.p_reversal),
            ("reversal_pressure", self.reversal_pressure),
            ("price_offshore", self.price_offshore),
            ("perf_h200", self.perf_h200),
            ("margin", self.margin),
        ]
    }

    /// Every share or probability, which must lie in [0, 1].
    fn unit(&self) -> [(&'static str, f64); 26] {
        [
            ("fee_h20", self.fee_h20),
            ("fee_h200", self.fee_h200),
            ("fee_b30a", self.fee_b30a),
            ("fee_collection", self.fee_collection),
            ("software_gap", self.software_gap),
            ("p_yield_failure", self.p_yield_failure),
            ("yield_failure_loss", self.yield_failure_loss),
            ("p_breakthrough", self.p_breakthrough),
            ("phi_permit", self.phi_permit),
            ("phi_conditional", self.phi_conditional),
            ("phi_boycott", self.phi_boycott),
            ("conditional_quota", self.conditional_quota),
            ("dependence0", self.dependence0),
            ("p_detect", self.p_detect),
            ("grey_seizure", self.grey_seizure),
            ("margin", self.margin),
            ("inventory_runoff", self.inventory_runoff),
            ("writedown_fraction", self.writedown_fraction),
            ("fine_rate", self.fine_rate),
            ("fine_prob", self.fine_prob),
            ("lobby_effect", self.lobby_effect),
            ("p_bill", self.p_bill),
            ("reversal_loss", self.reversal_loss),
            ("p_summit", self.p_summit),
            ("tension0", self.tension0),
            ("depreciation", self.depreciation),
        ]
    }

    /// Checks every parameter; the error names the TOML key.
    pub fn check(&self) -> Result<(), ParamError> {
        for (k, v) in self.nonneg() {
            if !v.is_finite() {
                return Err(err(k, format!("must be a finite number, got {v}")));
            }
            if v < 0.0 {
                return Err(err(k, format!("must not be negative, got {v}")));
            }
        }
        for (k, v) in self.unit() {
            if !(0.0..=1.0).contains(&v) {
                return Err(err(k, format!("must be a share or probability in [0, 1], got {v}")));
            }
        }
        for (k, v) in [("tension_decay", self.tension_decay), ("p_reversal", self.p_reversal)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(err(k, format!("must be in [0, 1], got {v}")));
            }
        }
        if self.p_yield_failure + self.p_breakthrough > 1.0 {
            return Err(err("p_breakthrough", "p_yield_failure + p_breakthrough must not exceed 1"));
        }
        if self.capability_max <= 0.0 {
            return Err(err("capability_max", "must be positive"));
        }
        if self.domestic_capability0 > self.capability_max {
            return Err(err("domestic_capability0", "must not exceed capability_max"));
        }
        if self.demand_growth > 1.0 || self.capacity_growth > 1.0 || self.capability_growth > 1.0 {
            let k = if self.demand_growth > 1.0 {
                "demand_growth"
            } else if self.capacity_growth > 1.0 {
                "capacity_growth"
            } else {
                "capability_growth"
            };
            return Err(err(k, "a growth rate above 100% per quarter is not plausible"));
        }
        if self.freeze_length > 1000 {
            return Err(err("freeze_length", "must be at most 1000 quarters"));
        }
        if let Some(map) = &self.actions {
            for (player, acts) in map {
                let key = format!("actions.{player}");
                let Some(all) =
                    super::ACTIONS.iter().zip(super::PLAYER_NAMES).find(|(_, n)| **n == *player).map(|(a, _)| a)
                else {
                    return Err(err(
                        &key,
                        format!("unknown player `{player}`; players are {}", super::PLAYER_NAMES.join(", ")),
                    ));
                };
                if acts.len() < crate::game::MIN_ACTIONS {
                    return Err(err(&key, format!("needs at least {} actions", crate::game::MIN_ACTIONS)));
                }
                for (i, a) in acts.iter().enumerate() {
                    if !all.contains(&a.as_str()) {
                        return Err(err(&key, format!("unknown action `{a}`; `{player}` has {}", all.join(", "))));
                    }
                    if acts[..i].contains(a) {
                        return Err(err(&key, format!("action `{a}` listed twice")));
                    }
                }
            }
        }
        Ok(())
    }
}
