//! Records of the webhook definitions Relay knows about in Autotask, per integration.

use crate::store::Millis;
use app::ids::IntegrationId;

/// One `{X}Webhooks` definition pointing at an integration's URL, as last seen.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WebhookDefinitionRecord {
    #[sqlx(try_from = "i64")]
    pub integration_id: IntegrationId,
    /// `TicketWebhooks` or `TicketNoteWebhooks`.
    pub entity: String,
    /// The definition's id in Autotask.
    pub autotask_id: i64,
    /// Created by Relay; false when found by its URL (set up by hand).
    pub registered_by_relay: bool,
    pub is_active: bool,
    pub is_ready: bool,
    #[sqlx(json)]
    pub fields: Vec<String>,
    #[sqlx(json)]
    pub excluded_resources: Vec<i64>,
    pub inactive_reason: Option<String>,
    pub checked_at: Millis,
}
