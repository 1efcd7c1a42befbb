//! One trait for every brain, and the errors a brain may end a turn with.

pub mod rules;

use std::time::Duration;

use async_trait::async_trait;

use super::chat::{BrainReply, BrainRequest};

/// Decides the agent's next step from the conversation so far.
#[async_trait]
pub trait Brain: Send + Sync {
    /// How the brain is named wherever it writes (notes, the session page).
    fn label(&self) -> String;

    async fn complete(&self, request: &BrainRequest) -> Result<BrainReply, BrainError>;

    /// A second opinion on ticket text the verification rules found ordinary: could it be a
    /// sensitive request (a reset, an access grant) in words the rules do not know? `None` when
    /// this brain has no opinion to give (the rule agent: the rules are all it knows). The
    /// answer can only add a flag, never remove one the rules raised.
    async fn sensitivity(&self, _text: &str) -> Result<Option<Opinion>, BrainError> {
        Ok(None)
    }
}

/// What a brain thinks of a ticket's sensitivity, with its reason in a few words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opinion {
    pub sensitive: bool,
    pub reason: String,
}

/// Failures classified by what the runner should do about them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BrainError {
    /// The key was refused: stop, a person must fix the settings.
    #[error("the model endpoint refused the credentials: {0}")]
    Auth(String),
    /// The account is out of credit: stop and alert.
    #[error("the model account has no quota left: {0}")]
    Quota(String),
    /// Too many requests: try again after the delay the provider asked for.
    #[error("the model endpoint is rate limiting (retry after {retry_after:?})")]
    RateLimited { retry_after: Option<Duration> },
    /// The conversation no longer fits the model: shrink once, then fail.
    #[error("the conversation is longer than the model's context")]
    ContextOverflow,
    /// 5xx, timeouts, connection failures: bounded retries.
    #[error("the model endpoint failed: {0}")]
    Transient(String),
    /// The endpoint answered something that is not a usable reply.
    #[error("the model endpoint answered something unusable: {0}")]
    Protocol(String),
}

/// Which brain works an MSP's sessions (the rule agent unless a model endpoint is configured).
#[async_trait]
pub trait BrainSource: Send + Sync {
    async fn brain_for(
        &self,
        msp: app::ids::MspId,
    ) -> Result<std::sync::Arc<dyn Brain>, BrainError>;
}

/// One brain for every MSP (tests, benchmarks).
pub struct FixedBrain(pub std::sync::Arc<dyn Brain>);

#[async_trait]
impl BrainSource for FixedBrain {
    async fn brain_for(
        &self,
        _msp: app::ids::MspId,
    ) -> Result<std::sync::Arc<dyn Brain>, BrainError> {
        Ok(self.0.clone())
    }
}

pub mod openai;
pub mod settings;
pub mod source;
