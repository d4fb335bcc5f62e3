//! stub
use super::*;
pub fn solve(_g: &NormalForm, _o: &SolveOptions) -> Result<Vec<Equilibrium>, SolveError> { Err(SolveError::Numerical("todo".into())) }
