//! Webhook definition entities ({X}Webhooks, their Fields and ExcludedResources) and the
//! WebhookEventErrorLogs where undeliverable events end up.

use super::FieldDef as F;

pub const WEBHOOK_FIELDS: &[F] = &[
    F::long("id").req().ro(),
    F::text("name", 50).req(),
    F::text("webhookUrl", 500).req(),
    F::text("deactivationUrl", 500).req(),
    F::text("secretKey", 64),
    F::flag("isActive").req(),
    F::flag("isReady").ro(),
    F::flag("isSubscribedToCreateEvents"),
    F::flag("isSubscribedToUpdateEvents"),
    F::flag("isSubscribedToDeleteEvents"),
    F::text("notificationEmailAddress", 150),
    F::flag("sendThresholdExceededNotification"),
    F::int("ownerResourceID").ro().refs("Resource"),
    F::text("webhookGUID", 100).ro(),
];

/// `fieldID`'s picklist is generated from the watched entity's webhook-capable fields.
pub const WEBHOOK_FIELD_FIELDS: &[F] = &[
    F::long("id").req().ro(),
    F::int("webhookID").req(),
    F::int("fieldID").req(),
    F::flag("isSubscribedField"),
    F::flag("isDisplayAlwaysField"),
];

pub const EXCLUDED_RESOURCE_FIELDS: &[F] = &[
    F::long("id").req().ro(),
    F::int("webhookID").req(),
    F::int("resourceID").req().refs("Resource"),
];

pub const ERROR_LOG_FIELDS: &[F] = &[
    F::long("id").req().ro(),
    F::date("createDateTime").ro(),
    F::text("errorMessage", 1000).ro(),
    F::text("payload", 32000).ro(),
    F::int("sequenceNumber").ro(),
    F::int("ticketWebhookID").ro(),
    F::int("ticketNoteWebhookID").ro(),
    F::int("companyWebhookID").ro(),
    F::int("contactWebhookID").ro(),
    F::int("configurationItemWebhookID").ro(),
];
