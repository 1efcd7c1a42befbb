//! SQL of approval-link codes and the link-only switch, written once for both databases.

macro_rules! code_cols {
    () => {
        "id, plan_id, decision, code_hash, sent_to_masked, created_at, expires_at, \
         failed_attempts, used_at, voided_at"
    };
}

/// A new code replaces any code of the plan that is still unused.
pub(super) const VOID_LIVE: &str = "UPDATE approval_link_codes SET voided_at = $2 \
     WHERE plan_id = $1 AND used_at IS NULL AND voided_at IS NULL";

pub(super) const INSERT_CODE: &str = "INSERT INTO approval_link_codes (msp_id, plan_id, \
     decision, code_hash, sent_to_masked, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

/// The plan's one usable code, if any (newest first guards against a concurrent send).
pub(super) const LIVE_CODE: &str = concat!(
    "SELECT ",
    code_cols!(),
    " FROM approval_link_codes WHERE plan_id = $1 AND used_at IS NULL AND voided_at IS NULL \
     AND expires_at > $2 ORDER BY id DESC LIMIT 1"
);

pub(super) const COUNTS: &str = "SELECT \
     CAST(COALESCE(SUM(CASE WHEN created_at >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
     CAST(COALESCE(SUM(failed_attempts), 0) AS BIGINT) FROM approval_link_codes \
     WHERE plan_id = $1";

pub(super) const RECORD_FAILURE: &str =
    "UPDATE approval_link_codes SET failed_attempts = failed_attempts + 1 WHERE id = $1";

/// Single use: only the first of two racing right answers changes the row.
pub(super) const USE_CODE: &str = "UPDATE approval_link_codes SET used_at = $2 \
     WHERE id = $1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > $2";

pub(super) const LINK_ONLY: &str =
    "SELECT link_only FROM approval_link_settings WHERE integration_id = $1";

pub(super) const SET_LINK_ONLY: &str = "INSERT INTO approval_link_settings (integration_id, \
     msp_id, link_only, updated_by, updated_at) \
     SELECT id, msp_id, $3, $4, $5 FROM integrations WHERE id = $1 AND msp_id = $2 \
     ON CONFLICT (integration_id) DO UPDATE SET link_only = excluded.link_only, \
     updated_by = excluded.updated_by, updated_at = excluded.updated_at";
