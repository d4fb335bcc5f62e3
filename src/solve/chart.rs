//! Charts with plotters: the logit QRE path (probabilities against λ) and the best-response
//! diagram of a 2×2 game. 1200×800, PNG or SVG by file extension.
use super::Equilibrium;
use crate::game::NormalForm;
use std::path::Path;
pub fn best_response_diagram(_g: &NormalForm, _e: &[Equilibrium], _p: &Path) -> Result<(), String> { Err("todo".into()) }
