//! Company imports: the job the progress bar reads, and pages of companies landing as clients
//! with their agents.

pub(super) mod records;
mod sql;

use super::clients::sql::SLUGS_LIKE;
use super::error::conflict_on_unique;
use super::{
    slug, ClientSources, ImportCompany, ImportJobRecord, Millis, NewImportJob, SourceRef, Store,
    StoreError,
};
use crate::{db_run, db_write};
use app::ids::{ImportJobId, IntegrationId, MspId};
use app::states::ImportState;
use sqlx::types::Json;
use std::collections::HashSet;

impl Store {
    /// `StoreError::Conflict` while another import of the integration is running.
    pub async fn create_import_job(
        &self,
        new: NewImportJob,
    ) -> Result<ImportJobRecord, StoreError> {
        db_write!(self, pool => {
            sqlx::query_as(sql::INSERT_JOB)
                .bind(new.msp_id.get())
                .bind(new.integration_id.get())
                .bind(Json(&new.company_types))
                .bind(new.expected)
                .bind(new.resumed_from.map(ImportJobId::get))
                .bind(new.now)
                .bind(new.include_own_company)
                .bind(&new.lease_owner)
                .bind(new.lease_expires_at)
                .fetch_one(pool)
                .await
                .map_err(conflict_on_unique("an import is already running"))
        })
    }

    pub async fn latest_import_job(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Option<ImportJobRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::LATEST_JOB)
                .bind(integration_id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Every job still marked running (on start: those a restart interrupted).
    pub async fn running_import_jobs(&self) -> Result<Vec<ImportJobRecord>, StoreError> {
        Ok(db_run!(self, pool => sqlx::query_as(sql::RUNNING_JOBS).fetch_all(pool).await?))
    }

    /// Takes a running job over for `owner` until `now + lease_ms` when its lease has run out
    /// (its replica died); `None` when it is not running or another owner still holds it.
    /// Of several replicas asking at once, exactly one gets it.
    pub async fn take_over_import_job(
        &self,
        id: ImportJobId,
        owner: &str,
        now: Millis,
        lease_ms: i64,
    ) -> Result<Option<ImportJobRecord>, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query_as(sql::TAKE_OVER_JOB)
                .bind(id.get())
                .bind(owner)
                .bind(now)
                .bind(now + lease_ms)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Extends `owner`'s lease on a running job; false once it is not theirs or not running.
    pub async fn renew_import_lease(
        &self,
        id: ImportJobId,
        owner: &str,
        until: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::RENEW_LEASE)
                .bind(id.get())
                .bind(owner)
                .bind(until)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Ends a running job as `done`, `failed` or `interrupted`; false if it was not running.
    pub async fn finish_import_job(
        &self,
        id: ImportJobId,
        state: ImportState,
        error: Option<String>,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::FINISH_JOB)
                .bind(id.get())
                .bind(state.as_str())
                .bind(&error)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Upserts one page of companies as clients (never duplicating an Autotask id), gives
    /// each new client a `provisioning` agent and counts the page on the job, in one
    /// transaction: a page lands whole or not at all, so the counters never lie after a crash.
    /// Returns the number of clients created.
    pub async fn import_company_page(
        &self,
        job_id: ImportJobId,
        msp_id: MspId,
        companies: Vec<ImportCompany>,
        now: Millis,
    ) -> Result<i64, StoreError> {
        db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let progressed = sqlx::query(sql::ADD_PAGE)
                .bind(job_id.get())
                .bind(companies.len() as i64)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if progressed.rows_affected() != 1 {
                return Err(StoreError::Conflict(format!("import {job_id} is not running")));
            }
            let mut created = 0_i64;
            for company in &companies {
                let existing: Option<i64> = sqlx::query_scalar(sql::CLIENT_ID_BY_AUTOTASK_ID)
                    .bind(msp_id.get())
                    .bind(&company.autotask_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if let Some(id) = existing {
                    sqlx::query(sql::UPDATE_IMPORTED_CLIENT)
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
                let taken: HashSet<String> = sqlx::query_scalar(SLUGS_LIKE)
                    .bind(msp_id.get())
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
                let client_id: i64 = sqlx::query_scalar(sql::INSERT_IMPORTED_CLIENT)
                    .bind(msp_id.get())
                    .bind(&company.name)
                    .bind(slug::first_free(&base, &taken))
                    .bind(Json(&sources))
                    .bind(company.company_type)
                    .bind(&company.company_type_label)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query(sql::INSERT_AGENT)
                    .bind(client_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                created += 1;
            }
            sqlx::query(sql::ADD_CREATED)
                .bind(job_id.get())
                .bind(created)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(created)
        })
    }

    /// Marks the MSP's provisioning agents active; returns how many.
    pub async fn activate_agents(&self, msp_id: MspId, now: Millis) -> Result<u64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query(sql::ACTIVATE_AGENTS)
                .bind(msp_id.get())
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }
}
