//! `cargo run --release --example solve_file -- METHOD FILE.nfg [--table] [--chart OUT.png|svg]
//! [--label K|all] [--max-seconds S]`: solves a Gambit `.nfg` game with one method and prints the
//! JSON report (or the table). The JSON adds `seconds` (the solve, timed in process),
//! `parse_seconds`, and `incomplete` when the time limit stopped the method.
use chipgame::game::nfg;
use chipgame::solve::{self, Method, SolveOptions, report};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: solve_file METHOD FILE.nfg [--table]");
        std::process::exit(2);
    }
    let method: Method = args[1].parse().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let value = |flag: &str| args.iter().position(|a| a == flag).map(|p| args[p + 1].clone());
    let mut opts = SolveOptions::default();
    if let Some(l) = value("--label") {
        opts.lcp_label = l.parse().unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2)
        });
    }
    if let Some(s) = value("--max-seconds") {
        opts.budget = solve::Budget::with_seconds(s.parse().expect("--max-seconds takes a number"));
    }
    let text = std::fs::read_to_string(&args[2]).expect("readable file");
    let t0 = std::time::Instant::now();
    let game = nfg::parse(&text).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let parse_secs = t0.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let res = solve::solve(&game, method, &opts).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let secs = t.elapsed().as_secs_f64();
    if let Some(pos) = args.iter().position(|a| a == "--chart") {
        let out = std::path::Path::new(&args[pos + 1]);
        let drawn = if method == Method::Logit {
            chipgame::report::charts::logit_path_chart(&game, &res.path)
        } else {
            chipgame::report::charts::best_response_diagram(&game, &res.equilibria)
        };
        match drawn {
            Ok(fig) => {
                let svg = out.extension().is_some_and(|e| e == "svg");
                if let Err(e) = std::fs::write(out, if svg { &fig.svg } else { &fig.png }) {
                    eprintln!("chart: {e}");
                }
            }
            Err(e) => eprintln!("chart: {e}"),
        }
    }
    if args.iter().any(|a| a == "--table") {
        print!("{}", report::to_table(&res, &game));
    } else {
        let mut j = report::to_json(&res, &game);
        j["seconds"] = serde_json::json!(secs);
        j["parse_seconds"] = serde_json::json!(parse_secs);
        if let Some(stop) = res.incomplete {
            j["incomplete"] = serde_json::json!(stop.to_string());
        }
        println!("{}", j);
    }
}
