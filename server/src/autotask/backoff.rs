//! `Retry-After` parsing and jittered exponential backoff for throttled requests.

use std::time::{Duration, SystemTime};

use rand::Rng;

use super::config::RetryPolicy;

/// The longest wait any `Retry-After` can ask for. Autotask's hourly threshold resets within
/// the hour, so a longer value is a bug or an attack; honouring it (or overflowing on it, as
/// `1e20` seconds would) must not stall or crash the caller.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); Autotask may send
/// either. A date in the past means "now"; anything longer than [`MAX_RETRY_AFTER`] is cut to
/// it. Unparseable, negative or non-finite values are ignored. Never panics.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        // Clamped before converting: `from_secs_f64` panics above u64::MAX seconds.
        if seconds.is_finite() && seconds >= 0.0 {
            let capped = seconds.min(MAX_RETRY_AFTER.as_secs_f64());
            return Some(Duration::try_from_secs_f64(capped).unwrap_or(MAX_RETRY_AFTER));
        }
        return None;
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(now)
            .unwrap_or(Duration::ZERO)
            .min(MAX_RETRY_AFTER),
    )
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
    fn hostile_retry_after_values_are_clamped_or_ignored_never_panic() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let hour = Some(MAX_RETRY_AFTER);
        assert_eq!(MAX_RETRY_AFTER, Duration::from_secs(3600));
        for (value, expected) in [
            ("1e20", hour),
            ("1E308", hour),
            ("18446744073709551615", hour), // u64::MAX
            ("18446744073709551616", hour), // one more: only f64 parses it
            ("99999999999999999999999999999", hour),
            ("3601", hour),
            ("3600", hour),
            ("3599.5", Some(Duration::from_millis(3_599_500))),
            ("NaN", None),
            ("nan", None),
            ("inf", None),
            ("-inf", None),
            ("-5", None),
            ("-0.5", None),
            ("-18446744073709551615", None),
            ("", None),
            ("   ", None),
            ("0x10", None),
            ("12 s", None),
            ("\u{0}", None),
            ("Tue, 32 Foo 1994 25:61:61 GMT", None),
        ] {
            assert_eq!(parse_retry_after(value, now), expected, "{value:?}");
        }
        let far_future = SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_799); // 9999-12-31
        assert_eq!(
            parse_retry_after(&httpdate::fmt_http_date(far_future), now),
            hour
        );
        let far_past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
        assert_eq!(parse_retry_after(&far_past, now), Some(Duration::ZERO));
        // Every clamped value can be added to an Instant without overflowing.
        for value in ["1e20", "18446744073709551615"] {
            let wait = parse_retry_after(value, now).unwrap();
            assert!(std::time::Instant::now().checked_add(wait).is_some());
        }
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
