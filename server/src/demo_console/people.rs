//! Reading the simulated tenant's records into the console's words: names, labels, which
//! contacts belong to which of the MSP's clients.

use app::demo_wire::{DemoNote, DemoPerson};
use relay_sim::NoteView;
use serde_json::Value;

pub fn int(record: &Value, field: &str) -> Option<i64> {
    record.get(field).and_then(Value::as_i64)
}

pub fn text(record: &Value, field: &str) -> String {
    record
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

pub fn person(record: &Value) -> Option<DemoPerson> {
    let id = int(record, "id")?;
    let name = format!("{} {}", text(record, "firstName"), text(record, "lastName"));
    Some(DemoPerson {
        id,
        name: name.trim().to_owned(),
    })
}

/// Active records only (Autotask's `isActive` is a boolean; absent counts as active).
pub fn active(record: &Value) -> bool {
    record
        .get("isActive")
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

pub fn status_label(status: Option<i64>) -> String {
    match status {
        Some(1) => "New".into(),
        Some(5) => "Complete".into(),
        Some(7) => "Waiting Customer".into(),
        Some(8) => "In Progress".into(),
        Some(10) => "Scheduled".into(),
        Some(12) => "Waiting Vendor".into(),
        Some(21) => "Customer Note Added".into(),
        Some(other) => format!("Status {other}"),
        None => "No status".into(),
    }
}

/// A note as Autotask lists it: who wrote it (Relay's API user is named as such) and whether
/// the customer can see it.
pub fn note(
    note: &NoteView,
    name_of: impl Fn(bool, i64) -> Option<String>,
    api_user: i64,
) -> DemoNote {
    let author = match (note.created_by_contact_id, note.creator_resource_id) {
        (Some(contact), _) => name_of(true, contact)
            .map_or(format!("Contact {contact}"), |n| format!("{n} (contact)")),
        (None, Some(r)) if r == api_user => "Relay (API user)".to_owned(),
        (None, Some(r)) => {
            name_of(false, r).map_or(format!("Resource {r}"), |n| format!("{n} (technician)"))
        }
        (None, None) => "Unknown".to_owned(),
    };
    DemoNote {
        title: note.title.clone().unwrap_or_default(),
        text: note.description.clone(),
        author,
        visibility: match note.publish {
            Some(2) => "Internal".into(),
            Some(1) => "All Autotask users".into(),
            Some(other) => format!("Publish {other}"),
            None => "Unknown".into(),
        },
        at: note.create_date_time.clone().unwrap_or_default(),
    }
}
