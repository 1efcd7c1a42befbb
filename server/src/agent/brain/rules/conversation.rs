//! Reads what the rule agent needs out of the conversation: the wake context, the results of
//! its own read calls, and the messages that arrived since it last spoke. Everything here is
//! untrusted data; it is only quoted, never obeyed.

use serde_json::Value;

use crate::agent::chat::ChatMessage;

/// The ticket the session was woken for, from the wake context (the first `Data` message that
/// holds a `ticket` object, as the pipeline stores it).
#[derive(Debug, Clone, PartialEq)]
pub struct Wake {
    pub index: usize,
    pub ticket_id: i64,
    pub number: Option<String>,
    pub title: String,
    pub description: String,
    pub priority: Option<String>,
    pub company_id: Option<i64>,
    pub company: Option<String>,
    pub contact: Option<String>,
}

pub fn wake(messages: &[ChatMessage]) -> Option<Wake> {
    messages.iter().enumerate().find_map(|(index, message)| {
        let ChatMessage::Data { content, .. } = message else {
            return None;
        };
        let context: Value = serde_json::from_str(content).ok()?;
        let ticket = context.get("ticket")?;
        let ticket_id = ticket.get("id")?.as_i64().filter(|id| *id > 0)?;
        Some(Wake {
            index,
            ticket_id,
            number: text(ticket.get("number")),
            title: text(ticket.get("title")).unwrap_or_default(),
            description: text(ticket.get("description")).unwrap_or_default(),
            priority: label(ticket.get("priority")),
            company_id: context.pointer("/company/id").and_then(Value::as_i64),
            company: text(context.pointer("/company/name")),
            contact: text(context.pointer("/contact/name")),
        })
    })
}

fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A picklist value as the context or a tool shows it: `{id, label}`, a label, or a bare id.
pub fn label(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Object(map) => label(map.get("label")).or_else(|| label(map.get("id"))),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The rows of a list tool's result, whatever the envelope: a bare array, or the first array
/// among the usual keys, or the first array-valued field.
pub fn rows(content: &str) -> Vec<Value> {
    let Ok(value) = serde_json::from_str::<Value>(content) else {
        return Vec::new();
    };
    match value {
        Value::Array(rows) => rows,
        Value::Object(map) => {
            let preferred = ["items", "notes", "tickets", "rows", "results"];
            preferred
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_array))
                .or_else(|| map.values().find_map(Value::as_array))
                .cloned()
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// The result the conversation holds for the latest call of `tool`, if any.
pub fn result_of<'a>(messages: &'a [ChatMessage], tool: &str) -> Option<&'a str> {
    messages.iter().rev().find_map(|m| match m {
        ChatMessage::Tool { name, content, .. } if name == tool => Some(content.as_str()),
        _ => None,
    })
}

/// A note from a list-notes row: its title and text.
pub fn note_text(row: &Value) -> (String, String) {
    let title = text(row.get("title")).unwrap_or_default();
    let body = text(row.get("text"))
        .or_else(|| text(row.get("description")))
        .unwrap_or_default();
    (title, body)
}

/// A related ticket from a list-tickets row: "T20250101.0001 Printer offline (In Progress)".
pub fn ticket_line(row: &Value) -> Option<(i64, String)> {
    let id = row.get("id")?.as_i64()?;
    let number = text(row.get("ticketNumber")).unwrap_or_else(|| format!("#{id}"));
    let title = text(row.get("title")).unwrap_or_default();
    let status = label(row.get("statusLabel")).or_else(|| label(row.get("status")));
    let line = match status {
        Some(status) => format!("{number} {title} ({status})"),
        None => format!("{number} {title}"),
    };
    Some((id, line.trim().to_owned()))
}

/// What a message (a later `Data` entry: a note or reply on the ticket) says, as text. A JSON
/// event is reduced to its note's title and text; anything else is taken as it is.
pub fn message_text(content: &str) -> String {
    let Ok(value) = serde_json::from_str::<Value>(content) else {
        return content.trim().to_owned();
    };
    let note = value
        .pointer("/event/note")
        .or_else(|| value.get("note"))
        .filter(|n| n.is_object())
        .unwrap_or(&value);
    let (title, body) = note_text(note);
    match (title.is_empty(), body.is_empty()) {
        (true, true) => content.trim().to_owned(),
        (false, true) => title,
        (true, false) => body,
        (false, false) => format!("{title}: {body}"),
    }
}
