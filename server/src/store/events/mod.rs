//! The durable webhook event log: store once, lease to one worker, finish or retry.

mod ordering;
pub(super) mod records;
mod retention;
mod sql;

use super::{Backend, EventFinish, Millis, NewWebhookEvent, Store, StoreError, WebhookEventRecord};
use crate::{db_run, db_write};
use app::ids::{EventId, IntegrationId, MspId};

impl Store {
    /// Stores a verified event; `None` when the integration already has its dedupe key.
    pub async fn insert_webhook_event(
        &self,
        event: NewWebhookEvent,
    ) -> Result<Option<EventId>, StoreError> {
        let id: Option<i64> = db_write!(self, pool => {
            sqlx::query_scalar(sql::INSERT_EVENT)
                .bind(event.integration_id.get())
                .bind(event.msp_id.get())
                .bind(&event.dedupe_key)
                .bind(&event.entity_type)
                .bind(event.entity_id)
                .bind(&event.action)
                .bind(event.person_id)
                .bind(&event.order_key)
                .bind(&event.raw_body)
                .bind(event.received_at)
                .fetch_optional(pool)
                .await?
        });
        Ok(id.map(EventId::from))
    }

    /// Leases up to `limit` due events to `owner` until `now + lease_ms`, oldest first. Never
    /// hands one event to two workers at once, and never an event while an earlier one with
    /// the same order key is unfinished; an expired lease makes its event claimable again.
    pub async fn claim_webhook_events(
        &self,
        owner: &str,
        now: Millis,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<WebhookEventRecord>, StoreError> {
        let claim = match self.backend() {
            Backend::Sqlite => sql::CLAIM_EVENTS_SQLITE,
            Backend::Postgres => sql::CLAIM_EVENTS_POSTGRES,
        };
        let mut claimed: Vec<WebhookEventRecord> = db_write!(self, pool => {
            sqlx::query_as(claim)
                .bind(owner)
                .bind(now)
                .bind(now + lease_ms)
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        });
        // RETURNING has no defined order; callers work oldest first.
        claimed.sort_by_key(|e| e.id);
        Ok(claimed)
    }

    /// False when `owner` no longer holds the lease (another worker took the event over).
    pub async fn finish_webhook_event(
        &self,
        id: EventId,
        owner: &str,
        finish: EventFinish,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = match finish {
            EventFinish::Final {
                state,
                outcome,
                error,
            } => db_write!(self, pool => {
                sqlx::query(sql::FINISH_EVENT)
                    .bind(id.get())
                    .bind(owner)
                    .bind(state.as_str())
                    .bind(&outcome)
                    .bind(&error)
                    .bind(now)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }),
            EventFinish::RetryAt {
                next_attempt_at,
                error,
            } => db_write!(self, pool => {
                sqlx::query(sql::RETRY_EVENT)
                    .bind(id.get())
                    .bind(owner)
                    .bind(&error)
                    .bind(next_attempt_at)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }),
            EventFinish::Requeue { next_attempt_at } => db_write!(self, pool => {
                sqlx::query(sql::REQUEUE_UNCOUNTED)
                    .bind(id.get())
                    .bind(owner)
                    .bind(next_attempt_at)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }),
        };
        Ok(done == 1)
    }

    /// An admin's retry of a parked (or failed) event of their MSP.
    pub async fn requeue_webhook_event(
        &self,
        msp_id: MspId,
        id: EventId,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::REQUEUE_EVENT)
                .bind(id.get())
                .bind(msp_id.get())
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Whether the integration's callouts must carry a valid `X-Hook-Signature`.
    pub async fn webhook_require_signature(
        &self,
        integration_id: IntegrationId,
    ) -> Result<bool, StoreError> {
        let required: Option<bool> = db_run!(self, pool => {
            sqlx::query_scalar(sql::REQUIRE_SIGNATURE)
                .bind(integration_id.get())
                .fetch_optional(pool)
                .await?
        });
        Ok(required.unwrap_or(false))
    }
}
