//! Companies, Contacts (only under `/Companies/{id}/Contacts`), ConfigurationItems and Resources
//! writes. Company 0 (the MSP itself) cannot be deactivated; Contacts.isActive is 1 or 0.

use super::{body_id, check_parent, load_for_update, new_record, now, Outcome};
use crate::data::{apply_body, int_field, Actor, Record, Tenant, WriteMode};
use crate::error::{ApiError, ApiResult};
use crate::schema::Entity;
use serde_json::{Map, Value};

pub fn create_company(
    t: &mut Tenant,
    body: &Map<String, Value>,
    actor: Actor,
) -> ApiResult<Outcome> {
    let (mut rec, _) = new_record(Entity::Companies, body)?;
    default(&mut rec, "isActive", true.into());
    validate(t, Entity::Companies, &rec)?;
    stamp(
        &mut rec,
        actor,
        &[
            "createDate",
            "lastActivityDate",
            "lastTrackedModifiedDateTime",
        ],
    );
    rec.insert("createdByResourceID".into(), actor.resource_id().into());
    let id = t.insert(Entity::Companies, rec);
    Ok(Outcome::item(id))
}

pub fn create_contact(
    t: &mut Tenant,
    company: i64,
    body: &Map<String, Value>,
    actor: Actor,
) -> ApiResult<Outcome> {
    check_parent(body, "companyID", company)?;
    let mut body = body.clone();
    body.insert("companyID".into(), company.into());
    let (mut rec, _) = new_record(Entity::Contacts, &body)?;
    default(&mut rec, "isActive", 1.into());
    validate(t, Entity::Contacts, &rec)?;
    stamp(
        &mut rec,
        actor,
        &["createDate", "lastActivityDate", "lastModifiedDate"],
    );
    let id = t.insert(Entity::Contacts, rec);
    Ok(Outcome::item(id))
}

pub fn create_asset(t: &mut Tenant, body: &Map<String, Value>, actor: Actor) -> ApiResult<Outcome> {
    let (mut rec, _) = new_record(Entity::ConfigurationItems, body)?;
    default(&mut rec, "isActive", true.into());
    validate(t, Entity::ConfigurationItems, &rec)?;
    stamp(&mut rec, actor, &["createDate", "lastModifiedTime"]);
    let id = t.insert(Entity::ConfigurationItems, rec);
    Ok(Outcome::item(id))
}

/// PATCH/PUT for the entities without webhook side effects.
pub fn update(
    t: &mut Tenant,
    e: Entity,
    parent: Option<i64>,
    body: &Map<String, Value>,
    mode: WriteMode,
) -> ApiResult<Outcome> {
    let id = body_id(body)?;
    let mut body = body.clone();
    let parent_check = match (e, parent) {
        (Entity::Contacts, Some(company)) => {
            check_parent(&body, "companyID", company)?;
            body.insert("companyID".into(), company.into());
            Some(("companyID", company))
        }
        _ => None,
    };
    let mut rec = load_for_update(t, e, id, parent_check)?;
    let changed = apply_body(e, &mut rec, &body, mode)?;
    validate(t, e, &rec)?;
    if !changed.is_empty() {
        let touched: &[&str] = match e {
            Entity::Companies => &["lastTrackedModifiedDateTime"],
            Entity::Contacts => &["lastModifiedDate"],
            Entity::ConfigurationItems => &["lastModifiedTime"],
            _ => &[],
        };
        for f in touched {
            rec.insert((*f).into(), now());
        }
    }
    if let Some(slot) = t.get_mut(e, id) {
        *slot = rec;
    }
    Ok(Outcome::item(id))
}

fn validate(t: &Tenant, e: Entity, rec: &Record) -> ApiResult<()> {
    let id = int_field(rec, "id");
    match e {
        Entity::Companies => {
            if id == Some(0) && rec.get("isActive") == Some(&Value::Bool(false)) {
                return Err(ApiError::invalid(
                    "The local company (id 0) cannot be deactivated.",
                ));
            }
            exists(t, rec, "ownerResourceID", Entity::Resources)?;
            exists(t, rec, "parentCompanyID", Entity::Companies)
        }
        Entity::Contacts => {
            if !matches!(int_field(rec, "isActive"), Some(0 | 1)) {
                return Err(ApiError::invalid("isActive must be 1 or 0 for Contacts."));
            }
            exists(t, rec, "companyID", Entity::Companies)
        }
        Entity::ConfigurationItems => {
            exists(t, rec, "companyID", Entity::Companies)?;
            exists(t, rec, "contactID", Entity::Contacts)
        }
        _ => Ok(()),
    }
}

fn exists(t: &Tenant, rec: &Record, field: &str, target: Entity) -> ApiResult<()> {
    match int_field(rec, field) {
        Some(id) if !t.exists(target, id) => Err(ApiError::invalid(format!(
            "{field} {id} does not reference an existing {}.",
            target.singular()
        ))),
        _ => Ok(()),
    }
}

fn default(rec: &mut Record, field: &str, value: Value) {
    if rec.get(field).is_none_or(Value::is_null) {
        rec.insert(field.into(), value);
    }
}

fn stamp(rec: &mut Record, actor: Actor, fields: &[&str]) {
    for f in fields {
        rec.insert((*f).into(), now());
    }
    rec.insert(
        "impersonatorCreatorResourceID".into(),
        actor.impersonator().into(),
    );
}
