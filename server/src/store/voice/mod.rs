//! The voice agent's storage: settings, the contact index and the call history with its retry
//! state. A call row is keyed by the platform's call id, which dedupes every message about it.

mod calls;
pub(super) mod records;
mod sql;

use super::{
    Millis, Store, StoreError, VoiceCompanyRow, VoiceContactRow, VoiceDefaults, VoiceSettingsRecord,
};
use crate::{db_run, db_write};
use app::ids::{IntegrationId, MspId};

impl Store {
    pub async fn voice_settings(
        &self,
        integration: IntegrationId,
    ) -> Result<Option<VoiceSettingsRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SETTINGS).bind(integration.get()).fetch_optional(pool).await?
        }))
    }

    /// The settings row, created (disabled, with `secret_enc`) when there is none yet.
    pub async fn ensure_voice_settings(
        &self,
        integration: IntegrationId,
        msp: MspId,
        secret_enc: &str,
        now: Millis,
    ) -> Result<VoiceSettingsRecord, StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::INSERT_SETTINGS)
                .bind(integration.get())
                .bind(msp.get())
                .bind(secret_enc)
                .bind(now)
                .execute(pool)
                .await?;
        });
        self.voice_settings(integration)
            .await?
            .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
    }

    pub async fn set_voice_secret(
        &self,
        integration: IntegrationId,
        secret_enc: &str,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SET_SECRET)
                .bind(integration.get())
                .bind(secret_enc)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    pub async fn set_voice_defaults(
        &self,
        integration: IntegrationId,
        defaults: &VoiceDefaults,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SET_DEFAULTS)
                .bind(integration.get())
                .bind(defaults.enabled)
                .bind(defaults.queue_id)
                .bind(defaults.status)
                .bind(defaults.priority)
                .bind(defaults.issue_type)
                .bind(defaults.company_id)
                .bind(defaults.contact_id)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Records a finished index sync; the watermark only moves when one is given.
    pub async fn mark_voice_index_synced(
        &self,
        integration: IntegrationId,
        at: Millis,
        watermark: Option<&str>,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::MARK_SYNCED)
                .bind(integration.get())
                .bind(at)
                .bind(watermark)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Inserts or replaces index companies, in one transaction.
    pub async fn upsert_voice_companies(
        &self,
        integration: IntegrationId,
        rows: &[VoiceCompanyRow],
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            for row in rows {
                sqlx::query(sql::UPSERT_COMPANY)
                    .bind(integration.get())
                    .bind(row.company_id)
                    .bind(&row.name)
                    .bind(&row.phones)
                    .bind(row.active)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Inserts or replaces index contacts, in one transaction.
    pub async fn upsert_voice_contacts(
        &self,
        integration: IntegrationId,
        rows: &[VoiceContactRow],
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            for row in rows {
                sqlx::query(sql::UPSERT_CONTACT)
                    .bind(integration.get())
                    .bind(row.contact_id)
                    .bind(row.company_id)
                    .bind(&row.first_name)
                    .bind(&row.last_name)
                    .bind(&row.email)
                    .bind(&row.phones)
                    .bind(row.active)
                    .bind(&row.last_modified)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn voice_companies(
        &self,
        integration: IntegrationId,
    ) -> Result<Vec<VoiceCompanyRow>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::COMPANIES).bind(integration.get()).fetch_all(pool).await?
        }))
    }

    pub async fn voice_contacts(
        &self,
        integration: IntegrationId,
    ) -> Result<Vec<VoiceContactRow>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::CONTACTS).bind(integration.get()).fetch_all(pool).await?
        }))
    }

    pub async fn count_voice_contacts(
        &self,
        integration: IntegrationId,
    ) -> Result<i64, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(sql::COUNT_CONTACTS).bind(integration.get()).fetch_one(pool).await?
        }))
    }

    /// Integrations whose voice agent is on (for the periodic index sync).
    pub async fn enabled_voice_integrations(&self) -> Result<Vec<IntegrationId>, StoreError> {
        let ids: Vec<i64> = db_run!(self, pool => {
            sqlx::query_scalar(sql::ENABLED).fetch_all(pool).await?
        });
        Ok(ids.into_iter().map(IntegrationId::from).collect())
    }
}
