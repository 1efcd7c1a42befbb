//! The ticket pipeline: a worker takes stored webhook events at least once, in order per
//! ticket, routes each to its client, and wakes that client's agent (or messages its session).

mod activity;
mod cache;
mod config;
mod context;
mod error;
mod liveness;
mod outcome;
mod process;
mod retry;
mod supervise;
mod ticket_facts;
mod worker;

pub use activity::KIND as ACTIVITY_KIND;
pub use config::WorkerConfig;
pub use error::PipelineError;
pub use liveness::{Liveness, WorkerHealth};
pub use outcome::Outcome;
pub use process::Processor;
pub use retry::RetryService;
pub use ticket_facts::{ticket_url, TicketFacts};
pub use worker::{
    supervised, ProcessEvent, Worker, LAST_LOOP_METRIC, PANICS_METRIC, RESTARTS_METRIC,
};

use crate::state::AppState;

/// A worker over the app's store, metrics and its one tenant registry, beating the liveness
/// that `/healthz` reads.
pub fn worker(state: &AppState, config: WorkerConfig) -> Worker {
    let processor = Processor::new(state.store.clone(), state.tenants.clone(), config.clone());
    Worker::new(
        state.store.clone(),
        processor,
        state.metrics.clone(),
        state.worker_liveness.clone(),
        config,
    )
    .with_wake(state.agent_wake.clone())
}
