//! Ticket rules: required references, assignment (no API users; a role is needed), dependent
//! sub-issue types, ticket numbers, and the completedDate stamp when status becomes 5.

use super::{body_id, load_for_update, new_record, now, Change, ChangeKind, Outcome};
use crate::clock;
use crate::data::{apply_body, bool_field, int_field, Actor, Record, Tenant, WriteMode, ROLES};
use crate::error::{ApiError, ApiResult};
use crate::schema::Entity;
use serde_json::{Map, Value};

pub const COMPLETE: i64 = 5;

pub fn create(t: &mut Tenant, body: &Map<String, Value>, actor: Actor) -> ApiResult<Outcome> {
    let (mut rec, mut changed) = new_record(Entity::Tickets, body)?;
    validate(t, &rec)?;
    let now_ms = clock::now_millis();
    let stamp: Value = clock::format_millis(now_ms).into();
    let number = t.next_ticket_number(&clock::ymd_compact(now_ms));
    for (k, v) in [
        ("ticketNumber", number.into()),
        ("createDate", stamp.clone()),
        ("lastActivityDate", stamp.clone()),
        ("lastTrackedModificationDateTime", stamp),
    ] {
        rec.insert(k.into(), v);
    }
    default(&mut rec, "ticketType", 1);
    default(&mut rec, "ticketCategory", 3);
    stamp_creator(&mut rec, actor);
    if int_field(&rec, "status") == Some(COMPLETE) {
        stamp_completion(&mut rec, actor, &mut changed);
    }
    changed.extend(["id", "ticketNumber", "createDate"]);
    let id = t.insert(Entity::Tickets, rec);
    Ok(change(id, ChangeKind::Create, changed, actor))
}

pub fn update(
    t: &mut Tenant,
    body: &Map<String, Value>,
    mode: WriteMode,
    actor: Actor,
) -> ApiResult<Outcome> {
    let id = body_id(body)?;
    let mut rec = load_for_update(t, Entity::Tickets, id, None)?;
    let was_complete = int_field(&rec, "status") == Some(COMPLETE);
    let mut changed = apply_body(Entity::Tickets, &mut rec, body, mode)?;
    validate(t, &rec)?;
    let complete = int_field(&rec, "status") == Some(COMPLETE);
    if complete && !was_complete {
        stamp_completion(&mut rec, actor, &mut changed);
    } else if was_complete && !complete {
        rec.insert("completedDate".into(), Value::Null);
        rec.insert("completedByResourceID".into(), Value::Null);
        changed.push("completedDate");
    }
    if !changed.is_empty() {
        touch(&mut rec, actor);
    }
    if let Some(slot) = t.get_mut(Entity::Tickets, id) {
        *slot = rec;
    }
    Ok(change(id, ChangeKind::Update, changed, actor))
}

/// Records activity on a ticket (also used when a note is added).
pub fn touch(rec: &mut Record, actor: Actor) {
    let stamp = now();
    rec.insert("lastActivityDate".into(), stamp.clone());
    rec.insert("lastTrackedModificationDateTime".into(), stamp);
    let (person, kind) = match actor {
        Actor::Resource { id, .. } => (Some(id), 1),
        Actor::Contact(_) => (None, 2),
    };
    rec.insert("lastActivityResourceID".into(), person.into());
    rec.insert("lastActivityPersonType".into(), kind.into());
}

fn change(id: i64, kind: ChangeKind, changed: Vec<&'static str>, actor: Actor) -> Outcome {
    Outcome {
        item_id: id,
        change: Some(Change {
            entity: Entity::Tickets,
            id,
            kind,
            changed,
            actor,
        }),
        removed_webhook: None,
    }
}

fn default(rec: &mut Record, field: &str, value: i64) {
    if rec.get(field).is_none_or(Value::is_null) {
        rec.insert(field.into(), value.into());
    }
}

fn stamp_creator(rec: &mut Record, actor: Actor) {
    let (resource, contact, kind) = match actor {
        Actor::Resource { id, .. } => (Some(id), None, 1),
        Actor::Contact(c) => (None, Some(c), 2),
    };
    rec.insert("creatorResourceID".into(), resource.into());
    rec.insert("createdByContactID".into(), contact.into());
    rec.insert("creatorType".into(), kind.into());
    rec.insert(
        "impersonatorCreatorResourceID".into(),
        actor.impersonator().into(),
    );
    touch(rec, actor);
}

fn stamp_completion(rec: &mut Record, actor: Actor, changed: &mut Vec<&'static str>) {
    rec.insert("completedDate".into(), now());
    rec.insert("completedByResourceID".into(), actor.resource_id().into());
    changed.push("completedDate");
}

fn validate(t: &Tenant, rec: &Record) -> ApiResult<()> {
    let company = int_field(rec, "companyID").unwrap_or(-1);
    if !t.exists(Entity::Companies, company) {
        return Err(ApiError::invalid(format!(
            "companyID {company} does not reference an existing Company."
        )));
    }
    if let Some(contact) = int_field(rec, "contactID") {
        match t.get(Entity::Contacts, contact) {
            None => {
                return Err(ApiError::invalid(format!(
                    "contactID {contact} does not reference an existing Contact."
                )))
            }
            Some(c) if int_field(c, "companyID") != Some(company) => {
                return Err(ApiError::invalid(
                    "The contact must belong to the ticket's company.",
                ))
            }
            _ => {}
        }
    }
    validate_assignment(t, rec)?;
    if let Some(sub) = int_field(rec, "subIssueType") {
        let parent = Entity::Tickets
            .field("subIssueType")
            .and_then(|f| f.pick_value(sub))
            .and_then(|p| p.parent);
        if parent != int_field(rec, "issueType") {
            return Err(ApiError::invalid(format!(
                "subIssueType {sub} is not valid for the selected issueType."
            )));
        }
    }
    if let Some(ci) = int_field(rec, "configurationItemID") {
        if !t.exists(Entity::ConfigurationItems, ci) {
            return Err(ApiError::invalid(format!(
                "configurationItemID {ci} does not reference an existing ConfigurationItem."
            )));
        }
    }
    Ok(())
}

fn validate_assignment(t: &Tenant, rec: &Record) -> ApiResult<()> {
    let role = int_field(rec, "assignedResourceRoleID");
    let Some(resource) = int_field(rec, "assignedResourceID") else {
        return match role {
            Some(_) => Err(ApiError::invalid(
                "assignedResourceRoleID requires an assignedResourceID.",
            )),
            None => Ok(()),
        };
    };
    let res = t.get(Entity::Resources, resource).ok_or_else(|| {
        ApiError::invalid(format!(
            "assignedResourceID {resource} does not reference an existing Resource."
        ))
    })?;
    if int_field(res, "licenseType") == Some(7) {
        return Err(ApiError::invalid(
            "API-only users cannot be assigned to tickets.",
        ));
    }
    if !bool_field(res, "isActive") {
        return Err(ApiError::invalid(
            "Inactive resources cannot be assigned to tickets.",
        ));
    }
    match role {
        Some(r) if ROLES.contains(&r) => Ok(()),
        Some(r) => Err(ApiError::invalid(format!(
            "assignedResourceRoleID {r} is not a valid role for the resource."
        ))),
        None => Err(ApiError::invalid(
            "assignedResourceRoleID is required when assignedResourceID is set.",
        )),
    }
}
