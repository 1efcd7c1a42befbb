//! SQL of the verification settings and phrase changes, written once for both databases.

macro_rules! verification_cols {
    () => {
        "msp_id, provider, base_url, account_id, secret_enc, paths, default_push, \
         timeout_secs, without_provider, updated_by, updated_at"
    };
}

pub(super) const SETTINGS: &str = concat!(
    "SELECT ",
    verification_cols!(),
    " FROM verification_settings WHERE msp_id = $1"
);

/// One row per MSP. `$6` says whether the secret changes (`$5` is the new sealed value, NULL
/// to clear); otherwise the stored secret stays.
pub(super) const SAVE_SETTINGS: &str = concat!(
    "INSERT INTO verification_settings (msp_id, provider, base_url, account_id, secret_enc, \
     paths, default_push, timeout_secs, without_provider, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, CASE WHEN $6 THEN $5 ELSE NULL END, $7, $8, $9, $10, $11, $12) \
     ON CONFLICT (msp_id) DO UPDATE SET provider = excluded.provider, \
     base_url = excluded.base_url, account_id = excluded.account_id, \
     secret_enc = CASE WHEN $6 THEN excluded.secret_enc ELSE verification_settings.secret_enc END, \
     paths = excluded.paths, default_push = excluded.default_push, \
     timeout_secs = excluded.timeout_secs, without_provider = excluded.without_provider, \
     updated_by = excluded.updated_by, updated_at = excluded.updated_at RETURNING ",
    verification_cols!()
);

pub(super) const PHRASES: &str = "SELECT phrase, change, created_at FROM verification_phrases \
     WHERE msp_id = $1 ORDER BY change, phrase";

/// Re-adding a phrase switches its change (a phrase is either added or removed, never both).
pub(super) const SET_PHRASE: &str = "INSERT INTO verification_phrases (msp_id, phrase, change, \
     created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (msp_id, phrase) DO UPDATE SET \
     change = excluded.change, created_at = excluded.created_at";

pub(super) const DELETE_PHRASE: &str =
    "DELETE FROM verification_phrases WHERE msp_id = $1 AND phrase = $2";
