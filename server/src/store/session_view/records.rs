//! Rows the session page reads (named `Session*Row` so they never collide with the records
//! the runner writes).

use crate::store::Millis;
use app::ids::{ApprovalId, ClientId, SessionId, TicketId, ToolCallId};
use app::states::{ApprovalState, SessionStatus, ToolCallState};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionHeaderRow {
    #[sqlx(try_from = "i64")]
    pub id: SessionId,
    #[sqlx(try_from = "i64")]
    pub client_id: ClientId,
    pub client_name: String,
    #[sqlx(try_from = "i64")]
    pub ticket_id: TicketId,
    #[sqlx(try_from = "String")]
    pub status: SessionStatus,
    pub status_reason: Option<String>,
    /// The wake context the pipeline loaded (ticket, contact, company, event).
    #[sqlx(json)]
    pub context: serde_json::Value,
    pub turns: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// One entry of the conversation: kind is context, message, brain, tool or stop.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionEntryRow {
    pub id: i64,
    pub turn: i64,
    pub kind: String,
    #[sqlx(json)]
    pub body: serde_json::Value,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionCallRow {
    #[sqlx(try_from = "i64")]
    pub id: ToolCallId,
    pub turn: i64,
    pub call_index: i64,
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

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionApprovalRow {
    #[sqlx(try_from = "i64")]
    pub id: ApprovalId,
    pub tool: String,
    #[sqlx(json)]
    pub arguments: serde_json::Value,
    #[sqlx(try_from = "String")]
    pub state: ApprovalState,
    pub created_at: Millis,
    pub decided_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionListRow {
    #[sqlx(try_from = "i64")]
    pub id: SessionId,
    pub client_name: String,
    #[sqlx(try_from = "i64")]
    pub ticket_id: TicketId,
    #[sqlx(try_from = "String")]
    pub status: SessionStatus,
    pub created_at: Millis,
    pub updated_at: Millis,
}
