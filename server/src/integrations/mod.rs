//! Connecting an MSP's Autotask: the credential wizard, company-type import with an agent per
//! client, and the webhook card. Webhook intake opens the secrets sealed here (`secrets`).

mod budget_view;
pub mod governor;
pub mod import;
mod reveals;
pub mod secrets;
mod service;
pub mod tenants;
pub mod views;
pub mod webhooks;
pub mod wizard;

pub use import::Importer;
pub use service::Integrations;
pub use tenants::{Purpose, TenantError, Tenants};
pub use webhooks::WebhookRegistrar;

use crate::autotask::{AutotaskClient, ClientConfig};
use std::time::Duration;

/// The process's one Autotask client, shared (through `Tenants`) by the wizard, imports and the
/// pipeline so the 3-in-flight limit per (tracking identifier, entity) holds across all of
/// them. Its one-minute retry budget is what background work gets; interactive work shortens
/// it per handle (see `tenants::Purpose`).
/// `allow_insecure_http` is the settings' switch for a local simulator (demo, tests);
/// `max_in_flight` this replica's share of the limit (`autotask_max_in_flight`: with several
/// replicas each gets a part of Autotask's 3, since the limiter is per process).
pub fn autotask_client(
    zone_lookup_url: &str,
    allow_insecure_http: bool,
    max_in_flight: usize,
) -> AutotaskClient {
    let mut config = ClientConfig {
        zone_lookup_url: zone_lookup_url.to_string(),
        allow_insecure_http,
        max_in_flight_per_entity: max_in_flight,
        ..ClientConfig::default()
    };
    config.request_timeout = Duration::from_secs(20);
    config.retry.total_budget = Duration::from_secs(60);
    AutotaskClient::new(config)
}
