//! `internal-note`, `public-note` and `list-notes` (§1.5-1.7). `publish` is fixed by the tool,
//! never an argument: 2 = internal, 1 = customer-visible (three public servers had these
//! reversed and published internal notes to customers).

use reqwest::Method;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{self, Pick};
use super::note_text::{self, MAX_NOTE_TITLE};
use super::output;
use super::{picks, Call, Reconciled, ToolError, ToolOutput};
use crate::autotask::entities::{PUBLISH_ALL_AUTOTASK_USERS, PUBLISH_INTERNAL_ONLY};
use crate::autotask::{EntityFields, Filter, Query};

/// Who may read a note the tool writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Internal,
    Public,
}

impl Visibility {
    fn publish(self) -> i64 {
        match self {
            Self::Internal => PUBLISH_INTERNAL_ONLY,
            Self::Public => PUBLISH_ALL_AUTOTASK_USERS,
        }
    }
}

/// Add a note to a ticket. Long text is split into several notes, in order.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WriteNote {
    /// The ticket to add the note to.
    #[serde(alias = "ticketID")]
    pub ticket_id: i64,
    /// The note's text (plain text). Longer than 32,000 characters is split into several notes.
    #[serde(alias = "description")]
    pub text: String,
    /// A short title, at most 250 characters (default "Relay agent").
    pub title: Option<String>,
    /// The note type, by label or id from the tenant's list (default: the tenant's default type).
    pub note_type: Option<Pick>,
}

/// Note types that are bookkeeping rather than a person's words (workflow rules, forwards).
pub const SYSTEM_NOTE_TYPES: &[i64] = &[13, 91, 92];

fn is_workflow_type(label: &str) -> bool {
    label.to_ascii_lowercase().contains("workflow")
}

/// The note type to write: the one asked for, else the tenant's default (never a workflow type).
fn note_type(fields: &EntityFields, asked: Option<&Pick>) -> Result<i64, ToolError> {
    if let Some(pick) = asked {
        let id = picks::resolve(fields, "noteType", "noteType", pick)?;
        if fields.label("noteType", id).is_some_and(is_workflow_type)
            || SYSTEM_NOTE_TYPES.contains(&id)
        {
            return Err(ToolError::InvalidArguments(format!(
                "noteType: {id} is a workflow/system note type; choose another"
            )));
        }
        return Ok(id);
    }
    let values = fields
        .field("noteType")
        .map(|f| f.picklist_values.as_slice())
        .unwrap_or_default();
    let usable = || {
        values
            .iter()
            .filter(|v| v.is_active && !is_workflow_type(&v.label))
    };
    usable()
        .find(|v| v.is_default_value)
        .or_else(|| usable().next())
        .and_then(|v| v.int_value())
        .ok_or_else(|| ToolError::Refused("the tenant has no usable note type".into()))
}

/// Refuses unless the tenant's `publish` picklist has `value` (a tenant without an internal
/// value must not get a customer-visible note instead).
fn check_publish(fields: &EntityFields, value: i64) -> Result<String, ToolError> {
    fields
        .label("publish", value)
        .map(str::to_owned)
        .ok_or_else(|| {
            ToolError::Refused(format!(
                "the tenant's note publish list has no value {value}"
            ))
        })
}

pub async fn write(call: &Call<'_>, visibility: Visibility) -> Result<ToolOutput, ToolError> {
    let a: WriteNote = args::decode(call.args)?;
    let ticket_id = args::positive("ticketId", a.ticket_id)?;
    if a.text.trim().is_empty() {
        return Err(ToolError::InvalidArguments(
            "text: must not be empty".into(),
        ));
    }
    let title = a
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("Relay agent");
    if title.chars().count() > MAX_NOTE_TITLE {
        return Err(ToolError::InvalidArguments(format!(
            "title: at most {MAX_NOTE_TITLE} characters"
        )));
    }
    let fields = picks::fields(&call.tenant, "TicketNotes").await?;
    let note_type = note_type(&fields, a.note_type.as_ref())?;
    let publish = visibility.publish();
    let publish_label = check_publish(&fields, publish)?;
    let parts = note_text::split(&a.text, call.relay_ref);
    let count = parts.len();
    let mut created = Vec::new();
    for (i, text) in parts.iter().enumerate() {
        let body = json!({
            "ticketID": ticket_id,
            "title": note_text::part_title(title, i + 1, count),
            "description": text,
            "noteType": note_type,
            "publish": publish,
        });
        let answer = call
            .tenant
            .call_json(
                Method::POST,
                &format!("Tickets/{ticket_id}/Notes"),
                Some(&body),
            )
            .await?;
        created.push(json!({"itemId": answer["itemId"], "title": body["title"]}));
    }
    let ids: Vec<Value> = created.iter().map(|c| c["itemId"].clone()).collect();
    let view = json!({
        "summary": format!("Added {count} {} note{} to ticket {ticket_id}", publish_label, if count == 1 { "" } else { "s" }),
        "ids": ids,
        "publish": publish,
        "publishLabel": publish_label,
        "noteType": note_type,
        "noteTypeLabel": fields.label("noteType", note_type),
    });
    Ok(output::output(
        json!({"created": created}),
        view,
        &call.counter,
    ))
}

/// A note write interrupted by a crash: done if every part carrying this call's reference is on
/// the ticket, not done if none is, unknown if only some are.
pub async fn reconcile(call: &Call<'_>) -> Result<Reconciled, ToolError> {
    let a: WriteNote = args::decode(call.args)?;
    let ticket_id = args::positive("ticketId", a.ticket_id)?;
    let marker = note_text::ref_marker(call.relay_ref);
    let query = Query::new()
        .filter(Filter::eq("ticketID", ticket_id))
        .filter(Filter::contains("description", &marker));
    let answer = call.tenant.query_json("TicketNotes", &query).await?;
    let found: Vec<Value> = answer["items"].as_array().cloned().unwrap_or_default();
    let expected = note_text::split(&a.text, call.relay_ref).len();
    if found.is_empty() {
        return Ok(Reconciled::NotDone);
    }
    if found.len() < expected {
        return Ok(Reconciled::Unknown(format!(
            "{} of {expected} parts of the note are on ticket {ticket_id}",
            found.len()
        )));
    }
    let created: Vec<Value> = found
        .iter()
        .map(|n| json!({"itemId": n["id"], "title": n["title"]}))
        .collect();
    let view = json!({
        "summary": format!("The note was already added to ticket {ticket_id} (found by its Relay reference)"),
        "ids": found.iter().map(|n| n["id"].clone()).collect::<Vec<_>>(),
    });
    Ok(Reconciled::Done(output::output(
        json!({"created": created, "found": found}),
        view,
        &call.counter,
    )))
}
