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
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Autotask(err) => err.retry_after(),
            _ => None,
        }
    }
}
