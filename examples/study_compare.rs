//! The chipgame side of `benches/salib_compare.py`: designs and estimators of `chipgame::study`
//! driven through CSV files, so the same matrices and outputs can be fed to SALib.
//!
//! ```text
//! study_compare saltelli N SECOND_ORDER BOUNDS OUT.csv     # unscrambled Saltelli design
//! study_compare morris-sample R LEVELS SEED BOUNDS OUT.csv  # Morris trajectories
//! study_compare sobol Y.csv K SECOND_ORDER N_BOOT SEED      # Sobol' indices (JSON)
//! study_compare morris X.csv Y.csv LEVELS N_BOOT SEED        # Morris measures (JSON)
//! study_compare prim X.csv Y.csv ALPHA PASTE MASS_MIN        # PRIM trajectory (JSON)
//! ```
//!
//! `BOUNDS` is `lo:hi,lo:hi,...`; `SECOND_ORDER` and `PASTE` are 0 or 1; PRIM's `Y.csv` holds
//! 0 or 1 per row. CSV files have no header and one
//! row per line. Each JSON answer carries `seconds`, the time of the computation alone (no
//! file input or output).
use chipgame::study::prim::{Prim, PrimOptions};
use chipgame::study::{sample, sensitivity};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

fn fail(msg: &str) -> ! {
    eprintln!("study_compare: {msg}");
    std::process::exit(2)
}

fn num<T: std::str::FromStr>(s: &str, what: &str) -> T {
    s.parse().unwrap_or_else(|_| fail(&format!("{what}: not a number: {s}")))
}

fn bounds(s: &str) -> Vec<(f64, f64)> {
    s.split(',')
        .map(|p| {
            let (lo, hi) = p.split_once(':').unwrap_or_else(|| fail(&format!("bounds: expected lo:hi, got {p}")));
            (num(lo, "bound"), num(hi, "bound"))
        })
        .collect()
}

fn read_csv(path: &str) -> Vec<Vec<f64>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.split(',').map(|v| num(v.trim(), path)).collect()).collect()
}

fn write_csv(path: &str, rows: &[Vec<f64>]) {
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r.iter().map(|v| format!("{v:?}")).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    std::fs::write(path, out).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
}

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| a.get(i).map(String::as_str).unwrap_or_else(|| fail("missing argument; see the file's doc"));
    match arg(0) {
        "saltelli" => {
            let (n, second, b) = (num::<usize>(arg(1), "N"), arg(2) == "1", bounds(arg(3)));
            let t = Instant::now();
            let d = sample::saltelli(n, &b, second, None).unwrap_or_else(|e| fail(&e.to_string()));
            let secs = t.elapsed().as_secs_f64();
            write_csv(arg(4), &d.rows);
            println!("{}", serde_json::json!({ "seconds": secs, "rows": d.rows.len() }));
        }
        "morris-sample" => {
            let (r, levels, seed, b) =
                (num::<usize>(arg(1), "R"), num::<usize>(arg(2), "LEVELS"), num::<u64>(arg(3), "SEED"), bounds(arg(4)));
            let t = Instant::now();
            let d = sample::morris(r, &b, levels, &mut ChaCha8Rng::seed_from_u64(seed))
                .unwrap_or_else(|e| fail(&e.to_string()));
            let secs = t.elapsed().as_secs_f64();
            write_csv(arg(5), &d);
            println!("{}", serde_json::json!({ "seconds": secs, "rows": d.len() }));
        }
        "sobol" => {
            let y: Vec<f64> = read_csv(arg(1)).into_iter().flatten().collect();
            let (k, second, n_boot, seed) =
                (num::<usize>(arg(2), "K"), arg(3) == "1", num::<usize>(arg(4), "N_BOOT"), num::<u64>(arg(5), "SEED"));
            let t = Instant::now();
            let si = sensitivity::sobol_design(&y, k, second, n_boot, &mut ChaCha8Rng::seed_from_u64(seed))
                .unwrap_or_else(|e| fail(&e.to_string()));
            let secs = t.elapsed().as_secs_f64();
            let nan_to_null = |m: &Option<Vec<Vec<f64>>>| {
                m.as_ref().map(|m| {
                    m.iter()
                        .map(|r| r.iter().map(|v| if v.is_nan() { None } else { Some(*v) }).collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                })
            };
            println!(
                "{}",
                serde_json::json!({
                    "seconds": secs, "S1": si.s1, "S1_conf": si.s1_ci, "ST": si.st, "ST_conf": si.st_ci,
                    "S2": nan_to_null(&si.s2), "S2_conf": nan_to_null(&si.s2_ci),
                })
            );
        }
        "morris" => {
            let x = read_csv(arg(1));
            let y: Vec<f64> = read_csv(arg(2)).into_iter().flatten().collect();
            let (levels, n_boot, seed) =
                (num::<usize>(arg(3), "LEVELS"), num::<usize>(arg(4), "N_BOOT"), num::<u64>(arg(5), "SEED"));
            let t = Instant::now();
            let m = sensitivity::morris(&x, &y, levels, n_boot, &mut ChaCha8Rng::seed_from_u64(seed))
                .unwrap_or_else(|e| fail(&e.to_string()));
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{}",
                serde_json::json!({ "seconds": secs, "mu": m.mu, "mu_star": m.mu_star, "sigma": m.sigma, "mu_star_conf": m.mu_star_ci })
            );
        }
        "prim" => {
            let x = read_csv(arg(1));
            let y: Vec<bool> = read_csv(arg(2)).into_iter().flatten().map(|v| v != 0.0).collect();
            let opts = PrimOptions {
                alpha: num(arg(3), "ALPHA"),
                paste: arg(4) == "1",
                mass_min: num(arg(5), "MASS_MIN"),
                ..PrimOptions::default()
            };
            let names: Vec<String> = (0..x.first().map_or(0, Vec::len)).map(|j| format!("x{j}")).collect();
            let t = Instant::now();
            let b = Prim::new(&x, &y, &names).and_then(|p| p.peel(&opts)).unwrap_or_else(|e| fail(&e.to_string()));
            let secs = t.elapsed().as_secs_f64();
            let steps: Vec<_> = b
                .steps
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "coverage": s.coverage, "density": s.density, "mass": s.mass,
                        "res_dim": s.restricted.len(), "limits": s.limits, "phase": format!("{:?}", s.phase),
                    })
                })
                .collect();
            println!("{}", serde_json::json!({ "seconds": secs, "steps": steps }));
        }
        other => fail(&format!("unknown command {other}")),
    }
}
