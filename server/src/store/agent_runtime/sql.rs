//! SQL of the agent runtime. Claims differ per database: PostgreSQL skips rows another replica
//! has locked; SQLite has one writer, so one UPDATE is already atomic. A session an identity
//! verification holds (a timer in `verification_timers`, migration 0018) is not claimable.

macro_rules! claimable {
    () => {
        "SELECT id FROM agent_sessions WHERE input_seq > read_seq \
         AND status <> 'waiting_approval' AND integration_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM verification_timers t WHERE t.session_id = agent_sessions.id) \
         AND (lease_expires_at IS NULL OR lease_expires_at <= $2) \
         ORDER BY updated_at, id LIMIT $4"
    };
}
macro_rules! claim {
    ($lock:literal) => {
        concat!(
            "UPDATE agent_sessions SET lease_owner = $1, lease_expires_at = $2 + $3, ",
            "status = 'working', updated_at = $2 WHERE id IN (",
            claimable!(),
            $lock,
            ") RETURNING id, msp_id, client_id, integration_id, ticket_id, context, input_seq, read_seq, turns"
        )
    };
}

pub(super) const CLAIM_SQLITE: &str = claim!("");
pub(super) const CLAIM_POSTGRES: &str = claim!(" FOR UPDATE SKIP LOCKED");

pub(super) const RENEW: &str = "UPDATE agent_sessions SET lease_expires_at = $3 + $4 \
     WHERE id = $1 AND lease_owner = $2";

/// Input that arrived during the run (input_seq beyond what the run read) keeps the session
/// ready, unless the run ended waiting for a technician.
pub(super) const RELEASE: &str = "UPDATE agent_sessions SET read_seq = $3, \
     status = CASE WHEN $4 <> 'waiting_approval' AND input_seq > $3 THEN 'ready' ELSE $4 END, \
     status_reason = $5, lease_owner = NULL, lease_expires_at = $6, updated_at = $7 \
     WHERE id = $1 AND lease_owner = $2";

pub(super) const SESSION_STATE: &str = "SELECT status, status_reason, input_seq, read_seq, turns, \
     lease_owner, lease_expires_at, updated_at FROM agent_sessions WHERE id = $1";

pub(super) const NEXT_TURN: &str =
    "UPDATE agent_sessions SET turns = turns + 1 WHERE id = $1 RETURNING turns";

pub(super) const CLIENT_MODE: &str = "SELECT mode FROM clients WHERE id = $1";

pub(super) const INSERT_ENTRY: &str = "INSERT INTO session_entries (session_id, turn, kind, body, \
     created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
/// A notice from Relay itself (an approval decided, a verification answered) ends any wait:
/// the session becomes ready whatever it waited for.
pub(super) const NOTICE_UNREAD: &str = "UPDATE agent_sessions SET input_seq = input_seq + 1, \
     status = 'ready', status_reason = NULL, updated_at = $2 WHERE id = $1 RETURNING turns";
pub(super) const LIST_ENTRIES: &str = "SELECT id, session_id, turn, kind, body, created_at \
     FROM session_entries WHERE session_id = $1 ORDER BY id";

macro_rules! call_cols {
    () => {
        "id, msp_id, client_id, session_id, turn, call_index, brain_call_id, tool, arguments, \
         state, decision, relay_ref, result, error, requests, started_at, finished_at"
    };
}
pub(super) const BEGIN_CALL: &str = concat!(
    "INSERT INTO tool_calls (msp_id, client_id, session_id, turn, call_index, brain_call_id, ",
    "tool, arguments, state, decision, relay_ref, started_at) ",
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ",
    "ON CONFLICT (session_id, turn, call_index) DO NOTHING RETURNING ",
    call_cols!()
);
pub(super) const CALL_BY_KEY: &str = concat!(
    "SELECT ",
    call_cols!(),
    " FROM tool_calls WHERE session_id = $1 AND turn = $2 AND call_index = $3"
);
pub(super) const FINISH_CALL: &str = "UPDATE tool_calls SET state = $2, decision = $3, \
     result = $4, error = $5, requests = $6, finished_at = $7 WHERE id = $1";
pub(super) const STARTED_CALLS: &str = concat!(
    "SELECT ",
    call_cols!(),
    " FROM tool_calls WHERE state = 'started' AND ($1 IS NULL OR session_id = $1) ORDER BY id"
);
pub(super) const SESSION_CALLS: &str = concat!(
    "SELECT ",
    call_cols!(),
    " FROM tool_calls WHERE session_id = $1 ORDER BY id"
);

pub(super) const INSERT_APPROVAL: &str = "INSERT INTO approval_requests (msp_id, client_id, \
     session_id, tool_call_id, ticket_id, tool, arguments, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tool_call_id) DO NOTHING";
pub(super) const PENDING_APPROVALS: &str = "SELECT id, session_id, tool_call_id, ticket_id, tool, \
     arguments, state, created_at FROM approval_requests \
     WHERE session_id = $1 AND state = 'pending' ORDER BY id";

pub(super) const MESSAGES_AFTER: &str = "SELECT id, session_id, source_event_id, body, created_at \
     FROM session_messages WHERE session_id = $1 AND id > $2 ORDER BY id";

/// A call journalled only once it is settled (a read that ran, a refusal): every column at once.
pub(super) const RECORD_CALL: &str = concat!(
    "INSERT INTO tool_calls (msp_id, client_id, session_id, turn, call_index, brain_call_id, ",
    "tool, arguments, state, decision, relay_ref, started_at, result, error, requests, ",
    "finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ",
    "ON CONFLICT (session_id, turn, call_index) DO NOTHING RETURNING id"
);

/// Sessions holding a call a crash left `started`, not leased now, become unread and ready
/// (input already unread stays as it is); a session waiting for a technician keeps waiting.
pub(super) const READY_UNSETTLED: &str = "UPDATE agent_sessions SET \
     input_seq = CASE WHEN input_seq > read_seq THEN input_seq ELSE input_seq + 1 END, \
     status = 'ready', status_reason = NULL, updated_at = $1 \
     WHERE status <> 'waiting_approval' AND integration_id IS NOT NULL \
     AND (lease_expires_at IS NULL OR lease_expires_at <= $1) \
     AND id IN (SELECT session_id FROM tool_calls WHERE state = 'started' \
     AND session_id IS NOT NULL) RETURNING id";
