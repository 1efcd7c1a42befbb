//! Moving an event into its ticket's order once the worker knows the ticket, and an admin's
//! dismissal of a parked event, which releases the events its ticket held back.

use super::super::{Millis, Store, StoreError};
use crate::db_write;
use app::ids::{EventId, IntegrationId, MspId};

const SET_ORDER_KEY: &str = "UPDATE webhook_events SET order_key = $2 \
     WHERE id = $1 AND state = 'processing'";
const EARLIER_IN_ORDER: &str = "SELECT COUNT(*) FROM webhook_events \
     WHERE integration_id = $1 AND order_key = $2 AND id < $3 \
     AND state IN ('pending', 'processing', 'failed', 'parked')";
const DISMISS: &str = "UPDATE webhook_events SET state = 'skipped', outcome = 'dismissed', \
     finished_at = $3 WHERE id = $1 AND msp_id = $2 AND state = 'parked'";

impl Store {
    /// Gives a leased event the order key `key` (a note whose ticket intake could not see) and
    /// says whether an earlier event with that key is still unfinished or parked, in which case
    /// the caller must put the event back (`EventFinish::Requeue`) to wait its turn.
    pub async fn join_event_order(
        &self,
        integration_id: IntegrationId,
        id: EventId,
        key: &str,
    ) -> Result<bool, StoreError> {
        let earlier: i64 = db_write!(self, pool => {
            sqlx::query(SET_ORDER_KEY)
                .bind(id.get())
                .bind(key)
                .execute(pool)
                .await?;
            sqlx::query_scalar(EARLIER_IN_ORDER)
                .bind(integration_id.get())
                .bind(key)
                .bind(id.get())
                .fetch_one(pool)
                .await?
        });
        Ok(earlier > 0)
    }

    /// An admin gives up on a parked event of their MSP: it is finished as skipped
    /// (`dismissed`) and no longer holds its ticket's later events back.
    pub async fn dismiss_webhook_event(
        &self,
        msp_id: MspId,
        id: EventId,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(DISMISS)
                .bind(id.get())
                .bind(msp_id.get())
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}
