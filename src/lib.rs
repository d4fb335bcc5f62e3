//! chipgame: see README.md and ARCHITECTURE.md.
pub mod game;
pub mod behaviour;
pub mod solve;
