//! Steps a technician decided: an approved one runs exactly once (the move out of
//! `waiting_approval` is the gate; a crash after it is reconciled like any started write), a
//! denied, expired or cancelled one ends `refused` with the reason.

use app::states::ToolCallState;

use super::call::{settled, CallContext, CallOutcome, Gateway};
use crate::store::{StoreError, ToolCallRecord};

impl Gateway {
    /// Runs an approved step. A step already moved on (another run, or a crash after the move)
    /// is never run twice: `started` is reconciled, anything else reports what it became.
    pub async fn run_approved(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
    ) -> Result<CallOutcome, StoreError> {
        if self
            .store()
            .move_waiting_tool_call(row.id, ToolCallState::Started)
            .await?
        {
            let mut row = row.clone();
            row.state = ToolCallState::Started;
            row.decision = "ran after approval".into();
            return self.run(ctx, &row).await;
        }
        let now = self
            .store()
            .tool_call(row.id)
            .await?
            .unwrap_or_else(|| row.clone());
        match now.state {
            ToolCallState::Started => self.resolve_started(ctx, &now).await,
            _ => Ok(settled(&now)),
        }
    }

    /// Ends a step nobody approved: `refused` with `reason` (once).
    pub async fn refuse_waiting(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
        reason: &str,
    ) -> Result<CallOutcome, StoreError> {
        if self
            .store()
            .move_waiting_tool_call(row.id, ToolCallState::Refused)
            .await?
        {
            let mut row = row.clone();
            row.decision = format!("refused: {reason}");
            self.finish(
                ctx,
                &row,
                ToolCallState::Refused,
                None,
                Some(reason.to_string()),
                0,
                0,
            )
            .await?;
            return Ok(CallOutcome::new(
                ToolCallState::Refused,
                format!("Not done: {reason}"),
            ));
        }
        let now = self
            .store()
            .tool_call(row.id)
            .await?
            .unwrap_or_else(|| row.clone());
        Ok(settled(&now))
    }
}
