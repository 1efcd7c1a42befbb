//! Store operations for the durable webhook event log, written once and compiled per backend.

/// Expands to free functions over `$pool`; see `impl_store!`.
macro_rules! event_ops {
    ($pool:ty) => {
        use $crate::store::event_sql::{self as sql, ClaimDialect};
        use $crate::store::{EventFinish, Millis, NewWebhookEvent, StoreError, WebhookEventRecord};

        pub(crate) async fn insert_webhook_event(
            pool: &$pool,
            event: NewWebhookEvent,
        ) -> Result<Option<i64>, StoreError> {
            Ok(sqlx::query_scalar(sql::INSERT_EVENT)
                .bind(event.integration_id)
                .bind(event.msp_id)
                .bind(&event.dedupe_key)
                .bind(&event.entity_type)
                .bind(event.entity_id)
                .bind(&event.action)
                .bind(event.person_id)
                .bind(&event.order_key)
                .bind(&event.raw_body)
                .bind(event.received_at)
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn claim_webhook_events(
            pool: &$pool,
            owner: &str,
            now: Millis,
            lease_ms: i64,
            limit: i64,
        ) -> Result<Vec<WebhookEventRecord>, StoreError> {
            let mut claimed: Vec<WebhookEventRecord> =
                sqlx::query_as(<$pool as ClaimDialect>::CLAIM_EVENTS)
                    .bind(owner)
                    .bind(now)
                    .bind(now + lease_ms)
                    .bind(limit.max(0))
                    .fetch_all(pool)
                    .await?;
            // RETURNING has no defined order; callers work oldest first.
            claimed.sort_by_key(|e| e.id);
            Ok(claimed)
        }

        pub(crate) async fn finish_webhook_event(
            pool: &$pool,
            id: i64,
            owner: &str,
            finish: EventFinish,
            now: Millis,
        ) -> Result<bool, StoreError> {
            let done = match finish {
                EventFinish::Final {
                    state,
                    outcome,
                    error,
                } => {
                    sqlx::query(sql::FINISH_EVENT)
                        .bind(id)
                        .bind(owner)
                        .bind(state.as_str())
                        .bind(outcome)
                        .bind(error)
                        .bind(now)
                        .execute(pool)
                        .await?
                }
                EventFinish::RetryAt {
                    next_attempt_at,
                    error,
                } => {
                    sqlx::query(sql::RETRY_EVENT)
                        .bind(id)
                        .bind(owner)
                        .bind(error)
                        .bind(next_attempt_at)
                        .execute(pool)
                        .await?
                }
            };
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn requeue_webhook_event(
            pool: &$pool,
            msp_id: i64,
            id: i64,
            now: Millis,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(sql::REQUEUE_EVENT)
                .bind(id)
                .bind(msp_id)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn webhook_event(
            pool: &$pool,
            id: i64,
        ) -> Result<Option<WebhookEventRecord>, StoreError> {
            Ok(sqlx::query_as(sql::EVENT_BY_ID)
                .bind(id)
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn webhook_events_of(
            pool: &$pool,
            integration_id: i64,
        ) -> Result<Vec<WebhookEventRecord>, StoreError> {
            Ok(sqlx::query_as(sql::EVENTS_OF_INTEGRATION)
                .bind(integration_id)
                .fetch_all(pool)
                .await?)
        }

        pub(crate) async fn count_webhook_events(
            pool: &$pool,
            integration_id: i64,
        ) -> Result<Vec<(String, i64)>, StoreError> {
            Ok(sqlx::query_as(sql::COUNT_EVENTS_BY_STATE)
                .bind(integration_id)
                .fetch_all(pool)
                .await?)
        }

        pub(crate) async fn webhook_require_signature(
            pool: &$pool,
            integration_id: i64,
        ) -> Result<bool, StoreError> {
            let required: Option<bool> = sqlx::query_scalar(sql::REQUIRE_SIGNATURE)
                .bind(integration_id)
                .fetch_optional(pool)
                .await?;
            Ok(required.unwrap_or(false))
        }

        pub(crate) async fn set_webhook_require_signature(
            pool: &$pool,
            integration_id: i64,
            required: bool,
        ) -> Result<(), StoreError> {
            sqlx::query(sql::SET_REQUIRE_SIGNATURE)
                .bind(integration_id)
                .bind(required)
                .execute(pool)
                .await?;
            Ok(())
        }
    };
}
pub(crate) use event_ops;
