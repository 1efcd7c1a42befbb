//! What the control API can do, shared by `/_sim` routes and `SimHandle`: act as a technician or
//! a contact (firing webhooks like any change), read back notes, deactivate webhooks.

use crate::data::{int_field, str_field, Actor, WriteOp};
use crate::error::{ApiError, ApiResult};
use crate::schema::Entity;
use crate::state::SimState;
use crate::webhooks;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::Arc;

/// Who performs a control-API action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Person {
    Resource(i64),
    Contact(i64),
}

/// A note as Relay's tests need to see it: visibility and who wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: i64,
    #[serde(rename = "ticketID")]
    pub ticket_id: i64,
    pub title: Option<String>,
    pub description: String,
    #[serde(rename = "noteType")]
    pub note_type: Option<i64>,
    pub publish: Option<i64>,
    #[serde(rename = "creatorResourceID")]
    pub creator_resource_id: Option<i64>,
    #[serde(rename = "createdByContactID")]
    pub created_by_contact_id: Option<i64>,
    #[serde(rename = "impersonatorCreatorResourceID")]
    pub impersonator_creator_resource_id: Option<i64>,
    #[serde(rename = "createDateTime")]
    pub create_date_time: Option<String>,
}

fn actor(sim: &SimState, by: Person) -> ApiResult<Actor> {
    let t = sim.tenant();
    match by {
        Person::Resource(id) if t.exists(Entity::Resources, id) => Ok(Actor::resource(id)),
        Person::Contact(id) if t.exists(Entity::Contacts, id) => Ok(Actor::Contact(id)),
        Person::Resource(id) => Err(ApiError::invalid(format!("Resource {id} does not exist."))),
        Person::Contact(id) => Err(ApiError::invalid(format!("Contact {id} does not exist."))),
    }
}

fn default(fields: &mut Map<String, Value>, key: &str, value: Value) {
    if !fields.keys().any(|k| k.eq_ignore_ascii_case(key)) {
        fields.insert(key.into(), value);
    }
}

/// Creates a ticket as a resource or a contact (a contact becomes the ticket's contact).
pub fn create_ticket(
    sim: &Arc<SimState>,
    mut fields: Map<String, Value>,
    by: Person,
) -> ApiResult<i64> {
    let actor = actor(sim, by)?;
    default(&mut fields, "status", 1.into());
    default(&mut fields, "priority", 2.into());
    if let Person::Contact(c) = by {
        let company = sim
            .tenant()
            .get(Entity::Contacts, c)
            .and_then(|r| int_field(r, "companyID"));
        default(&mut fields, "contactID", c.into());
        default(&mut fields, "companyID", company.into());
        default(&mut fields, "queueID", 29682833.into());
        default(&mut fields, "source", 6.into());
    } else {
        default(&mut fields, "queueID", 29683481.into());
    }
    sim.apply_write(
        WriteOp::Create {
            entity: Entity::Tickets,
            parent: None,
            body: &fields,
        },
        actor,
    )
}

pub fn update_ticket(
    sim: &Arc<SimState>,
    id: i64,
    mut fields: Map<String, Value>,
    by: Person,
) -> ApiResult<i64> {
    let actor = actor(sim, by)?;
    fields.insert("id".into(), id.into());
    sim.apply_write(
        WriteOp::Update {
            entity: Entity::Tickets,
            parent: None,
            body: &fields,
            put: false,
        },
        actor,
    )
}

/// Adds a note as a resource or a contact; `publish` defaults to 1 (All Autotask Users).
pub fn create_note(
    sim: &Arc<SimState>,
    ticket_id: i64,
    mut fields: Map<String, Value>,
    by: Person,
) -> ApiResult<i64> {
    let actor = actor(sim, by)?;
    default(&mut fields, "noteType", 1.into());
    default(&mut fields, "publish", 1.into());
    default(&mut fields, "title", "".into());
    sim.apply_write(
        WriteOp::Create {
            entity: Entity::TicketNotes,
            parent: Some(ticket_id),
            body: &fields,
        },
        actor,
    )
}

pub fn notes(sim: &SimState, ticket_id: i64) -> Vec<NoteView> {
    let t = sim.tenant();
    t.table(Entity::TicketNotes)
        .into_iter()
        .flat_map(|tbl| tbl.values())
        .filter(|r| int_field(r, "ticketID") == Some(ticket_id))
        .map(|r| NoteView {
            id: int_field(r, "id").unwrap_or(0),
            ticket_id,
            title: str_field(r, "title").map(str::to_owned),
            description: str_field(r, "description").unwrap_or("").to_owned(),
            note_type: int_field(r, "noteType"),
            publish: int_field(r, "publish"),
            creator_resource_id: int_field(r, "creatorResourceID"),
            created_by_contact_id: int_field(r, "createdByContactID"),
            impersonator_creator_resource_id: int_field(r, "impersonatorCreatorResourceID"),
            create_date_time: str_field(r, "createDateTime").map(str::to_owned),
        })
        .collect()
}

/// A stored record by entity URL name, exactly as the API would return it.
pub fn record(sim: &SimState, entity: &str, id: i64) -> Option<Value> {
    let e = Entity::from_path(entity)?;
    let t = sim.tenant();
    t.get(e, id).map(|r| Value::Object(r.clone()))
}

/// Every stored record of an entity (by URL name), in id order; empty for an unknown entity.
pub fn records(sim: &SimState, entity: &str) -> Vec<Value> {
    let Some(e) = Entity::from_path(entity) else {
        return Vec::new();
    };
    let t = sim.tenant();
    t.table(e)
        .into_iter()
        .flat_map(|tbl| tbl.values())
        .map(|r| Value::Object(r.clone()))
        .collect()
}

/// Forces deactivation of a webhook (`TicketWebhooks` / `TicketNoteWebhooks`).
pub fn deactivate_webhook(sim: &Arc<SimState>, entity: &str, id: i64) -> bool {
    webhooks::webhook_entity(entity).is_some_and(|e| webhooks::deactivate(sim, e, id))
}

/// Removes a record as a person in the Autotask UI or another tool would; true if it existed.
pub fn remove_record(sim: &SimState, entity: &str, id: i64) -> bool {
    Entity::from_path(entity).is_some_and(|e| sim.tenant().remove(e, id).is_some())
}
