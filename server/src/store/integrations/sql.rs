//! SQL of the integration queries, written once for both databases.

/// Columns of `IntegrationRecord`.
macro_rules! integration_cols {
    () => {
        "id, msp_id, kind, username, secret_enc, tracking_id, zone_url, web_url, \
         api_user_resource_id, company_types, webhook_secret_enc, webhook_prev_secret_enc, \
         webhook_prev_expires_at, webhook_connected_at, last_event_at, deactivated_at, \
         disconnected_at, created_at, updated_at, webhook_hmac_key_enc, \
         webhook_prev_hmac_key_enc, webhook_require_signature"
    };
}

/// Inserted with empty secrets and sealed in the same transaction once the id exists.
pub(super) const INSERT_INTEGRATION: &str = "INSERT INTO integrations (msp_id, kind, username, \
     secret_enc, tracking_id, zone_url, web_url, api_user_resource_id, webhook_secret_enc, \
     created_at, updated_at) VALUES ($1, 'autotask', $2, '', $3, $4, $5, $6, '', $7, $7) \
     RETURNING id";
/// A new integration has an HMAC key, so its callouts must be signed from the start.
pub(super) const SEAL_INTEGRATION: &str = "UPDATE integrations SET secret_enc = $2, \
     webhook_secret_enc = $3, webhook_hmac_key_enc = $4, webhook_require_signature = TRUE \
     WHERE id = $1";
pub(super) const INTEGRATION_BY_ID: &str = concat!(
    "SELECT ",
    integration_cols!(),
    " FROM integrations WHERE id = $1"
);
pub(super) const ACTIVE_INTEGRATION: &str = concat!(
    "SELECT ",
    integration_cols!(),
    " FROM integrations WHERE msp_id = $1 AND kind = 'autotask' AND disconnected_at IS NULL"
);
pub(super) const UPDATE_CREDENTIALS: &str = "UPDATE integrations SET username = $2, \
     secret_enc = $3, tracking_id = $4, zone_url = $5, web_url = $6, api_user_resource_id = $7, \
     updated_at = $8 WHERE id = $1 AND disconnected_at IS NULL";
pub(super) const SET_COMPANY_TYPES: &str = "UPDATE integrations SET company_types = $2, \
     updated_at = $3 WHERE id = $1 AND disconnected_at IS NULL";
/// The first HMAC key an older integration gets also turns signatures on (the CASE reads the
/// row as it was before the update, on both databases); later rotations keep the admin's choice.
pub(super) const ROTATE_WEBHOOK_SECRET: &str = "UPDATE integrations SET webhook_secret_enc = $2, \
     webhook_prev_secret_enc = $3, webhook_prev_expires_at = $4, updated_at = $5, \
     webhook_require_signature = CASE WHEN webhook_hmac_key_enc IS NULL THEN TRUE \
     ELSE webhook_require_signature END, webhook_hmac_key_enc = $6, \
     webhook_prev_hmac_key_enc = $7 WHERE id = $1 AND disconnected_at IS NULL";
pub(super) const SET_SIGNATURE_REQUIRED: &str = "UPDATE integrations SET \
     webhook_require_signature = $2, updated_at = $3 WHERE id = $1 AND disconnected_at IS NULL";
/// The first verified callout also proves the webhook works; later ones leave `since` alone.
pub(super) const MARK_WEBHOOK_CONNECTED_ONCE: &str = "UPDATE integrations SET \
     webhook_connected_at = $2 WHERE id = $1 AND webhook_connected_at IS NULL";
/// A readiness ping also clears a deactivation: Autotask pings again when it is re-activated.
pub(super) const MARK_WEBHOOK_CONNECTED: &str = "UPDATE integrations SET \
     webhook_connected_at = $2, deactivated_at = NULL WHERE id = $1";
/// Never moves backwards, so out-of-order deliveries cannot hide a newer event.
pub(super) const RECORD_WEBHOOK_EVENT_AT: &str = "UPDATE integrations SET last_event_at = $2 \
     WHERE id = $1 AND (last_event_at IS NULL OR last_event_at < $2)";
pub(super) const MARK_WEBHOOK_DEACTIVATED: &str =
    "UPDATE integrations SET deactivated_at = $2 WHERE id = $1";
pub(super) const DISCONNECT_INTEGRATION: &str = "UPDATE integrations SET disconnected_at = $2, \
     updated_at = $2 WHERE id = $1 AND disconnected_at IS NULL";
