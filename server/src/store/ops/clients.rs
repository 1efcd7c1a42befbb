//! Store operations for clients, written once and compiled per backend.

/// Expands to free functions over `$pool`; see `impl_store!`.
macro_rules! client_ops {
    ($pool:ty) => {
        use sqlx::types::Json;
        use std::collections::HashSet;
        use $crate::store::error::is_unique_violation;
        use $crate::store::{
            slug, sql, ClientRecord, ClientSources, NewClient, SourceRef, StoreError,
        };

        /// Each retry follows a concurrent writer that took our company id or slug first, so
        /// a handful is plenty; the bound only stops a pathological loop.
        const UPSERT_ATTEMPTS: usize = 8;

        pub(crate) async fn list_clients(
            pool: &$pool,
            msp_id: i64,
            search: &str,
            limit: i64,
            offset: i64,
        ) -> Result<(Vec<ClientRecord>, i64), StoreError> {
            let pattern = sql::like_contains(search);
            let total: i64 = sqlx::query_scalar(sql::COUNT_CLIENTS)
                .bind(msp_id)
                .bind(&pattern)
                .fetch_one(pool)
                .await?;
            let page = sqlx::query_as(sql::LIST_CLIENTS)
                .bind(msp_id)
                .bind(&pattern)
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await?;
            Ok((page, total))
        }

        pub(crate) async fn client_by_autotask_id(
            pool: &$pool,
            msp_id: i64,
            autotask_id: &str,
        ) -> Result<Option<ClientRecord>, StoreError> {
            Ok(sqlx::query_as(sql::CLIENT_BY_AUTOTASK_ID)
                .bind(msp_id)
                .bind(autotask_id)
                .fetch_optional(pool)
                .await?)
        }

        /// Autocommit statements rather than one transaction: SQLite would fail a transaction
        /// that reads and then writes when another writer got in between, while here each
        /// unique violation simply means "look again". The unique indexes, not this code,
        /// are what guarantee one client per company and per slug.
        pub(crate) async fn upsert_autotask_client(
            pool: &$pool,
            new: NewClient,
        ) -> Result<(ClientRecord, bool), StoreError> {
            for _ in 0..UPSERT_ATTEMPTS {
                if let Some(found) =
                    client_by_autotask_id(pool, new.msp_id, &new.autotask_id).await?
                {
                    if found.name == new.name {
                        // A re-import of an unchanged company writes nothing.
                        return Ok((found, false));
                    }
                    let renamed = sqlx::query_as::<_, ClientRecord>(sql::RENAME_CLIENT)
                        .bind(found.id)
                        .bind(&new.name)
                        .bind(new.now)
                        .fetch_optional(pool)
                        .await?;
                    match renamed {
                        Some(client) => return Ok((client, false)),
                        None => continue, // deleted meanwhile: insert it afresh
                    }
                }
                let base = slug::slugify(&new.name);
                let taken: HashSet<String> = sqlx::query_scalar(sql::SLUGS_LIKE)
                    .bind(new.msp_id)
                    .bind(&base)
                    .bind(format!("{base}-%"))
                    .fetch_all(pool)
                    .await?
                    .into_iter()
                    .collect();
                let sources = ClientSources {
                    autotask: Some(SourceRef {
                        id: new.autotask_id.clone(),
                    }),
                };
                let inserted = sqlx::query_as::<_, ClientRecord>(sql::INSERT_CLIENT)
                    .bind(new.msp_id)
                    .bind(&new.name)
                    .bind(slug::first_free(&base, &taken))
                    .bind(Json(&sources))
                    .bind(new.now)
                    .fetch_one(pool)
                    .await;
                match inserted {
                    Ok(client) => return Ok((client, true)),
                    Err(err) if is_unique_violation(&err) => continue,
                    Err(err) => return Err(err.into()),
                }
            }
            Err(StoreError::Conflict(format!(
                "client for Autotask company {} kept colliding with concurrent writes",
                new.autotask_id
            )))
        }
    };
}
pub(crate) use client_ops;
