//! What the session page shows: one agent session's wake context, its conversation, each tool
//! call with the gateway's decision, and pending approvals. Also the recent-sessions list.

use crate::ids::{ApprovalId, ClientId, SessionId, ToolCallId};
use crate::states::{ApprovalState, SessionStatus, ToolCallState};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: SessionId,
    pub client_id: ClientId,
    pub client: String,
    /// "T20261130.0042" when the context knows the number, else "#7001".
    pub ticket: String,
    pub ticket_title: String,
    pub status: SessionStatus,
    pub status_label: String,
    pub status_reason: Option<String>,
    /// True while the runner has work to do: the page keeps polling.
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
    /// The wake context as label/value lines (ticket, contact, company, event).
    pub context: Vec<ContextLine>,
    pub timeline: Vec<TimelineItem>,
    pub approvals: Vec<ApprovalView>,
    /// Autotask requests the session's tool calls spent, in total.
    pub requests: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextLine {
    pub label: String,
    pub value: String,
}

/// One step of the session in order: a message on the ticket, a brain turn with its tool
/// calls, or why a run stopped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineItem {
    /// message, brain or stop.
    pub kind: String,
    pub heading: String,
    pub at: String,
    pub text: Option<String>,
    pub calls: Vec<ToolCallView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCallView {
    pub id: ToolCallId,
    pub tool: String,
    /// The arguments, pretty-printed JSON.
    pub arguments: String,
    pub state: ToolCallState,
    pub state_label: String,
    /// The gateway's decision in words (ran, waiting for approval, refused and why).
    pub decision: String,
    /// The full result, pretty-printed (capped for the page).
    pub result: Option<String>,
    pub error: Option<String>,
    pub duration: Option<String>,
    pub requests: i64,
    pub relay_ref: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalView {
    pub id: ApprovalId,
    pub tool: String,
    pub arguments: String,
    pub state: ApprovalState,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionListItem {
    pub id: SessionId,
    pub client: String,
    pub ticket: String,
    pub status: SessionStatus,
    pub status_label: String,
    pub updated_at: String,
}
