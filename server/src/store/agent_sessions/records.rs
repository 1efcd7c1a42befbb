//! Records of agent sessions (one per client and ticket) and the messages delivered to them.

use crate::store::Millis;

#[derive(Debug, Clone)]
pub struct NewAgentSession {
    pub msp_id: i64,
    pub client_id: i64,
    pub ticket_id: i64,
    pub source_event_id: i64,
    pub context: serde_json::Value,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AgentSessionRecord {
    pub id: i64,
    pub msp_id: i64,
    pub client_id: i64,
    pub ticket_id: i64,
    pub source_event_id: i64,
    #[sqlx(json)]
    pub context: serde_json::Value,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionMessageRecord {
    pub id: i64,
    pub session_id: i64,
    pub source_event_id: i64,
    #[sqlx(json)]
    pub body: serde_json::Value,
    pub created_at: Millis,
}
