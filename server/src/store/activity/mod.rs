//! The activity log: appending entries and reading them back, newest first.

pub(super) mod records;
mod sql;

use super::{ActivityRecord, NewActivity, Store, StoreError};
use crate::db_run;
use app::ids::{ClientId, MspId};
use sqlx::types::Json;

impl Store {
    pub async fn append_activity(&self, entry: NewActivity) -> Result<i64, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(sql::INSERT_ACTIVITY)
                .bind(entry.msp_id.get())
                .bind(entry.client_id.map(ClientId::get))
                .bind(entry.at)
                .bind(&entry.kind)
                .bind(&entry.summary)
                .bind(&entry.outcome)
                .bind(Json(&entry.detail))
                .fetch_one(pool)
                .await?
        }))
    }

    /// Newest first; only one client's entries when `client_id` is given.
    pub async fn list_activity(
        &self,
        msp_id: MspId,
        client_id: Option<ClientId>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ActivityRecord>, i64), StoreError> {
        Ok(db_run!(self, pool => {
            let total: i64 = sqlx::query_scalar(sql::COUNT_ACTIVITY)
                .bind(msp_id.get())
                .bind(client_id.map(ClientId::get))
                .fetch_one(pool)
                .await?;
            let page = sqlx::query_as(sql::LIST_ACTIVITY)
                .bind(msp_id.get())
                .bind(client_id.map(ClientId::get))
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await?;
            (page, total)
        }))
    }
}
