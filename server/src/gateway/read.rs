//! A read tool call: it changes nothing in Autotask, so a crash while it runs leaves nothing to
//! reconcile. It runs first and is journalled once, settled, with its activity entry in the same
//! transaction (one commit instead of three keeps the gateway's own cost under a millisecond).

use std::time::Instant;

use app::states::ToolCallState;

use super::call::{failed_state, millis, CallContext, CallOutcome, Gateway};
use super::journal::{call_entry, Settled, Step};
use super::tools::{self, ToolEnv};
use crate::store::{NewToolCall, StoreError, ToolCallFinish, ToolCallRecord};

impl Gateway {
    /// Runs a read, then journals it settled with its entry in one transaction.
    pub(super) async fn run_read(
        &self,
        ctx: &CallContext<'_>,
        new: &NewToolCall,
    ) -> Result<CallOutcome, StoreError> {
        let env = ToolEnv {
            tenant: ctx.tenant,
            ticket_id: ctx.ticket_id,
            company_id: ctx.company_id,
            relay_ref: &new.relay_ref,
        };
        let started = Instant::now();
        let ran = tools::run(&new.tool, &new.arguments, &env).await;
        let took = started.elapsed();
        let duration_ms = millis(took);
        let existing = match ran {
            Ok(output) => {
                let settled = Settled {
                    state: ToolCallState::Done,
                    result: Some(&output.full),
                    error: None,
                    requests: i64::from(output.requests),
                    duration_ms,
                };
                let Some(row) = self.record(ctx, new, &settled).await? else {
                    return Ok(
                        CallOutcome::new(ToolCallState::Done, output.for_model).ran_for(took)
                    );
                };
                if row.state == ToolCallState::Started {
                    // Journalled `started` by an older Relay before a crash: settled by
                    // this run.
                    return self.done(ctx, &row, output, took).await;
                }
                row
            }
            Err(err) => {
                let state = failed_state(&err);
                let error = err.to_string();
                let settled = Settled {
                    state,
                    result: None,
                    error: Some(&error),
                    requests: 0,
                    duration_ms,
                };
                let Some(row) = self.record(ctx, new, &settled).await? else {
                    return Ok(
                        CallOutcome::new(state, format!("The tool failed: {error}")).ran_for(took)
                    );
                };
                row
            }
        };
        // Already journalled under this key (a replayed turn): its first outcome stands.
        self.replay(ctx, &existing).await
    }

    /// Journals `new` already settled, with its activity entry, in one transaction; gives the
    /// row already journalled under its key instead, if there is one.
    pub(super) async fn record(
        &self,
        ctx: &CallContext<'_>,
        new: &NewToolCall,
        settled: &Settled<'_>,
    ) -> Result<Option<ToolCallRecord>, StoreError> {
        let now = self.now();
        let finish = ToolCallFinish {
            state: settled.state,
            decision: new.decision.clone(),
            result: settled.result.cloned(),
            error: settled.error.map(str::to_string),
            requests: settled.requests,
            finished_at: now,
        };
        let entry = call_entry(ctx, Step::from(new), settled, now);
        self.store.record_tool_call(new, &finish, &entry).await
    }
}
