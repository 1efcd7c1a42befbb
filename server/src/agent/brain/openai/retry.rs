//! How long a rate-limited endpoint asks Relay to wait: `retry-after-ms`, `retry-after` and
//! OpenAI's `x-ratelimit-reset-*` durations, the longest one honoured, capped.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use crate::autotask::{parse_retry_after, MAX_RETRY_AFTER};

/// The longest of the waits the headers ask for: `retry-after-ms`, `retry-after` (seconds or a
/// date) and OpenAI's `x-ratelimit-reset-requests`/`-tokens` (`1s`, `6m0s`, `12ms`), capped.
pub(super) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let ms = header("retry-after-ms")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| Duration::from_secs_f64((v / 1000.0).min(MAX_RETRY_AFTER.as_secs_f64())));
    let secs = header("retry-after").and_then(|v| parse_retry_after(v, now));
    let resets = ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"]
        .into_iter()
        .filter_map(|h| header(h).and_then(parse_reset_duration));
    [ms, secs]
        .into_iter()
        .flatten()
        .chain(resets)
        .max()
        .map(|d| d.min(MAX_RETRY_AFTER))
}

/// Go-style durations as OpenAI sends them (`1h2m3.5s`, `12ms`, `6m0s`); a bare number is
/// seconds. `None` for anything else.
pub fn parse_reset_duration(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(MAX_RETRY_AFTER.as_secs_f64())));
    }
    let mut total = 0f64;
    let mut rest = value;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number * scale;
    }
    (total.is_finite() && total >= 0.0)
        .then(|| Duration::from_secs_f64(total.min(MAX_RETRY_AFTER.as_secs_f64())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_durations() {
        assert_eq!(
            parse_reset_duration("12ms"),
            Some(Duration::from_millis(12))
        );
        assert_eq!(parse_reset_duration("6m0s"), Some(Duration::from_secs(360)));
        assert_eq!(
            parse_reset_duration("1.5s"),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_reset_duration("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_reset_duration("99h"), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_reset_duration("soon"), None);
        assert_eq!(parse_reset_duration(""), None);
    }

    #[test]
    fn headers_take_the_longest_wait() {
        let mut h = HeaderMap::new();
        h.insert("retry-after-ms", "1500".parse().unwrap());
        h.insert("retry-after", "1".parse().unwrap());
        h.insert("x-ratelimit-reset-tokens", "6m0s".parse().unwrap());
        assert_eq!(
            retry_after(&h, SystemTime::now()),
            Some(Duration::from_secs(360))
        );
        h.remove("x-ratelimit-reset-tokens");
        assert_eq!(
            retry_after(&h, SystemTime::now()),
            Some(Duration::from_millis(1500))
        );
    }
}
