//! Webhook definitions (`TicketWebhooks`, `TicketNoteWebhooks`) and their Fields and
//! ExcludedResources children (reference §10.2–10.4).

use app::ids::ResourceId;
use serde::{Deserialize, Serialize};

use super::{Entity, OtherFields};

/// A `{X}Webhooks` entity; its children live under `/{PATH}/{id}/Fields` and `/ExcludedResources`.
pub trait WebhookEntity: Entity {}

// Both webhook entities have exactly the same shape, so one definition serves both names.
macro_rules! webhook_definition {
    ($name:ident, $path:literal) => {
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            #[serde(default)]
            pub id: i64,
            pub name: Option<String>,
            pub webhook_url: Option<String>,
            pub deactivation_url: Option<String>,
            /// Write-only in practice; the HMAC key for `X-Hook-Signature`.
            pub secret_key: Option<String>,
            pub is_active: Option<bool>,
            pub is_ready: Option<bool>,
            pub is_subscribed_to_create_events: Option<bool>,
            pub is_subscribed_to_update_events: Option<bool>,
            pub is_subscribed_to_delete_events: Option<bool>,
            pub notification_email_address: Option<String>,
            pub send_threshold_exceeded_notification: Option<bool>,
            #[serde(rename = "ownerResourceID")]
            pub owner_resource_id: Option<ResourceId>,
            #[serde(rename = "webhookGUID")]
            pub webhook_guid: Option<String>,
            #[serde(flatten)]
            pub other: OtherFields,
        }

        impl Entity for $name {
            const PATH: &'static str = $path;
        }

        impl WebhookEntity for $name {}
    };
}

webhook_definition!(TicketWebhook, "TicketWebhooks");
webhook_definition!(TicketNoteWebhook, "TicketNoteWebhooks");

/// A trigger/payload field of a webhook. `field_id` values come from the
/// `{X}WebhookFields/entityInformation/fields` picklist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookField {
    #[serde(default)]
    pub id: i64,
    #[serde(rename = "webhookID")]
    pub webhook_id: Option<i64>,
    #[serde(rename = "fieldID")]
    pub field_id: Option<i64>,
    /// A change to this field fires an Update callout.
    pub is_subscribed_field: Option<bool>,
    /// Always included in payloads, changed or not.
    pub is_display_always_field: Option<bool>,
    #[serde(flatten)]
    pub other: OtherFields,
}

/// A resource whose changes never fire the webhook (Relay excludes its own API user).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookExcludedResource {
    #[serde(default)]
    pub id: i64,
    #[serde(rename = "webhookID")]
    pub webhook_id: Option<i64>,
    #[serde(rename = "resourceID")]
    pub resource_id: Option<ResourceId>,
    #[serde(flatten)]
    pub other: OtherFields,
}
