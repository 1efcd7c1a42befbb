//! The activity log as the admin reads it (filtered, exported, verified), its tamper-evident
//! chain's checkpoints, and the admin's retry of a parked event.

pub mod checkpoint;
pub mod cli;
pub mod export;
mod service;
pub mod verify;

pub use service::{filter_of, Activity, ACTIVITY_PER_PAGE};
