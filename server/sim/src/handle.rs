//! `SimHandle`: the running simulator's address, credentials and in-process mirrors of the
//! control API. Cloneable; the server stops when the last clone is dropped or on `shutdown()`.

use super::config::DemoCredentials;
use super::control::{self, NoteView, Person};
use super::error::ApiError;
use super::faults::Faults;
use super::limits::Stats;
use super::state::SimState;
use super::webhooks::{self, DeliveryRecord};
use serde_json::{Map, Value};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio::sync::watch;

/// A rejected control action, with Autotask's status and messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("simulator rejected the action ({status}): {}", messages.join("; "))]
pub struct SimError {
    pub status: u16,
    pub messages: Vec<String>,
}

impl From<ApiError> for SimError {
    fn from(e: ApiError) -> Self {
        SimError {
            status: e.status.as_u16(),
            messages: e.messages,
        }
    }
}

struct Running {
    sim: Arc<SimState>,
    stop: watch::Sender<bool>,
    addr: SocketAddr,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

#[derive(Clone)]
pub struct SimHandle {
    inner: Arc<Running>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("addr", &self.inner.addr)
            .finish()
    }
}

fn fields(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl SimHandle {
    pub(super) fn new(sim: Arc<SimState>, stop: watch::Sender<bool>, addr: SocketAddr) -> Self {
        SimHandle {
            inner: Arc::new(Running { sim, stop, addr }),
        }
    }

    fn sim(&self) -> &Arc<SimState> {
        &self.inner.sim
    }

    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        self.sim().base_url.clone()
    }

    /// The REST base zoneInformation reports: `base_url()/ATServicesRest/`.
    pub fn rest_base(&self) -> String {
        self.sim().rest_base()
    }

    pub fn zone_lookup_url(&self) -> String {
        format!("{}/atservicesrest/v1.0/zoneInformation", self.base_url())
    }

    pub fn demo_credentials(&self) -> DemoCredentials {
        self.sim().cfg.credentials.clone()
    }

    /// Authenticated API requests served (zoneInformation excluded), throttled ones included.
    pub fn request_count(&self) -> u64 {
        self.sim().counters.requests.load(Ordering::Relaxed)
    }

    pub fn reset_request_count(&self) {
        self.sim().counters.requests.store(0, Ordering::Relaxed);
    }

    pub fn api_user_resource_id(&self) -> i64 {
        self.sim().tenant().api_user_id
    }

    pub fn stats(&self) -> Stats {
        Stats::collect(&self.sim().counters, &self.sim().limits)
    }

    /// Requests the tenant's other integrations made this hour: ThresholdInformation reports
    /// them on top of the simulator's own count.
    pub fn set_other_usage(&self, requests: u64) {
        self.sim()
            .limits
            .other_usage
            .store(requests, Ordering::Relaxed);
    }

    /// Clears all counters, the rolling-hour window and the in-flight peaks.
    pub fn reset_stats(&self) {
        self.sim().counters.reset();
        self.sim().limits.reset();
    }

    /// Highest number of simultaneous requests attempted against one entity (URL name, any case).
    pub fn peak_in_flight(&self, entity: &str) -> usize {
        *self
            .sim()
            .limits
            .peaks()
            .get(&entity.to_ascii_lowercase())
            .unwrap_or(&0)
    }

    pub fn faults(&self) -> Faults {
        self.sim().faults().clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.sim().faults() = faults;
    }

    pub fn clear_faults(&self) {
        self.set_faults(Faults::default());
    }

    /// Creates a ticket as a resource or a contact; `fields` are Autotask ticket fields (status,
    /// priority and queue default sensibly). Fires webhooks.
    pub fn create_ticket(&self, fields_json: Value, by: Person) -> Result<i64, SimError> {
        Ok(control::create_ticket(self.sim(), fields(fields_json), by)?)
    }

    /// Changes ticket fields as a resource or a contact. Fires webhooks.
    pub fn update_ticket(&self, id: i64, fields_json: Value, by: Person) -> Result<(), SimError> {
        control::update_ticket(self.sim(), id, fields(fields_json), by)?;
        Ok(())
    }

    /// Adds a note (`description`, optional `title`, `publish`, `noteType`). Fires webhooks.
    pub fn create_note(
        &self,
        ticket_id: i64,
        fields_json: Value,
        by: Person,
    ) -> Result<i64, SimError> {
        Ok(control::create_note(
            self.sim(),
            ticket_id,
            fields(fields_json),
            by,
        )?)
    }

    /// Every note on a ticket with its `publish` value and creator.
    pub fn notes(&self, ticket_id: i64) -> Vec<NoteView> {
        control::notes(self.sim(), ticket_id)
    }

    /// A stored record by entity URL name (e.g. "Tickets"), unfiltered.
    pub fn record(&self, entity: &str, id: i64) -> Option<Value> {
        control::record(self.sim(), entity, id)
    }

    /// Every stored record of an entity by URL name (e.g. "TicketWebhooks"), unfiltered.
    pub fn records(&self, entity: &str) -> Vec<Value> {
        control::records(self.sim(), entity)
    }

    /// Deletes a record behind the API's back, as a person editing Autotask would.
    pub fn remove_record(&self, entity: &str, id: i64) -> bool {
        control::remove_record(self.sim(), entity, id)
    }

    /// Deactivates a webhook as Autotask does after 25 failures and calls its deactivation URL.
    pub fn deactivate_webhook(&self, entity: &str, id: i64) -> bool {
        control::deactivate_webhook(self.sim(), entity, id)
    }

    /// Sends Autotask's readiness GET to `url`.
    pub async fn send_readiness(&self, url: &str) -> Result<u16, String> {
        webhooks::send_readiness(self.sim(), url).await
    }

    /// Every webhook HTTP attempt so far (events, deactivation notices, readiness GETs).
    pub fn deliveries(&self) -> Vec<DeliveryRecord> {
        self.sim().hooks.log()
    }

    pub fn clear_deliveries(&self) {
        self.sim().hooks.clear_log();
    }

    /// Stops the server now (other clones become inert).
    pub fn shutdown(&self) {
        let _ = self.inner.stop.send(true);
    }
}
