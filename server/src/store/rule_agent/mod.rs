//! The rule agent's triage mapping per MSP: the admin's override of the built-in defaults.

pub(super) mod records;
mod sql;

use super::{Millis, RuleMappingRecord, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::{MspId, UserId};
use sqlx::types::Json;

impl Store {
    /// The MSP's own mapping, if an admin saved one.
    pub async fn rule_mapping(&self, msp: MspId) -> Result<Option<RuleMappingRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::RULE_MAPPING)
                .bind(msp.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Saves (or replaces) the MSP's mapping, remembering who changed it and when.
    pub async fn set_rule_mapping(
        &self,
        msp: MspId,
        mapping: &serde_json::Value,
        by: UserId,
        now: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::UPSERT_RULE_MAPPING)
                .bind(msp.get())
                .bind(Json(mapping))
                .bind(by.get())
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ())?
        });
        Ok(())
    }

    /// Back to the built-in defaults; false if there was no override.
    pub async fn clear_rule_mapping(&self, msp: MspId) -> Result<bool, StoreError> {
        let gone = db_write!(self, pool => {
            sqlx::query(sql::DELETE_RULE_MAPPING)
                .bind(msp.get())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(gone == 1)
    }
}
