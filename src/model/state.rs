//! The world state carried from quarter to quarter.

/// Tier index: 0 = nothing permitted (ban), 1 = H20-class, 2 = H200-class, 3 = B30A-class.
pub type Tier = u8;

/// The world state. Flow variables (`*_units`, `domestic_share`, `nvidia_share`,
/// `nvidia_china_revenue`) describe the last round played; stocks describe the start of the next.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportState {
    /// Rounds played so far (quarter index of the next round; 0 = 2022Q4 in the replay).
    pub round: u32,
    /// Tier in force in the last round (effective tier after any freeze).
    pub tier: Tier,
    /// Fee rate applied in the last round.
    pub fee: f64,
    /// Volume cap of the last round's tier, M units/quarter.
    pub cap: f64,
    /// Quarters of legislative freeze remaining (0 = none).
    pub freeze_rounds: u32,
    /// Highest tier allowed while the freeze lasts.
    pub freeze_tier: Tier,
    /// Chinese accelerator demand for the next round, M units/quarter.
    pub demand: f64,
    /// China's compute stock, M H100e.
    pub china_compute: f64,
    /// Domestic chip capability, H100e per chip.
    pub domestic_capability: f64,
    /// Domestic production capacity, M units/quarter.
    pub domestic_capacity: f64,
    /// Domestic share of the units acquired in the last round.
    pub domestic_share: f64,
    /// Nvidia's share of the units acquired in the last round.
    pub nvidia_share: f64,
    /// Dependence on the US software stack, [0, 1].
    pub dependence: f64,
    /// Nvidia's China-specific inventory exposure, $bn.
    pub exposure: f64,
    /// Nvidia's China revenue in the last round, net of the fee, $bn.
    pub nvidia_china_revenue: f64,
    /// Moving average of Nvidia's gross China revenue, $bn/quarter (base of antitrust fines).
    pub nvidia_revenue_ma: f64,
    /// Trade tension, [0, 1].
    pub tension: f64,
    /// Consecutive rounds in which Beijing boycotted an open tier.
    pub boycott_rounds: u32,
    /// Units acquired in the last round, M units: Nvidia, domestic, grey market (kept), offshore.
    pub nvidia_units: f64,
    pub domestic_units: f64,
    pub grey_units: f64,
    pub offshore_units: f64,
}

/// Names reported by `Game::state_names`, in order.
pub const STATE_NAMES: [&str; 22] = [
    "round",
    "tier",
    "fee",
    "cap",
    "freeze_rounds",
    "freeze_tier",
    "demand",
    "china_compute",
    "domestic_capability",
    "domestic_capacity",
    "domestic_share",
    "nvidia_share",
    "dependence",
    "nvidia_exposure",
    "nvidia_china_revenue",
    "nvidia_revenue_ma",
    "tension",
    "boycott_rounds",
    "nvidia_units",
    "domestic_units",
    "grey_units",
    "offshore_units",
];

impl ExportState {
    /// Writes the values in the order of [`STATE_NAMES`].
    pub fn values(&self, out: &mut [f64]) {
        let v = [
            self.round as f64,
            self.tier as f64,
            self.fee,
            self.cap,
            self.freeze_rounds as f64,
            self.freeze_tier as f64,
            self.demand,
            self.china_compute,
            self.domestic_capability,
            self.domestic_capacity,
            self.domestic_share,
            self.nvidia_share,
            self.dependence,
            self.exposure,
            self.nvidia_china_revenue,
            self.nvidia_revenue_ma,
            self.tension,
            self.boycott_rounds as f64,
            self.nvidia_units,
            self.domestic_units,
            self.grey_units,
            self.offshore_units,
        ];
        for (o, x) in out.iter_mut().zip(v) {
            *o = x;
        }
    }
}
