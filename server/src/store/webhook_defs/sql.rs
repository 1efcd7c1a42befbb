//! SQL of the webhook definitions, written once for both databases.

macro_rules! definition_cols {
    () => {
        "integration_id, entity, autotask_id, registered_by_relay, is_active, is_ready, fields, \
         excluded_resources, inactive_reason, checked_at"
    };
}

/// A definition seen again keeps who registered it unless this sighting says Relay did: a
/// repair of a hand-made definition does not make it Relay's.
pub(super) const UPSERT_DEFINITION: &str = concat!(
    "INSERT INTO webhook_definitions (",
    definition_cols!(),
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (integration_id, entity) DO UPDATE SET autotask_id = excluded.autotask_id, \
     registered_by_relay = CASE WHEN webhook_definitions.autotask_id = excluded.autotask_id \
         THEN webhook_definitions.registered_by_relay OR excluded.registered_by_relay \
         ELSE excluded.registered_by_relay END, \
     is_active = excluded.is_active, is_ready = excluded.is_ready, fields = excluded.fields, \
     excluded_resources = excluded.excluded_resources, \
     inactive_reason = excluded.inactive_reason, checked_at = excluded.checked_at, \
     removed_at = NULL"
);
pub(super) const LIST_DEFINITIONS: &str = concat!(
    "SELECT ",
    definition_cols!(),
    " FROM webhook_definitions WHERE integration_id = $1 AND removed_at IS NULL \
     ORDER BY entity DESC"
);
pub(super) const DELETE_DEFINITION: &str =
    "DELETE FROM webhook_definitions WHERE integration_id = $1 AND entity = $2";
pub(super) const MARK_REMOVED: &str = "UPDATE webhook_definitions SET removed_at = $2 \
     WHERE integration_id = $1 AND removed_at IS NULL";
pub(super) const WAS_REMOVED: &str = "SELECT count(*) FROM webhook_definitions \
     WHERE integration_id = $1 AND entity = $2 AND autotask_id = $3 AND removed_at IS NOT NULL";
/// Keeps an earlier reason: the first explanation of a deactivation is the useful one.
pub(super) const MARK_INACTIVE: &str = "UPDATE webhook_definitions SET is_active = FALSE, \
     inactive_reason = COALESCE(inactive_reason, $3), checked_at = $4 \
     WHERE integration_id = $1 AND ($2 IS NULL OR entity = $2) AND is_active \
     AND removed_at IS NULL";
pub(super) const MARK_ACTIVE: &str = "UPDATE webhook_definitions SET is_active = TRUE, \
     inactive_reason = NULL, checked_at = $3 WHERE integration_id = $1 AND entity = $2";
