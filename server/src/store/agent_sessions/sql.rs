//! SQL of agent sessions, their messages and per-ticket wake budgets.

macro_rules! session_cols {
    () => {
        "id, msp_id, client_id, ticket_id, source_event_id, context, created_at"
    };
}

pub(super) const INSERT_AGENT_SESSION: &str = concat!(
    "INSERT INTO agent_sessions (msp_id, client_id, ticket_id, source_event_id, context, ",
    "created_at, integration_id, status, input_seq, updated_at) ",
    "VALUES ($1, $2, $3, $4, $5, $6, ",
    // The MSP's one active Autotask integration (the one whose webhook woke it) works it.
    "(SELECT id FROM integrations WHERE msp_id = $1 AND kind = 'autotask' ",
    "AND disconnected_at IS NULL), 'ready', 1, $6) ",
    "ON CONFLICT (client_id, ticket_id) DO NOTHING RETURNING ",
    session_cols!()
);
pub(super) const AGENT_SESSION_FOR_TICKET: &str = concat!(
    "SELECT ",
    session_cols!(),
    " FROM agent_sessions WHERE client_id = $1 AND ticket_id = $2"
);
pub(super) const INSERT_SESSION_MESSAGE: &str = "INSERT INTO session_messages (session_id, \
     source_event_id, body, created_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (source_event_id) DO NOTHING";
/// A delivered message is unread input: run in the message's transaction, only when the message
/// row was inserted. A session waiting for a technician stays waiting (the approval decides).
pub(super) const MARK_UNREAD: &str = "UPDATE agent_sessions SET input_seq = input_seq + 1, \
     status = CASE WHEN status = 'waiting_approval' THEN status ELSE 'ready' END, \
     updated_at = $2 WHERE id = $1";

/// `$3` is now and `$4` the window length: a window older than that restarts at one.
pub(super) const TAKE_WAKE_BUDGET: &str = "INSERT INTO ticket_wake_budgets \
     (integration_id, ticket_id, window_start, used) VALUES ($1, $2, $3, 1) \
     ON CONFLICT (integration_id, ticket_id) DO UPDATE SET \
     used = CASE WHEN ticket_wake_budgets.window_start <= $3 - $4 THEN 1 \
                 ELSE ticket_wake_budgets.used + 1 END, \
     window_start = CASE WHEN ticket_wake_budgets.window_start <= $3 - $4 THEN $3 \
                 ELSE ticket_wake_budgets.window_start END \
     RETURNING used";
/// The wakes counted in the ticket's current window (none once the window has passed).
pub(super) const WAKE_BUDGET_USED: &str = "SELECT used FROM ticket_wake_budgets \
     WHERE integration_id = $1 AND ticket_id = $2 AND window_start > $3 - $4";
