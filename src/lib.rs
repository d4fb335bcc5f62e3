//! chipgame: see README.md and ARCHITECTURE.md.
pub mod game;
pub mod behaviour;
pub mod config;
pub mod scenario;
pub mod sim;
pub mod tournament;
pub mod mc;
pub mod stats;
pub mod report;
