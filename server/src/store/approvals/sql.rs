//! SQL of approval plans. The same text serves both databases.

macro_rules! plan_cols {
    () => {
        "id, msp_id, client_id, session_id, integration_id, ticket_id, turn, intent, steps, \
         plan_hash, code, approver_resource_id, approver_name, approver_email, token_hash, \
         created_at, expires_at, state, replaces_plan_id, note_id, decided_at, decision_channel, \
         decider_resource_id, decider_name, decider_email, decision_reason, decision_address, \
         settled_at, outcome"
    };
}

/// A new plan replaces the session's pending one: superseded and settled at once (nothing is
/// posted on it beyond the new plan's note naming its code).
pub(super) const SUPERSEDE_PENDING: &str = concat!(
    "UPDATE approval_plans SET state = 'superseded', decided_at = $2, settled_at = $2 ",
    "WHERE session_id = $1 AND state = 'pending' RETURNING ",
    plan_cols!()
);
pub(super) const REQUESTS_OF_PLAN: &str =
    "UPDATE approval_requests SET state = $2, decided_at = $3 WHERE plan_id = $1";
pub(super) const INSERT_PLAN: &str = concat!(
    "INSERT INTO approval_plans (msp_id, client_id, session_id, integration_id, ticket_id, turn, ",
    "intent, steps, plan_hash, code, approver_resource_id, approver_name, approver_email, ",
    "token_hash, created_at, expires_at, replaces_plan_id) VALUES ($1, $2, $3, $4, $5, $6, $7, ",
    "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING ",
    plan_cols!()
);
pub(super) const LINK_REQUEST: &str = "UPDATE approval_requests SET plan_id = $1, \
     state = 'pending', decided_at = NULL WHERE tool_call_id = $2 AND session_id = $3";

pub(super) const BY_ID: &str = concat!(
    "SELECT ",
    plan_cols!(),
    " FROM approval_plans WHERE id = $1"
);
pub(super) const BY_TOKEN: &str = concat!(
    "SELECT ",
    plan_cols!(),
    " FROM approval_plans WHERE token_hash = $1"
);
pub(super) const PENDING_FOR_TICKET: &str = concat!(
    "SELECT ",
    plan_cols!(),
    " FROM approval_plans WHERE msp_id = $1 AND ticket_id = $2 AND state = 'pending' ",
    "ORDER BY id DESC LIMIT 1"
);
pub(super) const OF_SESSION: &str = concat!(
    "SELECT ",
    plan_cols!(),
    " FROM approval_plans WHERE session_id = $1 ORDER BY id"
);
pub(super) const UNSETTLED: &str = concat!(
    "SELECT ",
    plan_cols!(),
    " FROM approval_plans WHERE session_id = $1 AND settled_at IS NULL ",
    "AND state <> 'pending' ORDER BY id"
);
pub(super) const UNNOTED: &str = concat!(
    "SELECT ",
    plan_cols!(),
    " FROM approval_plans WHERE session_id = $1 AND state = 'pending' AND note_id IS NULL ",
    "ORDER BY id"
);

macro_rules! pending_cols {
    () => {
        "p.id, p.msp_id, p.client_id, p.session_id, p.integration_id, p.ticket_id, p.turn, \
         p.intent, p.steps, p.plan_hash, p.code, p.approver_resource_id, p.approver_name, \
         p.approver_email, p.token_hash, p.created_at, p.expires_at, p.state, p.replaces_plan_id, \
         p.note_id, p.decided_at, p.decision_channel, p.decider_resource_id, p.decider_name, \
         p.decider_email, p.decision_reason, p.decision_address, p.settled_at, p.outcome, \
         c.name AS client_name"
    };
}
pub(super) const PENDING_LIST: &str = concat!(
    "SELECT ",
    pending_cols!(),
    " FROM approval_plans p JOIN clients c ON c.id = p.client_id ",
    "WHERE p.msp_id = $1 AND ($2 IS NULL OR p.client_id = $2) AND p.state = 'pending' ",
    "ORDER BY p.expires_at, p.id LIMIT $3"
);

/// The decision: one conditional UPDATE, so of a reply and a link racing exactly one wins.
/// Approve and deny need an approver (a plan waiting for assignment is decided by nobody);
/// an admin's cancel does not.
pub(super) const DECIDE: &str = concat!(
    "UPDATE approval_plans SET state = $2, decided_at = $3, decision_channel = $4, ",
    "decider_resource_id = $5, decider_name = $6, decider_email = $7, decision_reason = $8, ",
    "decision_address = $9 WHERE id = $1 AND state = 'pending' AND expires_at > $3 ",
    "AND ($2 = 'cancelled' OR approver_resource_id IS NOT NULL) RETURNING ",
    plan_cols!()
);
pub(super) const EXPIRE_DUE: &str = concat!(
    "UPDATE approval_plans SET state = 'expired', decided_at = $1, decision_channel = 'sweeper' ",
    "WHERE state = 'pending' AND expires_at <= $1 RETURNING ",
    plan_cols!()
);
pub(super) const SET_NOTE: &str =
    "UPDATE approval_plans SET note_id = $2 WHERE id = $1 AND note_id IS NULL";
pub(super) const SETTLE: &str = "UPDATE approval_plans SET settled_at = $2, outcome = $3, \
     state = COALESCE($4, state) WHERE id = $1 AND settled_at IS NULL AND state <> 'pending'";

/// A waiting call moves on only from `waiting_approval`: of two runs settling the same plan,
/// one moves it; the other finds it moved and never runs it again.
pub(super) const MOVE_WAITING_CALL: &str =
    "UPDATE tool_calls SET state = $2 WHERE id = $1 AND state = 'waiting_approval'";
pub(super) const CALL_BY_ID: &str = "SELECT id, msp_id, client_id, session_id, turn, call_index, \
     brain_call_id, tool, arguments, state, decision, relay_ref, result, error, requests, \
     started_at, finished_at FROM tool_calls WHERE id = $1";
