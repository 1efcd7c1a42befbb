//! Store operations for the activity log, written once and compiled per backend.

/// Expands to free functions over `$pool`; see `impl_store!`.
macro_rules! activity_ops {
    ($pool:ty) => {
        use sqlx::types::Json;
        use $crate::store::{sql, ActivityRecord, NewActivity, StoreError};

        pub(crate) async fn append_activity(
            pool: &$pool,
            entry: NewActivity,
        ) -> Result<i64, StoreError> {
            Ok(sqlx::query_scalar(sql::INSERT_ACTIVITY)
                .bind(entry.msp_id)
                .bind(entry.client_id)
                .bind(entry.at)
                .bind(&entry.kind)
                .bind(&entry.summary)
                .bind(&entry.outcome)
                .bind(Json(&entry.detail))
                .fetch_one(pool)
                .await?)
        }

        pub(crate) async fn list_activity(
            pool: &$pool,
            msp_id: i64,
            client_id: Option<i64>,
            limit: i64,
            offset: i64,
        ) -> Result<(Vec<ActivityRecord>, i64), StoreError> {
            let total: i64 = sqlx::query_scalar(sql::COUNT_ACTIVITY)
                .bind(msp_id)
                .bind(client_id)
                .fetch_one(pool)
                .await?;
            let page = sqlx::query_as(sql::LIST_ACTIVITY)
                .bind(msp_id)
                .bind(client_id)
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await?;
            Ok((page, total))
        }
    };
}
pub(crate) use activity_ops;
