//! The per-ticket ordering key of an event, known at intake without calling Autotask.

use crate::autotask::webhook::{WebhookEntityType, WebhookPayload};

/// `ticket:<id>` for tickets and for notes whose payload names their ticket; otherwise the
/// entity itself, so unrelated records never wait for each other.
pub fn order_key(payload: &WebhookPayload) -> String {
    match payload.entity_type {
        WebhookEntityType::Ticket => format!("ticket:{}", payload.id),
        WebhookEntityType::TicketNote => match payload.field_i64("ticketID") {
            Some(ticket) => format!("ticket:{ticket}"),
            None => format!("TicketNote:{}", payload.id),
        },
        ref other => format!("{}:{}", other.as_str(), payload.id),
    }
}
