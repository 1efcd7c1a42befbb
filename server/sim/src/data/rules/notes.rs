//! Ticket note rules: notes live under `/Tickets/{id}/Notes`; a contact-authored note (contact
//! impersonation via `createdByContactID`) must be published to All Autotask Users.

use super::tickets::touch;
use super::{body_id, check_parent, load_for_update, new_record, now, Change, ChangeKind, Outcome};
use crate::data::{apply_body, int_field, Actor, Tenant, WriteMode};
use crate::error::{ApiError, ApiResult};
use crate::schema::Entity;
use serde_json::{Map, Value};

const PUBLISH_ALL: i64 = 1;

pub fn create(
    t: &mut Tenant,
    ticket_id: i64,
    body: &Map<String, Value>,
    actor: Actor,
) -> ApiResult<Outcome> {
    check_parent(body, "ticketID", ticket_id)?;
    let ticket_company = t
        .get(Entity::Tickets, ticket_id)
        .and_then(|r| int_field(r, "companyID"))
        .ok_or_else(|| ApiError::invalid(format!("Ticket {ticket_id} was not found.")))?;
    let mut body = body.clone();
    body.retain(|k, _| !k.eq_ignore_ascii_case("ticketID"));
    body.insert("ticketID".into(), ticket_id.into());
    let (mut rec, changed) = new_record(Entity::TicketNotes, &body)?;
    // A contact actor (or a body naming createdByContactID) makes this a contact-authored note.
    let contact = match actor {
        Actor::Contact(c) => Some(c),
        Actor::Resource { .. } => int_field(&rec, "createdByContactID"),
    };
    let actor = match contact {
        Some(c) => {
            check_contact_note(t, c, ticket_company, int_field(&rec, "publish"))?;
            Actor::Contact(c)
        }
        None => actor,
    };
    rec.insert("createdByContactID".into(), contact.into());
    rec.insert("creatorResourceID".into(), actor.resource_id().into());
    rec.insert(
        "impersonatorCreatorResourceID".into(),
        actor.impersonator().into(),
    );
    rec.insert("createDateTime".into(), now());
    rec.insert("lastActivityDate".into(), now());
    let id = t.insert(Entity::TicketNotes, rec);
    if let Some(ticket) = t.get_mut(Entity::Tickets, ticket_id) {
        touch(ticket, actor);
    }
    Ok(outcome(id, ChangeKind::Create, changed, actor))
}

pub fn update(
    t: &mut Tenant,
    ticket_id: i64,
    body: &Map<String, Value>,
    mode: WriteMode,
    actor: Actor,
) -> ApiResult<Outcome> {
    check_parent(body, "ticketID", ticket_id)?;
    let id = body_id(body)?;
    let mut rec = load_for_update(t, Entity::TicketNotes, id, Some(("ticketID", ticket_id)))?;
    let mut body = body.clone();
    body.insert("ticketID".into(), ticket_id.into());
    let contact_before = int_field(&rec, "createdByContactID");
    let changed = apply_body(Entity::TicketNotes, &mut rec, &body, mode)?;
    if contact_before.is_some() && int_field(&rec, "publish") != Some(PUBLISH_ALL) {
        return Err(ApiError::invalid(
            "Notes created by a contact must be published to All Autotask Users.",
        ));
    }
    if !changed.is_empty() {
        rec.insert("lastActivityDate".into(), now());
        if let Some(imp) = actor.impersonator() {
            rec.insert("impersonatorUpdaterResourceID".into(), imp.into());
        }
    }
    if let Some(slot) = t.get_mut(Entity::TicketNotes, id) {
        *slot = rec;
    }
    Ok(outcome(id, ChangeKind::Update, changed, actor))
}

fn check_contact_note(
    t: &Tenant,
    contact: i64,
    company: i64,
    publish: Option<i64>,
) -> ApiResult<()> {
    let c = t.get(Entity::Contacts, contact).ok_or_else(|| {
        ApiError::invalid(format!(
            "createdByContactID {contact} does not reference an existing Contact."
        ))
    })?;
    if int_field(c, "companyID") != Some(company) {
        return Err(ApiError::invalid(
            "The contact must belong to the ticket's company.",
        ));
    }
    if publish != Some(PUBLISH_ALL) {
        return Err(ApiError::invalid(
            "Notes created by a contact must be published to All Autotask Users.",
        ));
    }
    Ok(())
}

fn outcome(id: i64, kind: ChangeKind, changed: Vec<&'static str>, actor: Actor) -> Outcome {
    Outcome {
        item_id: id,
        change: Some(Change {
            entity: Entity::TicketNotes,
            id,
            kind,
            changed,
            actor,
        }),
        removed_webhook: None,
    }
}
