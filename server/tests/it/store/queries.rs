//! Test-only store queries: reads that tests check the product's writes with, and the client
//! upsert they seed clients with. Plain SQL over the store's pool, not product methods; the
//! benches include this file too (`#[path]`), so it depends on nothing else in the test tree.

use app::ids::{EventId, ImportJobId, IntegrationId, MspId, SessionId};
use server::store::slug::{first_free, slugify};
use server::store::{
    AgentSessionRecord, ClientRecord, ClientSources, ImportJobRecord, NewClient,
    SessionMessageRecord, SourceRef, Store, StoreError, WebhookEventRecord,
};
use server::{db_run, db_write};
use sqlx::types::Json;
use std::collections::HashSet;

const CLIENT_COLS: &str = "id, msp_id, name, slug, sources, mode, created_at, updated_at";
const EVENT_COLS: &str = "id, integration_id, msp_id, dedupe_key, entity_type, entity_id, \
     action, person_id, order_key, raw_body, received_at, state, attempts, next_attempt_at, \
     outcome, error";
const JOB_COLS: &str = "id, msp_id, integration_id, company_types, state, expected, pages_done, \
     companies_seen, clients_created, resumed_from, error, started_at, updated_at, finished_at, \
     include_own_company, lease_owner, lease_expires_at";
const SESSION_COLS: &str = "id, msp_id, client_id, ticket_id, source_event_id, context, created_at";

/// Each retry follows a concurrent writer that took our company id or slug first, so a
/// handful is plenty; the bound only stops a pathological loop.
const UPSERT_ATTEMPTS: usize = 8;

