//! Records of tool policies, their change log, and the client page's reads.

use crate::store::{Millis, NullableText};
use app::ids::{ClientId, IntegrationId, SessionId, TicketId, UserId};
use app::states::{AgentStatus, ClientMode, SessionStatus, ToolPolicy};

/// The admin's choice for one tool, where it differs from the catalog default.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ToolPolicyOverride {
    pub tool: String,
    #[sqlx(try_from = "String")]
    pub policy: ToolPolicy,
    pub updated_at: Millis,
}

/// Who is changing policies: the id goes if the user is deleted, the e-mail stays in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyEditor {
    pub user_id: UserId,
    pub email: String,
}

/// One admin edit of one tool's policy. `default` is the catalog's policy for the tool: an
/// edit back to it removes the override, so "absent" always means "the default".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetToolPolicy {
    pub integration_id: IntegrationId,
    pub tool: String,
    pub policy: ToolPolicy,
    pub default: ToolPolicy,
    pub by: PolicyEditor,
    pub now: Millis,
}

/// What a logged change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyChange {
    /// One tool from `old` to `new`.
    Set { old: ToolPolicy, new: ToolPolicy },
    /// Every tool back to its default; `reverted` tools had been overridden.
    Reset { reverted: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolPolicyChangeRecord {
    pub id: i64,
    pub integration_id: IntegrationId,
    /// `None` once the user has been deleted.
    pub user_id: Option<UserId>,
    pub user_email: String,
    /// `None` for a reset.
    pub tool: Option<String>,
    pub change: PolicyChange,
    pub at: Millis,
}

/// One client as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClientDetailRecord {
    #[sqlx(try_from = "i64")]
    pub id: ClientId,
    pub name: String,
    pub autotask_id: Option<String>,
    pub company_type_label: Option<String>,
    #[sqlx(try_from = "String")]
    pub mode: ClientMode,
    #[sqlx(try_from = "NullableText")]
    pub agent_status: Option<AgentStatus>,
}

/// A session in a client's recent-sessions list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClientSessionRow {
    #[sqlx(try_from = "i64")]
    pub id: SessionId,
    #[sqlx(try_from = "i64")]
    pub ticket_id: TicketId,
    #[sqlx(try_from = "String")]
    pub status: SessionStatus,
    pub status_reason: Option<String>,
    pub turns: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}
