//! Simulator settings: tenant size, bind address, Autotask's limits, the fake credentials it
//! accepts and webhook delivery timing (shrinkable for tests).

use serde::Serialize;
use std::net::SocketAddr;
use std::time::Duration;

/// Credentials the simulated tenant accepts. They are deliberately fake and printed for the demo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoCredentials {
    pub username: String,
    pub secret: String,
    pub tracking_id: String,
}

impl Default for DemoCredentials {
    fn default() -> Self {
        DemoCredentials {
            username: "relay-api@demo-msp.example".into(),
            secret: "demo-secret-not-real".into(),
            tracking_id: "DEMOTRACKINGIDENTIFIER00001".into(),
        }
    }
}

/// Webhook delivery timing; Autotask's values are the defaults (reference §10.7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookTiming {
    pub attempt_timeout: Duration,
    pub retry_delay: Duration,
    pub max_attempts: u32,
    pub deactivate_after: u32,
}

impl Default for WebhookTiming {
    fn default() -> Self {
        WebhookTiming {
            attempt_timeout: Duration::from_secs(10),
            retry_delay: Duration::from_secs(30),
            max_attempts: 5,
            deactivate_after: 25,
        }
    }
}

#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Generated companies beyond the hand-written seed; 0 gives the small demo tenant.
    pub companies: usize,
    pub contacts_per_company: usize,
    /// `127.0.0.1:0` in tests.
    pub bind: SocketAddr,
    /// Concurrent requests per (integration code, entity).
    pub thread_limit: usize,
    /// Requests per rolling hour for the whole tenant.
    pub hourly_limit: u64,
    pub credentials: DemoCredentials,
    /// Further integration codes accepted with the same user (several integrations on one tenant).
    pub extra_tracking_ids: Vec<String>,
    pub webhooks: WebhookTiming,
    /// Seed for generated companies and contacts, so benchmark tenants are reproducible.
    pub seed: u64,
    /// Autotask slows calls by 0.5 s above 50 % and 1 s above 75 % of the hourly threshold.
    pub progressive_latency: bool,
    pub zone_name: String,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            companies: 0,
            contacts_per_company: 3,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            thread_limit: 3,
            hourly_limit: 10_000,
            credentials: DemoCredentials::default(),
            extra_tracking_ids: Vec::new(),
            webhooks: WebhookTiming::default(),
            seed: 0x5EED_0A7A,
            progressive_latency: false,
            zone_name: "Simulated Zone (America West)".into(),
        }
    }
}
