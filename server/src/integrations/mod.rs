//! Connecting an MSP's Autotask: the credential wizard, company-type import with an agent per
//! client, and the webhook card. Webhook intake opens the secrets sealed here (`secrets`).

pub mod import;
pub mod secrets;
mod service;
pub mod views;
pub mod wizard;

pub use import::Importer;
pub use service::Integrations;

use crate::autotask::{AutotaskClient, ClientConfig};
use std::time::Duration;

/// The process's one Autotask client, shared by the wizard, imports and the pipeline so the
/// 3-in-flight limit per (tracking identifier, entity) holds across all of them. An admin
/// waiting on a save should hear about a slow or throttled Autotask within a minute, not
/// after the default five-minute retry budget; the pipeline shortens it further per handle.
pub fn autotask_client(zone_lookup_url: &str) -> AutotaskClient {
    let mut config = ClientConfig {
        zone_lookup_url: zone_lookup_url.to_string(),
        ..ClientConfig::default()
    };
    config.request_timeout = Duration::from_secs(20);
    config.retry.total_budget = Duration::from_secs(60);
    AutotaskClient::new(reqwest::Client::new(), config)
}
