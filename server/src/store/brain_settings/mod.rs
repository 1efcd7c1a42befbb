//! Per-MSP agent brain settings: the rule agent, or an OpenAI-compatible endpoint.

pub(super) mod records;
mod sql;

use super::{BrainSettingsRecord, BrainSettingsUpdate, KeyChange, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::MspId;

impl Store {
    /// None until the MSP saves settings (the rule agent works its sessions).
    pub async fn brain_settings(
        &self,
        msp_id: MspId,
    ) -> Result<Option<BrainSettingsRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::BRAIN_SETTINGS)
                .bind(msp_id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Creates or replaces the MSP's settings; the key changes only as `update.api_key` says.
    pub async fn save_brain_settings(
        &self,
        msp_id: MspId,
        update: BrainSettingsUpdate,
    ) -> Result<BrainSettingsRecord, StoreError> {
        let (changes, key) = match update.api_key {
            KeyChange::Keep => (false, None),
            KeyChange::Set(sealed) => (true, Some(sealed)),
            KeyChange::Clear => (true, None),
        };
        Ok(db_write!(self, pool => {
            sqlx::query_as(sql::SAVE_BRAIN_SETTINGS)
                .bind(msp_id.get())
                .bind(update.kind.as_str())
                .bind(&update.base_url)
                .bind(key)
                .bind(changes)
                .bind(&update.model)
                .bind(update.token_param.as_str())
                .bind(update.tool_choice)
                .bind(update.parallel_tool_calls)
                .bind(update.updated_by.get())
                .bind(update.now)
                .fetch_one(pool)
                .await?
        }))
    }
}
