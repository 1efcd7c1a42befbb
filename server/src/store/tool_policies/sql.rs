//! SQL of tool policies, their change log, modes and the client page, for both databases.

pub(super) const OVERRIDES: &str = "SELECT tool, policy, updated_at FROM tool_policies \
     WHERE integration_id = $1 ORDER BY tool";
/// The first statement of an edit's transaction: a write, so SQLite takes the write lock up
/// front; it hands back the override being replaced, if any.
pub(super) const TAKE_OVERRIDE: &str = "DELETE FROM tool_policies \
     WHERE integration_id = $1 AND tool = $2 RETURNING policy";
pub(super) const PUT_OVERRIDE: &str = "INSERT INTO tool_policies \
     (integration_id, tool, policy, updated_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (integration_id, tool) DO UPDATE SET policy = $3, updated_at = $4";
pub(super) const CLEAR_OVERRIDES: &str = "DELETE FROM tool_policies WHERE integration_id = $1";
pub(super) const LOG_CHANGE: &str = "INSERT INTO tool_policy_changes (integration_id, user_id, \
     user_email, kind, tool, old_policy, new_policy, reverted, at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
pub(super) const RECENT_CHANGES: &str = "SELECT id, integration_id, user_id, user_email, kind, \
     tool, old_policy, new_policy, reverted, at FROM tool_policy_changes \
     WHERE integration_id = $1 ORDER BY at DESC, id DESC LIMIT $2";

pub(super) const MSP_DEFAULT_MODE: &str = "SELECT default_mode FROM msps WHERE id = $1";
pub(super) const SET_MSP_DEFAULT_MODE: &str = "UPDATE msps SET default_mode = $2 WHERE id = $1";
/// Scoped by MSP, so an id from another tenant changes nothing.
pub(super) const SET_CLIENT_MODE: &str = "UPDATE clients SET mode = $3, updated_at = $4 \
     WHERE id = $2 AND msp_id = $1";

pub(super) const CLIENT_DETAIL: &str = "SELECT c.id, c.name, \
     c.sources->'autotask'->>'id' AS autotask_id, c.company_type_label, c.mode, \
     a.status AS agent_status FROM clients c LEFT JOIN agents a ON a.client_id = c.id \
     WHERE c.msp_id = $1 AND c.id = $2";
/// Newest first, through the `agent_sessions_client` index.
pub(super) const CLIENT_SESSIONS: &str = "SELECT id, ticket_id, status, status_reason, turns, \
     created_at, updated_at FROM agent_sessions WHERE client_id = $1 \
     ORDER BY created_at DESC, id DESC LIMIT $2";
