//! Per-MSP outgoing mail server settings, and the claims that make each webhook alert
//! occurrence mailed once.

pub(super) mod records;
mod sql;

use super::{
    AlertReason, KeyChange, MailSettingsRecord, MailSettingsUpdate, Millis, Store, StoreError,
};
use crate::{db_run, db_write};
use app::ids::{IntegrationId, MspId};

impl Store {
    /// None until the MSP saves a mail server (or after it removed it).
    pub async fn mail_settings(
        &self,
        msp_id: MspId,
    ) -> Result<Option<MailSettingsRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::MAIL_SETTINGS)
                .bind(msp_id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Creates or replaces the MSP's settings; the password changes only as `update.password`
    /// says.
    pub async fn save_mail_settings(
        &self,
        msp_id: MspId,
        update: MailSettingsUpdate,
    ) -> Result<MailSettingsRecord, StoreError> {
        let (changes, password) = match update.password {
            KeyChange::Keep => (false, None),
            KeyChange::Set(sealed) => (true, Some(sealed)),
            KeyChange::Clear => (true, None),
        };
        Ok(db_write!(self, pool => {
            sqlx::query_as(sql::SAVE_MAIL_SETTINGS)
                .bind(msp_id.get())
                .bind(&update.host)
                .bind(i64::from(update.port))
                .bind(update.tls.as_str())
                .bind(&update.username)
                .bind(password)
                .bind(changes)
                .bind(&update.from_address)
                .bind(&update.from_name)
                .bind(&update.alert_to)
                .bind(update.updated_by.get())
                .bind(update.now)
                .fetch_one(pool)
                .await?
        }))
    }

    /// Removes the MSP's mail server (and its sealed password); false when none was saved.
    pub async fn delete_mail_settings(&self, msp_id: MspId) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::DELETE_MAIL_SETTINGS)
                .bind(msp_id.get())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// True for exactly one caller per (integration, reason, episode): that caller mails the
    /// alert, every later check or replica finds it already claimed.
    pub async fn claim_alert_mail(
        &self,
        integration: IntegrationId,
        reason: AlertReason,
        episode: Millis,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::CLAIM_ALERT_MAIL)
                .bind(integration.get())
                .bind(reason.as_str())
                .bind(episode)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}
