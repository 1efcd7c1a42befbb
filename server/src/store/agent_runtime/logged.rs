//! A tool call's journal row and its activity entry written in one transaction: one commit
//! per settled call instead of three keeps the gateway's own cost under a millisecond, and a
//! crash can never leave a settled call without its entry (or an entry without its row).

use super::records::{NewToolCall, ToolCallFinish, ToolCallRecord};
use super::sql;
use crate::db_write;
use crate::store::activity::append_chained;
use crate::store::{NewActivity, Store, StoreError};
use app::ids::ToolCallId;
use sqlx::types::Json;

impl Store {
    /// Journals a call that is already settled (a read that ran, a refusal) with its activity
    /// entry, and gives `None`. A call already journalled under the same (session, turn, call
    /// index) is left as it is, nothing is logged, and the row there comes back. (Only the new
    /// row's id is returned by the insert: reading back its result would parse it again.)
    pub async fn record_tool_call(
        &self,
        new: &NewToolCall,
        finish: &ToolCallFinish,
        entry: &NewActivity,
    ) -> Result<Option<ToolCallRecord>, StoreError> {
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let inserted: Option<i64> = sqlx::query_scalar(sql::RECORD_CALL)
                .bind(new.msp_id.get())
                .bind(new.client_id.get())
                .bind(new.session_id.get())
                .bind(new.turn)
                .bind(new.call_index)
                .bind(&new.brain_call_id)
                .bind(&new.tool)
                .bind(Json(&new.arguments))
                .bind(finish.state.as_str())
                .bind(&finish.decision)
                .bind(&new.relay_ref)
                .bind(new.started_at)
                .bind(finish.result.as_ref().map(Json))
                .bind(finish.error.as_deref())
                .bind(finish.requests)
                .bind(finish.finished_at)
                .fetch_optional(&mut *tx)
                .await?;
            let recorded = match inserted {
                Some(_) => {
                    append_chained!(tx, entry);
                    None
                }
                None => {
                    let existing: Option<ToolCallRecord> = sqlx::query_as(sql::CALL_BY_KEY)
                        .bind(new.session_id.get())
                        .bind(new.turn)
                        .bind(new.call_index)
                        .fetch_optional(&mut *tx)
                        .await?;
                    let Some(row) = existing else {
                        return Err(StoreError::Conflict(format!(
                            "tool call {} vanished while journalled",
                            new.relay_ref
                        )));
                    };
                    Some(row)
                }
            };
            tx.commit().await?;
            recorded
        }))
    }

    /// Settles a journalled call (`started` or waiting) and appends its activity entry, both or
    /// neither.
    pub async fn finish_tool_call_logged(
        &self,
        id: ToolCallId,
        finish: &ToolCallFinish,
        entry: &NewActivity,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(sql::FINISH_CALL)
                .bind(id.get())
                .bind(finish.state.as_str())
                .bind(&finish.decision)
                .bind(finish.result.as_ref().map(Json))
                .bind(finish.error.as_deref())
                .bind(finish.requests)
                .bind(finish.finished_at)
                .execute(&mut *tx)
                .await?;
            append_chained!(tx, entry);
            tx.commit().await?;
        });
        Ok(())
    }
}
