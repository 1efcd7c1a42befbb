//! Maps Autotask's non-2xx answers (status, `Retry-After`, `{"errors":[...]}`) to typed errors.

use std::time::Duration;

use super::errors::{parse_messages, AutotaskError};

/// Maps a non-2xx answer to what the caller can act on (reference §5.3, §9).
pub(crate) fn classify(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
    hourly_default: Duration,
) -> AutotaskError {
    let messages = parse_messages(body);
    let text = messages.join(" ").to_ascii_lowercase();
    // The thread-limit rejection is not reliably a 429, so its wording is checked too.
    let thread_limit = text.contains("thread threshold") || text.contains("thread limit");
    match status {
        401 => AutotaskError::Unauthorized { messages },
        403 => AutotaskError::PermissionDenied { messages },
        404 => AutotaskError::NotFound { messages },
        405 => AutotaskError::MethodNotAllowed { messages },
        429 if thread_limit => AutotaskError::ThreadLimit {
            messages,
            retry_after,
        },
        429 if retry_after.is_some()
            || text.contains("hour")
            || text.contains("request threshold") =>
        {
            AutotaskError::HourlyThreshold {
                messages,
                retry_after: retry_after.unwrap_or(hourly_default),
            }
        }
        429 => AutotaskError::RateLimited {
            messages,
            retry_after,
        },
        _ if thread_limit => AutotaskError::ThreadLimit {
            messages,
            retry_after,
        },
        500 if text.contains("permission") => AutotaskError::PermissionDenied { messages },
        500 if !messages.is_empty() => AutotaskError::Validation { messages },
        _ => AutotaskError::Server { status, messages },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR_DEFAULT: Duration = Duration::from_secs(60);

    #[test]
    fn statuses_map_to_actionable_errors() {
        let body = br#"{"errors":["boom"]}"#;
        let c = |status| classify(status, None, body, HOUR_DEFAULT);
        assert!(matches!(c(401), AutotaskError::Unauthorized { .. }));
        assert!(matches!(c(403), AutotaskError::PermissionDenied { .. }));
        assert!(matches!(c(404), AutotaskError::NotFound { .. }));
        assert!(matches!(c(405), AutotaskError::MethodNotAllowed { .. }));
        assert!(matches!(c(429), AutotaskError::RateLimited { .. }));
        assert!(
            matches!(c(500), AutotaskError::Validation { ref messages } if messages == &["boom"])
        );
        assert!(matches!(
            classify(500, None, b"", HOUR_DEFAULT),
            AutotaskError::Server { status: 500, .. }
        ));
        assert!(matches!(c(503), AutotaskError::Server { status: 503, .. }));
    }

    #[test]
    fn throttling_kinds_are_told_apart() {
        let thread = br#"{"errors":["Thread Threshold Exceeded - The Autotask API thread threshold of 3 threads has been exceeded."]}"#;
        assert!(matches!(
            classify(429, None, thread, HOUR_DEFAULT),
            AutotaskError::ThreadLimit { .. }
        ));
        assert!(matches!(
            classify(500, None, thread, HOUR_DEFAULT),
            AutotaskError::ThreadLimit { .. }
        ));
        let hourly = classify(
            429,
            Some(Duration::from_secs(120)),
            br#"{"errors":["slow down"]}"#,
            HOUR_DEFAULT,
        );
        assert_eq!(hourly.retry_after(), Some(Duration::from_secs(120)));
        assert!(matches!(hourly, AutotaskError::HourlyThreshold { .. }));
        let worded = classify(
            429,
            None,
            br#"{"errors":["Hourly request threshold exceeded"]}"#,
            HOUR_DEFAULT,
        );
        assert!(
            matches!(worded, AutotaskError::HourlyThreshold { retry_after, .. } if retry_after == HOUR_DEFAULT)
        );
        let perm = br#"{"errors":["The logged in Resource does not have the adequate permissions to create this entity type."]}"#;
        assert!(matches!(
            classify(500, None, perm, HOUR_DEFAULT),
            AutotaskError::PermissionDenied { .. }
        ));
    }
}
