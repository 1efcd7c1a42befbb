//! Retention of the webhook event log: finished events lose their body first and their row
//! (the dedupe key) later, a small batch at a time so neither database holds a long lock.

use super::super::{Millis, Store, StoreError};
use crate::db_write;

/// Only finished events: a pending, failed or parked one still needs its body to be processed.
const CLEAR_BODIES: &str = "UPDATE webhook_events SET raw_body = '' WHERE id IN (\
     SELECT id FROM webhook_events WHERE state IN ('done', 'skipped') \
     AND received_at < $1 AND raw_body <> '' ORDER BY received_at, id LIMIT $2)";
const DELETE_ROWS: &str = "DELETE FROM webhook_events WHERE id IN (\
     SELECT id FROM webhook_events WHERE state IN ('done', 'skipped') \
     AND received_at < $1 ORDER BY received_at, id LIMIT $2)";

impl Store {
    /// Empties the stored body of up to `batch` finished events received before `before`; the
    /// row keeps its dedupe key, state and outcome. Returns how many were cleared.
    pub async fn clear_webhook_event_bodies(
        &self,
        before: Millis,
        batch: i64,
    ) -> Result<u64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query(CLEAR_BODIES)
                .bind(before)
                .bind(batch.max(0))
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    /// Deletes up to `batch` finished events received before `before`; a redelivery of one
    /// after this would be stored again, so `before` must lie well past Autotask's retries.
    pub async fn delete_old_webhook_events(
        &self,
        before: Millis,
        batch: i64,
    ) -> Result<u64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query(DELETE_ROWS)
                .bind(before)
                .bind(batch.max(0))
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }
}
