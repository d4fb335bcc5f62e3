//! The world state carried from quarter to quarter, and the bounds every variable stays within.

/// Tier index: 0 = nothing permitted (ban), 1 = H20-class, 2 = H200-class, 3 = B30A-class.
pub type Tier = u8;

/// Quantities that depend only on the state and the parameters, worked out once when the state
/// is made (by `ExportGame::initial_state`, the transition, or `ExportGame::refresh` after a
/// hand edit) so that every evaluation of a profile at this state shares them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Derived {
    /// Per-unit surplus of a domestic chip, $k, and its logit attraction `exp(u/λ)`.
    pub u_dom: f64,
    pub e_dom: f64,
    /// `ln` of domestic capacity and of the market segment's demand.
    pub ln_capacity: f64,
    pub ln_market: f64,
    /// The US compute stock at the end of this quarter (it does not depend on the profile).
    pub us_next: f64,
    pub inv_us_next: f64,
    /// The continuation value of this state for the US administration, the hawks and Beijing.
    pub value: [f64; 3],
}

/// The world state. Flow variables (`*_units`, `*_share`, `*_revenue`) describe the last round
/// played; stocks describe the start of the next.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportState {
    /// Rounds played so far (quarter index of the next round; 0 = 2022Q4 by default).
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
    /// Chinese buyers' potential accelerator demand for the next round, M units/quarter.
    pub demand: f64,
    /// China's owned compute stock, M H100e.
    pub china_compute: f64,
    /// Compute China rents offshore under running contracts, M H100e (never owned).
    pub rented_compute: f64,
    /// The US compute stock, M H100e.
    pub us_compute: f64,
    /// US compute added per quarter, M H100e/quarter.
    pub us_additions: f64,
    /// The US lead: US compute over China's (owned plus rented), capped at [`LEAD_MAX`].
    pub us_lead: f64,
    /// Domestic chip capability, H100e per chip.
    pub domestic_capability: f64,
    /// Domestic production capacity, M units/quarter.
    pub domestic_capacity: f64,
    /// Domestic share of the units acquired in the last round.
    pub domestic_share: f64,
    /// Nvidia's share (licensed and sub-threshold products) of the units acquired in the last round.
    pub nvidia_share: f64,
    /// Dependence on the US software stack, [0, 1].
    pub dependence: f64,
    /// Nvidia's China-specific inventory exposure, $bn.
    pub exposure: f64,
    /// Nvidia's China revenue from licensed chips in the last round, net of the fee, $bn.
    pub nvidia_china_revenue: f64,
    /// Nvidia's China revenue from sub-threshold products in the last round, $bn.
    pub nvidia_other_revenue: f64,
    /// Moving average of Nvidia's gross China revenue, $bn/quarter (base of antitrust fines).
    pub nvidia_revenue_ma: f64,
    /// Trade tension, [0, 1].
    pub tension: f64,
    /// Consecutive rounds in which Beijing boycotted an open tier.
    pub boycott_rounds: u32,
    /// Units acquired in the last round, M units: Nvidia licensed, Nvidia sub-threshold, domestic,
    /// grey market (kept), offshore (new rental contracts).
    pub nvidia_units: f64,
    pub nvidia_low_units: f64,
    pub domestic_units: f64,
    pub grey_units: f64,
    pub offshore_units: f64,
    /// Compute acquired in the last round (owned plus newly rented), M H100e, and the part of it
    /// from the grey market and offshore rental.
    pub compute_acquired: f64,
    pub grey_offshore_compute: f64,
    /// Quantities derived from the fields above (see [`Derived`]).
    pub derived: Derived,
}

/// The largest reported US lead (when China's compute is negligible).
pub const LEAD_MAX: f64 = 1e4;

/// Names reported by `Game::state_names`, in order.
pub const STATE_NAMES: [&str; 30] = [
    "round",
    "tier",
    "fee",
    "cap",
    "freeze_rounds",
    "freeze_tier",
    "demand",
    "china_compute",
    "rented_compute",
    "us_compute",
    "us_lead",
    "domestic_capability",
    "domestic_capacity",
    "domestic_share",
    "nvidia_share",
    "dependence",
    "nvidia_exposure",
    "nvidia_china_revenue",
    "nvidia_other_revenue",
    "nvidia_revenue_ma",
    "tension",
    "boycott_rounds",
    "nvidia_units",
    "nvidia_low_units",
    "domestic_units",
    "grey_units",
    "offshore_units",
    "compute_acquired",
    "grey_offshore_compute",
    "china_us_ratio",
];

/// Index of each state variable in [`STATE_NAMES`].
pub mod var {
    pub const ROUND: usize = 0;
    pub const TIER: usize = 1;
    pub const DEMAND: usize = 6;
    pub const CHINA_COMPUTE: usize = 7;
    pub const RENTED_COMPUTE: usize = 8;
    pub const US_COMPUTE: usize = 9;
    pub const US_LEAD: usize = 10;
    pub const DOMESTIC_CAPABILITY: usize = 11;
    pub const DOMESTIC_CAPACITY: usize = 12;
    pub const DOMESTIC_SHARE: usize = 13;
    pub const NVIDIA_SHARE: usize = 14;
    pub const DEPENDENCE: usize = 15;
    pub const NVIDIA_CHINA_REVENUE: usize = 17;
    pub const TENSION: usize = 20;
    pub const OFFSHORE_UNITS: usize = 26;
    pub const COMPUTE_ACQUIRED: usize = 27;
    pub const GREY_OFFSHORE_COMPUTE: usize = 28;
    pub const CHINA_US_RATIO: usize = 29;
}

impl ExportState {
    /// China's compute as a share of the US's: (owned + rented) / US, the ratio the security
    /// terms use (eq. 11).
    pub fn china_us_ratio(&self) -> f64 {
        (self.china_compute + self.rented_compute) / self.us_compute
    }

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
            self.rented_compute,
            self.us_compute,
            self.us_lead,
            self.domestic_capability,
            self.domestic_capacity,
            self.domestic_share,
            self.nvidia_share,
            self.dependence,
            self.exposure,
            self.nvidia_china_revenue,
            self.nvidia_other_revenue,
            self.nvidia_revenue_ma,
            self.tension,
            self.boycott_rounds as f64,
            self.nvidia_units,
            self.nvidia_low_units,
            self.domestic_units,
            self.grey_units,
            self.offshore_units,
            self.compute_acquired,
            self.grey_offshore_compute,
            self.china_us_ratio(),
        ];
        for (o, x) in out.iter_mut().zip(v) {
            *o = x;
        }
    }
}
