//! Why intake refused a delivery: each variant is one HTTP status and one metric reason.

use crate::autotask::webhook::WebhookPayloadError;
use http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// Worded and answered exactly like `BadSecret`, so integration ids cannot be probed.
    #[error("wrong or missing secret")]
    UnknownIntegration,
    #[error("wrong or missing secret")]
    BadSecret,
    #[error("X-Hook-Signature does not match the body")]
    BadSignature,
    #[error("X-Hook-Signature is required for this integration")]
    MissingSignature,
    #[error("too many deliveries for this integration; retry shortly")]
    RateLimited,
    #[error("Content-Type must be application/json")]
    UnsupportedMediaType,
    #[error("body larger than {0} bytes")]
    TooLarge(usize),
    #[error("could not read the body")]
    UnreadableBody,
    #[error("body is not UTF-8")]
    NotUtf8,
    #[error("not an Autotask webhook payload: {0}")]
    Malformed(#[from] WebhookPayloadError),
    /// Our side failed; Autotask will retry, which is what we want.
    #[error("temporarily unable to store the event")]
    Unavailable,
}

impl IntakeError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::UnknownIntegration
            | Self::BadSecret
            | Self::BadSignature
            | Self::MissingSignature => StatusCode::UNAUTHORIZED,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnreadableBody | Self::NotUtf8 | Self::Malformed(_) => StatusCode::BAD_REQUEST,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The `reason` label of the rejected-events counter: a small fixed set.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::UnknownIntegration => "unknown_integration",
            Self::BadSecret => "bad_secret",
            Self::BadSignature => "bad_signature",
            Self::MissingSignature => "missing_signature",
            Self::RateLimited => "rate_limited",
            Self::UnsupportedMediaType => "content_type",
            Self::TooLarge(_) => "too_large",
            Self::UnreadableBody | Self::NotUtf8 => "unreadable",
            Self::Malformed(_) => "malformed",
            Self::Unavailable => "unavailable",
        }
    }
}
