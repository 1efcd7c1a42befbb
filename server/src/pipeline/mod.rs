//! The ticket pipeline: a worker takes stored webhook events at least once, in order per
//! ticket, routes each to its client, and wakes that client's agent (or messages its session).

mod activity;
mod cache;
mod config;
mod context;
mod error;
mod outcome;
mod process;
mod retry;
mod worker;

pub use config::WorkerConfig;
pub use outcome::Outcome;
pub use process::Processor;
pub use retry::RetryService;
pub use worker::Worker;

use crate::state::AppState;

/// A worker over the app's store, metrics and its one tenant registry.
pub fn worker(state: &AppState, config: WorkerConfig) -> Worker {
    let processor = Processor::new(state.store.clone(), state.tenants.clone(), config.clone());
    Worker::new(
        state.store.clone(),
        processor,
        state.metrics.clone(),
        config,
    )
}
