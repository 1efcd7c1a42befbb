//! Store operations for company imports and the Clients page rows, compiled per backend.

/// Expands to free functions over `$pool`; see `impl_store!`.
macro_rules! import_ops {
    ($pool:ty) => {
        use sqlx::types::Json;
        use std::collections::HashSet;
        use $crate::store::error::conflict_on_unique;
        use $crate::store::{
            import_sql, slug, sql, ClientListRow, ClientSources, ImportCompany, ImportJobRecord,
            Millis, NewImportJob, SourceRef, StoreError,
        };

        pub(crate) async fn create_import_job(
            pool: &$pool,
            new: NewImportJob,
        ) -> Result<ImportJobRecord, StoreError> {
            sqlx::query_as(import_sql::INSERT_JOB)
                .bind(new.msp_id)
                .bind(new.integration_id)
                .bind(Json(&new.company_types))
                .bind(new.expected)
                .bind(new.resumed_from)
                .bind(new.now)
                .fetch_one(pool)
                .await
                .map_err(conflict_on_unique("an import is already running"))
        }

        pub(crate) async fn import_job(
            pool: &$pool,
            id: i64,
        ) -> Result<Option<ImportJobRecord>, StoreError> {
            Ok(sqlx::query_as(import_sql::JOB_BY_ID)
                .bind(id)
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn latest_import_job(
            pool: &$pool,
            integration_id: i64,
        ) -> Result<Option<ImportJobRecord>, StoreError> {
            Ok(sqlx::query_as(import_sql::LATEST_JOB)
                .bind(integration_id)
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn running_import_jobs(
            pool: &$pool,
        ) -> Result<Vec<ImportJobRecord>, StoreError> {
            Ok(sqlx::query_as(import_sql::RUNNING_JOBS)
                .fetch_all(pool)
                .await?)
        }

        pub(crate) async fn finish_import_job(
            pool: &$pool,
            id: i64,
            state: &str,
            error: Option<String>,
            now: Millis,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(import_sql::FINISH_JOB)
                .bind(id)
                .bind(state)
                .bind(error)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        }

        /// One page in one transaction: progress, clients (insert or update by Autotask id)
        /// and a `provisioning` agent for each new client. Returns how many clients it created.
        /// A page either lands whole or not at all, so the counters never lie after a crash.
        pub(crate) async fn import_company_page(
            pool: &$pool,
            job_id: i64,
            msp_id: i64,
            companies: Vec<ImportCompany>,
            now: Millis,
        ) -> Result<i64, StoreError> {
            let mut tx = pool.begin().await?;
            let progressed = sqlx::query(import_sql::ADD_PAGE)
                .bind(job_id)
                .bind(companies.len() as i64)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if progressed.rows_affected() != 1 {
                return Err(StoreError::Conflict(format!(
                    "import {job_id} is not running"
                )));
            }
            let mut created = 0_i64;
            for company in &companies {
                let existing: Option<i64> =
                    sqlx::query_scalar(import_sql::CLIENT_ID_BY_AUTOTASK_ID)
                        .bind(msp_id)
                        .bind(&company.autotask_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(id) = existing {
                    sqlx::query(import_sql::UPDATE_IMPORTED_CLIENT)
                        .bind(id)
                        .bind(&company.name)
                        .bind(company.company_type)
                        .bind(&company.company_type_label)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    continue;
                }
                let base = slug::slugify(&company.name);
                let taken: HashSet<String> = sqlx::query_scalar(sql::SLUGS_LIKE)
                    .bind(msp_id)
                    .bind(&base)
                    .bind(format!("{base}-%"))
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .collect();
                let sources = ClientSources {
                    autotask: Some(SourceRef {
                        id: company.autotask_id.clone(),
                    }),
                };
                let client_id: i64 = sqlx::query_scalar(import_sql::INSERT_IMPORTED_CLIENT)
                    .bind(msp_id)
                    .bind(&company.name)
                    .bind(slug::first_free(&base, &taken))
                    .bind(Json(&sources))
                    .bind(company.company_type)
                    .bind(&company.company_type_label)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query(import_sql::INSERT_AGENT)
                    .bind(client_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                created += 1;
            }
            sqlx::query(import_sql::ADD_CREATED)
                .bind(job_id)
                .bind(created)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(created)
        }

        pub(crate) async fn activate_agents(
            pool: &$pool,
            msp_id: i64,
            now: Millis,
        ) -> Result<u64, StoreError> {
            let done = sqlx::query(import_sql::ACTIVATE_AGENTS)
                .bind(msp_id)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected())
        }

        pub(crate) async fn list_client_rows(
            pool: &$pool,
            msp_id: i64,
            search: &str,
            limit: i64,
            offset: i64,
        ) -> Result<(Vec<ClientListRow>, i64), StoreError> {
            let pattern = sql::like_contains(search);
            let total: i64 = sqlx::query_scalar(sql::COUNT_CLIENTS)
                .bind(msp_id)
                .bind(&pattern)
                .fetch_one(pool)
                .await?;
            let page = sqlx::query_as(import_sql::LIST_CLIENT_ROWS)
                .bind(msp_id)
                .bind(&pattern)
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await?;
            Ok((page, total))
        }
    };
}
pub(crate) use import_ops;
