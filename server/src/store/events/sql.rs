//! SQL of the durable webhook event log; only the event claim differs per database.

macro_rules! event_cols {
    () => {
        "id, integration_id, msp_id, dedupe_key, entity_type, entity_id, action, person_id, \
         order_key, raw_body, received_at, state, attempts, next_attempt_at, outcome, error"
    };
}

/// The claim's candidate rows: due (or leased to a worker whose lease ran out), not behind an
/// unfinished or parked earlier event with the same order key (a parked event holds its
/// ticket back until an admin retries or dismisses it), and not behind an unfinished earlier
/// note whose ticket is not known yet: until the worker has read that note and moved it into
/// its ticket's order, any later event might be of the same ticket. `$2` is now, `$4` the limit.
macro_rules! claim_candidates {
    () => {
        "SELECT e.id FROM webhook_events e \
         WHERE e.state IN ('pending', 'processing', 'failed') \
         AND ((e.state <> 'processing' AND e.next_attempt_at <= $2) \
              OR (e.state = 'processing' AND e.lease_expires_at <= $2)) \
         AND NOT EXISTS (SELECT 1 FROM webhook_events p \
             WHERE p.integration_id = e.integration_id AND p.order_key = e.order_key \
             AND p.id < e.id AND p.state IN ('pending', 'processing', 'failed', 'parked')) \
         AND NOT EXISTS (SELECT 1 FROM webhook_events u \
             WHERE u.integration_id = e.integration_id AND u.id < e.id \
             AND u.entity_type = 'TicketNote' AND u.order_key NOT LIKE 'ticket:%' \
             AND u.state IN ('pending', 'processing', 'failed')) \
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

/// SQLite has a single writer, so the conditional UPDATE … RETURNING is already atomic.
pub(super) const CLAIM_EVENTS_SQLITE: &str = claim_update!(claim_candidates!());
/// Replicas race here: SKIP LOCKED makes each take rows no other transaction holds.
pub(super) const CLAIM_EVENTS_POSTGRES: &str =
    claim_update!(concat!(claim_candidates!(), " FOR UPDATE SKIP LOCKED"));

pub(super) const INSERT_EVENT: &str = "INSERT INTO webhook_events (integration_id, msp_id, \
     dedupe_key, entity_type, entity_id, action, person_id, order_key, raw_body, received_at, \
     next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
     ON CONFLICT (integration_id, dedupe_key) DO NOTHING RETURNING id";
/// Only the worker holding the lease may finish; a worker whose lease was taken over loses.
pub(super) const FINISH_EVENT: &str = "UPDATE webhook_events SET state = $3, outcome = $4, \
     error = $5, finished_at = $6, lease_owner = NULL, lease_expires_at = NULL \
     WHERE id = $1 AND lease_owner = $2 AND state = 'processing'";
pub(super) const RETRY_EVENT: &str = "UPDATE webhook_events SET state = 'failed', error = $3, \
     next_attempt_at = $4, lease_owner = NULL, lease_expires_at = NULL \
     WHERE id = $1 AND lease_owner = $2 AND state = 'processing'";
pub(super) const REQUEUE_EVENT: &str = "UPDATE webhook_events SET state = 'pending', \
     attempts = 0, next_attempt_at = $3, outcome = NULL, error = NULL, finished_at = NULL \
     WHERE id = $1 AND msp_id = $2 AND state IN ('parked', 'failed')";

/// Back to pending without counting the attempt: the event was claimed too early.
pub(super) const REQUEUE_UNCOUNTED: &str = "UPDATE webhook_events SET state = 'pending', \
     attempts = attempts - 1, next_attempt_at = $3, lease_owner = NULL, lease_expires_at = NULL \
     WHERE id = $1 AND lease_owner = $2 AND state = 'processing'";

pub(super) const REQUIRE_SIGNATURE: &str =
    "SELECT webhook_require_signature FROM integrations WHERE id = $1";
