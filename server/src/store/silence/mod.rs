//! Webhook silence alerts: raised by the periodic check, read by the webhook card, cleared
//! once events arrive again.

pub(super) mod records;

use super::{SilenceAlert, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::IntegrationId;

/// The same silence raised again keeps when it was first raised; a new one starts afresh.
const RAISE: &str = "INSERT INTO webhook_silence_alerts (integration_id, silent_since, \
     raised_at, tickets_changed, checked_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (integration_id) DO UPDATE SET \
     raised_at = CASE WHEN webhook_silence_alerts.silent_since = excluded.silent_since \
     THEN webhook_silence_alerts.raised_at ELSE excluded.raised_at END, \
     silent_since = excluded.silent_since, tickets_changed = excluded.tickets_changed, \
     checked_at = excluded.checked_at";
const ALERT: &str = "SELECT silent_since, raised_at, tickets_changed, checked_at \
     FROM webhook_silence_alerts WHERE integration_id = $1";
const CLEAR: &str = "DELETE FROM webhook_silence_alerts WHERE integration_id = $1";

impl Store {
    /// Records the silence; true when it is news (no alert for this same silence before).
    pub async fn raise_silence_alert(
        &self,
        id: IntegrationId,
        alert: SilenceAlert,
    ) -> Result<bool, StoreError> {
        let before = self.silence_alert(id).await?;
        db_write!(self, pool => {
            sqlx::query(RAISE)
                .bind(id.get())
                .bind(alert.silent_since)
                .bind(alert.raised_at)
                .bind(alert.tickets_changed)
                .bind(alert.checked_at)
                .execute(pool)
                .await
                .map(drop)?
        });
        Ok(before.is_none_or(|b| b.silent_since != alert.silent_since))
    }

    pub async fn silence_alert(
        &self,
        id: IntegrationId,
    ) -> Result<Option<SilenceAlert>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(ALERT).bind(id.get()).fetch_optional(pool).await?
        }))
    }

    /// True when there was an alert to clear.
    pub async fn clear_silence_alert(&self, id: IntegrationId) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(CLEAR).bind(id.get()).execute(pool).await?.rows_affected()
        });
        Ok(done > 0)
    }
}
