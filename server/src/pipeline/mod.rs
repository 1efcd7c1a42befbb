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
mod tenants;
mod worker;

pub use config::WorkerConfig;
pub use error::PipelineError;
pub use liveness::{Liveness, WorkerHealth};
pub use outcome::Outcome;
pub use process::Processor;
pub use retry::RetryService;
pub use worker::{spawn, ProcessEvent, Worker, LAST_LOOP_METRIC, PANICS_METRIC, RESTARTS_METRIC};

use crate::state::AppState;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A worker over the app's store, cipher, metrics and its one Autotask client, beating the
/// liveness that `/healthz` reads.
pub fn worker(state: &AppState, config: WorkerConfig) -> Worker {
    let client = state.autotask.clone();
    let processor = Processor::new(
        state.store.clone(),
        state.cipher.clone(),
        client,
        config.clone(),
    );
    Worker::new(
        state.store.clone(),
        processor,
        state.metrics.clone(),
        state.worker_liveness.clone(),
        config,
    )
}

/// Starts the worker for `main`; send `true` on the returned sender to stop it, then await
/// the handle so the current batch finishes.
pub fn start(state: &AppState) -> (watch::Sender<bool>, JoinHandle<()>) {
    let (stop, stopped) = watch::channel(false);
    let handle = spawn(worker(state, WorkerConfig::default()), stopped);
    (stop, handle)
}
