//! The buyers' allocation of demand across supply channels: a multinomial logit over per-unit
//! surplus, with an outside option (not buying) and a capacity limit on every channel.
//!
//! Source: the representative-consumer reading of the logit (Anderson, de Palma and Thisse 1988,
//! *International Economic Review* 29(3), "A representative consumer theory of the logit model";
//! also their 1992 book *Discrete Choice Theory of Product Differentiation*, ch. 2–3): a
//! population of buyer firms whose tastes for the channels differ by independent Gumbel terms of
//! scale λ buys in the shares that maximise the entropy-regularised surplus
//!
//! ```text
//! W(x) = Σ_c x_c u_c − λ Σ_{c incl. outside} x_c ln(x_c / D),   Σ_{c incl. outside} x_c = D,
//! ```
//!
//! where `u_c` is channel `c`'s per-unit surplus and the outside option has surplus 0. Without
//! capacities the maximiser is the logit `x_c = D e_c / (1 + Σ e)`, `e_c = exp(u_c / λ)`. With
//! capacities `x_c <= cap_c` the Karush–Kuhn–Tucker conditions give: channels at capacity get
//! `cap_c`, and the others (with the outside option) share the remaining demand in proportion to
//! `e_c`. [`allocate`] finds that active set by water-filling: cap every channel whose
//! proportional share exceeds its capacity, share the rest again, repeat. Capping a channel only
//! raises the demand per unit of attraction left for the others, so a capped channel never
//! becomes uncapped and the loop ends after at most one pass per channel; the result is the exact
//! maximiser (proportional rationing with spillover). Shares move smoothly with every channel's
//! surplus, availability and risk, and every channel respects its capacity.

// Channel indices are also bit positions in the capped/free masks, so loops run over them.
#![allow(clippy::needless_range_loop)]

/// Number of supply channels.
pub const N_CH: usize = 5;
/// Channel indices: Nvidia's licensed chip of the tier in force (or its cut-down chip under a
/// ban), Nvidia's sub-threshold products, domestic chips, the grey market, offshore rental.
pub const NV: usize = 0;
pub const LOW: usize = 1;
pub const DOM: usize = 2;
pub const GREY: usize = 3;
pub const OFF: usize = 4;
/// Channel names, in index order.
pub const CHANNEL_NAMES: [&str; N_CH] = ["nvidia", "nvidia_low", "domestic", "grey_market", "offshore"];

/// The solution of one allocation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Allocation {
    /// Units bought through each channel.
    pub x: [f64; N_CH],
    /// Bit `c` is set when channel `c` is at its capacity.
    pub capped: u8,
    /// Demand per unit of attraction among the channels not at capacity: an uncapped channel
    /// gets `k e_c`, the outside option `k`.
    pub k: f64,
    /// Demand left to the uncapped channels and the outside option (`k` times their attraction).
    pub rest: f64,
}

/// Allocates demand `d > 0` over the channels with attractions `e` (`exp(u/λ)`, 0 for a channel
/// that is not available) and capacities `cap` (non-negative), the outside option having
/// attraction 1.
#[inline(always)]
pub fn allocate(d: f64, e: &[f64; N_CH], cap: &[f64; N_CH]) -> Allocation {
    let mut free: u8 = 0;
    for c in 0..N_CH {
        if e[c] > 0.0 {
            free |= 1 << c;
        }
    }
    // The attraction of the uncapped channels and the outside option, summed afresh each pass
    // (subtracting a huge capped attraction would lose the small ones to rounding).
    let attraction = |free: u8| (0..N_CH).filter(|&c| free & (1 << c) != 0).fold(1.0, |z, c| z + e[c]);
    let mut rest = d;
    let mut capped: u8 = 0;
    let mut k = rest / attraction(free);
    loop {
        let mut newly: u8 = 0;
        for c in 0..N_CH {
            if free & (1 << c) != 0 && k * e[c] > cap[c] {
                newly |= 1 << c;
            }
        }
        if newly == 0 {
            break;
        }
        for c in 0..N_CH {
            if newly & (1 << c) != 0 {
                rest -= cap[c];
            }
        }
        free &= !newly;
        capped |= newly;
        // The outside option keeps the attraction at least 1; rounding cannot make the rest
        // negative by more than an ulp, which the clamp removes.
        rest = rest.max(0.0);
        k = rest / attraction(free);
    }
    let mut x = [0.0; N_CH];
    for c in 0..N_CH {
        x[c] = if capped & (1 << c) != 0 {
            cap[c]
        } else if free & (1 << c) != 0 {
            k * e[c]
        } else {
            0.0
        };
    }
    Allocation { x, capped, k, rest }
}

