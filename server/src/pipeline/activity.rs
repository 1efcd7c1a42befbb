//! Activity log entries for event outcomes: what happened to each event, and why.

use super::outcome::Outcome;
use super::ticket_facts::TicketFacts;
use crate::store::{Millis, NewActivity, WebhookEventRecord};
use app::ids::ClientId;
use serde::Deserialize;
use serde_json::{json, Value};

pub const KIND: &str = "ticket.event";

/// The event in a technician's words when no ticket was loaded: `New ticket #41215`.
fn event_words(event: &WebhookEventRecord) -> String {
    let thing = match event.entity_type.as_str() {
        "Ticket" => "ticket",
        "TicketNote" => "note",
        "Company" | "Account" => "company",
        "Contact" => "contact",
        "ConfigurationItem" => "configuration item",
        other => other,
    };
    let id = event.entity_id;
    match event.action.as_str() {
        "Create" => format!("New {thing} #{id}"),
        "Update" => format!("Change to {thing} #{id}"),
        "Delete" => format!("Deleted {thing} #{id}"),
        "Deactivated" => "The webhook was deactivated".to_string(),
        other => format!("{other} of {thing} #{id}"),
    }
}

/// What happened to the ticket, as the event said: `New ticket T… “…” (Contoso, Alicia)`.
fn ticket_event_words(event: &WebhookEventRecord, ticket: &TicketFacts) -> String {
    let subject = ticket.words();
    match (event.entity_type.as_str(), event.action.as_str()) {
        ("TicketNote", "Create") => format!("New note on {subject}"),
        ("TicketNote", _) => format!("Note changed on {subject}"),
        (_, "Create") => format!("New {subject}"),
        _ => format!("Change to {subject}"),
    }
}

pub fn for_outcome(event: &WebhookEventRecord, outcome: &Outcome, now: Millis) -> NewActivity {
    let (client_id, summary, label, detail) = match outcome {
        Outcome::Woke {
            client_id,
            session_id,
            ticket,
            context,
            ..
        } => (
            Some(*client_id),
            format!(
                "{}: the agent was woken to work on it",
                ticket_event_words(event, ticket)
            ),
            "woke",
            json!({ "session_id": session_id, "context": context, "ticket": ticket }),
        ),
        Outcome::Delivered {
            client_id,
            session_id,
            ticket,
            message,
            ..
        } => (
            Some(*client_id),
            format!(
                "{}: passed to the agent already working on it",
                ticket_event_words(event, ticket)
            ),
            "message",
            json!({ "session_id": session_id, "message": message, "ticket": ticket }),
        ),
        Outcome::Decided {
            client_id,
            session_id,
            ticket,
            code,
            decision,
            ..
        } => (
            Some(*client_id),
            format!(
                "{}: the assigned technician's reply decided plan {code} ({decision})",
                ticket_event_words(event, ticket)
            ),
            "decided",
            json!({ "session_id": session_id, "code": code, "decision": decision, "ticket": ticket }),
        ),
        Outcome::Skipped {
            client_id,
            reason,
            detail,
        } => {
            let ticket = detail
                .get("ticket")
                .and_then(|t| TicketFacts::deserialize(t).ok());
            let subject = match &ticket {
                Some(ticket) => ticket_event_words(event, ticket),
                None => event_words(event),
            };
            let mut out = json!({ "reason": reason.label(), "detail": detail });
            if let Some(ticket) = detail.get("ticket") {
                out["ticket"] = ticket.clone();
            }
            (
                *client_id,
                format!("{subject}: skipped, {}", reason.describe()),
                "skipped",
                out,
            )
        }
    };
    entry(event, client_id, summary, label, detail, now)
}

/// A failure: `parked` once retries are exhausted (the page offers a retry button).
pub fn for_failure(
    event: &WebhookEventRecord,
    error: &str,
    parked: bool,
    now: Millis,
) -> NewActivity {
    let subject = event_words(event);
    let summary = if parked {
        format!(
            "{subject}: failed after {} attempts and was parked: {error}",
            event.attempts
        )
    } else {
        format!(
            "{subject}: attempt {} failed, will retry: {error}",
            event.attempts
        )
    };
    let label = if parked { "parked" } else { "failed" };
    entry(event, None, summary, label, json!({ "error": error }), now)
}

fn entry(
    event: &WebhookEventRecord,
    client_id: Option<ClientId>,
    summary: String,
    outcome: &str,
    mut detail: Value,
    now: Millis,
) -> NewActivity {
    detail["event_id"] = json!(event.id);
    detail["attempts"] = json!(event.attempts);
    let mut summary = summary;
    // Found by polling after the webhook missed it: the trail says so.
    if crate::integrations::webhooks::backfill::is_backfill(&event.dedupe_key) {
        detail["source"] = json!("backfill");
        summary.push_str(" (caught up by backfill)");
    }
    NewActivity {
        msp_id: event.msp_id,
        client_id,
        at: now,
        kind: KIND.into(),
        summary,
        outcome: outcome.into(),
        detail,
    }
}
