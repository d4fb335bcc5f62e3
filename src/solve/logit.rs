//! stub
use super::*;
pub fn solve(_g: &NormalForm, _o: &SolveOptions) -> Result<SolveResult, SolveError> { Err(SolveError::Numerical("todo".into())) }
