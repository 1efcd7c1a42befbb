//! The process-wide `AutotaskClient` and the per-integration `TenantClient` bound to credentials.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::config::ClientConfig;
use super::credentials::Credentials;
use super::errors::AutotaskError;
use super::limiter::{Lane, Limiter};
use super::picklists::PicklistCache;
use super::resource_id::ResourceIdCache;
use super::zone::{self, Zone, ZoneCache, ZoneInformation};

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) config: ClientConfig,
    pub(crate) zones: ZoneCache,
    pub(crate) limiter: Limiter,
    pub(crate) picklists: PicklistCache,
    pub(crate) resource_ids: ResourceIdCache,
}

/// Shared by the whole process (cheap to clone): holds the HTTP pool, the zone and picklist
/// caches, and the limits that must be global to mean anything.
#[derive(Clone)]
pub struct AutotaskClient {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for AutotaskClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AutotaskClient")
            .field("zone_lookup_url", &self.inner.config.zone_lookup_url)
            .finish_non_exhaustive()
    }
}

impl AutotaskClient {
    /// Builds the HTTP pool too, so no caller can hand in one that follows redirects: reqwest's
    /// default policy would carry the `Secret`, `UserName` and `ApiIntegrationCode` headers to
    /// whatever host a `Location` names. A 3xx comes back as [`AutotaskError::Redirected`].
    pub fn new(config: ClientConfig) -> Self {
        // Fails only when the TLS backend cannot initialise, where `reqwest::Client::new`
        // panics as well; there is no useful way to run without it.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client's TLS backend initialises");
        let limiter = Limiter::new(config.max_in_flight_per_entity);
        Self {
            inner: Arc::new(Inner {
                http,
                config,
                zones: ZoneCache::default(),
                limiter,
                picklists: PicklistCache::default(),
                resource_ids: ResourceIdCache::default(),
            }),
        }
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// A handle that calls Autotask as one integration.
    pub fn tenant(&self, credentials: Credentials) -> TenantClient {
        TenantClient {
            client: self.clone(),
            credentials: Arc::new(credentials),
            impersonate: None,
            retry_budget: None,
            lane: Lane::Interactive,
            counter: None,
            purpose: UNLABELLED,
            purpose_total: None,
        }
    }

    /// The zone for `username`, from the cache or `zoneInformation`.
    pub async fn resolve_zone(&self, username: &str) -> Result<Zone, AutotaskError> {
        Ok(self.zone_for(username).await?.0)
    }

    /// Seeds the cache with a zone stored earlier (e.g. in the database), saving a lookup.
    pub async fn remember_zone(
        &self,
        username: &str,
        info: ZoneInformation,
    ) -> Result<Zone, AutotaskError> {
        let zone = Zone::from_info(info)?;
        zone::require_https(&zone.api_base, self.inner.config.allow_insecure_http)?;
        self.inner.zones.set(username, zone.clone()).await;
        Ok(zone)
    }

    /// The cached zone, without any network call.
    pub async fn cached_zone(&self, username: &str) -> Option<Zone> {
        self.inner.zones.peek(username).await
    }

    /// Requests sent to Autotask for this tracking identifier in the last 60 minutes
    /// (zone lookups excluded: Autotask does not count them).
    pub fn requests_last_hour(&self, tracking_id: &str) -> u64 {
        self.inner.limiter.requests_last_hour(tracking_id)
    }

    /// How long requests for this tracking identifier stay paused after an hourly-threshold 429.
    pub fn paused_for(&self, tracking_id: &str) -> Option<Duration> {
        self.inner
            .limiter
            .pause_remaining(tracking_id)
            .map(|(left, _)| left)
    }

    pub(crate) async fn zone_for(&self, username: &str) -> Result<(Zone, bool), AutotaskError> {
        let inner = &self.inner;
        inner
            .zones
            .get_or_resolve(username, || {
                zone::lookup(&inner.http, &inner.config, username)
            })
            .await
    }
}

/// The client bound to one integration's credentials; cheap to clone and `Send`.
#[derive(Clone)]
pub struct TenantClient {
    pub(crate) client: AutotaskClient,
    pub(crate) credentials: Arc<Credentials>,
    pub(crate) impersonate: Option<i64>,
    /// Overrides `ClientConfig.retry.total_budget` for calls through this handle.
    pub(crate) retry_budget: Option<Duration>,
    /// Which share of the per-endpoint slots calls through this handle may take.
    pub(crate) lane: Lane,
    /// Counts this handle's requests when set (see [`TenantClient::counted`]).
    pub(crate) counter: Option<super::raw::RequestCounter>,
    /// What this handle's requests are for, in the rolling-hour count per purpose.
    pub(crate) purpose: &'static str,
    /// The process-wide total of that purpose (the `/metrics` counter), when set.
    pub(crate) purpose_total: Option<crate::metrics::Counter>,
}

/// The purpose label of a handle nobody labelled.
pub const UNLABELLED: &str = "other";

impl fmt::Debug for TenantClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials' Debug already masks the secret; listing fields keeps it explicit.
        f.debug_struct("TenantClient")
            .field("username", &self.credentials.username)
            .field("tracking_id", &self.credentials.tracking_id)
            .field("impersonate", &self.impersonate)
            .finish_non_exhaustive()
    }
}

impl TenantClient {
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn client(&self) -> &AutotaskClient {
        &self.client
    }

    /// Writes through the returned handle carry `ImpersonationResourceId` (reads ignore it).
    pub fn impersonating(&self, resource_id: i64) -> Self {
        Self {
            impersonate: Some(resource_id),
            ..self.clone()
        }
    }

    /// A handle whose calls give up retrying 429s after `budget`, sharing the process-wide
    /// limiter and caches: a background worker that retries later on its own prefers a short
    /// budget, an admin waiting on a page a longer one.
    pub fn with_retry_budget(&self, budget: Duration) -> Self {
        Self {
            retry_budget: Some(budget),
            ..self.clone()
        }
    }

    /// A handle whose calls queue in `lane`: background work never holds the last of an
    /// endpoint's slots, so interactive work is not stuck behind it.
    pub fn in_lane(&self, lane: Lane) -> Self {
        Self {
            lane,
            ..self.clone()
        }
    }

    /// A handle whose requests are counted under `purpose` (and added to `total`, when given).
    pub fn labelled(&self, purpose: &'static str, total: Option<crate::metrics::Counter>) -> Self {
        Self {
            purpose,
            purpose_total: total,
            ..self.clone()
        }
    }

    /// This integration's requests of the last 60 minutes per purpose label (all handles).
    pub fn requests_last_hour_by_purpose(&self) -> Vec<(&'static str, u64)> {
        self.client
            .inner
            .limiter
            .requests_last_hour_by_purpose(&self.credentials.tracking_id)
    }

    /// The zone this integration talks to (resolving it if needed).
    pub async fn zone(&self) -> Result<Zone, AutotaskError> {
        self.client.resolve_zone(&self.credentials.username).await
    }

    pub fn requests_last_hour(&self) -> u64 {
        self.client
            .requests_last_hour(&self.credentials.tracking_id)
    }

    pub fn paused_for(&self) -> Option<Duration> {
        self.client.paused_for(&self.credentials.tracking_id)
    }
}
