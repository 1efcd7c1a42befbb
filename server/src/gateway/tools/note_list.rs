//! `list-notes` (§1.7): a ticket's notes newest first, bookkeeping notes hidden, Relay's own
//! notes recognised by their reference line.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

use super::notes::SYSTEM_NOTE_TYPES;
use super::output::{self, label_fields, pick};
use super::{args, picks, Call, ToolError, ToolOutput};
use crate::autotask::entities::{PUBLISH_ALL_AUTOTASK_USERS, PUBLISH_INTERNAL_ONLY};
use crate::autotask::{EntityFields, Filter, Query};

/// List the notes of one ticket, newest first.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListNotes {
    /// The ticket whose notes to list.
    #[serde(alias = "ticketID")]
    pub ticket_id: i64,
    /// "all" (default), "internal" or "public".
    pub visibility: Option<String>,
    /// Include workflow and notification bookkeeping notes (hidden by default).
    pub include_system: Option<bool>,
    /// Only notes created on or after this UTC date or datetime.
    pub since: Option<String>,
    /// Notes to return, 1-50 (default 20).
    pub limit: Option<u32>,
}

pub async fn list(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: ListNotes = args::decode(call.args)?;
    let ticket_id = args::positive("ticketId", a.ticket_id)?;
    let limit = args::limit(a.limit)?;
    let mut query = Query::new().filter(Filter::eq("ticketID", ticket_id));
    match a
        .visibility
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("all") => {}
        Some("internal") => query = query.filter(Filter::eq("publish", PUBLISH_INTERNAL_ONLY)),
        Some("public") => query = query.filter(Filter::eq("publish", PUBLISH_ALL_AUTOTASK_USERS)),
        Some(other) => {
            return Err(ToolError::InvalidArguments(format!(
                "visibility: {other:?} is not one of all, internal, public"
            )))
        }
    }
    if let Some(since) = &a.since {
        query = query.filter(Filter::gte(
            "createDateTime",
            args::date_arg("since", since)?,
        ));
    }
    let full = call.tenant.query_json("TicketNotes", &query).await?;
    let fields = picks::fields(&call.tenant, "TicketNotes").await?;
    let mut notes: Vec<&Value> = full["items"]
        .as_array()
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    // Same-second notes keep their creation order through the id.
    let key = |n: &Value| {
        (
            n["createDateTime"].as_str().unwrap_or_default().to_owned(),
            n["id"].as_i64(),
        )
    };
    notes.sort_by_key(|n| std::cmp::Reverse(key(n)));
    let is_system = |n: &Value| {
        n["noteType"]
            .as_i64()
            .is_some_and(|t| SYSTEM_NOTE_TYPES.contains(&t))
            || n["title"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("Service Desk Notification"))
    };
    let show_system = a.include_system == Some(true);
    let hidden = if show_system {
        0
    } else {
        notes.iter().filter(|n| is_system(n)).count()
    };
    let visible: Vec<&Value> = notes
        .into_iter()
        .filter(|n| show_system || !is_system(n))
        .collect();
    let total = visible.len();
    let items: Vec<Value> = visible
        .iter()
        .take(limit)
        .map(|n| note_row(n, &fields))
        .collect();
    let summary = if total == 0 {
        format!("No notes on ticket {ticket_id} (or no such ticket)")
    } else if total <= limit {
        format!("{total} notes on ticket {ticket_id}, newest first, complete set")
    } else {
        format!("The newest {limit} of {total} notes on ticket {ticket_id}; use since to see older ones")
    };
    let mut view = output::list_view(summary, items, total > limit, &[]);
    view["hiddenSystemNotes"] = hidden.into();
    Ok(output::output(full, view, &call.counter))
}

fn note_row(note: &Value, fields: &EntityFields) -> Value {
    let mut row = pick(
        note,
        &["id", "createDateTime", "publish", "noteType", "title"],
        &[("title", 250)],
    );
    label_fields(&mut row, fields, &["publish", "noteType"]);
    let text = note["description"].as_str().unwrap_or_default();
    let (cut, truncated) = output::cut(text, 1_500);
    row.insert("text".into(), cut.into());
    if truncated {
        row.insert("textTruncated".into(), true.into());
    }
    let author = if text.contains("Relay ref RLY-") {
        json!({"kind": "relay"})
    } else if let Some(contact) = note["createdByContactID"].as_i64() {
        json!({"kind": "contact", "id": contact})
    } else {
        json!({"kind": "resource", "id": note["creatorResourceID"]})
    };
    row.insert("author".into(), author);
    Value::Object(row)
}
