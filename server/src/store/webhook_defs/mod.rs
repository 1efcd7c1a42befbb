//! The webhook definitions Relay registered or found in Autotask, as last seen.

mod health;
pub(super) mod records;
mod sql;

use super::{Millis, Store, StoreError, WebhookDefinitionRecord};
use crate::{db_run, db_write};
use app::ids::IntegrationId;
use sqlx::types::Json;

impl Store {
    /// Records a definition as just seen (one per integration and entity).
    pub async fn upsert_webhook_definition(
        &self,
        rec: &WebhookDefinitionRecord,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::UPSERT_DEFINITION)
                .bind(rec.integration_id.get())
                .bind(&rec.entity)
                .bind(rec.autotask_id)
                .bind(rec.registered_by_relay)
                .bind(rec.is_active)
                .bind(rec.is_ready)
                .bind(Json(&rec.fields))
                .bind(Json(&rec.excluded_resources))
                .bind(&rec.inactive_reason)
                .bind(rec.checked_at)
                .execute(pool)
                .await
                .map(drop)?
        });
        Ok(())
    }

    /// Tickets first, then ticket notes.
    pub async fn webhook_definitions(
        &self,
        integration_id: IntegrationId,
    ) -> Result<Vec<WebhookDefinitionRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::LIST_DEFINITIONS)
                .bind(integration_id.get())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Forgets a definition (unregistered, or no longer in Autotask); true if one was known.
    pub async fn delete_webhook_definition(
        &self,
        integration_id: IntegrationId,
        entity: &str,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::DELETE_DEFINITION)
                .bind(integration_id.get())
                .bind(entity)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Relay is removing its definitions from Autotask: they leave the card but are remembered,
    /// so their deletion notices are recognised. Returns how many.
    pub async fn mark_webhook_definitions_removed(
        &self,
        integration_id: IntegrationId,
        at: Millis,
    ) -> Result<u64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query(sql::MARK_REMOVED)
                .bind(integration_id.get())
                .bind(at)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    /// Whether this Autotask definition is one Relay removed.
    pub async fn webhook_definition_was_removed(
        &self,
        integration_id: IntegrationId,
        entity: &str,
        autotask_id: i64,
    ) -> Result<bool, StoreError> {
        let n: i64 = db_run!(self, pool => {
            sqlx::query_scalar(sql::WAS_REMOVED)
                .bind(integration_id.get())
                .bind(entity)
                .bind(autotask_id)
                .fetch_one(pool)
                .await?
        });
        Ok(n > 0)
    }

    /// Marks active definitions inactive with `reason` (one entity, or all when `None`);
    /// returns how many changed. An earlier reason is kept.
    pub async fn mark_webhook_definitions_inactive(
        &self,
        integration_id: IntegrationId,
        entity: Option<&str>,
        reason: &str,
        at: Millis,
    ) -> Result<u64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query(sql::MARK_INACTIVE)
                .bind(integration_id.get())
                .bind(entity)
                .bind(reason)
                .bind(at)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    /// Reactivated: active again, the reason cleared.
    pub async fn mark_webhook_definition_active(
        &self,
        integration_id: IntegrationId,
        entity: &str,
        at: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::MARK_ACTIVE)
                .bind(integration_id.get())
                .bind(entity)
                .bind(at)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}
