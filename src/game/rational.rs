//! Exact rational numbers for payoffs and exact equilibria.
//!
//! Payoffs read from `.nfg` files and TOML are kept exactly: `0.1` is 1/10, `2/3` is 2/3.
//! A TOML float is converted through its shortest round-trip decimal form, so `0.1` in TOML is
//! also exactly 1/10.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An arbitrary-precision rational number.
pub type Rational = num_rational::BigRational;

/// Parses an integer (`-3`), a fraction (`2/3`), or a decimal (`0.25`, `1e-3`, `-1.5E2`) exactly.
pub fn parse(text: &str) -> Option<Rational> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some((num, den)) = t.split_once('/') {
        let n: BigInt = parse_int(num)?;
        let d: BigInt = parse_int(den)?;
        if d.is_zero() {
            return None;
        }
        return Some(Rational::new(n, d));
    }
    parse_decimal(t)
}

fn parse_int(t: &str) -> Option<BigInt> {
    let t = t.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.trim_start_matches('+').parse().ok()
}

fn parse_decimal(t: &str) -> Option<Rational> {
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(pos) => {
            let exp_text = &t[pos + 1..];
            let digits = exp_text.strip_prefix(['+', '-']).unwrap_or(exp_text);
            if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (&t[..pos], exp_text.parse::<i32>().ok()?)
        }
        None => (t, 0),
    };
    let negative = mantissa.starts_with('-');
    let body = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int_part}{frac_part}");
    let mut value = Rational::from_integer(digits.parse::<BigInt>().ok()?);
    let scale = exponent - frac_part.len() as i32;
    if scale.unsigned_abs() > 400 {
        return None;
    }
    let ten = Rational::from_integer(BigInt::from(10));
    let power = num_traits::pow(ten, scale.unsigned_abs() as usize);
    if scale >= 0 {
        value *= power;
    } else {
        value /= power;
    }
    Some(if negative { -value } else { value })
}

/// The exact value of the shortest decimal that round-trips to `x` (so `0.1` gives 1/10).
/// Returns `None` for NaN and infinities.
pub fn from_f64(x: f64) -> Option<Rational> {
    if !x.is_finite() {
        return None;
    }
    parse(&format!("{x:e}"))
}

/// The nearest `f64`.
pub fn to_f64(r: &Rational) -> f64 {
    r.to_f64().unwrap_or_else(|| if r.is_negative() { f64::NEG_INFINITY } else { f64::INFINITY })
}

/// Text as `p/q`, or `p` when the denominator is one.
pub fn to_string(r: &Rational) -> String {
    if r.denom().is_one() { r.numer().to_string() } else { format!("{}/{}", r.numer(), r.denom()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(n.into(), d.into())
    }

    #[test]
    fn parses_integers_fractions_and_decimals_exactly() {
        assert_eq!(parse("-3"), Some(q(-3, 1)));
        assert_eq!(parse("2/3"), Some(q(2, 3)));
        assert_eq!(parse("-4/6"), Some(q(-2, 3)));
        assert_eq!(parse("0.25"), Some(q(1, 4)));
        assert_eq!(parse(".5"), Some(q(1, 2)));
        assert_eq!(parse("1e-3"), Some(q(1, 1000)));
        assert_eq!(parse("-1.5E2"), Some(q(-150, 1)));
        assert_eq!(parse("+7"), Some(q(7, 1)));
    }

    #[test]
    fn rejects_malformed_numbers() {
        for bad in ["", "1/0", "abc", "1..2", "e5", "1e", "--1", "1/2/3", "0x10", "1e99999999", "nan", "inf"] {
            assert_eq!(parse(bad), None, "{bad:?} should be rejected");
        }
    }

    #[test]
    fn floats_convert_through_their_shortest_decimal() {
        assert_eq!(from_f64(0.1), Some(q(1, 10)));
        assert_eq!(from_f64(-2.5), Some(q(-5, 2)));
        assert_eq!(from_f64(0.0), Some(q(0, 1)));
        assert_eq!(from_f64(f64::NAN), None);
        assert_eq!(to_string(&q(6, 4)), "3/2");
        assert_eq!(to_string(&q(-4, 2)), "-2");
    }
}
