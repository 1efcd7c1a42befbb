//! Records of the agent runtime: claimed sessions, the conversation entries, the gateway's
//! journal of tool calls and pending approval requests.

use crate::store::{Millis, NullableId};
use app::ids::{ClientId, IntegrationId, MspId, SessionId, TicketId, ToolCallId};
use app::states::{ApprovalState, SessionStatus, ToolCallState};

/// A session a runner holds the lease of, with the input sequence it read at claim time.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ClaimedSession {
    #[sqlx(try_from = "i64")]
    pub id: SessionId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "i64")]
    pub client_id: ClientId,
    #[sqlx(try_from = "NullableId")]
    pub integration_id: Option<IntegrationId>,
    #[sqlx(try_from = "i64")]
    pub ticket_id: TicketId,
    #[sqlx(json)]
    pub context: serde_json::Value,
    /// Everything up to here is read once the run releases the session.
    pub input_seq: i64,
    /// What earlier runs had read: a run that must be retried releases with this.
    pub read_seq: i64,
    pub turns: i64,
}

/// Where a session stands (the session page, tests).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionState {
    #[sqlx(try_from = "String")]
    pub status: SessionStatus,
    pub status_reason: Option<String>,
    pub input_seq: i64,
    pub read_seq: i64,
    pub turns: i64,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<Millis>,
    pub updated_at: Millis,
}

/// How a run ends: the status, why, and (rate limited) when the session may be claimed again.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRelease {
    pub status: SessionStatus,
    pub reason: Option<String>,
    /// The input sequence the run has read through (the claim's `input_seq`, or the old
    /// read_seq when the run must be retried).
    pub read_seq: i64,
    pub not_before: Option<Millis>,
}

/// What one conversation entry is (the CHECK in migration 0009).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Context,
    Message,
    Brain,
    Tool,
    Stop,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Context => "context",
            Self::Message => "message",
            Self::Brain => "brain",
            Self::Tool => "tool",
            Self::Stop => "stop",
        }
    }
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionEntryRecord {
    pub id: i64,
    #[sqlx(try_from = "i64")]
    pub session_id: SessionId,
    pub turn: i64,
    pub kind: String,
    #[sqlx(json)]
    pub body: serde_json::Value,
    pub created_at: Millis,
}

/// A tool call about to be decided or run; (session, turn, call_index) is its idempotency key.
#[derive(Debug, Clone, PartialEq)]
pub struct NewToolCall {
    pub msp_id: MspId,
    pub client_id: ClientId,
    pub session_id: SessionId,
    pub turn: i64,
    pub call_index: i64,
    pub brain_call_id: String,
    pub tool: String,
    pub arguments: serde_json::Value,
    pub state: ToolCallState,
    pub decision: String,
    pub relay_ref: String,
    pub started_at: Millis,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ToolCallRecord {
    #[sqlx(try_from = "i64")]
    pub id: ToolCallId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "NullableId")]
    pub client_id: Option<ClientId>,
    #[sqlx(try_from = "NullableId")]
    pub session_id: Option<SessionId>,
    pub turn: i64,
    pub call_index: i64,
    pub brain_call_id: String,
    pub tool: String,
    #[sqlx(json)]
    pub arguments: serde_json::Value,
    #[sqlx(try_from = "String")]
    pub state: ToolCallState,
    pub decision: String,
    pub relay_ref: String,
    #[sqlx(json(nullable))]
    pub result: Option<serde_json::Value>,
    pub error: Option<String>,
    pub requests: i64,
    pub started_at: Millis,
    pub finished_at: Option<Millis>,
}

/// How a journalled call ended.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCallFinish {
    pub state: ToolCallState,
    pub decision: String,
    pub result: Option<serde_json::Value>,
    pub error: Option<String>,
    pub requests: i64,
    pub finished_at: Millis,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewApprovalRequest {
    pub msp_id: MspId,
    pub client_id: ClientId,
    pub session_id: SessionId,
    pub tool_call_id: ToolCallId,
    pub ticket_id: TicketId,
    pub tool: String,
    pub arguments: serde_json::Value,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApprovalRequestRecord {
    #[sqlx(try_from = "i64")]
    pub id: app::ids::ApprovalId,
    #[sqlx(try_from = "i64")]
    pub session_id: SessionId,
    #[sqlx(try_from = "i64")]
    pub tool_call_id: ToolCallId,
    #[sqlx(try_from = "i64")]
    pub ticket_id: TicketId,
    pub tool: String,
    #[sqlx(json)]
    pub arguments: serde_json::Value,
    #[sqlx(try_from = "String")]
    pub state: ApprovalState,
    pub created_at: Millis,
}
