//! Criterion benchmarks of the exact bimatrix solvers on random n×n games (payoffs 0..99,
//! fixed seeds). Names encode the size: `enummixed 8x8`, `lcp 12x12`.
use chipgame::game::NormalForm;
use chipgame::solve::{enummixed, lcp};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn random_game(n: usize, seed: u64) -> NormalForm {
    let mut s = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((s >> 33) % 100) as f64
    };
    let a: Vec<Vec<f64>> = (0..n).map(|_| (0..n).map(|_| next()).collect()).collect();
    let b: Vec<Vec<f64>> = (0..n).map(|_| (0..n).map(|_| next()).collect()).collect();
    NormalForm::bimatrix(&a, &b).unwrap()
}

fn bench(c: &mut Criterion) {
    for n in [4usize, 6, 8, 10, 12] {
        let g = random_game(n, n as u64);
        c.bench_function(&format!("enummixed {n}x{n}"), |b| b.iter(|| enummixed::solve(black_box(&g))));
        c.bench_function(&format!("lcp {n}x{n}"), |b| b.iter(|| lcp::solve(black_box(&g))));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
