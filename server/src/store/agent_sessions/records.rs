//! Records of agent sessions (one per client and ticket) and the messages delivered to them.

use crate::store::Millis;
use app::ids::{ClientId, EventId, MspId, SessionId, TicketId};

#[derive(Debug, Clone)]
pub struct NewAgentSession {
    pub msp_id: MspId,
    pub client_id: ClientId,
    pub ticket_id: TicketId,
    pub source_event_id: EventId,
    pub context: serde_json::Value,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AgentSessionRecord {
    #[sqlx(try_from = "i64")]
    pub id: SessionId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "i64")]
    pub client_id: ClientId,
    #[sqlx(try_from = "i64")]
    pub ticket_id: TicketId,
    #[sqlx(try_from = "i64")]
    pub source_event_id: EventId,
    #[sqlx(json)]
    pub context: serde_json::Value,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionMessageRecord {
    pub id: i64,
    #[sqlx(try_from = "i64")]
    pub session_id: SessionId,
    #[sqlx(try_from = "i64")]
    pub source_event_id: EventId,
    #[sqlx(json)]
    pub body: serde_json::Value,
    pub created_at: Millis,
}
