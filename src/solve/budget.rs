//! What one solve may spend, and how it is watched: a wall-clock limit, a memory ceiling, a
//! cancel flag and a progress callback.
//!
//! Every method calls [`Budget::check`] in its main loop (once per pivot, per support, per path
//! step) and, where it keeps a growing store (vertices, candidate supports), reports that store's
//! size to [`Budget::check_memory`]. When either says stop, the method returns what it has found
//! so far with [`super::SolveResult::incomplete`] set, so the user sees partial results and the
//! reason, never a hang or an abort.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Why a solve stopped before finishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Stop {
    #[error("the time limit was reached")]
    TimeLimit,
    #[error("the memory ceiling was reached")]
    MemoryLimit,
    #[error("the solve was cancelled")]
    Cancelled,
}

/// A progress callback: a short description of what has been done (e.g. "label 3 of 40").
pub type ProgressFn = Arc<dyn Fn(&str) + Send + Sync>;

/// Limits and observers of one solve. The default is unlimited, unobserved.
#[derive(Clone, Default)]
pub struct Budget {
    /// Stop at this instant.
    pub deadline: Option<Instant>,
    /// Largest estimated size, in bytes, of a method's growing stores.
    pub max_bytes: Option<usize>,
    /// Stop when this flag is set (Ctrl-C, a web request going away).
    pub cancel: Option<Arc<AtomicBool>>,
    /// Told what the method is doing, at most a few times a second.
    pub progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget")
            .field("deadline", &self.deadline)
            .field("max_bytes", &self.max_bytes)
            .field("cancel", &self.cancel.as_ref().map(|c| c.load(Ordering::Relaxed)))
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Budget {
    /// No limit, nobody watching.
    pub fn unlimited() -> Self {
        Budget::default()
    }

    /// A budget that ends `seconds` from now.
    pub fn with_seconds(seconds: f64) -> Self {
        Budget { deadline: Some(Instant::now() + Duration::from_secs_f64(seconds.max(0.0))), ..Budget::default() }
    }

    /// `Err` when the solve must stop now: cancelled or past the deadline.
    #[inline]
    pub fn check(&self) -> Result<(), Stop> {
        if let Some(c) = &self.cancel
            && c.load(Ordering::Relaxed)
        {
            return Err(Stop::Cancelled);
        }
        if let Some(d) = self.deadline
            && Instant::now() >= d
        {
            return Err(Stop::TimeLimit);
        }
        Ok(())
    }

    /// `Err` when a store of `bytes` bytes exceeds the ceiling, or the solve must stop anyway.
    #[inline]
    pub fn check_memory(&self, bytes: usize) -> Result<(), Stop> {
        if let Some(m) = self.max_bytes
            && bytes > m
        {
            return Err(Stop::MemoryLimit);
        }
        self.check()
    }

    /// Reports progress to the callback, if any.
    pub fn report(&self, what: &str) {
        if let Some(p) = &self.progress {
            p(what);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_stop_with_their_reason() {
        assert_eq!(Budget::unlimited().check(), Ok(()));
        assert_eq!(Budget::with_seconds(0.0).check(), Err(Stop::TimeLimit));
        let b = Budget { max_bytes: Some(10), ..Budget::default() };
        assert_eq!(b.check_memory(10), Ok(()));
        assert_eq!(b.check_memory(11), Err(Stop::MemoryLimit));
        let flag = Arc::new(AtomicBool::new(true));
        assert_eq!(Budget { cancel: Some(flag), ..Budget::default() }.check(), Err(Stop::Cancelled));
    }
}
