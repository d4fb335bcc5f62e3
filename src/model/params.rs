//! Parameters of the export-control model ([`ModelParams`]), their calibrated defaults, their
//! plausible ranges and sources ([`PARAMS`]), and the checks ([`ModelParams::check`]).
//!
//! Every numeric field is a TOML key under `[game.params]`. Units: money in $bn per quarter, chip
//! volumes in millions of units (M) per quarter, compute in millions of H100-equivalents
//! (M H100e), prices in $k per unit (so `units (M) x price ($k) = $bn`), shares and probabilities
//! in [0, 1]. Sources are rows of `research/calibration.md`; a source that starts with the word
//! `assumption` is a judgement, to be swept over its range (`low`..`high`).
//!
//! The struct, its defaults, [`ModelParams::get`]/[`ModelParams::set`] and the table [`PARAMS`]
//! are generated from one list (the `params!` invocation below), so they cannot disagree.
//! docs/MODEL.md §6 is generated from [`PARAMS`] by [`markdown_table`] and checked by a test.

use std::collections::BTreeMap;

/// A parameter that failed [`ModelParams::check`]: the TOML key and what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("game.params.{key}: {message}")]
pub struct ParamError {
    pub key: String,
    pub message: String,
}

/// What values a parameter may take (its hard validity range, not its plausible range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// A finite number, at least 0.
    NonNegative,
    /// A finite number, above 0.
    Positive,
    /// A share or probability in [0, 1].
    Share,
    /// A whole number of quarters or rounds, at least 0.
    Count,
}

/// One row of the parameter table: everything a sweep, an explorer or the docs need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamInfo {
    /// The TOML key under `[game.params]`.
    pub key: &'static str,
    /// The unit.
    pub unit: &'static str,
    /// The calibrated default.
    pub default: f64,
    /// Plausible range, for sweeps and sensitivity analysis.
    pub low: f64,
    pub high: f64,
    /// Hard validity range.
    pub kind: ParamKind,
    /// A source (calibration.md row, with its URL) or a text that starts with `assumption`.
    pub source: &'static str,
    /// One line: what the parameter does.
    pub description: &'static str,
}

impl ParamInfo {
    /// Whether the value is a judgement rather than a sourced figure.
    pub fn is_assumption(&self) -> bool {
        self.source.starts_with("assumption")
    }
}

/// Accepts `true`/`false` (1 or 0) or a weight for `terminal_value`.
fn bool_or_weight<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum W {
        B(bool),
        F(f64),
        I(i64),
    }
    Ok(match <W as serde::Deserialize>::deserialize(d)? {
        W::B(b) => f64::from(u8::from(b)),
        W::F(x) => x,
        W::I(i) => i as f64,
    })
}

