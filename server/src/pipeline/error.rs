//! Why processing an event failed; transient failures are retried, the rest park the event.

use crate::autotask::AutotaskError;
use crate::integrations::TenantError;
use crate::store::StoreError;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Autotask(#[from] AutotaskError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot open the integration's API secret: {0}")]
    Secret(String),
    /// A bug met this event; it is retried like any failure and parked if it keeps happening.
    #[error("processing panicked: {0}")]
    Panicked(String),
    /// Stopped at the per-event deadline (Autotask too slow); retried later.
    #[error("processing took longer than {}s and was stopped", .0.as_secs_f64())]
    Deadline(Duration),
    /// Not a failure: a note just joined its ticket's order behind an earlier event of the
    /// ticket, so it is put back (uncounted) to wait its turn.
    #[error("waits for earlier events of ticket {0}")]
    Reordered(app::ids::TicketId),
}

impl From<TenantError> for PipelineError {
    fn from(err: TenantError) -> Self {
        match err {
            TenantError::Secret(e) => Self::Secret(e.to_string()),
        }
    }
}

impl PipelineError {
    /// Whether retrying later, without anyone changing anything, may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            // The pipeline only reads, and a read has nothing to validate: a 500 with a
            // message on a GET is Autotask failing, so it is retried like any other 500.
            Self::Autotask(AutotaskError::Validation { .. }) => true,
            Self::Autotask(err) => err.is_transient(),
            Self::Store(_) => true,
            Self::Secret(_) => false,
            // Retried with backoff: a panic caused by one odd answer may not recur, and
            // `max_attempts` parks the event if it does.
            Self::Panicked(_) | Self::Deadline(_) | Self::Reordered(_) => true,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Autotask(err) => err.retry_after(),
            _ => None,
        }
    }
}
