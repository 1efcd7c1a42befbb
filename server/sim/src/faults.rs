//! Fault injection settings (latency, forced 429s, intermittent 500s, hangs, zone lookup down,
//! 404 for missing items), settable in process and through `/_sim/faults`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Faults {
    /// Added to every authenticated API request.
    pub latency_ms: u64,
    /// Answer the next N requests with the thread-threshold 429.
    pub thread_limit_next: u32,
    /// Answer the next N requests with the hourly-threshold 429 and `Retry-After`.
    pub hourly_limit_next: u32,
    /// Keep answering with the hourly-threshold 429 until cleared.
    pub hourly_limit_all: bool,
    pub retry_after_secs: u64,
    /// Send `Retry-After` as an HTTP date instead of seconds.
    pub retry_after_as_date: bool,
    /// Send exactly this `Retry-After` text instead (hostile values such as `1e20` or `NaN`).
    pub retry_after_raw: Option<String>,
    /// Fraction (0..=1) of requests answering 500.
    pub error_rate: f64,
    /// Answer the next N requests with 500.
    pub error_next: u32,
    /// Hang the next N requests for `hang_ms` (longer than a client's timeout).
    pub hang_next: u32,
    pub hang_all: bool,
    pub hang_ms: u64,
    /// zoneInformation answers 503.
    pub zone_down: bool,
    /// Missing records answer 404 instead of `200 {"item": null}`.
    pub missing_item_404: bool,
    /// Restrict the request faults above to one entity (URL name, any case).
    pub entity: Option<String>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            thread_limit_next: 0,
            hourly_limit_next: 0,
            hourly_limit_all: false,
            retry_after_secs: 1,
            retry_after_as_date: false,
            retry_after_raw: None,
            error_rate: 0.0,
            error_next: 0,
            hang_next: 0,
            hang_all: false,
            hang_ms: 120_000,
            zone_down: false,
            missing_item_404: false,
            entity: None,
        }
    }
}

/// What the request gate should do, decided once per request under the faults lock.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    pub thread_limit: bool,
    pub hourly_retry_after: Option<String>,
    pub error: bool,
    pub hang_ms: Option<u64>,
    pub latency_ms: u64,
}

impl Faults {
    /// Consumes one-shot counters for a request to `entity`.
    pub fn verdict(&mut self, entity: &str) -> Verdict {
        if self
            .entity
            .as_deref()
            .is_some_and(|only| !only.eq_ignore_ascii_case(entity))
        {
            return Verdict::default();
        }
        let mut v = Verdict {
            latency_ms: self.latency_ms,
            ..Verdict::default()
        };
        if take(&mut self.thread_limit_next) {
            v.thread_limit = true;
        }
        if self.hourly_limit_all || take(&mut self.hourly_limit_next) {
            v.hourly_retry_after = Some(self.retry_after());
        }
        if take(&mut self.error_next)
            || (self.error_rate > 0.0 && rand::random::<f64>() < self.error_rate)
        {
            v.error = true;
        }
        if self.hang_all || take(&mut self.hang_next) {
            v.hang_ms = Some(self.hang_ms);
        }
        v
    }

    fn retry_after(&self) -> String {
        if let Some(raw) = &self.retry_after_raw {
            return raw.clone();
        }
        let secs = self.retry_after_secs.max(1);
        if !self.retry_after_as_date {
            return secs.to_string();
        }
        // HTTP dates have whole seconds; round up so the date is never earlier than promised.
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            + std::time::Duration::from_secs(secs);
        let whole = since.as_secs() + u64::from(since.subsec_nanos() > 0);
        httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(whole))
    }
}

fn take(counter: &mut u32) -> bool {
    if *counter > 0 {
        *counter -= 1;
        true
    } else {
        false
    }
}
