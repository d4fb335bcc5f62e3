//! Every chart kind renders PNG and SVG bytes of the right size, with text of at least 18 px.

use super::*;
use std::path::{Path, PathBuf};

fn save(fig: &Figure, stem: &Path) -> Result<(), ChartError> {
    let write = |ext: &str, bytes: &[u8]| {
        let mut p = stem.as_os_str().to_owned();
        p.push(ext);
        std::fs::write(PathBuf::from(p), bytes).map_err(|e| ChartError::Draw(e.to_string()))
    };
    write(".png", &fig.png)?;
    write(".svg", &fig.svg)
}

fn with_suffix(stem: &Path, suffix: &str) -> PathBuf {
    let mut s = stem.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

// The chart functions with the file-writing signatures the tests were written against.
fn payoff_distributions(t: &str, u: &str, a: &[String], s: &[ScenarioSeries], stem: &Path) -> Result<(), ChartError> {
    save(&super::payoff_distributions(t, u, a, s)?, stem)
}
fn fan_chart(t: &str, l: &str, r: &[usize], b: &[FanPoint], stem: &Path) -> Result<(), ChartError> {
    save(&super::fan_chart(t, l, r, b)?, stem)
}
fn fan_charts(t: &str, p: &[(String, Vec<FanPoint>)], r: &[usize], stem: &Path) -> Result<(), ChartError> {
    save(&super::fan_charts(t, p, r)?, stem)
}
fn strategy_shares(t: &str, a: &[AgentShares], stem: &Path) -> Result<(), ChartError> {
    save(&super::strategy_shares(t, a)?, stem)
}
fn first_round_distributions(t: &str, l: &str, s: &[FirstRoundSeries], stem: &Path) -> Result<(), ChartError> {
    save(&super::first_round_distributions(t, l, s)?, stem)
}
#[allow(clippy::too_many_arguments)]
fn first_round_distribution(
    t: &str,
    l: &str,
    c: &[(usize, u64)],
    never: u64,
    runs: u64,
    name: &str,
    stem: &Path,
) -> Result<(), ChartError> {
    save(&super::first_round_distribution(t, l, c, never, runs, name)?, stem)
}

fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", path.display());
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

fn assert_written(stem: &Path) {
    let png = with_suffix(stem, ".png");
    let svg = with_suffix(stem, ".svg");
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
    let svg_text = std::fs::read_to_string(&svg).unwrap();
    assert!(svg_text.len() > 1000 && svg_text.contains("<svg"), "{}", svg.display());
    // Every text is at least 18 px in the SVG (plotters writes size / 1.24 as font-size).
    let sizes: Vec<f64> =
        svg_text.split("font-size=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap()).collect();
    assert!(!sizes.is_empty() && sizes.iter().all(|&px| px >= 18.0), "{}: {sizes:?}", svg.display());
}

/// Where the examples go: a temp dir, or `CHART_EXAMPLES` to keep them for looking at.
fn out_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("CHART_EXAMPLES") {
        Some(d) => (None, PathBuf::from(d)),
        None => {
            let t = tempfile::tempdir().unwrap();
            let p = t.path().to_path_buf();
            (Some(t), p)
        }
    }
}

/// A deterministic skewed sample around `centre`.
fn sample(centre: f64, spread: f64, n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let u = (s >> 11) as f64 / (1u64 << 53) as f64;
            let v = ((s >> 3) & 0xffff) as f64 / 65536.0;
            centre + spread * ((u + v) - 1.0) + spread * 0.5 * u * u
        })
        .collect()
}

fn distribution(xs: &[f64]) -> Distribution {
    let mut h = Histogram::from_pilot(&xs[..100.min(xs.len())], 40);
    xs.iter().for_each(|&x| h.push(x));
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    Distribution::from_histogram(h, mean)
}

#[test]
fn payoff_distributions_writes_png_and_svg() {
    let (_keep, dir) = out_dir();
    let agents: Vec<String> =
        ["United States", "China", "Nvidia", "Taiwan (TSMC)", "Netherlands (ASML)"].map(String::from).into();
    let scenarios: Vec<ScenarioSeries> = ["baseline", "H200 permitted", "full embargo"]
        .iter()
        .enumerate()
        .map(|(s, name)| ScenarioSeries {
            name: name.to_string(),
            per_agent: (0..agents.len())
                .map(|a| {
                    distribution(&sample(10.0 * a as f64 + 3.0 * s as f64, 4.0 + s as f64, 4000, (a * 7 + s) as u64))
                })
                .collect(),
        })
        .collect();
    let stem = dir.join("payoff_distributions");
    payoff_distributions(
        "Total payoff by agent and scenario",
        "discounted payoff (model units)",
        &agents,
        &scenarios,
        &stem,
    )
    .unwrap();
    assert_written(&stem);
    // An agent without data and NaN quantiles do not panic.
    let mut empty = scenarios.clone();
    for (i, s) in empty.iter_mut().enumerate() {
        s.name = format!("S{}", i + 1); // short names are written under the boxes too
        s.per_agent[1] = Distribution::from_histogram(Histogram::new(0.0, 1.0, 4), f64::NAN);
    }
    payoff_distributions("t", "u", &agents, &empty, &dir.join("payoff_empty")).unwrap();
    assert!(matches!(
        payoff_distributions("t", "u", &agents[..2], &scenarios, &dir.join("bad")),
        Err(ChartError::Input(_))
    ));
}

