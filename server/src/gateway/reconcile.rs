//! Settling a call journalled `started` whose result was never recorded (the process died
//! between the Autotask call and the record): a write is looked up, never blindly repeated.

use std::time::Duration;

use app::states::ToolCallState;

use super::call::{is_write, CallContext, CallOutcome, Gateway};
use super::tools::{self, Reconciled, ToolEnv};
use crate::store::{StoreError, ToolCallRecord};

impl Gateway {
    /// A read simply runs again; a write asks the tool whether it happened: done → recorded as
    /// done (never written again), not done → runs now, unknown → `outcome_unknown` for a person.
    pub async fn resolve_started(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
    ) -> Result<CallOutcome, StoreError> {
        if !is_write(&row.tool) {
            return self.run(ctx, row).await;
        }
        let env = ToolEnv {
            tenant: ctx.tenant,
            ticket_id: ctx.ticket_id,
            company_id: ctx.company_id,
            relay_ref: &row.relay_ref,
        };
        match tools::reconcile(&row.tool, &row.arguments, &env).await {
            Ok(Reconciled::Done(output)) => self.done(ctx, row, output, Duration::ZERO).await,
            Ok(Reconciled::NotDone) => self.run(ctx, row).await,
            Ok(Reconciled::Unknown(why)) => self.unknown(ctx, row, why).await,
            // Autotask could not be asked: leave the row started so the next claim tries
            // again, and tell the brain nothing happened yet.
            Err(err) => Err(StoreError::Conflict(format!(
                "{} could not be reconciled yet: {err}",
                row.relay_ref
            ))),
        }
    }

    async fn unknown(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
        why: String,
    ) -> Result<CallOutcome, StoreError> {
        let error = format!("outcome unknown after a restart: {why}");
        self.finish(
            ctx,
            row,
            ToolCallState::OutcomeUnknown,
            None,
            Some(error.clone()),
            0,
            0,
        )
        .await?;
        Ok(CallOutcome::new(
            ToolCallState::OutcomeUnknown,
            format!("{error}. A person will check it; do not repeat this step."),
        ))
    }
}
