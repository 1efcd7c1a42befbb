//! SQL text of the webhook pipeline's queries; only the event claim differs per database.

macro_rules! event_cols {
    () => {
        "id, integration_id, msp_id, dedupe_key, entity_type, entity_id, action, person_id, \
         order_key, raw_body, received_at, state, attempts, next_attempt_at, outcome, error"
    };
}

macro_rules! session_cols {
    () => {
        "id, msp_id, client_id, ticket_id, source_event_id, context, created_at"
    };
}

/// The claim's candidate rows: due (or leased to a worker whose lease ran out), and not
/// behind an unfinished earlier event with the same order key. `$2` is now, `$4` the limit.
macro_rules! claim_candidates {
    () => {
        "SELECT e.id FROM webhook_events e \
         WHERE e.state IN ('pending', 'processing', 'failed') \
         AND ((e.state <> 'processing' AND e.next_attempt_at <= $2) \
              OR (e.state = 'processing' AND e.lease_expires_at <= $2)) \
         AND NOT EXISTS (SELECT 1 FROM webhook_events p \
             WHERE p.integration_id = e.integration_id AND p.order_key = e.order_key \
             AND p.id < e.id AND p.state IN ('pending', 'processing', 'failed')) \
         ORDER BY e.id LIMIT $4"
    };
}

macro_rules! claim_update {
    ($candidates:expr) => {
        concat!(
            "UPDATE webhook_events SET state = 'processing', lease_owner = $1, ",
            "lease_expires_at = $3, attempts = attempts + 1 WHERE id IN (",
            $candidates,
            ") RETURNING ",
            event_cols!()
        )
    };
}

/// The claim statement for one database.
pub(crate) trait ClaimDialect {
    const CLAIM_EVENTS: &'static str;
}

/// SQLite has a single writer, so the conditional UPDATE … RETURNING is already atomic.
impl ClaimDialect for sqlx::SqlitePool {
    const CLAIM_EVENTS: &'static str = claim_update!(claim_candidates!());
}

/// Replicas race here: SKIP LOCKED makes each take rows no other transaction holds.
impl ClaimDialect for sqlx::PgPool {
    const CLAIM_EVENTS: &'static str =
        claim_update!(concat!(claim_candidates!(), " FOR UPDATE SKIP LOCKED"));
}

pub(crate) const INSERT_EVENT: &str = "INSERT INTO webhook_events (integration_id, msp_id, \
     dedupe_key, entity_type, entity_id, action, person_id, order_key, raw_body, received_at, \
     next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
     ON CONFLICT (integration_id, dedupe_key) DO NOTHING RETURNING id";
pub(crate) const EVENT_BY_ID: &str = concat!(
    "SELECT ",
    event_cols!(),
    " FROM webhook_events WHERE id = $1"
);
/// Only the worker holding the lease may finish; a worker whose lease was taken over loses.
pub(crate) const FINISH_EVENT: &str = "UPDATE webhook_events SET state = $3, outcome = $4, \
     error = $5, finished_at = $6, lease_owner = NULL, lease_expires_at = NULL \
     WHERE id = $1 AND lease_owner = $2 AND state = 'processing'";
pub(crate) const RETRY_EVENT: &str = "UPDATE webhook_events SET state = 'failed', error = $3, \
     next_attempt_at = $4, lease_owner = NULL, lease_expires_at = NULL \
     WHERE id = $1 AND lease_owner = $2 AND state = 'processing'";
pub(crate) const REQUEUE_EVENT: &str = "UPDATE webhook_events SET state = 'pending', \
     attempts = 0, next_attempt_at = $3, outcome = NULL, error = NULL, finished_at = NULL \
     WHERE id = $1 AND msp_id = $2 AND state IN ('parked', 'failed')";
pub(crate) const COUNT_EVENTS_BY_STATE: &str = "SELECT state, count(*) FROM webhook_events \
     WHERE integration_id = $1 GROUP BY state ORDER BY state";
pub(crate) const EVENTS_OF_INTEGRATION: &str = concat!(
    "SELECT ",
    event_cols!(),
    " FROM webhook_events WHERE integration_id = $1 ORDER BY id"
);

pub(crate) const REQUIRE_SIGNATURE: &str =
    "SELECT webhook_require_signature FROM integrations WHERE id = $1";
pub(crate) const SET_REQUIRE_SIGNATURE: &str =
    "UPDATE integrations SET webhook_require_signature = $2 WHERE id = $1";

pub(crate) const INSERT_AGENT_SESSION: &str = concat!(
    "INSERT INTO agent_sessions (msp_id, client_id, ticket_id, source_event_id, context, ",
    "created_at) VALUES ($1, $2, $3, $4, $5, $6) ",
    "ON CONFLICT (client_id, ticket_id) DO NOTHING RETURNING ",
    session_cols!()
);
pub(crate) const AGENT_SESSION_FOR_TICKET: &str = concat!(
    "SELECT ",
    session_cols!(),
    " FROM agent_sessions WHERE client_id = $1 AND ticket_id = $2"
);
pub(crate) const AGENT_SESSIONS_OF_MSP: &str = concat!(
    "SELECT ",
    session_cols!(),
    " FROM agent_sessions WHERE msp_id = $1 ORDER BY id"
);
pub(crate) const INSERT_SESSION_MESSAGE: &str = "INSERT INTO session_messages (session_id, \
     source_event_id, body, created_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (source_event_id) DO NOTHING";
pub(crate) const SESSION_MESSAGES: &str = "SELECT id, session_id, source_event_id, body, \
     created_at FROM session_messages WHERE session_id = $1 ORDER BY id";

/// `$3` is now and `$4` the window length: a window older than that restarts at one.
pub(crate) const TAKE_WAKE_BUDGET: &str = "INSERT INTO ticket_wake_budgets \
     (integration_id, ticket_id, window_start, used) VALUES ($1, $2, $3, 1) \
     ON CONFLICT (integration_id, ticket_id) DO UPDATE SET \
     used = CASE WHEN ticket_wake_budgets.window_start <= $3 - $4 THEN 1 \
                 ELSE ticket_wake_budgets.used + 1 END, \
     window_start = CASE WHEN ticket_wake_budgets.window_start <= $3 - $4 THEN $3 \
                 ELSE ticket_wake_budgets.window_start END \
     RETURNING used";
