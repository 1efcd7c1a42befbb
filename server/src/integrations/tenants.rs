//! `Tenants`: the one place a `TenantClient` is made, for the wizard, imports, the pipeline and
//! the tool gateway. Cached per integration (the secret is opened once per credential change)
//! and handed out per `Purpose`, so a long import cannot starve an agent's tool call; each
//! handle counts its requests under the purpose's label (the budget panel and `/metrics`).

use super::secrets::open_api_secret;
use crate::autotask::{AutotaskClient, Credentials, Lane, TenantClient};
use crate::crypto::{Cipher, CryptoError};
use crate::metrics::Metrics;
use crate::store::{IntegrationRecord, Millis};
use app::ids::IntegrationId;
use app::states::RequestPurpose;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Someone is waiting on the answer (or, for the worker, will retry later with its own
/// backoff instead of holding its lease while Autotask throttles): give up 429 retries soon.
const INTERACTIVE_RETRY_BUDGET: Duration = Duration::from_secs(15);

/// Counter of Autotask requests since start, labelled by `purpose` (a [`RequestPurpose`]).
pub const REQUESTS: &str = "relay_autotask_requests_total";

/// What a tenant client is for: it decides the retry budget, the share of Autotask's
/// 3-per-endpoint slots the calls may take (interactive work keeps one slot per endpoint that
/// background work never takes) and the label its requests are counted under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Interactive work not labelled more precisely (counted as "other").
    Interactive,
    /// Background work not labelled more precisely (counted as "other").
    Background,
    /// The wizard and the integration page: an admin is waiting (interactive).
    Wizard,
    /// A company import (background).
    Import,
    /// The webhook pipeline waking an agent (interactive).
    Pipeline,
    /// An agent's tool calls (interactive).
    Agent,
    /// Catching up on what webhooks missed (background).
    Backfill,
    /// A caller on the line: look-ups during a voice call (interactive).
    VoiceCall,
    /// Voice work nobody waits on: the contact index, after-call tickets (background).
    VoiceSync,
    /// The periodic webhook and budget checks (background).
    Checks,
}

impl Purpose {
    /// Whether the calls may wait behind the tenant's other work.
    pub fn is_background(self) -> bool {
        matches!(
            self,
            Purpose::Background
                | Purpose::Import
                | Purpose::Backfill
                | Purpose::VoiceSync
                | Purpose::Checks
        )
    }

    /// The label the requests are counted under.
    pub fn label(self) -> RequestPurpose {
        match self {
            Purpose::Interactive | Purpose::Background => RequestPurpose::Other,
            Purpose::Wizard => RequestPurpose::Wizard,
            Purpose::Import => RequestPurpose::Import,
            Purpose::Pipeline => RequestPurpose::Pipeline,
            Purpose::Agent => RequestPurpose::Agent,
            Purpose::Backfill => RequestPurpose::Backfill,
            Purpose::VoiceCall | Purpose::VoiceSync => RequestPurpose::Voice,
            Purpose::Checks => RequestPurpose::Checks,
        }
    }
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
    /// Where each request is counted by purpose (`/metrics`).
    metrics: Metrics,
}

impl Tenants {
    pub fn new(client: AutotaskClient, cipher: Cipher) -> Self {
        Self {
            client,
            cipher,
            cached: Arc::default(),
            governor: super::governor::Governor::default(),
            metrics: Metrics::default(),
        }
    }

    /// The same registry counting requests by purpose in `metrics` (the process's registry).
    pub fn counting_into(mut self, metrics: Metrics) -> Self {
        metrics.describe(
            REQUESTS,
            "Autotask requests sent, by purpose (wizard, import, pipeline, agent, backfill, voice, checks, other).",
        );
        self.metrics = metrics;
        self
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
        self.for_purpose(&self.client.tenant(credentials), Purpose::Wizard)
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
        let label = purpose.label().as_str();
        let total = self.metrics.counter(REQUESTS, &[("purpose", label)]);
        let tenant = tenant.labelled(label, Some(total));
        if purpose.is_background() {
            tenant
                .in_lane(Lane::Background)
                .with_retry_budget(self.client.config().retry.total_budget)
        } else {
            tenant
                .in_lane(Lane::Interactive)
                .with_retry_budget(INTERACTIVE_RETRY_BUDGET)
        }
    }
}
