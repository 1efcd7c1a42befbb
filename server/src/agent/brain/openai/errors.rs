//! Classifying a provider's error into what the runner should do (wave-2 reference §1.4, §8.2):
//! both error shapes (`{"error":{…}}` and vLLM's top-level one), quota versus rate limits,
//! context overflow by code or by message; the key is cut out of every message kept.

use std::time::SystemTime;

use reqwest::header::HeaderMap;
use serde_json::Value;

use super::retry::retry_after;
use crate::agent::brain::BrainError;

/// The parts of an error body that matter, from either shape.
#[derive(Debug, Default, PartialEq)]
pub(super) struct ProviderError {
    pub message: String,
    pub kind: String,
    pub code: String,
    /// OpenRouter's numeric `code` is an HTTP status (also inside a 200).
    pub status: Option<u16>,
}

impl ProviderError {
    pub(super) fn from_body(body: &Value) -> Self {
        let inner = match body.get("error") {
            Some(Value::String(message)) => {
                return ProviderError {
                    message: message.clone(),
                    ..Default::default()
                }
            }
            Some(e @ Value::Object(_)) => e,
            _ => body,
        };
        let text = |field: &str| match inner.get(field) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        ProviderError {
            message: text("message"),
            kind: text("type"),
            code: text("code"),
            status: inner
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok())
                .filter(|c| (400..600).contains(c)),
        }
    }

    fn mentions(&self, needle: &str) -> bool {
        self.code == needle || self.kind == needle
    }

    fn is_context_overflow(&self) -> bool {
        let message = self.message.to_ascii_lowercase();
        self.mentions("context_length_exceeded")
            || self.mentions("exceed_context_size_error")
            || message.contains("maximum context length")
            || message.contains("context length exceeded")
            || message.contains("exceeds the available context size")
            || message.contains("context_length_exceeded")
            || message.contains("context window")
    }
}

/// `status` is the HTTP status (200 for an error found inside a reply). `key` is removed from
/// every message kept, whatever the provider echoed.
pub(super) fn classify(
    status: u16,
    headers: &HeaderMap,
    error: &ProviderError,
    key: &str,
) -> BrainError {
    let status = match (status, error.status) {
        (200, Some(inner)) => inner,
        (200, None) => 502,
        (s, _) => s,
    };
    let message = redact(&error.message, key, status);
    if (400..500).contains(&status) && status != 429 && error.is_context_overflow() {
        return BrainError::ContextOverflow;
    }
    if status == 402 || error.mentions("insufficient_quota") {
        return BrainError::Quota(message);
    }
    match status {
        401 | 403 => BrainError::Auth(message),
        _ if error.mentions("invalid_api_key") => BrainError::Auth(message),
        429 => BrainError::RateLimited {
            retry_after: retry_after(headers, SystemTime::now()),
        },
        408 | 409 | 425 | 500..=599 => BrainError::Transient(message),
        // Redirects are not followed (the key must not travel elsewhere): say what to fix.
        300..=399 => BrainError::Protocol(format!(
            "HTTP {status}: the endpoint redirected; check the base URL (https, the /v1 part)"
        )),
        _ => BrainError::Protocol(message),
    }
}

/// Keeps a short, key-free message: the key (and any `Bearer …` echo) is cut out.
pub(super) fn redact(message: &str, key: &str, status: u16) -> String {
    let mut m: String = message.chars().take(300).collect();
    if key.len() >= 4 {
        m = m.replace(key, "[redacted]");
    }
    if let Some(at) = m.find("Bearer ") {
        let end = m[at + 7..]
            .find(char::is_whitespace)
            .map_or(m.len(), |e| at + 7 + e);
        m.replace_range(at + 7..end, "[redacted]");
    }
    if m.trim().is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {m}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn class(status: u16, body: Value) -> BrainError {
        classify(
            status,
            &HeaderMap::new(),
            &ProviderError::from_body(&body),
            "sk-fake-key-1234",
        )
    }

    #[test]
    fn classes() {
        let auth = class(
            401,
            json!({"error": {"message": "Incorrect API key provided: sk-fake-key-1234", "code": "invalid_api_key"}}),
        );
        assert_eq!(
            auth,
            BrainError::Auth("HTTP 401: Incorrect API key provided: [redacted]".into())
        );
        assert!(matches!(
            class(
                429,
                json!({"error": {"code": "insufficient_quota", "message": "q"}})
            ),
            BrainError::Quota(_)
        ));
        assert!(matches!(
            class(402, json!({"error": {"code": 402, "message": "credits"}})),
            BrainError::Quota(_)
        ));
        assert!(matches!(
            class(429, json!({})),
            BrainError::RateLimited { retry_after: None }
        ));
        assert_eq!(
            class(
                400,
                json!({"object": "error", "message": "This model's maximum context length is 4096 tokens", "code": 400})
            ),
            BrainError::ContextOverflow
        );
        assert_eq!(
            class(
                400,
                json!({"error": {"type": "exceed_context_size_error", "code": 400, "message": "request (9000 tokens) exceeds the available context size (4096 tokens)"}})
            ),
            BrainError::ContextOverflow
        );
        assert!(matches!(class(503, json!({})), BrainError::Transient(_)));
        assert!(
            matches!(class(301, json!({})), BrainError::Protocol(m) if m.contains("redirected"))
        );
        assert!(matches!(
            class(400, json!({"error": "tool_choice not supported"})),
            BrainError::Protocol(_)
        ));
        assert!(matches!(
            class(
                200,
                json!({"error": {"code": 502, "message": "upstream down"}})
            ),
            BrainError::Transient(_)
        ));
        assert_eq!(
            redact("Bearer sk-other-1 was bad", "", 401),
            "HTTP 401: Bearer [redacted] was bad"
        );
    }
}
