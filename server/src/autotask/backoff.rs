//! `Retry-After` parsing and jittered exponential backoff for throttled requests.

use std::time::{Duration, SystemTime};

use rand::Rng;

use super::config::RetryPolicy;

/// `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); Autotask may send
/// either. A date in the past means "now". Unparseable values are ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        if seconds.is_finite() && seconds >= 0.0 {
            return Some(Duration::from_secs_f64(seconds));
        }
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The un-jittered delay for retry number `attempt` (0-based): base·2^attempt, capped.
pub fn exponential_delay(policy: &RetryPolicy, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.min(20));
    policy
        .base_delay
        .saturating_mul(factor)
        .min(policy.max_delay)
}

/// "Equal jitter": half the step is fixed so retries still spread out, half is random so several
/// workers rejected together do not come back in lockstep.
pub fn jittered_delay(policy: &RetryPolicy, attempt: u32) -> Duration {
    let step = exponential_delay(policy, attempt);
    let half = step / 2;
    let spread = step.saturating_sub(half);
    let extra = if spread.is_zero() {
        Duration::ZERO
    } else {
        spread.mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
    };
    half + extra
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(90))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn backoff_grows_caps_and_jitters_within_bounds() {
        let policy = RetryPolicy {
            max_retries: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            total_budget: Duration::from_secs(10),
        };
        assert_eq!(exponential_delay(&policy, 0), Duration::from_millis(100));
        assert_eq!(exponential_delay(&policy, 3), Duration::from_millis(800));
        assert_eq!(exponential_delay(&policy, 9), Duration::from_secs(2));
        assert_eq!(exponential_delay(&policy, u32::MAX), Duration::from_secs(2));
        for attempt in 0..8 {
            let step = exponential_delay(&policy, attempt);
            for _ in 0..50 {
                let d = jittered_delay(&policy, attempt);
                assert!(
                    d >= step / 2 && d <= step,
                    "{d:?} outside [{:?}, {step:?}]",
                    step / 2
                );
            }
        }
    }
}
