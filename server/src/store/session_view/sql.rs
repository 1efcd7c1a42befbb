//! SQL of the session page's reads.

pub(super) const SESSION_HEADER: &str = "SELECT s.id, s.client_id, c.name AS client_name, \
     s.ticket_id, s.status, s.status_reason, s.context, s.turns, s.created_at, s.updated_at \
     FROM agent_sessions s JOIN clients c ON c.id = s.client_id \
     WHERE s.id = $1 AND s.msp_id = $2";
pub(super) const SESSION_ENTRIES: &str = "SELECT id, turn, kind, body, created_at \
     FROM session_entries WHERE session_id = $1 ORDER BY id";
pub(super) const SESSION_CALLS: &str = "SELECT id, turn, call_index, tool, arguments, state, \
     decision, relay_ref, result, error, requests, started_at, finished_at \
     FROM tool_calls WHERE session_id = $1 ORDER BY turn, call_index";
pub(super) const SESSION_APPROVALS: &str = "SELECT id, tool, arguments, state, created_at, \
     decided_at FROM approval_requests WHERE session_id = $1 ORDER BY id";
pub(super) const RECENT_SESSIONS: &str = "SELECT s.id, c.name AS client_name, s.ticket_id, \
     s.status, s.created_at, s.updated_at FROM agent_sessions s \
     JOIN clients c ON c.id = s.client_id WHERE s.msp_id = $1 \
     ORDER BY s.updated_at DESC, s.id DESC LIMIT $2";
