//! `AppError`: the one error type shared by the server and the browser.

use serde::{Deserialize, Serialize};

/// Stable machine codes; the browser and API clients branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    Upstream,
    UpstreamUnavailable,
    /// Relay itself is saturated (e.g. too many password checks at once); retry shortly.
    Busy,
    Internal,
    /// The request never reached the service (network down, bad encoding).
    Transport,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::RateLimited => "rate_limited",
            Self::Upstream => "upstream",
            Self::UpstreamUnavailable => "upstream_unavailable",
            Self::Busy => "busy",
            Self::Internal => "internal",
            Self::Transport => "transport",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Validation,
            Self::Unauthenticated,
            Self::Forbidden,
            Self::NotFound,
            Self::Conflict,
            Self::RateLimited,
            Self::Upstream,
            Self::UpstreamUnavailable,
            Self::Busy,
            Self::Internal,
            Self::Transport,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// What went wrong, said so a person can act on it. `field` names the form field at fault;
/// `reference` ties an internal failure to the server log line without revealing its cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            reference: None,
        }
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Validation, message).on_field(field)
    }

    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "Please sign in to continue.")
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} was not found."))
    }

    /// An internal failure: the message is generic, the reference points at the log line.
    pub fn internal(reference: impl Into<String>) -> Self {
        let reference = reference.into();
        Self {
            code: ErrorCode::Internal,
            message: format!("Something went wrong on our side (reference {reference})."),
            field: None,
            reference: Some(reference),
        }
    }

    pub fn on_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    pub fn status_code(&self) -> u16 {
        match self.code {
            ErrorCode::Validation => 400,
            ErrorCode::Unauthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::RateLimited => 429,
            ErrorCode::Upstream => 502,
            ErrorCode::UpstreamUnavailable | ErrorCode::Busy => 503,
            ErrorCode::Internal | ErrorCode::Transport => 500,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Request(m) => Self::new(
                ErrorCode::Transport,
                format!("Relay could not be reached ({m}). Check your connection and retry."),
            ),
            E::Args(m) | E::MissingArg(m) => Self::new(ErrorCode::Validation, m),
            other => Self::new(ErrorCode::Transport, other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_map_to_statuses() {
        for code in [
            "validation",
            "unauthenticated",
            "rate_limited",
            "busy",
            "internal",
        ] {
            assert_eq!(ErrorCode::parse(code).unwrap().as_str(), code);
        }
        assert_eq!(AppError::unauthenticated().status_code(), 401);
        assert_eq!(AppError::validation("email", "bad").status_code(), 400);
        let e = AppError::internal("ab12");
        assert!(e.message.contains("ab12"));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), e);
    }
}
