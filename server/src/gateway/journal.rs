//! How a tool call reads in the journal and the activity log: the decision in words, the
//! tool's short name and the activity entry.

use app::states::ToolCallState;
use serde_json::{json, Value};

use super::call::CallContext;
use super::policy::Decision;
use crate::store::{Millis, NewActivity, NewToolCall, ToolCallRecord};

/// The activity kind of every tool call.
pub const TOOL_CALL_ACTIVITY: &str = "tool_call";

pub fn decision_text(decision: Decision) -> String {
    match decision {
        Decision::Run => "ran".into(),
        Decision::NeedsApproval => "waiting for approval".into(),
        Decision::Refuse(refusal) => format!("refused: {refusal}"),
    }
}

/// `autotask:autotask-internal-note` → `internal-note`.
pub fn short_name(tool: &str) -> String {
    tool.strip_prefix("autotask:autotask-")
        .unwrap_or(tool)
        .to_string()
}

/// The activity outcome of a call in `state`.
pub fn outcome(state: ToolCallState) -> &'static str {
    match state {
        ToolCallState::Done => "ran",
        ToolCallState::Failed => "failed",
        ToolCallState::Refused => "refused",
        ToolCallState::WaitingApproval => "waiting_approval",
        ToolCallState::OutcomeUnknown | ToolCallState::Started => "outcome_unknown",
    }
}

pub(super) fn activity_entry(
    ctx: &CallContext<'_>,
    short: &str,
    state: ToolCallState,
    decision: &str,
    detail: Value,
    at: Millis,
) -> NewActivity {
    let said = match state {
        ToolCallState::Failed => "failed".to_string(),
        ToolCallState::OutcomeUnknown => "outcome unknown".to_string(),
        _ => decision.to_string(),
    };
    NewActivity {
        msp_id: ctx.msp_id,
        client_id: Some(ctx.client_id),
        at,
        kind: TOOL_CALL_ACTIVITY.into(),
        summary: format!("{short} on ticket {}: {said}", ctx.ticket_id.get()),
        outcome: outcome(state).into(),
        detail,
    }
}

/// The step a journal row or activity entry is about, whether or not it has a row yet (a read
/// is journalled only once it ran).
pub(super) struct Step<'a> {
    pub tool: &'a str,
    pub arguments: &'a Value,
    pub decision: &'a str,
    pub turn: i64,
    pub call_index: i64,
}

impl<'a> From<&'a ToolCallRecord> for Step<'a> {
    fn from(row: &'a ToolCallRecord) -> Self {
        Self {
            tool: &row.tool,
            arguments: &row.arguments,
            decision: &row.decision,
            turn: row.turn,
            call_index: row.call_index,
        }
    }
}

impl<'a> From<&'a NewToolCall> for Step<'a> {
    fn from(new: &'a NewToolCall) -> Self {
        Self {
            tool: &new.tool,
            arguments: &new.arguments,
            decision: &new.decision,
            turn: new.turn,
            call_index: new.call_index,
        }
    }
}

/// How a step ended, as its activity entry tells it.
pub(super) struct Settled<'a> {
    pub state: ToolCallState,
    pub result: Option<&'a Value>,
    pub error: Option<&'a str>,
    pub requests: i64,
    pub duration_ms: i64,
}

/// The activity entry of `step` ended as `settled`.
pub(super) fn call_entry(
    ctx: &CallContext<'_>,
    step: Step<'_>,
    settled: &Settled<'_>,
    at: Millis,
) -> NewActivity {
    let detail = json!({
        "tool": step.tool,
        "arguments": step.arguments,
        "decision": step.decision,
        "result": settled.result,
        "error": settled.error,
        "session_id": ctx.session_id.get(),
        "ticket_id": ctx.ticket_id.get(),
        "turn": step.turn,
        "call_index": step.call_index,
        "duration_ms": settled.duration_ms,
        "requests": settled.requests,
    });
    activity_entry(
        ctx,
        &short_name(step.tool),
        settled.state,
        step.decision,
        detail,
        at,
    )
}
