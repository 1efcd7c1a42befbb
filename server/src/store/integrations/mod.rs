//! Autotask integrations: what the credential wizard stores and what webhook intake reads.

pub(super) mod records;
mod sql;

use super::error::conflict_on_unique;
use super::{
    CredentialsUpdate, IntegrationRecord, Millis, NewIntegration, SealFn, Store, StoreError,
    WebhookRotation,
};
use crate::{db_run, db_write};
use app::ids::{IntegrationId, MspId};
use sqlx::types::Json;

impl Store {
    /// Inserts the integration and stores the secrets `seal` produces for its id, in one
    /// transaction, so no reader ever sees an integration without its secrets and a failure
    /// leaves nothing behind. Starts with the write so SQLite waits for the lock.
    /// `StoreError::Conflict` if the MSP already has an active one.
    pub async fn create_integration(
        &self,
        new: NewIntegration,
        seal: &SealFn,
    ) -> Result<IntegrationRecord, StoreError> {
        db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(sql::INSERT_INTEGRATION)
                .bind(new.msp_id.get())
                .bind(&new.username)
                .bind(&new.tracking_id)
                .bind(&new.zone_url)
                .bind(&new.web_url)
                .bind(new.api_user_resource_id.get())
                .bind(new.now)
                .fetch_one(&mut *tx)
                .await
                .map_err(conflict_on_unique("Autotask is already connected for this MSP"))?;
            let sealed = seal(IntegrationId::from(id));
            sqlx::query(sql::SEAL_INTEGRATION)
                .bind(id)
                .bind(&sealed.secret_enc)
                .bind(&sealed.webhook_secret_enc)
                .bind(&sealed.webhook_hmac_key_enc)
                .execute(&mut *tx)
                .await?;
            let record = sqlx::query_as(sql::INTEGRATION_BY_ID)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(record)
        })
    }

    /// Any integration by id, disconnected ones included (webhook intake checks the state).
    pub async fn integration(
        &self,
        id: IntegrationId,
    ) -> Result<Option<IntegrationRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::INTEGRATION_BY_ID).bind(id.get()).fetch_optional(pool).await?
        }))
    }

    /// The MSP's connected (not disconnected) Autotask integration.
    pub async fn active_integration(
        &self,
        msp_id: MspId,
    ) -> Result<Option<IntegrationRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::ACTIVE_INTEGRATION).bind(msp_id.get()).fetch_optional(pool).await?
        }))
    }

    /// The update methods below change only an active integration and say whether they did.
    pub async fn update_integration_credentials(
        &self,
        id: IntegrationId,
        update: CredentialsUpdate,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::UPDATE_CREDENTIALS)
                .bind(id.get())
                .bind(&update.username)
                .bind(&update.secret_enc)
                .bind(&update.tracking_id)
                .bind(&update.zone_url)
                .bind(&update.web_url)
                .bind(update.api_user_resource_id.get())
                .bind(update.now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    pub async fn set_integration_company_types(
        &self,
        id: IntegrationId,
        types: Vec<i64>,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SET_COMPANY_TYPES)
                .bind(id.get())
                .bind(Json(&types))
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    pub async fn rotate_webhook_secret(
        &self,
        id: IntegrationId,
        rotation: WebhookRotation,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::ROTATE_WEBHOOK_SECRET)
                .bind(id.get())
                .bind(&rotation.secret_enc)
                .bind(&rotation.prev_secret_enc)
                .bind(rotation.prev_expires_at)
                .bind(rotation.now)
                .bind(&rotation.hmac_key_enc)
                .bind(&rotation.prev_hmac_key_enc)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// The admin's switch: refuse callouts without a valid signature (true) or accept them.
    pub async fn set_signature_required(
        &self,
        id: IntegrationId,
        required: bool,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SET_SIGNATURE_REQUIRED)
                .bind(id.get())
                .bind(required)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// A verified callout arrived: Connected from now, unless it already was (then false).
    pub async fn mark_webhook_connected_once(
        &self,
        id: IntegrationId,
        at: Millis,
    ) -> Result<bool, StoreError> {
        self.stamp(sql::MARK_WEBHOOK_CONNECTED_ONCE, id, at).await
    }

    /// Autotask's readiness GET arrived with the right secret; clears any deactivation.
    pub async fn mark_webhook_connected(
        &self,
        id: IntegrationId,
        at: Millis,
    ) -> Result<bool, StoreError> {
        self.stamp(sql::MARK_WEBHOOK_CONNECTED, id, at).await
    }

    /// Moves `last_event_at` forward only (false when `at` is not newer).
    pub async fn record_webhook_event_at(
        &self,
        id: IntegrationId,
        at: Millis,
    ) -> Result<bool, StoreError> {
        self.stamp(sql::RECORD_WEBHOOK_EVENT_AT, id, at).await
    }

    pub async fn mark_webhook_deactivated(
        &self,
        id: IntegrationId,
        at: Millis,
    ) -> Result<bool, StoreError> {
        self.stamp(sql::MARK_WEBHOOK_DEACTIVATED, id, at).await
    }

    /// Stops intake for it and frees the MSP for a new connection; the row stays as history.
    pub async fn disconnect_integration(
        &self,
        id: IntegrationId,
        at: Millis,
    ) -> Result<bool, StoreError> {
        self.stamp(sql::DISCONNECT_INTEGRATION, id, at).await
    }

    /// Shared by the webhook timestamps: `$1` id, `$2` time; true if a row changed.
    async fn stamp(
        &self,
        query: &'static str,
        id: IntegrationId,
        at: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(query).bind(id.get()).bind(at).execute(pool).await?.rows_affected()
        });
        Ok(done == 1)
    }
}
