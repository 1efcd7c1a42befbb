//! The narrow storage interface and its records; SQLite and PostgreSQL implement it alike.

mod error;
mod event_models;
mod event_sql;
mod import_models;
mod import_sql;
mod integration_models;
mod integration_sql;
mod models;
mod ops;
pub mod postgres;
mod slug;
mod sql;
pub mod sqlite;

pub use error::StoreError;
pub use event_models::*;
pub use import_models::*;
pub use integration_models::*;
pub use models::*;

use std::sync::Arc;

/// Times are Unix milliseconds (UTC) everywhere in storage: one representation, both databases.
pub type Millis = i64;

#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;
    /// A cheap round trip, for `/healthz`.
    async fn ping(&self) -> Result<(), StoreError>;

    // --- tenancy and sign-in -------------------------------------------------------------
    async fn count_users(&self) -> Result<i64, StoreError>;
    /// Creates the MSP and its first admin in one transaction. Fails with
    /// `StoreError::Conflict` once any admin exists, even under concurrent first visits.
    async fn create_msp_with_admin(&self, new: NewMspAdmin) -> Result<UserRecord, StoreError>;
    /// `email` is compared case-insensitively (stored lower-cased).
    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError>;
    async fn list_users(&self, msp_id: i64) -> Result<Vec<UserRecord>, StoreError>;
    async fn msp(&self, msp_id: i64) -> Result<Option<MspRecord>, StoreError>;

    async fn create_session(&self, session: NewSession) -> Result<(), StoreError>;
    /// The user behind an unexpired session, with the MSP name.
    async fn session_user(
        &self,
        token_hash: &str,
        now: Millis,
    ) -> Result<Option<SessionUser>, StoreError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    async fn delete_expired_sessions(&self, now: Millis) -> Result<u64, StoreError>;

    /// Failed sign-ins, keyed by a scope such as `acct:<email>` or `ip:<addr>`.
    async fn record_sign_in_failure(&self, scope: &str, at: Millis) -> Result<(), StoreError>;
    async fn count_sign_in_failures(&self, scope: &str, since: Millis) -> Result<i64, StoreError>;
    async fn clear_sign_in_failures(&self, scope: &str) -> Result<(), StoreError>;
    /// Housekeeping: forgets failures older than `before` (every scope); returns how many.
    async fn prune_sign_in_failures(&self, before: Millis) -> Result<u64, StoreError>;

    // --- clients and activity ------------------------------------------------------------
    /// Clients of one MSP, ordered by name, filtered by a case-insensitive substring of
    /// name, slug or Autotask id; returns the page and the total matching.
    async fn list_clients(
        &self,
        msp_id: i64,
        search: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ClientRecord>, i64), StoreError>;
    /// The client of this MSP whose Autotask company id is `autotask_id` (an indexed lookup).
    async fn client_by_autotask_id(
        &self,
        msp_id: i64,
        autotask_id: &str,
    ) -> Result<Option<ClientRecord>, StoreError>;
    /// Inserts the client, or renames the existing one with the same MSP and Autotask id;
    /// never duplicates, even under concurrent calls. New clients get a slug unique within the
    /// MSP (`acme`, then `acme-2`, `acme-3`…) and mode `plan`. Returns the client and whether
    /// it was created.
    async fn upsert_autotask_client(
        &self,
        new: NewClient,
    ) -> Result<(ClientRecord, bool), StoreError>;
    async fn append_activity(&self, entry: NewActivity) -> Result<i64, StoreError>;
    /// Newest first; only one client's entries when `client_id` is given.
    async fn list_activity(
        &self,
        msp_id: i64,
        client_id: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ActivityRecord>, i64), StoreError>;

    // --- integrations --------------------------------------------------------------------
    /// Inserts the integration and stores the secrets `seal` produces for its id, in one
    /// transaction. `StoreError::Conflict` if the MSP already has an active one.
    async fn create_integration(
        &self,
        new: NewIntegration,
        seal: &SealFn,
    ) -> Result<IntegrationRecord, StoreError>;
    /// Any integration by id, disconnected ones included (webhook intake checks the state).
    async fn integration(&self, id: i64) -> Result<Option<IntegrationRecord>, StoreError>;
    /// The MSP's connected (not disconnected) Autotask integration.
    async fn active_integration(
        &self,
        msp_id: i64,
    ) -> Result<Option<IntegrationRecord>, StoreError>;
    /// The update methods below change only an active integration and say whether they did.
    async fn update_integration_credentials(
        &self,
        id: i64,
        update: CredentialsUpdate,
    ) -> Result<bool, StoreError>;
    async fn set_integration_company_types(
        &self,
        id: i64,
        types: Vec<i64>,
        now: Millis,
    ) -> Result<bool, StoreError>;
    async fn rotate_webhook_secret(
        &self,
        id: i64,
        rotation: WebhookRotation,
    ) -> Result<bool, StoreError>;
    /// Autotask's readiness GET arrived with the right secret; clears any deactivation.
    async fn mark_webhook_connected(&self, id: i64, at: Millis) -> Result<bool, StoreError>;
    /// Moves `last_event_at` forward only (false when `at` is not newer).
    async fn record_webhook_event_at(&self, id: i64, at: Millis) -> Result<bool, StoreError>;
    async fn mark_webhook_deactivated(&self, id: i64, at: Millis) -> Result<bool, StoreError>;
    /// Stops intake for it and frees the MSP for a new connection; the row stays as history.
    async fn disconnect_integration(&self, id: i64, at: Millis) -> Result<bool, StoreError>;

    // --- company imports -----------------------------------------------------------------
    /// `StoreError::Conflict` while another import of the integration is running.
    async fn create_import_job(&self, new: NewImportJob) -> Result<ImportJobRecord, StoreError>;
    async fn import_job(&self, id: i64) -> Result<Option<ImportJobRecord>, StoreError>;
    async fn latest_import_job(
        &self,
        integration_id: i64,
    ) -> Result<Option<ImportJobRecord>, StoreError>;
    /// Every job still marked running (on start: those a restart interrupted).
    async fn running_import_jobs(&self) -> Result<Vec<ImportJobRecord>, StoreError>;
    /// Ends a running job as `done`, `failed` or `interrupted`; false if it was not running.
    async fn finish_import_job(
        &self,
        id: i64,
        state: &str,
        error: Option<String>,
        now: Millis,
    ) -> Result<bool, StoreError>;
    /// Upserts one page of companies as clients (never duplicating an Autotask id), gives
    /// each new client a `provisioning` agent and counts the page on the job, atomically.
    /// Returns the number of clients created.
    async fn import_company_page(
        &self,
        job_id: i64,
        msp_id: i64,
        companies: Vec<ImportCompany>,
        now: Millis,
    ) -> Result<i64, StoreError>;
    /// Marks the MSP's provisioning agents active; returns how many.
    async fn activate_agents(&self, msp_id: i64, now: Millis) -> Result<u64, StoreError>;
    /// The Clients page: like `list_clients`, with Autotask type and agent status.
    async fn list_client_rows(
        &self,
        msp_id: i64,
        search: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ClientListRow>, i64), StoreError>;

    // --- webhook events and agent sessions -------------------------------------------------
    /// Stores a verified event; `None` when the integration already has its dedupe key.
    async fn insert_webhook_event(&self, event: NewWebhookEvent)
        -> Result<Option<i64>, StoreError>;
    /// Leases up to `limit` due events to `owner` until `now + lease_ms`, oldest first. Never
    /// hands one event to two workers at once, and never an event while an earlier one with
    /// the same order key is unfinished; an expired lease makes its event claimable again.
    async fn claim_webhook_events(
        &self,
        owner: &str,
        now: Millis,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<WebhookEventRecord>, StoreError>;
    /// False when `owner` no longer holds the lease (another worker took the event over).
    async fn finish_webhook_event(
        &self,
        id: i64,
        owner: &str,
        finish: EventFinish,
        now: Millis,
    ) -> Result<bool, StoreError>;
    /// An admin's retry of a parked (or failed) event of their MSP.
    async fn requeue_webhook_event(
        &self,
        msp_id: i64,
        id: i64,
        now: Millis,
    ) -> Result<bool, StoreError>;
    async fn webhook_event(&self, id: i64) -> Result<Option<WebhookEventRecord>, StoreError>;
    async fn webhook_events_of(
        &self,
        integration_id: i64,
    ) -> Result<Vec<WebhookEventRecord>, StoreError>;
    /// (state, count) pairs for the integration's events.
    async fn count_webhook_events(
        &self,
        integration_id: i64,
    ) -> Result<Vec<(String, i64)>, StoreError>;
    async fn webhook_require_signature(&self, integration_id: i64) -> Result<bool, StoreError>;
    async fn set_webhook_require_signature(
        &self,
        integration_id: i64,
        required: bool,
    ) -> Result<(), StoreError>;
    /// The (client, ticket) session and whether this call created it; idempotent.
    async fn create_agent_session(
        &self,
        new: NewAgentSession,
    ) -> Result<(AgentSessionRecord, bool), StoreError>;
    async fn agent_session_for_ticket(
        &self,
        client_id: i64,
        ticket_id: i64,
    ) -> Result<Option<AgentSessionRecord>, StoreError>;
    async fn agent_sessions_of_msp(
        &self,
        msp_id: i64,
    ) -> Result<Vec<AgentSessionRecord>, StoreError>;
    /// False when `source_event_id` already delivered a message.
    async fn add_session_message(
        &self,
        session_id: i64,
        source_event_id: i64,
        body: serde_json::Value,
        now: Millis,
    ) -> Result<bool, StoreError>;
    async fn session_messages(
        &self,
        session_id: i64,
    ) -> Result<Vec<SessionMessageRecord>, StoreError>;
    /// Counts one wake against the ticket's budget; the used count of the current window.
    async fn take_wake_budget(
        &self,
        integration_id: i64,
        ticket_id: i64,
        now: Millis,
        window_ms: i64,
    ) -> Result<i64, StoreError>;
}

pub type DynStore = Arc<dyn Store>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Open and migrate the store named by `url`: `sqlite:` / `sqlite://` or `postgres://` /
/// `postgresql://`. Any other scheme is refused with a message naming it.
pub async fn connect(url: &str) -> Result<DynStore, StoreError> {
    let scheme = url
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match scheme.as_str() {
        "sqlite" => Ok(Arc::new(sqlite::SqliteStore::connect(url).await?)),
        "postgres" | "postgresql" => Ok(Arc::new(postgres::PgStore::connect(url).await?)),
        other => Err(StoreError::UnsupportedScheme(other.to_string())),
    }
}
