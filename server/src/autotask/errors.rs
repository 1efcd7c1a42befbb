//! The client's error type, keeping Autotask's own messages from `{"errors":[...]}` bodies.

use std::time::Duration;

use serde::Deserialize;

/// Everything a call to Autotask can fail with. Each variant names what the caller can do.
#[derive(Debug, thiserror::Error)]
pub enum AutotaskError {
    /// zoneInformation answered 500: the username is unknown (or blank). Ask the admin to check it.
    #[error("Autotask zone not found for user {username}: {}", join(.messages))]
    ZoneNotFound {
        username: String,
        messages: Vec<String>,
    },
    /// 401 even after re-resolving the zone: wrong username, secret or tracking identifier.
    #[error("Autotask rejected the credentials (401): {}", join(.messages))]
    Unauthorized { messages: Vec<String> },
    /// 403, or a 500 worded as a permission problem: the API user's security level is too narrow.
    #[error("Autotask denied permission: {}", join(.messages))]
    PermissionDenied { messages: Vec<String> },
    /// 404 on a route: the entity or path does not exist (missing records are `Ok(None)` instead).
    #[error("Autotask route not found (404): {}", join(.messages))]
    NotFound { messages: Vec<String> },
    /// 405: the verb does not exist for that route (a client bug, not a transient error).
    #[error("Autotask does not allow this method (405): {}", join(.messages))]
    MethodNotAllowed { messages: Vec<String> },
    /// 429 for the 3-thread limit that outlasted the retry budget; retry later.
    #[error("Autotask thread limit exceeded (429): {}", join(.messages))]
    ThreadLimit {
        messages: Vec<String>,
        retry_after: Option<Duration>,
    },
    /// 429 of an unspecified kind that outlasted the retry budget.
    #[error("Autotask rate limited the request (429): {}", join(.messages))]
    RateLimited {
        messages: Vec<String>,
        retry_after: Option<Duration>,
    },
    /// The tenant's hourly request threshold is exhausted; nothing is sent until `retry_after`.
    #[error("Autotask hourly request threshold reached; retry in {}s: {}", .retry_after.as_secs(), join(.messages))]
    HourlyThreshold {
        messages: Vec<String>,
        retry_after: Duration,
    },
    /// 500 with messages: Autotask's validation/business-rule failures. Show the messages.
    #[error("Autotask refused the request: {}", join(.messages))]
    Validation { messages: Vec<String> },
    /// Any other 5xx (or unexpected status) without a usable message; usually transient.
    #[error("Autotask server error (HTTP {status}): {}", join(.messages))]
    Server { status: u16, messages: Vec<String> },
    /// The request did not complete within the configured timeout.
    #[error("Autotask request timed out")]
    Timeout,
    /// Connection-level failure (DNS, TLS, reset).
    #[error("could not reach Autotask: {0}")]
    Transport(String),
    /// A 2xx body that is not what the reference says Autotask returns.
    #[error("unexpected Autotask response: {0}")]
    Decode(String),
    /// Autotask answered with a redirect. Redirects are never followed: the credential headers
    /// would go wherever `Location` points.
    #[error("Autotask answered with a redirect (HTTP {status}{}); Relay does not follow redirects with credentials", .location.as_deref().map(|l| format!(" to {l}")).unwrap_or_default())]
    Redirected {
        status: u16,
        location: Option<String>,
    },
    /// A zone lookup URL or zone URL that is not `https` while plain http is not allowed.
    #[error("refusing plain http for Autotask (credentials would travel unencrypted): {url}")]
    InsecureUrl { url: String },
    /// A `nextPageUrl` pointed away from the zone host; following it would leak credentials.
    #[error("refusing to follow nextPageUrl on a foreign host: {url}")]
    UnsafeNextPage { url: String },
    /// The query or write body breaks a rule Autotask enforces (checked before sending).
    #[error("invalid Autotask request: {0}")]
    InvalidRequest(String),
    /// No Resource matches the API username (reference §8).
    #[error("no Autotask resource matches API user {username}")]
    ApiUserNotFound { username: String },
    /// Several Resources match the API username and licence type does not settle it.
    #[error("several Autotask resources match API user {username}: {candidates:?}")]
    ApiUserAmbiguous {
        username: String,
        candidates: Vec<i64>,
    },
}

impl AutotaskError {
    /// Autotask's own messages, when the server sent any.
    pub fn messages(&self) -> &[String] {
        match self {
            Self::ZoneNotFound { messages, .. }
            | Self::Unauthorized { messages }
            | Self::PermissionDenied { messages }
            | Self::NotFound { messages }
            | Self::MethodNotAllowed { messages }
            | Self::ThreadLimit { messages, .. }
            | Self::RateLimited { messages, .. }
            | Self::HourlyThreshold { messages, .. }
            | Self::Validation { messages }
            | Self::Server { messages, .. } => messages,
            _ => &[],
        }
    }

    /// How long the server asked us to wait, for throttling errors.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::ThreadLimit { retry_after, .. } | Self::RateLimited { retry_after, .. } => {
                *retry_after
            }
            Self::HourlyThreshold { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// True when the same request may succeed later without any change by a person.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::ThreadLimit { .. }
                | Self::RateLimited { .. }
                | Self::HourlyThreshold { .. }
                | Self::Server { .. }
                | Self::Timeout
                | Self::Transport(_)
        )
    }

    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Self::Timeout
        } else if err.is_decode() {
            Self::Decode(err.to_string())
        } else {
            Self::Transport(err.to_string())
        }
    }
}

fn join(messages: &[String]) -> String {
    if messages.is_empty() {
        "(no message)".to_owned()
    } else {
        messages.join("; ")
    }
}

/// Autotask sends an array of strings; a few clients also saw objects with a `message`, so both
/// are accepted rather than losing the text.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default, alias = "Errors")]
    errors: Vec<serde_json::Value>,
}

/// Extracts messages from an error body; non-JSON bodies (an IIS HTML page) yield none.
pub(crate) fn parse_messages(body: &[u8]) -> Vec<String> {
    let Ok(parsed) = serde_json::from_slice::<ErrorBody>(body) else {
        return Vec::new();
    };
    parsed
        .errors
        .into_iter()
        .filter_map(|entry| match entry {
            serde_json::Value::String(text) => Some(text),
            serde_json::Value::Object(map) => map
                .get("message")
                .and_then(|m| m.as_str())
                .map(str::to_owned),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_fixture_error_body() {
        let body = br#"{ "errors": [ "maxCountOfRecordsToReturn must be between 1 and 500" ] }"#;
        assert_eq!(
            parse_messages(body),
            vec!["maxCountOfRecordsToReturn must be between 1 and 500"]
        );
    }

    #[test]
    fn tolerates_objects_and_html() {
        let body = br#"{"errors":[{"message":"bad field","field":"x"},"plain"]}"#;
        assert_eq!(parse_messages(body), vec!["bad field", "plain"]);
        assert!(parse_messages(b"<html>404</html>").is_empty());
    }

    #[test]
    fn display_keeps_autotask_text() {
        let err = AutotaskError::Validation {
            messages: vec!["title is required".into()],
        };
        assert_eq!(
            err.to_string(),
            "Autotask refused the request: title is required"
        );
    }
}
