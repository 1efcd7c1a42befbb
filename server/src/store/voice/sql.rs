//! SQL of the voice agent, written once for both databases.

pub(super) const SETTINGS: &str = "SELECT integration_id, msp_id, enabled, secret_enc, \
     default_queue_id, default_status, default_priority, default_issue_type, default_company_id, \
     default_contact_id, index_synced_at, index_watermark, updated_at \
     FROM voice_settings WHERE integration_id = $1";
/// The first writer wins; a concurrent second one keeps the first secret.
pub(super) const INSERT_SETTINGS: &str = "INSERT INTO voice_settings \
     (integration_id, msp_id, secret_enc, updated_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (integration_id) DO NOTHING";
pub(super) const SET_SECRET: &str =
    "UPDATE voice_settings SET secret_enc = $2, updated_at = $3 WHERE integration_id = $1";
pub(super) const SET_DEFAULTS: &str = "UPDATE voice_settings SET enabled = $2, \
     default_queue_id = $3, default_status = $4, default_priority = $5, default_issue_type = $6, \
     default_company_id = $7, default_contact_id = $8, updated_at = $9 WHERE integration_id = $1";
pub(super) const MARK_SYNCED: &str = "UPDATE voice_settings SET index_synced_at = $2, \
     index_watermark = COALESCE($3, index_watermark) WHERE integration_id = $1";

pub(super) const UPSERT_COMPANY: &str = "INSERT INTO voice_companies \
     (integration_id, company_id, name, phones, active) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (integration_id, company_id) DO UPDATE SET name = excluded.name, \
     phones = excluded.phones, active = excluded.active";
pub(super) const UPSERT_CONTACT: &str = "INSERT INTO voice_contacts \
     (integration_id, contact_id, company_id, first_name, last_name, email, phones, active, \
     last_modified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
     ON CONFLICT (integration_id, contact_id) DO UPDATE SET company_id = excluded.company_id, \
     first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email, \
     phones = excluded.phones, active = excluded.active, last_modified = excluded.last_modified";
pub(super) const COMPANIES: &str = "SELECT company_id, name, phones, active FROM voice_companies \
     WHERE integration_id = $1 ORDER BY company_id";
pub(super) const CONTACTS: &str = "SELECT contact_id, company_id, first_name, last_name, email, \
     phones, active, last_modified FROM voice_contacts WHERE integration_id = $1 \
     ORDER BY contact_id";
pub(super) const COUNT_CONTACTS: &str =
    "SELECT count(*) FROM voice_contacts WHERE integration_id = $1";

const CALL_COLUMNS: &str = "id, integration_id, msp_id, call_id, caller, state, contact_id, \
     company_id, match_label, confidence, ticket_id, ticket_number, notes_posted, last_status, \
     ended_reason, started_at, ended_at, transcript, recording_url, report, attempts, \
     next_attempt_at, last_error, transcript_events, created_at, updated_at";

pub(super) fn call_by_key() -> String {
    format!("SELECT {CALL_COLUMNS} FROM voice_calls WHERE integration_id = $1 AND call_id = $2")
}
pub(super) fn call_by_id() -> String {
    format!("SELECT {CALL_COLUMNS} FROM voice_calls WHERE id = $1")
}
pub(super) fn list_calls() -> String {
    format!(
        "SELECT {CALL_COLUMNS} FROM voice_calls WHERE msp_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
    )
}
/// Takes a due call for one worker: only `pending`, and only when no live lease holds it.
pub(super) fn claim_call() -> String {
    format!(
        "UPDATE voice_calls SET lease_until = $2 WHERE id = $1 AND state = 'pending' \
         AND (lease_until IS NULL OR lease_until <= $3) RETURNING {CALL_COLUMNS}"
    )
}

pub(super) const INSERT_CALL: &str = "INSERT INTO voice_calls \
     (integration_id, msp_id, call_id, caller, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (integration_id, call_id) DO NOTHING";
pub(super) const COUNT_CALLS: &str = "SELECT count(*) FROM voice_calls WHERE msp_id = $1";
pub(super) const SET_MATCH: &str = "UPDATE voice_calls SET contact_id = $2, company_id = $3, \
     match_label = $4, confidence = $5, updated_at = $6 WHERE id = $1";
/// Only the first ticket sticks: a second create for the same call changes nothing.
pub(super) const SET_TICKET: &str = "UPDATE voice_calls SET ticket_id = $2, ticket_number = $3, \
     updated_at = $4 WHERE id = $1 AND ticket_id IS NULL";
pub(super) const SET_STATUS: &str =
    "UPDATE voice_calls SET last_status = $2, updated_at = $3 WHERE id = $1";
pub(super) const COUNT_TRANSCRIPT: &str = "UPDATE voice_calls \
     SET transcript_events = transcript_events + 1, updated_at = $2 WHERE id = $1";
/// The end-of-call report moves a live call to `pending` once; duplicates find it moved.
pub(super) const SUBMIT_REPORT: &str = "UPDATE voice_calls SET state = 'pending', \
     caller = COALESCE($2, caller), ended_reason = $3, started_at = $4, ended_at = $5, \
     transcript = $6, recording_url = $7, report = $8, next_attempt_at = $9, updated_at = $9 \
     WHERE id = $1 AND state = 'in_progress'";
pub(super) const DUE_CALLS: &str = "SELECT id FROM voice_calls WHERE state = 'pending' \
     AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) \
     ORDER BY next_attempt_at, id LIMIT $2";
pub(super) const NOTES_POSTED: &str =
    "UPDATE voice_calls SET notes_posted = $2, updated_at = $3 WHERE id = $1";
pub(super) const FINISH_CALL: &str = "UPDATE voice_calls SET state = 'done', lease_until = NULL, \
     next_attempt_at = NULL, last_error = NULL, updated_at = $2 WHERE id = $1";
/// A failed attempt: back to `pending` with the next time, or `failed` when none is given.
pub(super) const ATTEMPT_FAILED: &str = "UPDATE voice_calls SET attempts = attempts + 1, \
     last_error = $2, next_attempt_at = $3, lease_until = NULL, \
     state = CASE WHEN $3 IS NULL THEN 'failed' ELSE 'pending' END, updated_at = $4 \
     WHERE id = $1";
pub(super) const RETRY_CALL: &str = "UPDATE voice_calls SET state = 'pending', attempts = 0, \
     next_attempt_at = $3, updated_at = $3 WHERE id = $1 AND msp_id = $2 AND state = 'failed'";
/// An error seen during the live call; the state stays as it is.
pub(super) const NOTE_ERROR: &str =
    "UPDATE voice_calls SET last_error = $2, updated_at = $3 WHERE id = $1";
pub(super) const ENABLED: &str =
    "SELECT integration_id FROM voice_settings WHERE enabled = TRUE ORDER BY integration_id";
