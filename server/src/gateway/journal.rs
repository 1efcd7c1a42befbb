//! How a tool call reads in the journal and the activity log: the decision in words, the
//! tool's short name and the activity entry.

use app::states::ToolCallState;
use serde_json::Value;

use super::call::CallContext;
use super::policy::Decision;
use crate::store::{Millis, NewActivity};

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
