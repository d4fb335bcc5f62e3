//! Serde helpers that keep every `f64` bit for bit in JSON: finite numbers are written as
//! numbers (shortest round-trip form), infinities and NaN as the strings `"inf"`, `"-inf"` and
//! `"nan"` (JSON has no such numbers, and `serde_json` would write them as `null`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Repr {
    Num(f64),
    Text(String),
}

fn to_repr(x: f64) -> Repr {
    if x.is_finite() {
        Repr::Num(x)
    } else if x.is_nan() {
        Repr::Text("nan".into())
    } else if x > 0.0 {
        Repr::Text("inf".into())
    } else {
        Repr::Text("-inf".into())
    }
}

fn from_repr<E: serde::de::Error>(r: Repr) -> Result<f64, E> {
    match r {
        Repr::Num(x) => Ok(x),
        Repr::Text(t) => match t.as_str() {
            "inf" => Ok(f64::INFINITY),
            "-inf" => Ok(f64::NEG_INFINITY),
            "nan" => Ok(f64::NAN),
            other => Err(E::custom(format!("expected a number, \"inf\", \"-inf\" or \"nan\", got {other:?}"))),
        },
    }
}

/// `#[serde(with = "lossless::f64")]` for one number.
pub mod f64 {
    use super::*;

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        to_repr(*x).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        from_repr(Repr::deserialize(d)?)
    }
}

/// `#[serde(with = "lossless::opt_f64")]` for an optional number.
pub mod opt_f64 {
    use super::*;

    pub fn serialize<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        x.map(to_repr).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<Repr>::deserialize(d)?.map(from_repr).transpose()
    }
}
