//! Why the voice endpoint refused a message: each variant is one HTTP status and one metric
//! reason. Tool failures are not here: they are answered 200 with an `error` result.

use http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    /// Worded like `BadCredentials`, so integration ids cannot be probed.
    #[error("wrong or missing voice secret or signature")]
    UnknownIntegration,
    #[error("wrong or missing voice secret or signature")]
    BadCredentials,
    #[error("x-timestamp is missing, unreadable or outside the {0}-second window")]
    Stale(i64),
    #[error("Content-Type must be application/json")]
    UnsupportedMediaType,
    #[error("body larger than {0} bytes")]
    TooLarge(usize),
    #[error("could not read the body")]
    UnreadableBody,
    #[error("not a voice platform message: {0}")]
    Malformed(String),
    #[error("temporarily unable to record the call")]
    Unavailable,
}

impl VoiceError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::UnknownIntegration | Self::BadCredentials | Self::Stale(_) => {
                StatusCode::UNAUTHORIZED
            }
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnreadableBody | Self::Malformed(_) => StatusCode::BAD_REQUEST,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The `reason` label of the rejected-messages counter.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::UnknownIntegration => "unknown_integration",
            Self::BadCredentials => "bad_credentials",
            Self::Stale(_) => "stale",
            Self::UnsupportedMediaType => "content_type",
            Self::TooLarge(_) => "too_large",
            Self::UnreadableBody => "unreadable",
            Self::Malformed(_) => "malformed",
            Self::Unavailable => "unavailable",
        }
    }
}
