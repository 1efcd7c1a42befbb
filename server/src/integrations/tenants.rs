//! `Tenants`: the one place a `TenantClient` is made, for the wizard, imports, the pipeline and
//! the tool gateway. Cached per integration (the secret is opened once per credential change)
//! and handed out per `Purpose`, so a long import cannot starve an agent's tool call.

use super::secrets::open_api_secret;
use crate::autotask::{AutotaskClient, Credentials, Lane, TenantClient};
use crate::crypto::{Cipher, CryptoError};
use crate::store::{IntegrationRecord, Millis};
use app::ids::IntegrationId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Someone is waiting on the answer (or, for the worker, will retry later with its own
/// backoff instead of holding its lease while Autotask throttles): give up 429 retries soon.
const INTERACTIVE_RETRY_BUDGET: Duration = Duration::from_secs(15);

/// What a tenant client is for; it decides the retry budget and the share of Autotask's
/// 3-per-endpoint slots the calls may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The wizard, a wake, an agent's tool call: a short retry budget, and one slot per
    /// endpoint that background work never takes, so these calls never queue behind it.
    Interactive,
    /// Imports and backfills: may wait (the client's configured retry budget) and hold at most
    /// all but one of an endpoint's slots.
    Background,
}

#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error("the stored Autotask secret cannot be opened: {0}")]
    Secret(#[from] CryptoError),
}

/// Cheap to clone; every clone shares the cache and the process's one `AutotaskClient` (whose
/// limiter holds the per-endpoint slots across all purposes).
#[derive(Clone)]
pub struct Tenants {
    client: AutotaskClient,
    cipher: Cipher,
    /// Keyed by integration id; `updated_at` tells whether the row changed since.
    cached: Arc<Mutex<HashMap<IntegrationId, (Millis, TenantClient)>>>,
    /// Paces background work against the tenant's hourly budget (interactive work never waits).
    governor: super::governor::Governor,
}

impl Tenants {
    pub fn new(client: AutotaskClient, cipher: Cipher) -> Self {
        Self {
            client,
            cipher,
            cached: Arc::default(),
            governor: super::governor::Governor::default(),
        }
    }

    /// The budget governor background work asks before each page.
    pub fn governor(&self) -> &super::governor::Governor {
        &self.governor
    }

    /// The same registry with another governor (tests shorten its waits).
    pub fn with_governor(mut self, governor: super::governor::Governor) -> Self {
        self.governor = governor;
        self
    }

    /// The shared client, for what needs no credentials (zone lookups).
    pub fn client(&self) -> &AutotaskClient {
        &self.client
    }

    /// The client of a stored integration, for `purpose`.
    pub fn tenant(
        &self,
        record: &IntegrationRecord,
        purpose: Purpose,
    ) -> Result<TenantClient, TenantError> {
        Ok(self.for_purpose(&self.cached(record)?, purpose))
    }

    /// A client for credentials not stored yet: the wizard checks them before saving.
    pub fn unsaved(&self, credentials: Credentials) -> TenantClient {
        self.for_purpose(&self.client.tenant(credentials), Purpose::Interactive)
    }

    fn cached(&self, record: &IntegrationRecord) -> Result<TenantClient, TenantError> {
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, tenant)) = cached.get(&record.id) {
            if *at == record.updated_at {
                return Ok(tenant.clone());
            }
        }
        let secret = open_api_secret(&self.cipher, record)?;
        let tenant = self.client.tenant(Credentials::new(
            &record.username,
            secret.as_str(),
            &record.tracking_id,
        ));
        cached.insert(record.id, (record.updated_at, tenant.clone()));
        Ok(tenant)
    }

    fn for_purpose(&self, tenant: &TenantClient, purpose: Purpose) -> TenantClient {
        match purpose {
            Purpose::Interactive => tenant
                .in_lane(Lane::Interactive)
                .with_retry_budget(INTERACTIVE_RETRY_BUDGET),
            Purpose::Background => tenant
                .in_lane(Lane::Background)
                .with_retry_budget(self.client.config().retry.total_budget),
        }
    }
}
