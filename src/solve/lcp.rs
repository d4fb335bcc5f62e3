//! Lemke–Howson complementary pivoting from every starting label, exact.
//!
//! Lemke and Howson, "Equilibrium points of bimatrix games", *J. SIAM* 12 (1964) 413–423, in the
//! polytope form of von Stengel, "Computing equilibria for two-person games", *Handbook of Game
//! Theory* 3 (2002) ch. 45. Ties in the ratio test are broken lexicographically (the perturbation
//! of the right-hand side by `(ε, ε², …)`), so degenerate games do not cycle. Pivots are exact
//! integer (Bareiss) pivots, `i128` with a `BigInt` restart on overflow.

use super::Equilibrium;
use super::tableau::{Int, Overflow, Tableau, polytopes, positive_integer_matrix, to_probabilities};
use crate::game::{NormalForm, Rational};
use num_bigint::BigInt;

/// One Lemke–Howson path from the artificial equilibrium dropping label `k`.
fn path<T: Int>(
    p0: &Tableau<T>,
    q0: &Tableau<T>,
    m: usize,
    n: usize,
    k: usize,
) -> Result<(Vec<Rational>, Vec<Rational>), Overflow> {
    let mut p = p0.clone();
    let mut q = q0.clone();
    // Label k: x_k (k < m) is a P variable, y_{k-m} is a Q variable. Both tableaux index variables by label.
    let mut in_p = k < m;
    let mut entering = k;
    for _ in 0..100_000 {
        let tab = if in_p { &mut p } else { &mut q };
        let r = tab.lex_min_ratio_row(entering).expect("best-response polytopes are bounded");
        let leaving = tab.basis[r];
        tab.pivot(r, entering)?;
        if leaving == k {
            break;
        }
        entering = leaving;
        in_p = !in_p;
    }
    let x = p.values(0..m);
    let y = q.values(m..m + n);
    Ok((to_probabilities(&x), to_probabilities(&y)))
}

type Pairs = Vec<(Vec<Rational>, Vec<Rational>)>;

fn run<T: Int>(a: &[Vec<BigInt>], b: &[Vec<BigInt>]) -> Result<Option<Pairs>, Overflow> {
    let m = a.len();
    let n = a[0].len();
    let Some((p, q)) = polytopes::<T>(a, b) else { return Ok(None) };
    let mut out = Vec::new();
    for k in 0..m + n {
        let e = path(&p, &q, m, n, k)?;
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Ok(Some(out))
}

/// The distinct equilibria found by Lemke–Howson from each of the `m + n` labels, with the
/// starting label of the first path that found each (sorted like the other exact methods).
pub fn equilibria(game: &NormalForm) -> Vec<Vec<Vec<Rational>>> {
    let (a, b) = game.exact_bimatrix().expect("two players");
    let a = positive_integer_matrix(&a);
    let b = positive_integer_matrix(&b);
    let found = match run::<i128>(&a, &b) {
        Ok(Some(r)) => r,
        _ => run::<BigInt>(&a, &b).expect("BigInt does not overflow").expect("BigInt holds any entry"),
    };
    let mut eqs: Vec<Vec<Vec<Rational>>> = found.into_iter().map(|(x, y)| vec![x, y]).collect();
    super::sort_exact(&mut eqs);
    eqs
}

pub fn solve(game: &NormalForm) -> Vec<Equilibrium> {
    equilibria(game).into_iter().map(|p| Equilibrium::from_exact(game, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_pennies_and_bos() {
        let mp =
            NormalForm::bimatrix(&[vec![1.0, -1.0], vec![-1.0, 1.0]], &[vec![-1.0, 1.0], vec![1.0, -1.0]]).unwrap();
        let e = solve(&mp);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].profile, vec![vec![0.5, 0.5], vec![0.5, 0.5]]);
        let bos = NormalForm::bimatrix(&[vec![3.0, 0.0], vec![0.0, 2.0]], &[vec![2.0, 0.0], vec![0.0, 3.0]]).unwrap();
        let e = solve(&bos);
        assert!(e.len() >= 2 && e.iter().all(|e| e.max_regret == 0.0));
    }

    #[test]
    fn degenerate_game_terminates() {
        let a = vec![vec![0.0, -1.0, 1.0], vec![-1.0, 0.0, 1.0], vec![-1.0, 0.0, 1.0]];
        let b: Vec<Vec<f64>> = a.iter().map(|r| r.iter().map(|x| -x).collect()).collect();
        let g = NormalForm::bimatrix(&a, &b).unwrap();
        let e = solve(&g);
        assert!(!e.is_empty() && e.iter().all(|e| e.max_regret == 0.0));
    }
}
