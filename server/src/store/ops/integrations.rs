//! Store operations for Autotask integrations, written once and compiled per backend.

/// Expands to free functions over `$pool`; see `impl_store!`.
macro_rules! integration_ops {
    ($pool:ty) => {
        use sqlx::types::Json;
        use $crate::store::error::conflict_on_unique;
        use $crate::store::integration_sql as sql;
        use $crate::store::{
            CredentialsUpdate, IntegrationRecord, Millis, NewIntegration, SealFn, StoreError,
            WebhookRotation,
        };

        /// One transaction: the row is inserted, its secrets sealed for its new id and written,
        /// then committed, so no reader ever sees an integration without its secrets and a
        /// failure leaves nothing behind. Starts with the write so SQLite waits for the lock.
        pub(crate) async fn create_integration(
            pool: &$pool,
            new: NewIntegration,
            seal: &SealFn,
        ) -> Result<IntegrationRecord, StoreError> {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(sql::INSERT_INTEGRATION)
                .bind(new.msp_id)
                .bind(&new.username)
                .bind(&new.tracking_id)
                .bind(&new.zone_url)
                .bind(&new.web_url)
                .bind(new.api_user_resource_id)
                .bind(new.now)
                .fetch_one(&mut *tx)
                .await
                .map_err(conflict_on_unique(
                    "Autotask is already connected for this MSP",
                ))?;
            let sealed = seal(id);
            sqlx::query(sql::SEAL_INTEGRATION)
                .bind(id)
                .bind(&sealed.secret_enc)
                .bind(&sealed.webhook_secret_enc)
                .execute(&mut *tx)
                .await?;
            let record = sqlx::query_as(sql::INTEGRATION_BY_ID)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(record)
        }

        pub(crate) async fn integration(
            pool: &$pool,
            id: i64,
        ) -> Result<Option<IntegrationRecord>, StoreError> {
            Ok(sqlx::query_as(sql::INTEGRATION_BY_ID)
                .bind(id)
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn active_integration(
            pool: &$pool,
            msp_id: i64,
        ) -> Result<Option<IntegrationRecord>, StoreError> {
            Ok(sqlx::query_as(sql::ACTIVE_INTEGRATION)
                .bind(msp_id)
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn update_integration_credentials(
            pool: &$pool,
            id: i64,
            update: CredentialsUpdate,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(sql::UPDATE_CREDENTIALS)
                .bind(id)
                .bind(&update.username)
                .bind(&update.secret_enc)
                .bind(&update.tracking_id)
                .bind(&update.zone_url)
                .bind(&update.web_url)
                .bind(update.api_user_resource_id)
                .bind(update.now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn set_integration_company_types(
            pool: &$pool,
            id: i64,
            types: Vec<i64>,
            now: Millis,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(sql::SET_COMPANY_TYPES)
                .bind(id)
                .bind(Json(&types))
                .bind(now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn rotate_webhook_secret(
            pool: &$pool,
            id: i64,
            rotation: WebhookRotation,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(sql::ROTATE_WEBHOOK_SECRET)
                .bind(id)
                .bind(&rotation.secret_enc)
                .bind(&rotation.prev_secret_enc)
                .bind(rotation.prev_expires_at)
                .bind(rotation.now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        }

        /// Shared by the three webhook timestamps: `$1` id, `$2` time; true if a row changed.
        async fn stamp(pool: &$pool, query: &str, id: i64, at: Millis) -> Result<bool, StoreError> {
            let done = sqlx::query(query).bind(id).bind(at).execute(pool).await?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn mark_webhook_connected(
            pool: &$pool,
            id: i64,
            at: Millis,
        ) -> Result<bool, StoreError> {
            stamp(pool, sql::MARK_WEBHOOK_CONNECTED, id, at).await
        }

        pub(crate) async fn record_webhook_event_at(
            pool: &$pool,
            id: i64,
            at: Millis,
        ) -> Result<bool, StoreError> {
            stamp(pool, sql::RECORD_WEBHOOK_EVENT_AT, id, at).await
        }

        pub(crate) async fn mark_webhook_deactivated(
            pool: &$pool,
            id: i64,
            at: Millis,
        ) -> Result<bool, StoreError> {
            stamp(pool, sql::MARK_WEBHOOK_DEACTIVATED, id, at).await
        }

        pub(crate) async fn disconnect_integration(
            pool: &$pool,
            id: i64,
            at: Millis,
        ) -> Result<bool, StoreError> {
            stamp(pool, sql::DISCONNECT_INTEGRATION, id, at).await
        }
    };
}
pub(crate) use integration_ops;
