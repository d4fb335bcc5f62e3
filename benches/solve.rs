//! Criterion benchmarks of the exact bimatrix solvers on random n×n games (payoffs 0..99,
//! fixed seeds), and of the `.nfg` reader. Names encode the size: `enummixed 8x8`,
//! `lcp all labels 12x12`, `lcp label 0 100x100`, `nfg parse 4^8 integers`.
use chipgame::game::{NormalForm, nfg};
use chipgame::solve::{Budget, StartLabel, enummixed, lcp, pure};
use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write as _;
use std::hint::black_box;

fn lcg(seed: u64) -> impl FnMut() -> u64 {
    let mut s = seed ^ 0x9E37_79B9_7F4A_7C15;
    move || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        s >> 33
    }
}

fn random_game(n: usize, seed: u64) -> NormalForm {
    let mut next = lcg(seed);
    let a: Vec<Vec<f64>> = (0..n).map(|_| (0..n).map(|_| (next() % 100) as f64).collect()).collect();
    let b: Vec<Vec<f64>> = (0..n).map(|_| (0..n).map(|_| (next() % 100) as f64).collect()).collect();
    NormalForm::bimatrix(&a, &b).unwrap()
}

/// An 8-player game with 4 actions each (65,536 profiles) as `.nfg` text; `decimals` writes
/// payoffs with two decimal places.
fn nfg_text(decimals: bool) -> String {
    let mut next = lcg(48);
    let mut s =
        String::from("NFG 1 R \"4^8\" { \"1\" \"2\" \"3\" \"4\" \"5\" \"6\" \"7\" \"8\" } { 4 4 4 4 4 4 4 4 }\n\n");
    for k in 0..65_536 * 8 {
        let v = (next() % 2000) as i64 - 1000;
        if decimals {
            let _ = write!(s, "{}.{:02} ", v / 10, (v % 10).abs() * 7 % 100);
        } else {
            let _ = write!(s, "{v} ");
        }
        if k % 16 == 15 {
            s.push('\n');
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    for n in [4usize, 6, 8, 10, 12] {
        let g = random_game(n, n as u64);
        c.bench_function(&format!("enummixed {n}x{n}"), |b| b.iter(|| enummixed::solve(black_box(&g))));
        c.bench_function(&format!("lcp all labels {n}x{n}"), |b| b.iter(|| lcp::solve(black_box(&g))));
    }
    for n in [20usize, 50, 100] {
        let g = random_game(n, n as u64);
        c.bench_function(&format!("lcp label 0 {n}x{n}"), |b| {
            b.iter(|| lcp::run(black_box(&g), StartLabel::One(0), &Budget::unlimited()).unwrap())
        });
    }
    let g = random_game(1000, 1000);
    c.bench_function("pure 1000x1000", |b| b.iter(|| pure::solve(black_box(&g))));
    for (name, decimals) in [("integers", false), ("decimals", true)] {
        let text = nfg_text(decimals);
        c.bench_function(&format!("nfg parse 4^8 {name}"), |b| b.iter(|| nfg::parse(black_box(&text)).unwrap()));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