fn fan(n: usize, scale: f64) -> Vec<FanPoint> {
    (0..n)
        .map(|i| {
            let m = scale * (1.0 + (i as f64 / 6.0).sin() + i as f64 / 20.0);
            let w = scale * (0.2 + i as f64 / 40.0);
            FanPoint { q05: m - 2.0 * w, q25: m - 0.7 * w, q50: m, q75: m + 0.8 * w, q95: m + 2.5 * w }
        })
        .collect()
}

#[test]
fn fan_charts_write_png_and_svg() {
    let (_keep, dir) = out_dir();
    let rounds: Vec<usize> = (1..=40).collect();
    let stem = dir.join("fan_chart");
    fan_chart("China domestic AI compute", "domestic compute (EFLOP/s)", &rounds, &fan(40, 3.0), &stem).unwrap();
    assert_written(&stem);
    let panels = vec![
        ("domestic compute (EFLOP/s)".to_string(), fan(40, 3.0)),
        ("frontier gap (months)".to_string(), fan(40, 12.0)),
        ("Nvidia China revenue ($bn/quarter)".to_string(), fan(40, 1.5)),
        ("smuggled GPUs (thousands)".to_string(), fan(40, 40.0)),
    ];
    let stem = dir.join("fan_charts");
    fan_charts("State variables across runs", &panels, &rounds, &stem).unwrap();
    assert_written(&stem);
    fan_chart("one round", "x (units)", &[1], &fan(1, 1.0), &dir.join("fan_one")).unwrap();
    assert!(fan_chart("t", "x", &[1, 2], &fan(1, 1.0), &dir.join("bad")).is_err());
}

#[test]
fn strategy_shares_writes_png_and_svg() {
    let (_keep, dir) = out_dir();
    let n = 40;
    let three = |phase: f64| -> Vec<Vec<f64>> {
        (0..n)
            .map(|r| {
                let t = r as f64 / n as f64;
                let a = 0.6 * (1.0 - t) + 0.1 * (phase + 6.0 * t).sin().abs();
                let b = 0.3 * t + 0.1;
                vec![a, b, 1.0 - a - b]
            })
            .collect()
    };
    let agents: Vec<AgentShares> = vec![
        (
            "United States".into(),
            ["embargo", "permit H20 only", "permit H200 with fee"].map(String::from).into(),
            three(0.0),
        ),
        ("China".into(), ["buy", "boycott", "smuggle"].map(String::from).into(), three(1.0)),
        ("Nvidia".into(), ["comply", "lobby", "design around"].map(String::from).into(), three(2.0)),
        ("Taiwan (TSMC)".into(), ["supply", "restrict", "hedge"].map(String::from).into(), three(3.0)),
        (
            "Netherlands (ASML)".into(),
            ["align with US", "stay neutral", "service old tools"].map(String::from).into(),
            three(4.0),
        ),
    ];
    let stem = dir.join("strategy_shares");
    strategy_shares("Share of runs choosing each action", &agents, &stem).unwrap();
    assert_written(&stem);
    let one = vec![("A".to_string(), vec!["x".to_string(), "y".to_string()], vec![vec![0.3, 0.7]])];
    strategy_shares("one round", &one, &dir.join("shares_one")).unwrap();
    let bad = vec![("A".to_string(), vec!["x".to_string()], vec![vec![0.3, 0.7]])];
    assert!(strategy_shares("t", &bad, &dir.join("bad")).is_err());
}

#[test]
fn first_round_distribution_writes_png_and_svg() {
    let (_keep, dir) = out_dir();
    let counts = |peak: usize, runs: u64| -> Vec<(usize, u64)> {
        (1..=30usize).map(|r| (r, (runs / 40).saturating_sub((r.abs_diff(peak) as u64) * runs / 400))).collect()
    };
    let series = vec![
        ("baseline".to_string(), counts(8, 10_000), 2_500, 10_000),
        ("hawkish Congress".to_string(), counts(15, 10_000), 5_000, 10_000),
        ("tit-for-tat China".to_string(), counts(5, 10_000), 800, 10_000),
    ];
    let stem = dir.join("first_round");
    first_round_distributions(
        "When does the US first permit H200 exports?",
        "round (quarter) in which the US first permits H200",
        &series,
        &stem,
    )
    .unwrap();
    assert_written(&stem);
    let stem = dir.join("first_round_single");
    first_round_distribution("t", "round (quarter)", &counts(3, 1000), 10, 1000, "baseline", &stem).unwrap();
    assert_written(&stem);
    first_round_distribution("never", "round (quarter)", &[], 100, 100, "s", &dir.join("first_round_never")).unwrap();
    assert!(first_round_distribution("t", "l", &[], 0, 0, "s", &dir.join("bad")).is_err());
}

#[test]
fn ticks_and_grid() {
    assert_eq!(fmt_tick(0.1 + 0.2), "0.3");
    assert_eq!(fmt_tick(1500.0), "1500");
    assert_eq!(fmt_tick(-2.5), "-2.5");
    assert_eq!(fmt_tick(0.0), "0");
    assert_eq!(fmt_percent(&0.25), "25%");
    assert_eq!(grid(5), (2, 3));
    assert_eq!(grid(4), (2, 2));
    assert_eq!(grid(1), (1, 1));
    assert_eq!(grid(3), (2, 2));
}
