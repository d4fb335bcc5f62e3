//! Studies over many runs: experimental designs, global sensitivity, scenario discovery and
//! per-run parameter uncertainty, as plain functions over arrays.
//!
//! This is the numerical core of parameter sweeps and studies: it knows nothing of the runner,
//! the config or files. A design is a `Vec<Vec<f64>>` with one row per model evaluation and one
//! column per parameter; outputs are a `&[f64]` (or a `&[bool]` for scenario discovery) in the
//! same row order. Every random draw comes from a `rand_chacha::ChaCha8Rng` that the caller
//! seeds and passes in, so a study is a pure function of its seed.
//!
//! - [`sample`]: full grids, Latin hypercubes, Sobol' sequences, the Saltelli matrices and
//!   Morris trajectories (laid out row for row as SALib lays them out).
//! - [`sensitivity`]: Morris elementary effects and Sobol' indices with bootstrap intervals.
//! - [`prim`]: the patient rule induction method for scenario discovery.
//! - [`uncertain`]: the distributions a parameter can be drawn from in each run.
//!
//! Each module cites the paper it implements in its own documentation.

pub mod metagame;
pub mod normal;
pub mod prim;
pub mod sample;
pub mod sensitivity;
pub mod sweep;
pub mod uncertain;

/// Bad input to a design, an estimator or PRIM. Parameters are named by their zero-based
/// column index; the caller, which knows the parameter names, should name them in its message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StudyError {
    #[error("parameter {index}: bounds [{low}, {high}] must be finite with low < high")]
    BadBounds { index: usize, low: f64, high: f64 },
    #[error("a design needs at least one parameter")]
    NoParameters,
    #[error("{what} must be at least {min}, got {got}")]
    TooFew { what: &'static str, min: usize, got: usize },
    #[error("{what}: at most {max} supported, got {got}")]
    TooMany { what: &'static str, max: usize, got: usize },
    #[error("{what} has length {got}, expected {expected}")]
    Length { what: &'static str, got: usize, expected: usize },
    #[error("{what}: value {value} at row {row} is not finite")]
    NotFinite { what: &'static str, row: usize, value: f64 },
    #[error("{what} must be in {range}, got {value}")]
    OutOfRange { what: &'static str, range: &'static str, value: f64 },
    #[error("Morris design: trajectory {trajectory}, step {step}: {problem}")]
    NotATrajectory { trajectory: usize, step: usize, problem: &'static str },
}

/// Checks that `bounds` is non-empty and each pair is finite with `low < high`.
pub(crate) fn check_bounds(bounds: &[(f64, f64)]) -> Result<(), StudyError> {
    if bounds.is_empty() {
        return Err(StudyError::NoParameters);
    }
    for (index, &(low, high)) in bounds.iter().enumerate() {
        if !(low.is_finite() && high.is_finite() && low < high) {
            return Err(StudyError::BadBounds { index, low, high });
        }
    }
    Ok(())
}

/// Checks that every value of `y` is finite.
pub(crate) fn check_finite(what: &'static str, y: &[f64]) -> Result<(), StudyError> {
    match y.iter().position(|v| !v.is_finite()) {
        Some(row) => Err(StudyError::NotFinite { what, row, value: y[row] }),
        None => Ok(()),
    }
}