#[allow(async_fn_in_trait)]
pub trait TestQueries {
    /// Inserts the client, or renames the existing one with the same MSP and Autotask id;
    /// never duplicates, even under concurrent calls (the unique indexes guarantee it: a
    /// violation here just means "look again"). New clients get a slug unique within the MSP
    /// (`acme`, then `acme-2`…) and mode `plan`. Returns the client and whether it was created.
    async fn upsert_autotask_client(
        &self,
        new: NewClient,
    ) -> Result<(ClientRecord, bool), StoreError>;
    async fn import_job(&self, id: ImportJobId) -> Result<Option<ImportJobRecord>, StoreError>;
    async fn webhook_event(&self, id: EventId) -> Result<Option<WebhookEventRecord>, StoreError>;
    async fn webhook_events_of(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Vec<WebhookEventRecord>, StoreError>;
    /// (state, count) pairs for the integration's events, by state.
    async fn count_webhook_events(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Vec<(String, i64)>, StoreError>;
    async fn set_webhook_require_signature(
        &self,
        integration_id: IntegrationId,
        required: bool,
    ) -> Result<(), StoreError>;
    async fn agent_sessions_of_msp(
        &self,
        msp_id: MspId,
    ) -> Result<Vec<AgentSessionRecord>, StoreError>;
    async fn session_messages(
        &self,
        session_id: SessionId,
    ) -> Result<Vec<SessionMessageRecord>, StoreError>;
}

impl TestQueries for Store {
    async fn upsert_autotask_client(
        &self,
        new: NewClient,
    ) -> Result<(ClientRecord, bool), StoreError> {
        let by_autotask_id = format!(
            "SELECT {CLIENT_COLS} FROM clients WHERE msp_id = $1 AND sources->'autotask'->>'id' = $2"
        );
        let rename = format!(
            "UPDATE clients SET name = $2, updated_at = $3 WHERE id = $1 RETURNING {CLIENT_COLS}"
        );
        let insert = format!(
            "INSERT INTO clients (msp_id, name, slug, sources, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING {CLIENT_COLS}"
        );
        let slugs = "SELECT slug FROM clients WHERE msp_id = $1 AND (slug = $2 OR slug LIKE $3)";
        for _ in 0..UPSERT_ATTEMPTS {
            let found: Option<ClientRecord> = db_run!(self, pool => {
                sqlx::query_as(&by_autotask_id)
                    .bind(new.msp_id.get())
                    .bind(&new.autotask_id)
                    .fetch_optional(pool)
                    .await?
            });
            if let Some(found) = found {
                if found.name == new.name {
                    return Ok((found, false));
                }
                let renamed: Option<ClientRecord> = db_write!(self, pool => {
                    sqlx::query_as(&rename)
                        .bind(found.id.get())
                        .bind(&new.name)
                        .bind(new.now)
                        .fetch_optional(pool)
                        .await?
                });
                match renamed {
                    Some(client) => return Ok((client, false)),
                    None => continue, // deleted meanwhile: insert it afresh
                }
            }
            let base = slugify(&new.name);
            let taken: Vec<String> = db_run!(self, pool => {
                sqlx::query_scalar(slugs)
                    .bind(new.msp_id.get())
                    .bind(&base)
                    .bind(format!("{base}-%"))
                    .fetch_all(pool)
                    .await?
            });
            let taken: HashSet<String> = taken.into_iter().collect();
            let sources = ClientSources {
                autotask: Some(SourceRef {
                    id: new.autotask_id.clone(),
                }),
            };
            let inserted: Result<ClientRecord, sqlx::Error> = db_write!(self, pool => {
                sqlx::query_as(&insert)
                    .bind(new.msp_id.get())
                    .bind(&new.name)
                    .bind(first_free(&base, &taken))
                    .bind(Json(&sources))
                    .bind(new.now)
                    .fetch_one(pool)
                    .await
            });
            match inserted {
                Ok(client) => return Ok((client, true)),
                Err(sqlx::Error::Database(db)) if db.is_unique_violation() => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(StoreError::Conflict(format!(
            "client for Autotask company {} kept colliding with concurrent writes",
            new.autotask_id
        )))
    }

    async fn import_job(&self, id: ImportJobId) -> Result<Option<ImportJobRecord>, StoreError> {
        let query = format!("SELECT {JOB_COLS} FROM import_jobs WHERE id = $1");
        Ok(db_run!(self, pool => {
            sqlx::query_as(&query).bind(id.get()).fetch_optional(pool).await?
        }))
    }

    async fn webhook_event(&self, id: EventId) -> Result<Option<WebhookEventRecord>, StoreError> {
        let query = format!("SELECT {EVENT_COLS} FROM webhook_events WHERE id = $1");
        Ok(db_run!(self, pool => {
            sqlx::query_as(&query).bind(id.get()).fetch_optional(pool).await?
        }))
    }

    async fn webhook_events_of(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Vec<WebhookEventRecord>, StoreError> {
        let query = format!(
            "SELECT {EVENT_COLS} FROM webhook_events WHERE integration_id = $1 ORDER BY id"
        );
        Ok(db_run!(self, pool => {
            sqlx::query_as(&query).bind(integration_id.get()).fetch_all(pool).await?
        }))
    }

    async fn count_webhook_events(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let query = "SELECT state, count(*) FROM webhook_events WHERE integration_id = $1 \
             GROUP BY state ORDER BY state";
        Ok(db_run!(self, pool => {
            sqlx::query_as(query).bind(integration_id.get()).fetch_all(pool).await?
        }))
    }

    async fn set_webhook_require_signature(
        &self,
        integration_id: IntegrationId,
        required: bool,
    ) -> Result<(), StoreError> {
        let query = "UPDATE integrations SET webhook_require_signature = $2 WHERE id = $1";
        db_write!(self, pool => {
            sqlx::query(query).bind(integration_id.get()).bind(required).execute(pool).await?;
        });
        Ok(())
    }

    async fn agent_sessions_of_msp(
        &self,
        msp_id: MspId,
    ) -> Result<Vec<AgentSessionRecord>, StoreError> {
        let query =
            format!("SELECT {SESSION_COLS} FROM agent_sessions WHERE msp_id = $1 ORDER BY id");
        Ok(db_run!(self, pool => {
            sqlx::query_as(&query).bind(msp_id.get()).fetch_all(pool).await?
        }))
    }

    async fn session_messages(
        &self,
        session_id: SessionId,
    ) -> Result<Vec<SessionMessageRecord>, StoreError> {
        let query = "SELECT id, session_id, source_event_id, body, created_at \
             FROM session_messages WHERE session_id = $1 ORDER BY id";
        Ok(db_run!(self, pool => {
            sqlx::query_as(query).bind(session_id.get()).fetch_all(pool).await?
        }))
    }
}
