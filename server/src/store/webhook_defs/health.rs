//! Webhook health reads and the reactivation stamp: events received in a window, and clearing
//! a deactivation once Relay turned the definitions back on.

use super::super::{Millis, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::IntegrationId;

const COUNT_EVENTS_SINCE: &str =
    "SELECT count(*) FROM webhook_events WHERE integration_id = $1 AND received_at >= $2";
const CLEAR_DEACTIVATION: &str =
    "UPDATE integrations SET deactivated_at = NULL WHERE id = $1 AND deactivated_at IS NOT NULL \
     AND deactivated_at <= $2";

impl Store {
    /// Callouts stored for the integration since `since` (duplicates are not stored twice).
    pub async fn count_webhook_events_since(
        &self,
        integration_id: IntegrationId,
        since: Millis,
    ) -> Result<i64, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(COUNT_EVENTS_SINCE)
                .bind(integration_id.get())
                .bind(since)
                .fetch_one(pool)
                .await?
        }))
    }

    /// The webhook works again (Relay reactivated it): true if it was marked deactivated.
    pub async fn clear_webhook_deactivation(
        &self,
        integration_id: IntegrationId,
        at: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(CLEAR_DEACTIVATION)
                .bind(integration_id.get())
                .bind(at)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}

const CONNECTED_INTEGRATIONS: &str =
    "SELECT id FROM integrations WHERE disconnected_at IS NULL ORDER BY id";

impl Store {
    /// Every integration still connected, for the periodic webhook check.
    pub async fn connected_integration_ids(&self) -> Result<Vec<IntegrationId>, StoreError> {
        let ids: Vec<i64> = db_run!(self, pool => {
            sqlx::query_scalar(CONNECTED_INTEGRATIONS).fetch_all(pool).await?
        });
        Ok(ids.into_iter().map(IntegrationId::from).collect())
    }
}

const EVENT_SINCE: &str = "SELECT count(*) FROM webhook_events WHERE integration_id = $1 \
     AND entity_type = $2 AND entity_id = $3 AND received_at >= $4";

impl Store {
    /// Whether an event about this record arrived at or after `since` (a webhook delivery or
    /// an earlier backfill): the backfill then has nothing to add for it.
    pub async fn has_webhook_event_since(
        &self,
        integration_id: IntegrationId,
        entity_type: &str,
        entity_id: i64,
        since: Millis,
    ) -> Result<bool, StoreError> {
        let n: i64 = db_run!(self, pool => {
            sqlx::query_scalar(EVENT_SINCE)
                .bind(integration_id.get())
                .bind(entity_type)
                .bind(entity_id)
                .bind(since)
                .fetch_one(pool)
                .await?
        });
        Ok(n > 0)
    }
}
