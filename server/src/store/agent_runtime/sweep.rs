//! The start-up sweep's storage: sessions a crash left with an unsettled call are made ready,
//! so the runner reconciles the call now instead of at the session's next message.

use super::sql;
use crate::db_write;
use crate::store::{Millis, Store, StoreError};
use app::ids::SessionId;

impl Store {
    /// Makes every session that holds a `started` call and is not leased (lease free or
    /// expired) unread and ready; returns them. Sessions waiting for an approval are left.
    pub async fn ready_sessions_with_started_calls(
        &self,
        now: Millis,
    ) -> Result<Vec<SessionId>, StoreError> {
        let mut ids: Vec<i64> = db_write!(self, pool => {
            sqlx::query_scalar(sql::READY_UNSETTLED)
                .bind(now)
                .fetch_all(pool)
                .await?
        });
        ids.sort_unstable();
        Ok(ids.into_iter().map(SessionId::from).collect())
    }
}
