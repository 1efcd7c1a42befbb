//! Clients: lookup by Autotask company id and the Clients page list.

pub(super) mod records;
pub(super) mod sql;

use super::{ClientListRow, ClientRecord, Store, StoreError};
use crate::db_run;
use app::ids::MspId;

impl Store {
    /// The client of this MSP whose Autotask company id is `autotask_id` (an indexed lookup).
    pub async fn client_by_autotask_id(
        &self,
        msp_id: MspId,
        autotask_id: &str,
    ) -> Result<Option<ClientRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::CLIENT_BY_AUTOTASK_ID)
                .bind(msp_id.get())
                .bind(autotask_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The Clients page: clients of one MSP with Autotask type and agent status, ordered by
    /// name, filtered by a case-insensitive substring of name, slug or Autotask id; returns
    /// the page and the total matching.
    pub async fn list_client_rows(
        &self,
        msp_id: MspId,
        search: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ClientListRow>, i64), StoreError> {
        let pattern = sql::like_contains(search);
        Ok(db_run!(self, pool => {
            let total: i64 = sqlx::query_scalar(sql::COUNT_CLIENTS)
                .bind(msp_id.get())
                .bind(&pattern)
                .fetch_one(pool)
                .await?;
            let page = sqlx::query_as(sql::LIST_CLIENT_ROWS)
                .bind(msp_id.get())
                .bind(&pattern)
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await?;
            (page, total)
        }))
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Pool;
    use sqlx::Row;

    #[tokio::test]
    async fn autotask_lookup_uses_the_expression_index() {
        let store = crate::store::connect("sqlite::memory:").await.unwrap();
        let Pool::Sqlite(pool) = store.pool() else {
            unreachable!("a sqlite: URL opens SQLite")
        };
        let explain = format!("EXPLAIN QUERY PLAN {}", super::sql::CLIENT_BY_AUTOTASK_ID);
        let plan = sqlx::query(&explain)
            .bind(1_i64)
            .bind("612")
            .fetch_all(pool)
            .await
            .unwrap();
        let plan: Vec<String> = plan.iter().map(|row| row.get("detail")).collect();
        assert!(
            plan.iter()
                .any(|step| step.contains("USING INDEX clients_autotask_id")),
            "{plan:?}"
        );
    }
}