macro_rules! params {
    ($( $(#[$m:meta])* $key:ident : $ty:ty = $default:expr ; $kind:ident, $unit:expr, [$lo:expr, $hi:expr], $src:expr, $desc:expr ; )*) => {
        /// All parameters of the model. See docs/MODEL.md for the equations that use each one.
        #[derive(serde::Deserialize, Clone, Debug, PartialEq)]
        #[serde(deny_unknown_fields, default)]
        pub struct ModelParams {
            $(
                #[doc = $desc]
                $(#[$m])*
                pub $key: $ty,
            )*
            /// Calendar quarter of round 0 (e.g. `"2022Q4"`), for report labels; `""` for none.
            pub start_quarter: String,
            /// Optional restriction of each player's actions (player name -> allowed action names).
            pub actions: Option<BTreeMap<String, Vec<String>>>,
        }

        impl Default for ModelParams {
            fn default() -> Self {
                ModelParams { $( $key: $default, )* start_quarter: "2022Q4".to_string(), actions: None }
            }
        }

        /// The table of every numeric parameter, in the order of docs/MODEL.md §6.
        pub static PARAMS: &[ParamInfo] = &[
            $( ParamInfo {
                key: stringify!($key),
                unit: $unit,
                default: $default as f64,
                low: $lo as f64,
                high: $hi as f64,
                kind: ParamKind::$kind,
                source: $src,
                description: $desc,
            }, )*
        ];

        impl ModelParams {
            /// The value of the numeric parameter `key`, if there is one.
            pub fn get(&self, key: &str) -> Option<f64> {
                match key {
                    $( stringify!($key) => Some(self.$key as f64), )*
                    _ => None,
                }
            }

            /// Sets the numeric parameter `key` (counts are rounded down); false if there is none.
            /// The result is not checked: call [`ModelParams::check`] (or build the game) after.
            pub fn set(&mut self, key: &str, value: f64) -> bool {
                match key {
                    $( stringify!($key) => { self.$key = value as $ty; true } )*
                    _ => false,
                }
            }
        }
    };
}

params! {
    // ---- market and chips ----
    demand0: f64 = 0.25; Positive, "M units/quarter", [0.15, 0.4],
        "calibrated: IDC ~4M Chinese AI accelerators in 2025 (~1 M/quarter) https://www.htx.com/zh-cn/news/nvidias-market-share-in-china-drops-below-60-domestic-ai-chi-qNFBdQB1/",
        "Chinese buyers' potential accelerator demand in round 0 (2022Q4), before the outside option.";
    demand_growth: f64 = 0.12; NonNegative, "share/quarter", [0.06, 0.2],
        "Huang ~50%/yr https://zoonop.com/news/technology/nvidia-ceo-jensen-huang-projects-50-billion-china-ai-market-opportunity-amid-ongoing-us-export-discussions ; Bernstein $37B->$69B 2025-27",
        "Initial growth rate of demand per quarter (logistic, saturating at demand_max).";
    demand_max: f64 = 5.0; Positive, "M units/quarter", [2.5, 8.0],
        "assumption (IDC ~1M units/quarter in 2025 growing 37-50%/yr; Bernstein 2028 demand $88B) https://aigazine.com/markets/china-ai-chip-market-huawei-targets-50-market-share-by-2026--s",
        "Saturation level of demand (physical and budget limits); keeps every stock bounded.";
    v_compute: f64 = 60.0; NonNegative, "$k per H100e", [40.0, 100.0],
        "assumption (2M H200 ordered at ~$27k; H20 bought at $10-12k for ~0.25 H100e) https://gopher.nikiroo.be/news/REGISTER/1767903862.php",
        "Buyers' value of one H100-equivalent owned over its life.";
    logit_scale: f64 = 4.0; Positive, "$k per unit", [2.0, 6.0],
        "assumption (calibrated in-sample to 2023-24 shares)",
        "Spread of buyer firms' idiosyncratic tastes: the logit scale of channel choice (smaller = sharper).";
    perf_h20: f64 = 0.35; Positive, "H100e/chip", [0.15, 0.6],
        "assumption: H200 ~6x H20 in FLOPs (0.17, Reuters) https://mentormakers.pk/h200-exports-mark-reset-in-us-china-chip-war , weighted up for inference (4 TB/s memory bandwidth)",
        "Performance of the H20 (tier 1).";
    perf_h200: f64 = 1.0; Positive, "H100e/chip", [0.9, 1.2],
        "BF16 989 TFLOPS = H100 https://itkb.uw.cz/2026/06/nvidia-h200-vs-b300-precisions-cores.html",
        "Performance of the H200 (tier 2).";
    perf_b30a: f64 = 2.0; Positive, "H100e/chip", [1.5, 3.0],
        "about half a B300 (~3,500 TFLOPS, L) https://threadreaderapp.com/thread/1982859134530937049 ; '>12x the H20' (IFP), weighted like perf_h20",
        "Performance of the B30A (tier 3).";
    perf_cutdown: f64 = 0.15; Positive, "H100e/chip", [0.1, 0.25],
        "assumption (RTX Pro 6000D class, 1.4 TB/s) https://volknews.com/?p=11602",
        "Performance of Nvidia's licence-free cut-down chip, sold under a ban when Nvidia chooses cut_down.";
    perf_low: f64 = 0.12; Positive, "H100e/chip", [0.05, 0.25],
        "assumption (sub-threshold consumer and workstation GPUs, RTX 4090D class)",
        "Performance of Nvidia's sub-threshold products, which need no licence and no boycott covers.";
    perf_grey: f64 = 0.9; Positive, "H100e/chip", [0.6, 1.0],
        "CNAS: smuggled chips are mostly H100/H200 class, with older A100s https://www.cnas.org/press/press-release/new-paper-warns-ai-chip-smuggling-to-china-may-undermine-u-s-national-security-interests",
        "Performance of a grey-market (smuggled) chip.";
    perf_offshore: f64 = 1.0; Positive, "H100e/unit", [0.8, 1.75],
        "assumption (H100/H200-class cloud instances)",
        "Performance of one rented offshore unit.";
    price_h20: f64 = 10.0; NonNegative, "$k/chip", [10.0, 12.0],
        "reported $10-12k (calibration.md §4e)",
        "Price of an H20.";
    price_h200: f64 = 27.0; NonNegative, "$k/chip", [25.0, 32.0],
        "Reuters ~$27k https://sport.walaw.press/en/articles/china_halts_nvidia_h200_orders_pending_import_conditions/GQMPRMRSPSWP",
        "Price of an H200.";
    price_b30a: f64 = 30.0; NonNegative, "$k/chip", [25.0, 40.0],
        "assumption (about half a B300)",
        "Price of a B30A.";
    price_cutdown: f64 = 7.0; NonNegative, "$k/chip", [5.0, 9.0],
        "assumption",
        "Price of the cut-down chip.";
    price_low: f64 = 2.5; NonNegative, "$k/chip", [1.5, 8.0],
        "assumption (RTX 4090D-class retail)",
        "Price of a sub-threshold Nvidia product.";
    price_domestic: f64 = 10.0; NonNegative, "$k/chip", [7.0, 15.0],
        "inferred: Bernstein $16B domestic output / IDC 1.65M units in 2025 https://aigazine.com/markets/china-ai-chip-market-huawei-targets-50-market-share-by-2026--s",
        "Price of a domestic accelerator.";
    grey_premium: f64 = 0.5; NonNegative, "share", [0.2, 1.0],
        "assumption",
        "Grey-market markup over the H200 price.";
    price_offshore: f64 = 6.0; NonNegative, "$k per H100e-quarter", [3.0, 9.0],
        "assumption (H100-class cloud at ~$2-4 per hour x 2,190 hours per quarter)",
        "Rent of one offshore H100e for one quarter.";
    rental_term: f64 = 4.0; Positive, "quarters", [1.0, 12.0],
        "assumption (one-year reserved contracts)",
        "Mean length of an offshore rental contract; rented compute expires at rate 1/rental_term.";
    fee_h20: f64 = 0.15; Share, "share", [0.0, 0.25],
        "Aug 2025: 15% https://www.hindustantimes.com/world-news/trump-administration-to-take-15-cut-of-nvidia-and-amd-chip-sales-to-china-101754906444895.html",
        "US revenue share on H20 sales.";
    fee_h200: f64 = 0.25; Share, "share", [0.0, 0.3],
        "Dec 2025: 25% https://americanbazaaronline.com/2025/12/09/us-eases-curbs-will-allow-certain-nvidia-h200-chip-segments-into-china-471287",
        "US revenue share on H200 sales.";
    fee_b30a: f64 = 0.25; Share, "share", [0.0, 0.3],
        "assumption (as H200)",
        "US revenue share on B30A sales.";
    fee_collection: f64 = 0.6; Share, "share", [0.3, 0.8],
        "assumption (calibration.md §4a: 0.3-0.8; the 15% was never paid)",
        "Share of the fee actually collected.";
    fee_from_round: u32 = 0; Count, "round", [0.0, 11.0],
        "timeline: fees exist from 2025Q3 (round 11 from 2022Q4)",
        "First round in which fees apply.";
    cap_h20: f64 = 10.0; NonNegative, "M units/quarter", [1.0, 10.0],
        "no volume cap on the H20",
        "US volume cap on H20 sales.";
    cap_h200: f64 = 0.5; NonNegative, "M units/quarter", [0.2, 1.0],
        "BIS Jan 2026 50% rule; ~10 firms x 75k (L) https://www.strtrade.com/trade-news-resources/str-trade-report/trade-report/january/bis-eases-rules-on-exports-of-chips-to-china",
        "US volume cap on H200 sales.";
    cap_b30a: f64 = 2.0; NonNegative, "M units/quarter", [0.5, 3.0],
        "assumption: the BIS Jan 2026 cap (China at most 50% of US shipments) applied to B30A https://www.strtrade.com/trade-news-resources/str-trade-report/trade-report/january/bis-eases-rules-on-exports-of-chips-to-china",
        "US volume cap on B30A sales.";
    // ---- domestic industry ----
    domestic_capacity0: f64 = 0.075; Positive, "M units/quarter", [0.05, 0.1],
        "calibrated: Bernstein 19% domestic in 2023; Commerce <=200k Huawei 2025 https://www.aiapps.com/news/us-says-china-s-huawei-can-t-make-more-than-200000-ai-chips-in-2025",
        "Domestic output capacity in round 0.";
    capacity_growth: f64 = 0.10; NonNegative, "share/quarter", [0.05, 0.15],
        "assumption (SemiAnalysis/Bernstein ramp: 805k Ascend in 2025)",
        "Autonomous growth of capacity (logistic, saturating at capacity_max).";
    capacity_learning: f64 = 0.10; NonNegative, "share/quarter per unit domestic share", [0.0, 0.2],
        "assumption",
        "Extra capacity growth per unit of domestic share of units bought (reinvested revenue).";
    capacity_max: f64 = 2.5; Positive, "M units/quarter", [1.0, 5.0],
        "inferred: Bernstein domestic output $91B in 2028 (~9M units/yr); HBM is the binding limit (SemiAnalysis)",
        "Physical ceiling of domestic capacity (HBM and fab limits).";
    domestic_capability0: f64 = 0.3; Positive, "H100e/chip", [0.25, 0.35],
        "Ascend 910B ~300 TFLOPS / 989 https://boardor.com/blog/huawei-ascend-910b-outperforms-h20-910c-approaches-h100",
        "Domestic chip performance in round 0.";
    capability_growth: f64 = 0.08; NonNegative, "share/quarter", [0.04, 0.12],
        "910B 0.3 -> 910C 0.79 H100e in ~10 quarters https://techpowerup.com/335749/huawei-prepares-6-nm-ascend-920c-accelerator-900-teraflops-4000-gb-s-hbm3",
        "Autonomous capability growth (logistic, saturating at capability_max).";
    capability_learning: f64 = 0.5; NonNegative, "per unit domestic share", [0.0, 1.0],
        "assumption",
        "Relative extra capability growth per unit of domestic share (learning by doing).";
    capability_max: f64 = 2.5; Positive, "H100e/chip", [1.5, 4.0],
        "assumption (Ascend 960/970 roadmap) https://cloudnews.tech/huawei-shows-muscle-with-its-ai-chip-roadmap-own-hbm-memory-1-pflops-in-fp8-and-a-step-by-step-plan-to-2028",
        "Ceiling of domestic capability.";
    software_gap: f64 = 0.3; Share, "share per unit dependence", [0.1, 0.5],
        "assumption (CUDA vs CANN)",
        "Share of a domestic chip's value lost per unit of dependence on the US stack.";
    p_yield_failure: f64 = 0.1; Share, "probability/quarter", [0.05, 0.2],
        "assumption (910C yield ~20%) https://vietnam.vn/en/huawei-dat-muc-tieu-san-xuat-chip-ai-toi-tan-vao-dau-nam-2025",
        "Probability of a domestic yield failure in a quarter.";
    yield_failure_loss: f64 = 0.3; Share, "share of output", [0.1, 0.5],
        "assumption",
        "Share of domestic output lost in a yield failure.";
    p_breakthrough: f64 = 0.05; Share, "probability/quarter", [0.0, 0.1],
        "assumption",
        "Probability of a domestic breakthrough in a quarter.";
    breakthrough_gain: f64 = 0.15; NonNegative, "share of capability", [0.05, 0.3],
        "assumption",
        "Relative capability jump on a breakthrough.";
    // ---- Beijing's levers ----
    directed_share: f64 = 0.15; Share, "share of demand", [0.1, 0.3],
        "calibrated: Bernstein domestic 19% of 2023 sales https://aigazine.com/markets/china-ai-chip-market-huawei-targets-50-market-share-by-2026--s ; state-funded data centres must buy domestic (Nov 2025) https://www.marketdash.io/news/55069/nvidia-lost-china-completely-but-huang-sees-a-4-trillion-ai-market-elsewhere",
        "Share of demand from state-directed buyers, who buy domestic chips or nothing.";
    conditional_quota: f64 = 0.2; Share, "share of orders", [0.1, 0.5],
        "400k approved vs >2M ordered https://www.businesstimes.com.sg/international/global/china-approves-first-batch-nvidia-h200-chip-imports-sources",
        "Share of Nvidia orders Beijing approves under conditional approval.";
    domestic_ratio: f64 = 1.0; NonNegative, "domestic units per Nvidia unit", [0.0, 3.0],
        "domestic-ratio rule, ratio unpublished (Jan 2026) https://theasialive.com/china-moves-to-cap-imports-of-advanced-ai-chips-exploring-controlled-purchases-from-nvidia-instead-of-an-outright-ban/2026/01/15 ; value assumption",
        "Under conditional approval, buyers must buy this many domestic chips per licensed Nvidia chip.";
    customs_block: f64 = 0.95; Share, "share", [0.5, 1.0],
        "inferred: compliance >= 0.9 (calibration.md §4e); port checks Oct 2025 https://www.asiafinancial.com/china-steps-up-checks-on-nvidia-ai-chips-at-major-ports-ft-says",
        "Under a boycott, share of defiant buyers' licensed-Nvidia imports stopped at customs.";
    defiance_penalty: f64 = 10.0; NonNegative, "$k per unit", [0.0, 20.0],
        "assumption (summons, cancelled orders: CAC Sep 2025) https://the-decoder.com/china-orders-bytedance-and-alibaba-to-cancel-nvidia-ai-chip-purchases/",
        "Expected sanction per licensed Nvidia chip bought against a boycott.";
    defiance_cost: f64 = 1.0; NonNegative, "$k per unit of demand", [0.0, 5.0],
        "assumption",
        "Cost of a defiant procurement posture under a boycott (regulatory disfavour), per unit of demand.";
    dependence0: f64 = 0.9; Share, "share", [0.8, 0.95],
        "Nvidia ~95% share early on https://www.financetom.com/business/nvidia-says-us-export-controls-on-ai-to-china-were-a-failure-376508.htm ; value assumption",
        "Dependence on the US software stack in round 0.";
    dependence_gain: f64 = 0.3; NonNegative, "per quarter", [0.1, 0.5],
        "assumption",
        "Growth of dependence per quarter per unit of US-stack share of compute bought.";
    dependence_decay: f64 = 0.15; NonNegative, "per quarter", [0.05, 0.3],
        "assumption",
        "Decay of dependence per quarter per unit of domestic share of compute bought.";
    // ---- grey market and offshore ----
    grey_cap: f64 = 0.025; NonNegative, "M units/quarter", [0.0025, 0.075],
        "CNAS: 10k to several hundred thousand smuggled in 2024, median 140k https://www.cnas.org/press/press-release/new-paper-warns-ai-chip-smuggling-to-china-may-undermine-u-s-national-security-interests",
        "Capacity of smuggling networks.";
    p_detect: f64 = 0.2; Share, "probability/quarter", [0.05, 0.5],
        "assumption (enforcement weak; Operation Gatekeeper Dec 2025)",
        "Probability that smuggled chips are detected in a quarter (US enforcement lever).";
    grey_seizure: f64 = 0.5; Share, "share", [0.2, 0.8],
        "assumption",
        "Share of grey-market units seized on detection.";
    smuggling_fine: f64 = 10.0; NonNegative, "$k/unit", [0.0, 30.0],
        "assumption",
        "Fine per smuggled unit on detection.";
    offshore_cap: f64 = 0.1; NonNegative, "M units/quarter", [0.025, 0.25],
        "'hundreds of thousands' via subsidiaries in about a year (L) https://peopleofinternet.com/articles/washington-s-subsidiary-loophole-fix-enforces-an-old-rule-an.html",
        "Capacity for new offshore rental contracts per quarter.";
    remote_access_rule: f64 = 0.45; Share, "share", [0.3, 0.6],
        "assumption (calibration.md §4f: leakage cut 30-60%); BIS guidance 2026-06-01 https://wireread.com/ai-policy/washington-closes-the-subsidiary-loophole",
        "Share of offshore rental capacity closed by the US remote-access / subsidiary rule.";
    remote_access_from_round: u32 = 14; Count, "round", [10.0, 20.0],
        "BIS guidance 2026-06-01 = 2026Q2 = round 14 from 2022Q4",
        "First round in which the remote-access rule applies.";
    evasion_cost: f64 = 0.5; NonNegative, "$k per unit of demand", [0.0, 3.0],
        "assumption (entity-listing and compliance risk)",
        "Cost of a posture that uses grey and offshore channels, per unit of demand.";
    // ---- Nvidia ----
    margin: f64 = 0.72; Share, "share", [0.65, 0.75],
        "Nvidia gross margin 71-75% https://www.ai-360.online/nvidia-reports-44-1b-q1-revenue-despite-4-5b-china-export-impact",
        "Nvidia's gross margin.";
    lobby_cost: f64 = 0.1; NonNegative, "$bn/quarter", [0.05, 0.3],
        "assumption",
        "Cost of lobbying.";
    design_cost: f64 = 0.3; NonNegative, "$bn/quarter", [0.1, 0.5],
        "assumption",
        "Cost of designing a compliant cut-down chip.";
    inventory_ratio: f64 = 0.6; NonNegative, "$ per $ of China-specific revenue", [0.3, 1.0],
        "calibrated to the $4.5B H20 charge https://www.tomshardware.com/tech-industry/artificial-intelligence/nvidia-writes-off-usd5-5-billion-in-gpus-as-us-govt-chokes-off-supply-of-h20s-to-china",
        "China-specific inventory built per $ of China-specific revenue.";
    inventory_runoff: f64 = 0.5; Positive, "share/quarter", [0.3, 0.8],
        "assumption",
        "Share of inventory exposure that runs off (is sold or reused) per quarter.";
    writedown_fraction: f64 = 0.8; Share, "share", [0.6, 1.0],
        "$4.5B charge vs $5.5B guided https://www.ai-360.online/nvidia-reports-44-1b-q1-revenue-despite-4-5b-china-export-impact",
        "Share of uncovered exposure written down.";
    fine_rate: f64 = 0.1; Share, "share of prior-year China sales", [0.01, 0.1],
        "AML up to 10% https://www.jurist.org/news/2025/09/china-finds-nvidia-violated-antimonopoly-law-in-preliminary-probe",
        "Antitrust fine as a share of prior-year China sales.";
    fine_prob: f64 = 0.25; Share, "probability/quarter", [0.1, 0.5],
        "assumption",
        "Probability per quarter of retaliation that a fine is imposed (charged at its expected value).";
    lobby_effect: f64 = 0.5; Share, "share", [0.3, 0.7],
        "lobbying effectiveness 0.5-0.7 (inferred; GAIN dropped) https://www.chain258.com/index.php/2025/12/05/u-s-lawmakers-drop-controversial-ai-chip-export-restrictions-in-defense-bill-after-intense-lobbying",
        "Lobbying cuts the bill-passing and reversal hazards by this share.";
    lobby_sway: f64 = 0.5; NonNegative, "$bn-eq", [0.0, 2.0],
        "assumption",
        "Value to the administration of Nvidia's lobbying when a tier is open.";
    // ---- US administration ----
    w_us_fee: f64 = 1.0; NonNegative, "per $bn", [0.5, 1.5],
        "assumption",
        "Administration's weight on fee revenue.";
    w_us_nvidia: f64 = 0.5; NonNegative, "per $bn", [0.1, 1.0],
        "assumption ('high': keep them on our stack) https://www.channelnewsasia.com/world/trump-weighing-whether-allow-nvidia-sell-advanced-ai-chips-china-report-5487936",
        "Administration's weight on Nvidia's China revenue.";
    w_us_stack: f64 = 2.0; NonNegative, "$bn-eq per quarter per unit dependence", [0.0, 6.0],
        "assumption (Lutnick: keep them using our tech stack) https://www.channelnewsasia.com/world/trump-weighing-whether-allow-nvidia-sell-advanced-ai-chips-china-report-5487936",
        "Administration's value per quarter of Chinese dependence on the US stack.";
    w_us_gap: f64 = 20.0; NonNegative, "$bn-eq per quarter per unit China/US compute", [5.0, 60.0],
        "assumption ('medium'; 18-month lead kept, Blackwell refused) https://sslgadgets.com/industry-updates/672",
        "Administration's cost per quarter of China's compute as a share of the US's.";
    w_us_political: f64 = 1.0; NonNegative, "$bn-eq per tier step x intensity", [0.25, 3.0],
        "assumption ('low to moderate')",
        "Political cost of defying hawks, per tier step and unit of hawk intensity.";
    intensity_acquiesce: f64 = 0.25; NonNegative, "intensity", [0.0, 0.5],
        "assumption",
        "Hawk intensity when they acquiesce.";
    intensity_pressure: f64 = 1.0; NonNegative, "intensity", [0.5, 1.5],
        "assumption",
        "Hawk intensity when they pressure.";
    intensity_legislate: f64 = 1.5; NonNegative, "intensity", [1.0, 2.5],
        "assumption",
        "Hawk intensity when they legislate.";
    concession_value: f64 = 2.0; NonNegative, "$bn-eq", [0.0, 5.0],
        "assumption (Busan truce, rare-earth pause) https://evertiq.com/news/2025-10-30-trump-xi-meeting-leaves-nvidia-blackwell-chips-off-the-table",
        "Value of summit concessions to each side when a tier is open and Beijing cooperates.";
    bill_cost_us: f64 = 2.0; NonNegative, "$bn-eq", [0.0, 5.0],
        "assumption",
        "Cost to the administration of a bill passing against it.";
    us_compute0: f64 = 2.0; Positive, "M H100e", [1.0, 4.0],
        "assumption (anchored to IFP's 10-30x lead with no exports) https://techinformed.com/?p=37175",
        "US AI compute stock in round 0 (2022Q4).";
    us_additions0: f64 = 0.35; Positive, "M H100e/quarter", [0.2, 0.5],
        "assumption (Nvidia data-centre revenue FY23-FY26, US share ~60%, inferred)",
        "US compute added per quarter in round 0.";
    us_additions_growth: f64 = 0.25; NonNegative, "share/quarter", [0.15, 0.35],
        "assumption (Nvidia revenue $130.5B FY25 -> $215.9B FY26)",
        "Initial growth of US additions per quarter (logistic, saturating at us_additions_max).";
    us_additions_max: f64 = 12.0; Positive, "M H100e/quarter", [6.0, 20.0],
        "assumption (power and fab limits)",
        "Ceiling of US compute additions per quarter.";
    // ---- hawks ----
    w_hawk_gap: f64 = 40.0; NonNegative, "$bn-eq per quarter per unit China/US compute", [10.0, 100.0],
        "assumption (IFP compute ratio; target >= 10x) https://techinformed.com/?p=37175",
        "Hawks' cost per quarter of China's compute as a share of the US's.";
    effort_pressure: f64 = 0.5; NonNegative, "$bn-eq", [0.1, 1.0],
        "assumption",
        "Hawks' effort cost of pressure.";
    effort_legislate: f64 = 1.0; NonNegative, "$bn-eq", [0.5, 2.0],
        "assumption",
        "Hawks' effort cost of legislating.";
    w_hawk_freeze: f64 = 1.0; NonNegative, "$bn-eq per quarter of freeze", [0.5, 2.0],
        "assumption",
        "Hawks' value per quarter of freeze won.";
    p_bill: f64 = 0.05; Share, "probability/quarter", [0.025, 0.08],
        "0.1-0.3 within 12 months (GAIN dropped, OVERWATCH out of committee) https://gbdaily.news/2026/01/23/us-house-advances-bill-to-give-congress-control-over-ai-chip-exports",
        "Probability per quarter of legislating that a bill passes.";
    freeze_length: u32 = 10; Count, "quarters", [6.0, 12.0],
        "SAFE Chips: 30-month denial https://www.ricketts.senate.gov/news/press-releases/ricketts-coons-introduce-safe-chips-act",
        "Length of a legislative freeze.";
    p_reversal: f64 = 0.05; Share, "probability/quarter", [0.02, 0.2],
        "assumption",
        "Base probability per quarter of a US policy reversal (licences revoked mid-quarter).";
    reversal_pressure: f64 = 0.05; NonNegative, "probability/quarter", [0.0, 0.15],
        "assumption",
        "Extra reversal probability when hawks pressure or legislate.";
    reversal_tension: f64 = 1.0; NonNegative, "per unit tension", [0.0, 2.0],
        "assumption",
        "Relative increase of the reversal hazard per unit of trade tension.";
    reversal_loss: f64 = 0.5; Share, "share of the quarter", [0.25, 1.0],
        "assumption",
        "Share of the quarter's licensed Nvidia sales lost on a reversal.";
    // ---- Beijing ----
    w_bj_compute: f64 = 30.0; NonNegative, "$bn-eq per M H100e owned", [10.0, 60.0],
        "assumption",
        "Beijing's value of one M H100e over its life (charged per quarter of use).";
    w_bj_self: f64 = 10.0; NonNegative, "$bn-eq per quarter per M H100e/quarter", [0.0, 30.0],
        "assumption (self-reliance as a stated motive, calibration.md §4d)",
        "Beijing's value per quarter of domestic output capability (capacity x capability).";
    w_bj_dependence: f64 = 2.0; NonNegative, "$bn-eq per quarter per unit dependence", [0.0, 6.0],
        "assumption",
        "Beijing's cost per quarter of dependence on the US stack.";
    retaliation_cost: f64 = 1.0; NonNegative, "$bn-eq", [0.5, 3.0],
        "assumption (gallium/germanium bans) https://www.tradecomplianceresourcehub.com/2024/12/03/bis-further-targets-chinas-ability-to-produce-advanced-semiconductors-china-retaliates-with-its-own-export-bans/",
        "Direct cost to Beijing of retaliating.";
    tension_cost: f64 = 2.0; NonNegative, "$bn-eq per unit tension", [0.5, 4.0],
        "assumption",
        "Beijing's cost per quarter per unit of trade tension.";
    retaliation_leverage: f64 = 1.5; NonNegative, "$bn-eq", [0.0, 3.0],
        "assumption",
        "Leverage moved from the US to Beijing at a summit when Beijing retaliates.";
    p_summit: f64 = 0.3; Share, "probability/quarter", [0.1, 0.5],
        "Madrid, Busan, Beijing: 3 in ~4 quarters https://evertiq.com/news/2025-10-30-trump-xi-meeting-leaves-nvidia-blackwell-chips-off-the-table ; value assumption",
        "Probability of a summit in a quarter.";
    tension0: f64 = 0.3; Share, "[0,1]", [0.1, 0.5],
        "assumption",
        "Trade tension in round 0.";
    tension_retaliate: f64 = 0.2; NonNegative, "[0,1]", [0.1, 0.3],
        "assumption",
        "Tension added by retaliation.";
    tension_legislate: f64 = 0.05; NonNegative, "[0,1]", [0.0, 0.1],
        "assumption",
        "Tension added by legislating.";
    tension_summit: f64 = 0.15; NonNegative, "[0,1]", [0.05, 0.3],
        "assumption",
        "Tension removed by a summit.";
    tension_decay: f64 = 0.05; Share, "share/quarter", [0.02, 0.1],
        "assumption",
        "Share of tension that decays per quarter.";
    // ---- stocks ----
    china_compute0: f64 = 0.5; NonNegative, "M H100e", [0.3, 1.0],
        "assumption",
        "China's owned compute stock in round 0.";
    depreciation: f64 = 0.05; Positive, "share/quarter", [0.03, 0.08],
        "assumption (~5-year life)",
        "Depreciation of owned compute stocks (China's and the US's) per quarter.";
    exposure0: f64 = 0.5; NonNegative, "$bn", [0.0, 1.0],
        "assumption",
        "Nvidia's China-specific inventory exposure in round 0.";
    nvidia_revenue0: f64 = 1.45; NonNegative, "$bn/quarter", [1.0, 2.0],
        "FY2023 China $5.78B / 4 https://www.opencapital.sh/stocks/NVDA/metrics/nvda_segment_china_including_hong_kong_total_revenue",
        "Nvidia's China gross revenue per quarter before round 0 (base of antitrust fines).";
    // ---- continuation value ----
    #[serde(deserialize_with = "bool_or_weight")]
    terminal_value: f64 = 1.0; Share, "weight (true = 1, false = 0)", [0.0, 1.0],
        "method: potential-based shaping (Ng, Harada and Russell 1999)",
        "Weight of the continuation value of the stocks; 0 (false) switches it off.";
    tv_discount: f64 = 0.98; Share, "per quarter", [0.95, 0.99],
        "must equal [repeat] discount for run totals to telescope exactly",
        "Discount factor of the continuation value (and of the user cost of compute).";
}

/// Keys under `[game.params]` that are not numbers.
pub const OTHER_KEYS: [(&str, &str); 2] = [
    ("start_quarter", "calendar quarter of round 0 for report labels, e.g. \"2022Q4\" (default); \"\" for none"),
    (
        "actions",
        "optional restriction of each player's actions, e.g. actions = { beijing = [\"permit\", \"boycott\"] }",
    ),
];

fn err(key: &str, message: impl Into<String>) -> ParamError {
    ParamError { key: key.to_string(), message: message.into() }
}

/// Parses a calendar quarter `YYYYQn` into (year, quarter 1..=4).
pub fn parse_quarter(s: &str) -> Option<(i32, u32)> {
    let (y, q) = s.split_once(['Q', 'q'])?;
    let year: i32 = y.parse().ok()?;
    let quarter: u32 = q.parse().ok()?;
    ((1..=4).contains(&quarter) && (1900..=2200).contains(&year)).then_some((year, quarter))
}

impl ModelParams {
    /// Checks every parameter; the error names the TOML key.
    pub fn check(&self) -> Result<(), ParamError> {
        for info in PARAMS {
            let v = self.get(info.key).expect("every table key is a field");
            if !v.is_finite() {
                return Err(err(info.key, format!("must be a finite number, got {v}")));
            }
            match info.kind {
                ParamKind::NonNegative | ParamKind::Count if v < 0.0 => {
                    return Err(err(info.key, format!("must not be negative, got {v}")));
                }
                ParamKind::Positive if v <= 0.0 => return Err(err(info.key, format!("must be positive, got {v}"))),
                ParamKind::Share if !(0.0..=1.0).contains(&v) => {
                    return Err(err(info.key, format!("must be a share or probability in [0, 1], got {v}")));
                }
                _ => {}
            }
        }
        if self.p_yield_failure + self.p_breakthrough > 1.0 {
            return Err(err("p_breakthrough", "p_yield_failure + p_breakthrough must not exceed 1"));
        }
        if self.domestic_capability0 > self.capability_max {
            return Err(err("domestic_capability0", "must not exceed capability_max"));
        }
        if self.domestic_capacity0 > self.capacity_max {
            return Err(err("domestic_capacity0", "must not exceed capacity_max"));
        }
        if self.demand0 > self.demand_max {
            return Err(err("demand0", "must not exceed demand_max"));
        }
        if self.us_additions0 > self.us_additions_max {
            return Err(err("us_additions0", "must not exceed us_additions_max"));
        }
        // Growth rates of at most 100% per quarter keep the logistic updates monotone and bounded.
        for (k, v) in [
            ("demand_growth", self.demand_growth),
            ("capability_growth", self.capability_growth),
            ("us_additions_growth", self.us_additions_growth),
        ] {
            if v > 1.0 {
                return Err(err(k, "a growth rate above 100% per quarter is not plausible"));
            }
        }
        if self.capacity_growth + self.capacity_learning > 1.0 {
            return Err(err("capacity_learning", "capacity_growth + capacity_learning must not exceed 1 per quarter"));
        }
        if self.capability_growth * (1.0 + self.capability_learning) > 1.0 {
            return Err(err("capability_learning", "capability_growth x (1 + capability_learning) must not exceed 1"));
        }
        if self.tv_discount >= 1.0 || self.tv_discount <= 0.0 {
            return Err(err("tv_discount", "must be in (0, 1): the continuation value is a discounted perpetuity"));
        }
        // The logit's exponents stay far from overflow: |utility| / logit_scale is at most 600.
        let perf_max = [self.perf_h20, self.perf_h200, self.perf_b30a, self.perf_grey, self.capability_max]
            .into_iter()
            .fold(self.perf_low, f64::max);
        let price_max = [self.price_h20, self.price_h200, self.price_b30a, self.price_domestic, self.price_cutdown]
            .into_iter()
            .fold(self.price_low, f64::max);
        let annuity = 1.0 / (1.0 - self.tv_discount * (1.0 - 1.0 / self.rental_term.max(1.0)));
        let u_max = self.v_compute * (perf_max + self.perf_offshore)
            + price_max * (1.0 + self.grey_premium)
            + annuity * self.price_offshore
            + self.smuggling_fine
            + self.defiance_penalty;
        if u_max / self.logit_scale > 600.0 {
            return Err(err(
                "logit_scale",
                format!(
                    "too small for the utilities in play (at most {:.4e} $k, from v_compute, prices, fines and penalties): must be at least {:.4e}",
                    u_max,
                    u_max / 600.0
                ),
            ));
        }
        if self.rental_term < 1.0 {
            return Err(err("rental_term", "must be at least 1 quarter"));
        }
        if self.freeze_length > 1000 {
            return Err(err("freeze_length", "must be at most 1000 quarters"));
        }
        if !self.start_quarter.is_empty() && parse_quarter(&self.start_quarter).is_none() {
            return Err(err("start_quarter", format!("must look like \"2022Q4\", got \"{}\"", self.start_quarter)));
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

/// The Markdown table of docs/MODEL.md §6, generated from [`PARAMS`] and [`OTHER_KEYS`].
pub fn markdown_table() -> String {
    let mut s = String::from("| TOML key | unit | default | plausible range | source | what it does |\n");
    s += "|---|---|---|---|---|---|\n";
    let num = |x: f64| {
        let t = format!("{x}");
        t.strip_suffix(".0").map(str::to_string).unwrap_or(t)
    };
    for p in PARAMS {
        let source = if p.is_assumption() { format!("*{}*", p.source) } else { p.source.to_string() };
        s += &format!(
            "| `{}` | {} | {} | {} – {} | {} | {} |\n",
            p.key,
            p.unit,
            num(p.default),
            num(p.low),
            num(p.high),
            source,
            p.description
        );
    }
    for (k, d) in OTHER_KEYS {
        s += &format!("| `{k}` | — | {} | — | — | {d} |\n", if k == "start_quarter" { "\"2022Q4\"" } else { "none" });
    }
    s
}
