//! SQL of the verification flow, written once for both databases except the timer claim:
//! PostgreSQL skips timers another replica has locked; SQLite has one writer.

macro_rules! verification_cols {
    () => {
        "id, msp_id, client_id, integration_id, session_id, ticket_id, state, reason, findings, \
         classified_through, state_reason, provider, push_method, email_masked, provider_ref, \
         created_at, updated_at, decided_at"
    };
}
macro_rules! timer_cols {
    () => {
        "verification_id, session_id, stage, provider_ref, next_poll_at, deadline, lease_owner, \
         lease_expires_at, attempts, last_error"
    };
}

pub(super) const BY_SESSION: &str = concat!(
    "SELECT ",
    verification_cols!(),
    " FROM verifications WHERE session_id = $1"
);
pub(super) const BY_ID: &str = concat!(
    "SELECT ",
    verification_cols!(),
    " FROM verifications WHERE id = $1"
);
pub(super) const OF_CLIENT: &str = concat!(
    "SELECT ",
    verification_cols!(),
    " FROM verifications WHERE client_id = $1 AND state <> 'not_sensitive' \
     ORDER BY created_at DESC, id DESC LIMIT $2"
);

/// A verdict only ever raises a session from `not_sensitive` to `starting`: whatever a later
/// message says, a sensitive session never becomes ordinary again, and an outcome stays.
pub(super) const UPSERT_VERDICT: &str = concat!(
    "INSERT INTO verifications (msp_id, client_id, session_id, ticket_id, state, reason, \
     findings, classified_through, created_at, updated_at, integration_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) \
     ON CONFLICT (session_id) DO UPDATE SET \
     state = CASE WHEN verifications.state = 'not_sensitive' THEN excluded.state \
       ELSE verifications.state END, \
     reason = CASE WHEN verifications.state = 'not_sensitive' THEN excluded.reason \
       ELSE verifications.reason END, \
     findings = CASE WHEN verifications.state = 'not_sensitive' THEN excluded.findings \
       ELSE verifications.findings END, \
     classified_through = excluded.classified_through, updated_at = excluded.updated_at \
     RETURNING ",
    verification_cols!()
);

pub(super) const INSERT_TIMER: &str = "INSERT INTO verification_timers (verification_id, \
     session_id, stage, next_poll_at) VALUES ($1, $2, 'start', $3) \
     ON CONFLICT (verification_id) DO NOTHING";

macro_rules! claim_timers {
    ($lock:literal) => {
        concat!(
            "UPDATE verification_timers SET lease_owner = $1, lease_expires_at = $2 + $3 \
             WHERE verification_id IN (SELECT verification_id FROM verification_timers \
             WHERE next_poll_at <= $2 AND (lease_expires_at IS NULL OR lease_expires_at <= $2) \
             ORDER BY next_poll_at, verification_id LIMIT $4",
            $lock,
            ") RETURNING ",
            timer_cols!()
        )
    };
}
pub(super) const CLAIM_TIMERS_SQLITE: &str = claim_timers!("");
pub(super) const CLAIM_TIMERS_POSTGRES: &str = claim_timers!(" FOR UPDATE SKIP LOCKED");

/// The verification moves on only from the state the worker read, and only while the worker
/// still holds the timer's lease: a late or second answer changes nothing.
pub(super) const SENT: &str = "UPDATE verifications SET state = 'pending', provider = $2, \
     push_method = $3, email_masked = $4, provider_ref = $5, updated_at = $6 \
     WHERE id = $1 AND state = 'starting'";
pub(super) const TIMER_POLLS: &str = "UPDATE verification_timers SET stage = 'poll', \
     provider_ref = $3, deadline = $4, next_poll_at = $5, attempts = 0, last_error = NULL, \
     lease_owner = NULL, lease_expires_at = NULL WHERE verification_id = $1 AND lease_owner = $2";

pub(super) const DECIDE: &str = "UPDATE verifications SET state = $2, state_reason = $3, \
     decided_at = $4, updated_at = $4 WHERE id = $1 AND state IN ('starting', 'pending')";
pub(super) const TIMER_REPORTS: &str = "UPDATE verification_timers SET stage = 'report', \
     next_poll_at = $3, attempts = 0, last_error = NULL, lease_owner = NULL, \
     lease_expires_at = NULL WHERE verification_id = $1 AND lease_owner = $2";

pub(super) const RESCHEDULE: &str = "UPDATE verification_timers SET next_poll_at = $3, \
     attempts = $4, last_error = $5, lease_owner = NULL, lease_expires_at = NULL \
     WHERE verification_id = $1 AND lease_owner = $2";

pub(super) const FINISH_TIMER: &str =
    "DELETE FROM verification_timers WHERE verification_id = $1 AND lease_owner = $2";

pub(super) const TIMER_OF: &str = concat!(
    "SELECT ",
    timer_cols!(),
    " FROM verification_timers WHERE verification_id = $1"
);
