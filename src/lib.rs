//! chipgame: see README.md and ARCHITECTURE.md.
#![allow(clippy::result_large_err)] // Config errors carry a located message; they are cold and returned once.
pub mod behaviour;
pub mod config;
pub mod efg;
pub mod game;
pub mod mc;
pub mod model;
pub mod output;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod solve;
pub mod stats;
pub mod study;
pub mod tournament;
