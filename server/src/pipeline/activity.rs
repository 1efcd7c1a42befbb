//! Activity log entries for event outcomes: what happened to each event, and why.

use super::outcome::Outcome;
use crate::store::{Millis, NewActivity, WebhookEventRecord};
use app::ids::ClientId;
use serde_json::{json, Value};

pub const KIND: &str = "ticket.event";

pub fn for_outcome(event: &WebhookEventRecord, outcome: &Outcome, now: Millis) -> NewActivity {
    let subject = format!(
        "{} {} #{}",
        event.entity_type, event.action, event.entity_id
    );
    let (client_id, summary, label, detail) = match outcome {
        Outcome::Woke {
            client_id,
            session_id,
            ticket_id,
            context,
        } => (
            Some(*client_id),
            format!("{subject}: woke the agent for ticket {ticket_id}"),
            "woke",
            json!({ "session_id": session_id, "context": context }),
        ),
        Outcome::Delivered {
            client_id,
            session_id,
            ticket_id,
            message,
        } => (
            Some(*client_id),
            format!("{subject}: delivered to the agent's session for ticket {ticket_id}"),
            "message",
            json!({ "session_id": session_id, "message": message }),
        ),
        Outcome::Skipped {
            client_id,
            reason,
            detail,
        } => (
            *client_id,
            format!("{subject}: skipped, {}", reason.describe()),
            "skipped",
            json!({ "reason": reason.label(), "detail": detail }),
        ),
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
    let subject = format!(
        "{} {} #{}",
        event.entity_type, event.action, event.entity_id
    );
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
