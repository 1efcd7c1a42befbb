//! Records read from and written to the store; the read ones decode from rows of either
//! database through `sqlx::FromRow` (JSON columns via `#[sqlx(json)]`).

use super::Millis;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone)]
pub struct NewMspAdmin {
    pub msp_name: String,
    pub name: String,
    /// Lower-cased by the caller.
    pub email: String,
    pub password_hash: String,
    pub now: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MspRecord {
    pub id: i64,
    pub name: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub msp_id: i64,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: Millis,
    pub expires_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionUser {
    pub user_id: i64,
    pub msp_id: i64,
    pub msp_name: String,
    pub name: String,
    pub email: String,
    pub expires_at: Millis,
}

/// Where a client comes from in external systems, e.g. `{"autotask": {"id": "612"}}`.
/// Ids are JSON strings so `sources->'autotask'->>'id' = $1` works in both databases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSources {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autotask: Option<SourceRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub id: String,
}

/// A company imported from Autotask. Upserting it inserts a client, or renames the one that
/// already has this MSP and Autotask company id; it never creates a second.
#[derive(Debug, Clone)]
pub struct NewClient {
    pub msp_id: i64,
    pub name: String,
    /// The Autotask company id as a string (see `SourceRef`).
    pub autotask_id: String,
    pub now: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClientRecord {
    pub id: i64,
    pub msp_id: i64,
    pub name: String,
    pub slug: String,
    #[sqlx(json)]
    pub sources: ClientSources,
    /// `plan` or `execute`.
    pub mode: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone)]
pub struct NewActivity {
    pub msp_id: i64,
    pub client_id: Option<i64>,
    pub at: Millis,
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ActivityRecord {
    pub id: i64,
    pub msp_id: i64,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub at: Millis,
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    #[sqlx(json)]
    pub detail: serde_json::Value,
}
