//! Client configuration: where zones are looked up (and whether plain http is allowed), timeouts,
//! concurrency and retry budgets.

use std::time::Duration;

/// The global zone-lookup endpoint; any tenant's username resolves here (reference §1.1).
pub const DEFAULT_ZONE_LOOKUP_URL: &str =
    "https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation";

/// Settings shared by every tenant the process talks to.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Full URL of `zoneInformation`; tests and the demo point this at the simulator.
    pub zone_lookup_url: String,
    /// Accept `http://` for the zone lookup and the zones it returns. Credentials travel in
    /// headers, so only the demo tenant and tests (a simulator on loopback) may turn this on.
    pub allow_insecure_http: bool,
    /// Upper bound for one HTTP exchange (connect + response body).
    pub request_timeout: Duration,
    /// Autotask allows 3 concurrent requests per (tracking identifier, entity); a 4th is rejected.
    pub max_in_flight_per_entity: usize,
    /// How 429s are retried.
    pub retry: RetryPolicy,
    /// How long to pause a tenant after an hourly-threshold 429 that carries no `Retry-After`
    /// (the reference suggests about a minute).
    pub hourly_pause_default: Duration,
    /// Picklists rarely change; this bounds how stale a cached list may get.
    pub picklist_ttl: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            zone_lookup_url: DEFAULT_ZONE_LOOKUP_URL.to_owned(),
            allow_insecure_http: false,
            request_timeout: Duration::from_secs(60),
            max_in_flight_per_entity: 3,
            retry: RetryPolicy::default(),
            hourly_pause_default: Duration::from_secs(60),
            picklist_ttl: Duration::from_secs(15 * 60),
        }
    }
}

/// Bounded, jittered exponential backoff for throttled (429) requests.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// First backoff step when the server gave no `Retry-After`.
    pub base_delay: Duration,
    /// No single wait is longer than this (unless an hourly pause is being honoured).
    pub max_delay: Duration,
    /// Total time one logical request may spend waiting before the error is returned to the caller.
    pub total_budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 8,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            total_budget: Duration::from_secs(5 * 60),
        }
    }
}
