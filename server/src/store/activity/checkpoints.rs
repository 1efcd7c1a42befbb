//! Signed checkpoints of each MSP's chain head (signing and checking live in `activity/`).

use super::records::{ChainHead, CheckpointRecord, NewCheckpoint};
use super::sql;
use crate::store::{Millis, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::MspId;

impl Store {
    pub async fn insert_activity_checkpoint(&self, cp: &NewCheckpoint) -> Result<i64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query_scalar(sql::INSERT_CHECKPOINT)
                .bind(cp.msp_id.get())
                .bind(cp.seq)
                .bind(&cp.hash)
                .bind(cp.at)
                .bind(&cp.public_key)
                .bind(&cp.signature)
                .fetch_one(pool)
                .await?
        }))
    }

    /// All checkpoints of an MSP, oldest seq first.
    pub async fn activity_checkpoints(
        &self,
        msp_id: MspId,
    ) -> Result<Vec<CheckpointRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::CHECKPOINTS).bind(msp_id.get()).fetch_all(pool).await?
        }))
    }

    pub async fn latest_activity_checkpoint(
        &self,
        msp_id: MspId,
    ) -> Result<Option<CheckpointRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::LATEST_CHECKPOINT).bind(msp_id.get()).fetch_optional(pool).await?
        }))
    }

    /// Chain heads at least `min_new` entries past their last checkpoint, or with any new entry
    /// and a last checkpoint at or before `stale_before`.
    pub async fn activity_heads_due(
        &self,
        min_new: i64,
        stale_before: Millis,
    ) -> Result<Vec<ChainHead>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::HEADS_DUE)
                .bind(min_new)
                .bind(stale_before)
                .fetch_all(pool)
                .await?
        }))
    }
}
