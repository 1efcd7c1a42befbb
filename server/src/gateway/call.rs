//! The gateway's call path: decide each call by policy and mode (never by what the brain
//! says), journal it under its idempotency key, run it, and leave one activity entry per call.

use std::time::{Duration, Instant};

use app::ids::{ClientId, CompanyId, MspId, SessionId, TicketId};
use app::states::{ClientMode, ToolCallState};
use serde_json::Value;

use super::journal::{call_entry, decision_text, Settled, Step};
use super::policy::{self, Decision, Policies, Progress};
use super::tools::{self, ToolEnv, ToolError, ToolOutput};
use super::{relay_ref, Access, ToolInfo};
use crate::agent::chat::{ToolCall, ToolSpec};
use crate::autotask::TenantClient;
use crate::store::{
    Millis, NewApprovalRequest, NewToolCall, Store, StoreError, ToolCallFinish, ToolCallRecord,
};

/// Where one call happens: the session, its turn and the call's index in that turn.
pub struct CallContext<'a> {
    pub msp_id: MspId,
    pub client_id: ClientId,
    pub session_id: SessionId,
    pub ticket_id: TicketId,
    pub company_id: Option<CompanyId>,
    pub mode: ClientMode,
    pub turn: i64,
    pub call_index: i64,
    pub tenant: &'a TenantClient,
}

/// What came of one call: the journal's state and the text the brain sees as the result.
#[derive(Debug, Clone, PartialEq)]
pub struct CallOutcome {
    pub state: ToolCallState,
    pub for_model: String,
    /// How long the tool itself ran (Autotask's share of the call; zero when nothing ran).
    /// The rest of the call's time is the gateway's own: decision, journal, activity entry.
    pub tool_time: Duration,
}

impl CallOutcome {
    pub(super) fn new(state: ToolCallState, for_model: impl Into<String>) -> Self {
        Self {
            state,
            for_model: for_model.into(),
            tool_time: Duration::ZERO,
        }
    }

    pub(super) fn ran_for(self, tool_time: Duration) -> Self {
        Self { tool_time, ..self }
    }
}

#[derive(Clone)]
pub struct Gateway {
    pub(super) store: Store,
    clock: fn() -> Millis,
}

impl Gateway {
    pub fn new(store: Store) -> Self {
        Self::with_clock(store, crate::clock::now_ms)
    }

    pub fn with_clock(store: Store, clock: fn() -> Millis) -> Self {
        Self { store, clock }
    }

    pub(super) fn store(&self) -> &Store {
        &self.store
    }

    pub(super) fn now(&self) -> Millis {
        (self.clock)()
    }

    /// The tools the brain is offered now, with their schemas.
    pub fn offered(
        &self,
        policies: &Policies,
        mode: ClientMode,
        progress: Progress,
    ) -> Vec<ToolSpec> {
        policy::offered(policies, mode, progress)
            .into_iter()
            .map(tools::spec)
            .collect()
    }

    pub async fn call(
        &self,
        ctx: &CallContext<'_>,
        policies: &Policies,
        progress: Progress,
        call: &ToolCall,
    ) -> Result<CallOutcome, StoreError> {
        let decision = policy::decide(policies, ctx.mode, &call.name, progress);
        let reference = relay_ref(ctx.session_id, ctx.turn, ctx.call_index);
        let state = match decision {
            Decision::Run => ToolCallState::Started,
            Decision::NeedsApproval => ToolCallState::WaitingApproval,
            Decision::Refuse(_) => ToolCallState::Refused,
        };
        let new = NewToolCall {
            msp_id: ctx.msp_id,
            client_id: ctx.client_id,
            session_id: ctx.session_id,
            turn: ctx.turn,
            call_index: ctx.call_index,
            brain_call_id: call.id.clone(),
            tool: call.name.clone(),
            arguments: call.arguments.clone(),
            state,
            decision: decision_text(decision),
            relay_ref: reference,
            started_at: self.now(),
        };
        match decision {
            // Nothing reaches Autotask: journalled once, settled, with its entry.
            Decision::Refuse(refusal) => {
                let reason = refusal.to_string();
                let settled = Settled {
                    state: ToolCallState::Refused,
                    result: None,
                    error: Some(&reason),
                    requests: 0,
                    duration_ms: 0,
                };
                if let Some(row) = self.record(ctx, &new, &settled).await? {
                    return self.replay(ctx, &row).await;
                }
                Ok(CallOutcome::new(
                    ToolCallState::Refused,
                    format!("Refused by Relay: {reason}"),
                ))
            }
            // A read changes nothing in Autotask, so a crash during it leaves nothing to
            // reconcile: it is journalled once, after it ran, with its entry.
            Decision::Run if !is_write(&new.tool) => self.run_read(ctx, &new).await,
            _ => {
                // Stored before anything reaches Autotask: a crash after this leaves a
                // `started` row for reconciliation instead of a write nobody knows about.
                let (row, created) = self.store.begin_tool_call(&new).await?;
                if !created {
                    return self.replay(ctx, &row).await;
                }
                if matches!(decision, Decision::Run) {
                    return self.run(ctx, &row).await;
                }
                self.request_approval(ctx, &row).await
            }
        }
    }

