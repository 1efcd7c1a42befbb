//! Turns a session's rows into what the page shows. Ticket text, notes and results are shown
//! as text only (the UI escapes them); nothing here interprets them.

use crate::clock::fmt_utc;
use crate::store::{SessionApprovalRow, SessionCallRow, SessionEntryRow, SessionHeaderRow};
use app::ids::TicketId;
use app::session_wire::{ApprovalView, ContextLine, SessionView, TimelineItem, ToolCallView};
use app::states::{SessionStatus, ToolCallState};
use serde_json::Value;

/// A result larger than this is cut on the page (the activity trail keeps it whole).
const RESULT_SHOWN: usize = 4_000;

pub fn status_label(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Idle => "Idle: waiting for the next message",
        SessionStatus::Ready => "Ready: queued for the agent",
        SessionStatus::Working => "Working",
        SessionStatus::WaitingApproval => "Waiting for approval",
        SessionStatus::BudgetExhausted => "Stopped: budget used up",
        SessionStatus::Failed => "Failed",
    }
}

fn state_label(state: ToolCallState) -> &'static str {
    match state {
        ToolCallState::Started => "Running",
        ToolCallState::Done => "Ran",
        ToolCallState::Failed => "Failed",
        ToolCallState::Refused => "Refused",
        ToolCallState::WaitingApproval => "Waiting for approval",
        ToolCallState::OutcomeUnknown => "Outcome unknown",
    }
}

pub fn ticket_label(context: &Value, id: TicketId) -> String {
    context
        .pointer("/ticket/number")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("#{}", id.get()))
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn clip(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!(
            "{}\n… (cut; the activity trail keeps the whole result)",
            &text[..at]
        ),
        None => text,
    }
}

fn text_at(value: &Value, pointer: &str) -> Option<String> {
    match value.pointer(pointer)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(map) => map.get("label").and_then(Value::as_str).map(str::to_owned),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn context_lines(context: &Value) -> Vec<ContextLine> {
    let fields = [
        ("Title", "/ticket/title"),
        ("Description", "/ticket/description"),
        ("Status", "/ticket/status"),
        ("Priority", "/ticket/priority"),
        ("Queue", "/ticket/queue"),
        ("Company", "/company/name"),
        ("Contact", "/contact/name"),
        ("Contact e-mail", "/contact/email"),
        ("Assigned to", "/assigned_resource/name"),
        ("Woken by", "/event/action"),
    ];
    fields
        .into_iter()
        .filter_map(|(label, pointer)| {
            text_at(context, pointer).map(|value| ContextLine {
                label: label.into(),
                value,
            })
        })
        .collect()
}

fn call_view(call: SessionCallRow) -> ToolCallView {
    let duration = call.finished_at.map(|end| {
        let ms = (end - call.started_at).max(0);
        if ms < 1_000 {
            format!("{ms} ms")
        } else {
            format!("{:.1} s", ms as f64 / 1_000.0)
        }
    });
    ToolCallView {
        id: call.id,
        tool: call.tool,
        arguments: pretty(&call.arguments),
        state: call.state,
        state_label: state_label(call.state).to_owned(),
        decision: call.decision,
        result: call.result.as_ref().map(|r| clip(pretty(r), RESULT_SHOWN)),
        error: call.error,
        duration,
        requests: call.requests,
        relay_ref: call.relay_ref,
    }
}

/// What a message or stop entry says: its text if it has one, else its note, else its JSON.
fn entry_text(body: &Value) -> Option<String> {
    for pointer in [
        "/content",
        "/text",
        "/reason",
        "/note/description",
        "/event/note/description",
    ] {
        if let Some(text) = text_at(body, pointer) {
            return Some(text);
        }
    }
    match body {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(pretty(other)),
    }
}

fn heading(kind: &str, body: &Value, turn: i64) -> String {
    match kind {
        "message" => match text_at(body, "/label").or_else(|| text_at(body, "/note/title")) {
            Some(label) => format!("Message: {label}"),
            None => "Message on the ticket".to_owned(),
        },
        "brain" => format!("Brain turn {turn}"),
        "stop" => "Run ended".to_owned(),
        other => other.to_owned(),
    }
}

pub fn session_view(
    header: SessionHeaderRow,
    entries: Vec<SessionEntryRow>,
    calls: Vec<SessionCallRow>,
    approvals: Vec<SessionApprovalRow>,
) -> SessionView {
    let requests = calls.iter().map(|c| c.requests).sum();
    let mut calls: Vec<Option<SessionCallRow>> = calls.into_iter().map(Some).collect();
    let mut take_turn = |turn: i64| -> Vec<ToolCallView> {
        calls
            .iter_mut()
            .filter(|c| c.as_ref().is_some_and(|c| c.turn == turn))
            .filter_map(Option::take)
            .map(call_view)
            .collect()
    };
    let mut timeline = Vec::new();
    for entry in entries {
        // The wake context has its own card; tool entries are shown from the journal, which
        // has the decision, the full result and the timing.
        if entry.kind == "context" || entry.kind == "tool" {
            continue;
        }
        let calls = if entry.kind == "brain" {
            take_turn(entry.turn)
        } else {
            Vec::new()
        };
        timeline.push(TimelineItem {
            heading: heading(&entry.kind, &entry.body, entry.turn),
            at: fmt_utc(entry.created_at),
            text: if entry.kind == "brain" {
                text_at(&entry.body, "/content")
            } else {
                entry_text(&entry.body)
            },
            calls,
            kind: entry.kind,
        });
    }
    // Calls the journal has but no brain entry points at yet (written between two reads).
    let rest: Vec<ToolCallView> = calls.into_iter().flatten().map(call_view).collect();
    if !rest.is_empty() {
        timeline.push(TimelineItem {
            kind: "brain".into(),
            heading: "Tool calls in progress".into(),
            at: String::new(),
            text: None,
            calls: rest,
        });
    }
    SessionView {
        id: header.id,
        client_id: header.client_id,
        client: header.client_name,
        ticket: ticket_label(&header.context, header.ticket_id),
        ticket_title: text_at(&header.context, "/ticket/title").unwrap_or_default(),
        status: header.status,
        status_label: status_label(header.status).to_owned(),
        status_reason: header.status_reason,
        active: matches!(header.status, SessionStatus::Ready | SessionStatus::Working),
        created_at: fmt_utc(header.created_at),
        updated_at: fmt_utc(header.updated_at.max(header.created_at)),
        context: context_lines(&header.context),
        timeline,
        approvals: approvals
            .into_iter()
            .map(|a| ApprovalView {
                id: a.id,
                tool: a.tool,
                arguments: pretty(&a.arguments),
                state: a.state,
                created_at: fmt_utc(a.created_at),
            })
            .collect(),
        requests,
    }
}