/// The entropy term of [`Allocation`]'s surplus, `−λ Σ x_c ln(x_c / D)` over the channels and the
/// outside option (the value of matching each buyer firm to the channel it likes), given the
/// utilities `u`, `ln_d = ln D` and `ln_cap[c] = ln cap_c` for capped channels.
///
/// For an uncapped channel `ln(x_c / D) = ln k + u_c/λ − ln D`, so the uncapped channels and the
/// outside option together contribute `−λ rest (ln k − ln D) − Σ_uncapped x_c u_c`.
#[inline(always)]
pub fn choice_value(a: &Allocation, u: &[f64; N_CH], lambda: f64, ln_d: f64, ln_cap: &[f64; N_CH]) -> f64 {
    let mut v = 0.0;
    if a.rest > 0.0 {
        v -= lambda * a.rest * (a.k.ln() - ln_d);
    }
    for c in 0..N_CH {
        if a.x[c] <= 0.0 {
            continue;
        }
        if a.capped & (1 << c) != 0 {
            v -= lambda * a.x[c] * (ln_cap[c] - ln_d);
        } else {
            v -= a.x[c] * u[c];
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entropy_surplus(x: &[f64; N_CH], u: &[f64; N_CH], lambda: f64, d: f64) -> f64 {
        let outside = d - x.iter().sum::<f64>();
        let xlnx = |v: f64| if v > 0.0 { v * (v / d).ln() } else { 0.0 };
        x.iter().zip(u).map(|(a, b)| a * b).sum::<f64>()
            - lambda * (x.iter().map(|&v| xlnx(v)).sum::<f64>() + xlnx(outside))
    }

    #[test]
    fn without_binding_capacities_it_is_the_logit() {
        let u = [3.0, 1.0, -1.0, 0.5, 2.0];
        let lambda = 2.0;
        let e = u.map(|v: f64| (v / lambda).exp());
        let a = allocate(10.0, &e, &[f64::INFINITY; N_CH]);
        let z = 1.0 + e.iter().sum::<f64>();
        for c in 0..N_CH {
            assert!((a.x[c] - 10.0 * e[c] / z).abs() < 1e-12);
        }
        assert_eq!(a.capped, 0);
        assert!((a.rest - 10.0).abs() < 1e-12);
    }

    #[test]
    fn capacities_bind_and_the_rest_spills_over_in_proportion() {
        let e = [4.0, 1.0, 2.0, 0.0, 1.0];
        let cap = [1.0, 10.0, 10.0, 10.0, 10.0];
        let a = allocate(9.0, &e, &cap);
        // Logit would give Nvidia 9 x 4/9 = 4 > 1: capped; the other 8 shared among 1 + 2 + 1 + outside 1.
        assert_eq!(a.x[NV], 1.0);
        assert!((a.x[LOW] - 8.0 / 5.0).abs() < 1e-12);
        assert!((a.x[DOM] - 16.0 / 5.0).abs() < 1e-12);
        assert_eq!(a.x[GREY], 0.0);
        assert_eq!(a.capped, 1);
    }

    /// The allocation maximises the entropy-regularised surplus: no feasible small move between
    /// two channels (or a channel and the outside option) raises it, and `choice_value` equals
    /// the entropy term computed directly.
    #[test]
    fn the_allocation_maximises_the_entropy_regularised_surplus() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..2000 {
            let lambda = rng.random_range(0.5..5.0);
            let d = rng.random_range(0.1..3.0);
            let u: [f64; N_CH] = std::array::from_fn(|_| rng.random_range(-10.0..20.0));
            let avail: [bool; N_CH] = std::array::from_fn(|_| rng.random::<f64>() < 0.8);
            let e: [f64; N_CH] = std::array::from_fn(|c| if avail[c] { (u[c] / lambda).exp() } else { 0.0 });
            let cap: [f64; N_CH] = std::array::from_fn(|_| rng.random_range(0.0..1.5));
            let a = allocate(d, &e, &cap);
            for c in 0..N_CH {
                assert!(a.x[c] <= cap[c] + 1e-12 && a.x[c] >= 0.0);
            }
            let total: f64 = a.x.iter().sum();
            assert!(total <= d + 1e-12);
            let w = entropy_surplus(&a.x, &u, lambda, d);
            let ln_cap = cap.map(f64::ln);
            let direct = w - a.x.iter().zip(&u).map(|(x, u)| x * u).sum::<f64>();
            let cv = choice_value(&a, &u, lambda, d.ln(), &ln_cap);
            assert!(
                (cv - direct).abs() <= 1e-9 * (1.0 + direct.abs()),
                "{cv} vs {direct}: {a:?} u {u:?} e {e:?} cap {cap:?} d {d} lambda {lambda}"
            );
            // Moves of size h from i to j (index N_CH is the outside option).
            let h = 1e-6;
            for i in 0..=N_CH {
                for j in 0..=N_CH {
                    if i == j {
                        continue;
                    }
                    let mut y = a.x;
                    let ok_from = i == N_CH || y[i] >= h;
                    let ok_to = j == N_CH || (avail[j] && y[j] + h <= cap[j]);
                    let out = d - total;
                    if !ok_from || !ok_to || (i == N_CH && out < h) {
                        continue;
                    }
                    if i < N_CH {
                        y[i] -= h;
                    }
                    if j < N_CH {
                        y[j] += h;
                    }
                    assert!(entropy_surplus(&y, &u, lambda, d) <= w + 1e-9, "move {i}->{j} improves");
                }
            }
        }
    }

    #[test]
    fn a_smaller_capacity_never_raises_the_channel_and_never_lowers_the_others() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        for _ in 0..5000 {
            let d = rng.random_range(0.1..3.0);
            let e: [f64; N_CH] =
                std::array::from_fn(|_| if rng.random::<f64>() < 0.8 { rng.random_range(0.0..20.0) } else { 0.0 });
            let cap: [f64; N_CH] = std::array::from_fn(|_| rng.random_range(0.0..1.5));
            let c = rng.random_range(0..N_CH);
            let mut tighter = cap;
            tighter[c] *= rng.random::<f64>();
            let (a, b) = (allocate(d, &e, &cap), allocate(d, &e, &tighter));
            assert!(b.x[c] <= a.x[c] + 1e-12);
            for o in 0..N_CH {
                if o != c {
                    assert!(b.x[o] >= a.x[o] - 1e-12);
                }
            }
        }
    }
}