    /// The same step again (a run replayed after a crash): never a second effect.
    pub(super) async fn replay(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
    ) -> Result<CallOutcome, StoreError> {
        match row.state {
            ToolCallState::Started => self.resolve_started(ctx, row).await,
            _ => Ok(settled(row)),
        }
    }

    async fn request_approval(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
    ) -> Result<CallOutcome, StoreError> {
        self.store
            .insert_approval_request(&NewApprovalRequest {
                msp_id: ctx.msp_id,
                client_id: ctx.client_id,
                session_id: ctx.session_id,
                tool_call_id: row.id,
                ticket_id: ctx.ticket_id,
                tool: row.tool.clone(),
                arguments: row.arguments.clone(),
                created_at: self.now(),
            })
            .await?;
        self.record_activity(ctx, row, ToolCallState::WaitingApproval, None, None, 0, 0)
            .await?;
        Ok(CallOutcome::new(
            ToolCallState::WaitingApproval,
            "This step needs a technician's approval. It has been requested; \
             the session waits for the decision.",
        ))
    }

    /// Runs a journalled call and records how it ended.
    pub(super) async fn run(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
    ) -> Result<CallOutcome, StoreError> {
        let env = ToolEnv {
            tenant: ctx.tenant,
            ticket_id: ctx.ticket_id,
            company_id: ctx.company_id,
            relay_ref: &row.relay_ref,
        };
        let started = Instant::now();
        let ran = tools::run(&row.tool, &row.arguments, &env).await;
        if is_write(&row.tool) {
            crash_after_write_for_tests();
        }
        let took = started.elapsed();
        match ran {
            Ok(output) => self.done(ctx, row, output, took).await,
            Err(err) => {
                let state = failed_state(&err);
                let error = err.to_string();
                self.finish(ctx, row, state, None, Some(error.clone()), 0, millis(took))
                    .await?;
                Ok(CallOutcome::new(state, format!("The tool failed: {error}")).ran_for(took))
            }
        }
    }

    pub(super) async fn done(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
        output: ToolOutput,
        took: Duration,
    ) -> Result<CallOutcome, StoreError> {
        let requests = i64::from(output.requests);
        self.finish(
            ctx,
            row,
            ToolCallState::Done,
            Some(output.full),
            None,
            requests,
            millis(took),
        )
        .await?;
        Ok(CallOutcome::new(ToolCallState::Done, output.for_model).ran_for(took))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) async fn finish(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
        state: ToolCallState,
        result: Option<Value>,
        error: Option<String>,
        requests: i64,
        duration_ms: i64,
    ) -> Result<(), StoreError> {
        let now = self.now();
        let settled = Settled {
            state,
            result: result.as_ref(),
            error: error.as_deref(),
            requests,
            duration_ms,
        };
        let entry = call_entry(ctx, Step::from(row), &settled, now);
        let finish = ToolCallFinish {
            state,
            decision: row.decision.clone(),
            result,
            error,
            requests,
            finished_at: now,
        };
        // The row and its entry commit together: one write transaction per settled call.
        self.store
            .finish_tool_call_logged(row.id, &finish, &entry)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn record_activity(
        &self,
        ctx: &CallContext<'_>,
        row: &ToolCallRecord,
        state: ToolCallState,
        result: Option<Value>,
        error: Option<String>,
        requests: i64,
        duration_ms: i64,
    ) -> Result<(), StoreError> {
        let settled = Settled {
            state,
            result: result.as_ref(),
            error: error.as_deref(),
            requests,
            duration_ms,
        };
        let entry = call_entry(ctx, Step::from(row), &settled, self.now());
        self.store.append_activity(entry).await.map(|_| ())
    }
}

pub(super) fn is_write(tool: &str) -> bool {
    ToolInfo::named(tool).is_some_and(|t| t.access == Access::Write)
}

pub(super) fn failed_state(err: &ToolError) -> ToolCallState {
    match err {
        ToolError::Refused(_) => ToolCallState::Refused,
        _ => ToolCallState::Failed,
    }
}

/// What the brain sees for a call settled before (a replayed turn, a decided approval).
pub(super) fn settled(row: &ToolCallRecord) -> CallOutcome {
    let text = match (&row.result, &row.error) {
        (Some(result), _) => result.to_string(),
        (None, Some(error)) => error.clone(),
        (None, None) => row.decision.clone(),
    };
    CallOutcome::new(row.state, text)
}

/// The journal and activity log keep durations in whole milliseconds.
pub(super) fn millis(took: Duration) -> i64 {
    i64::try_from(took.as_millis()).unwrap_or(i64::MAX)
}

/// Test-only crash point between an Autotask write and the record of its result: the crash
/// test sets `RELAY_TEST_CRASH_AFTER_WRITE` on a demo build to prove a restart never writes
/// twice. Builds without the demo feature have no such switch.
fn crash_after_write_for_tests() {
    #[cfg(feature = "demo")]
    if std::env::var_os("RELAY_TEST_CRASH_AFTER_WRITE").is_some() {
        eprintln!("RELAY_TEST_CRASH_AFTER_WRITE: aborting after an Autotask write");
        std::process::abort();
    }
}
