//! Names and help texts of the webhook pipeline's metrics, shared by intake and the worker.

use crate::metrics::Metrics;

pub mod names {
    pub const RECEIVED: &str = "relay_webhook_events_received_total";
    pub const DUPLICATED: &str = "relay_webhook_events_duplicated_total";
    pub const REJECTED: &str = "relay_webhook_events_rejected_total";
    pub const READINESS: &str = "relay_webhook_readiness_total";
    pub const PROCESSED: &str = "relay_webhook_events_processed_total";
    pub const SKIPPED: &str = "relay_webhook_events_skipped_total";
    pub const FAILED: &str = "relay_webhook_events_failed_total";
    pub const INTAKE_SECONDS: &str = "relay_webhook_intake_seconds";
    pub const EVENT_TO_WAKE_SECONDS: &str = "relay_webhook_event_to_wake_seconds";
}

pub(crate) fn describe(metrics: &Metrics) {
    use names::*;
    for (name, help) in [
        (RECEIVED, "Webhook events stored for processing."),
        (
            DUPLICATED,
            "Webhook deliveries acknowledged as duplicates of a stored event.",
        ),
        (REJECTED, "Webhook deliveries refused, by reason."),
        (READINESS, "Readiness pings, by result."),
        (
            crate::integrations::webhooks::ALERTS,
            "Webhook alerts raised (deactivated, silent), by reason.",
        ),
        (PROCESSED, "Webhook events processed, by outcome."),
        (SKIPPED, "Webhook events skipped, by reason."),
        (
            FAILED,
            "Webhook event attempts that failed, by whether the event was parked.",
        ),
        (
            INTAKE_SECONDS,
            "Time from request to acknowledgement of a webhook delivery.",
        ),
        (
            EVENT_TO_WAKE_SECONDS,
            "Time from receiving an event to waking or messaging an agent.",
        ),
    ] {
        metrics.describe(name, help);
    }
}
