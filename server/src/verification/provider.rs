//! The one interface every identity-verification provider implements: start a push challenge
//! for a person, poll where it stands, cancel it. The flow that pauses an agent session on a
//! sensitive ticket is built on top of this and knows nothing about Duo or Traceless.

use app::states::{ChallengeState, PushMethod};
use async_trait::async_trait;

/// The provider's own handle for one challenge (Duo's `txid`, Traceless's challenge id).
/// Opaque text: providers choose its shape, Relay only stores and sends it back.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChallengeRef(pub String);

impl std::fmt::Display for ChallengeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What Relay asks the provider to verify.
#[derive(Clone, Debug)]
pub struct ChallengeRequest {
    /// The requester's work e-mail; the provider maps it to their enrolled device.
    pub email: String,
    /// `None` uses the provider's configured default.
    pub push_method: Option<PushMethod>,
    /// Shown on the phone so the person knows why they are asked, e.g. "Password reset, ticket T2026…".
    pub reason: String,
}

/// Why a challenge could not be run; shown to technicians, so worded for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChallengeError {
    /// The person has no device enrolled with the provider (or is not known to it).
    NoDevice,
    /// Any other refusal by the provider, in its words.
    Provider(String),
}

impl std::fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoDevice => f.write_str("the person has no device enrolled with the provider"),
            Self::Provider(why) => write!(f, "the provider refused the challenge: {why}"),
        }
    }
}

/// One poll's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChallengeStatus {
    Pending,
    Approved,
    Denied,
    Expired,
    Failed(ChallengeError),
    Cancelled,
}

impl ChallengeStatus {
    /// The stored word for this status.
    pub fn state(&self) -> ChallengeState {
        match self {
            Self::Pending => ChallengeState::Pending,
            Self::Approved => ChallengeState::Approved,
            Self::Denied => ChallengeState::Denied,
            Self::Expired => ChallengeState::Expired,
            Self::Failed(_) => ChallengeState::Failed,
            Self::Cancelled => ChallengeState::Cancelled,
        }
    }

    /// Whether polling can stop.
    pub fn is_final(&self) -> bool {
        !matches!(self, Self::Pending)
    }
}

/// Failures talking to the provider (as opposed to a challenge the provider ran and refused).
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider rejected our credentials or signature: an MSP must fix the settings.
    #[error("the provider rejected Relay's credentials: {0}")]
    Auth(String),
    /// The person cannot be challenged at all (no enrolled device, unknown user).
    #[error("{0}")]
    Refused(ChallengeError),
    /// Unreachable, timed out, 429 or 5xx: worth retrying later.
    #[error("the provider is unavailable: {0}")]
    Unavailable(String),
    /// The provider answered something this adapter does not understand.
    #[error("unexpected answer from the provider: {0}")]
    Protocol(String),
}

/// An identity-verification provider.
#[async_trait]
pub trait VerificationProvider: Send + Sync {
    /// For logs and the settings page, e.g. "Duo (api-xxxx.duosecurity.com)".
    fn label(&self) -> String;
    /// A signed call that proves the settings work, without challenging anyone.
    async fn check(&self) -> Result<(), ProviderError>;
    /// Sends the push; the returned reference is what `poll` and `cancel` take.
    async fn start(&self, request: &ChallengeRequest) -> Result<ChallengeRef, ProviderError>;
    /// Where the challenge stands now.
    async fn poll(&self, challenge: &ChallengeRef) -> Result<ChallengeStatus, ProviderError>;
    /// Withdraws a pending challenge; providers without cancellation let it expire.
    async fn cancel(&self, challenge: &ChallengeRef) -> Result<(), ProviderError>;
}

/// Classifies a transport failure of reqwest for both adapters.
pub(crate) fn transport(e: reqwest::Error) -> ProviderError {
    ProviderError::Unavailable(if e.is_timeout() {
        "the request timed out".to_string()
    } else if e.is_connect() {
        "could not connect".to_string()
    } else {
        e.without_url().to_string()
    })
}
