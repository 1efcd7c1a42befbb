//! Webhook definition writes: server-generated GUID and owner, duplicate prevention, fields
//! (valid webhook field ids only) and excluded resources; `isReady` follows the subscribed fields.

use super::{body_id, check_parent, load_for_update, new_record, Outcome};
use crate::data::{apply_body, bool_field, int_field, str_field, Tenant, WriteMode};
use crate::error::{ApiError, ApiResult};
use crate::schema::{Entity, HookFamily};
use serde_json::{Map, Value};

const EVENTS: [&str; 3] = [
    "isSubscribedToCreateEvents",
    "isSubscribedToUpdateEvents",
    "isSubscribedToDeleteEvents",
];

fn family(e: Entity) -> HookFamily {
    e.hook_family()
        .expect("webhook entities belong to a family")
}

pub fn create_webhook(t: &mut Tenant, e: Entity, body: &Map<String, Value>) -> ApiResult<Outcome> {
    let (mut rec, _) = new_record(e, body)?;
    for f in EVENTS.iter().chain(&["sendThresholdExceededNotification"]) {
        if rec.get(*f).is_none_or(Value::is_null) {
            rec.insert((*f).into(), false.into());
        }
    }
    check_duplicate(t, e, &rec, None)?;
    rec.insert("isReady".into(), false.into());
    rec.insert("ownerResourceID".into(), t.api_user_id.into());
    rec.insert(
        "webhookGUID".into(),
        uuid::Uuid::new_v4().to_string().into(),
    );
    let id = t.insert(e, rec);
    Ok(Outcome::item(id))
}

pub fn update_webhook(
    t: &mut Tenant,
    e: Entity,
    body: &Map<String, Value>,
    mode: WriteMode,
) -> ApiResult<Outcome> {
    let id = body_id(body)?;
    let mut rec = load_for_update(t, e, id, None)?;
    let was_active = bool_field(&rec, "isActive");
    apply_body(e, &mut rec, body, mode)?;
    check_duplicate(t, e, &rec, Some(id))?;
    // Reactivating clears the failure streak that deactivated it.
    if bool_field(&rec, "isActive") && !was_active {
        t.hooks.entry((e, id)).or_default().consecutive_failures = 0;
    }
    if let Some(slot) = t.get_mut(e, id) {
        *slot = rec;
    }
    refresh_ready(t, family(e), id);
    Ok(Outcome::item(id))
}

pub fn delete_webhook(t: &mut Tenant, e: Entity, id: i64) -> ApiResult<Outcome> {
    let fam = family(e);
    let rec = t.remove(e, id).ok_or_else(|| {
        ApiError::invalid(
            "No matching records found. The logged in Resource may not have the required permissions to delete the data.",
        )
    })?;
    for child in [fam.fields, fam.excluded] {
        let ids: Vec<i64> = t
            .table(child)
            .map(|tbl| {
                tbl.iter()
                    .filter(|(_, r)| int_field(r, "webhookID") == Some(id))
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default();
        for cid in ids {
            t.remove(child, cid);
        }
    }
    t.hooks.remove(&(e, id));
    Ok(Outcome {
        item_id: id,
        change: None,
        removed_webhook: Some((e, rec)),
    })
}

pub fn create_field(
    t: &mut Tenant,
    e: Entity,
    webhook: i64,
    body: &Map<String, Value>,
) -> ApiResult<Outcome> {
    let fam = family(e);
    let body = child_body(t, fam, webhook, body)?;
    let (mut rec, _) = new_record(e, &body)?;
    let field_id = int_field(&rec, "fieldID").unwrap_or(-1);
    if !fam
        .watched
        .fields()
        .iter()
        .any(|f| f.hook_id == Some(field_id))
    {
        return Err(ApiError::invalid(format!(
            "fieldID {field_id} is not a valid webhook field for {}.",
            fam.watched.path_name()
        )));
    }
    if children(t, e, webhook).any(|r| int_field(r, "fieldID") == Some(field_id)) {
        return Err(ApiError::invalid(format!(
            "fieldID {field_id} is already configured on webhook {webhook}."
        )));
    }
    for f in ["isSubscribedField", "isDisplayAlwaysField"] {
        if rec.get(f).is_none_or(Value::is_null) {
            rec.insert(f.into(), false.into());
        }
    }
    let id = t.insert(e, rec);
    refresh_ready(t, fam, webhook);
    Ok(Outcome::item(id))
}

pub fn update_field(
    t: &mut Tenant,
    e: Entity,
    webhook: i64,
    body: &Map<String, Value>,
    mode: WriteMode,
) -> ApiResult<Outcome> {
    let fam = family(e);
    let body = child_body(t, fam, webhook, body)?;
    let id = body_id(&body)?;
    let mut rec = load_for_update(t, e, id, Some(("webhookID", webhook)))?;
    let before = int_field(&rec, "fieldID");
    apply_body(e, &mut rec, &body, mode)?;
    if int_field(&rec, "fieldID") != before {
        return Err(ApiError::invalid(
            "fieldID cannot be changed; delete and re-add the field.",
        ));
    }
    if let Some(slot) = t.get_mut(e, id) {
        *slot = rec;
    }
    refresh_ready(t, fam, webhook);
    Ok(Outcome::item(id))
}

pub fn create_excluded(
    t: &mut Tenant,
    e: Entity,
    webhook: i64,
    body: &Map<String, Value>,
) -> ApiResult<Outcome> {
    let fam = family(e);
    let body = child_body(t, fam, webhook, body)?;
    let (rec, _) = new_record(e, &body)?;
    let resource = int_field(&rec, "resourceID").unwrap_or(-1);
    if !t.exists(Entity::Resources, resource) {
        return Err(ApiError::invalid(format!(
            "resourceID {resource} does not reference an existing Resource."
        )));
    }
    if children(t, e, webhook).any(|r| int_field(r, "resourceID") == Some(resource)) {
        return Err(ApiError::invalid(format!(
            "Resource {resource} is already excluded from webhook {webhook}."
        )));
    }
    Ok(Outcome::item(t.insert(e, rec)))
}

/// A webhook is ready once it has at least one subscribed field.
pub fn refresh_ready(t: &mut Tenant, fam: HookFamily, webhook: i64) {
    let ready = children(t, fam.fields, webhook).any(|r| bool_field(r, "isSubscribedField"));
    if let Some(rec) = t.get_mut(fam.webhooks, webhook) {
        rec.insert("isReady".into(), ready.into());
    }
}

fn children(t: &Tenant, e: Entity, webhook: i64) -> impl Iterator<Item = &super::Record> {
    t.table(e)
        .into_iter()
        .flat_map(|tbl| tbl.values())
        .filter(move |r| int_field(r, "webhookID") == Some(webhook))
}

fn child_body(
    t: &Tenant,
    fam: HookFamily,
    webhook: i64,
    body: &Map<String, Value>,
) -> ApiResult<Map<String, Value>> {
    if !t.exists(fam.webhooks, webhook) {
        return Err(ApiError::invalid(format!(
            "{} {webhook} was not found.",
            fam.webhooks.singular()
        )));
    }
    check_parent(body, "webhookID", webhook)?;
    let mut body = body.clone();
    body.insert("webhookID".into(), webhook.into());
    Ok(body)
}

/// Autotask refuses a second callout with the same URL and an overlapping event type.
fn check_duplicate(
    t: &Tenant,
    e: Entity,
    rec: &super::Record,
    own_id: Option<i64>,
) -> ApiResult<()> {
    let url = str_field(rec, "webhookUrl").unwrap_or("");
    let clash = t
        .table(e)
        .into_iter()
        .flat_map(|tbl| tbl.iter())
        .any(|(id, other)| {
            Some(*id) != own_id
                && str_field(other, "webhookUrl").is_some_and(|u| u.eq_ignore_ascii_case(url))
                && EVENTS
                    .iter()
                    .any(|ev| bool_field(rec, ev) && bool_field(other, ev))
        });
    if clash {
        return Err(ApiError::invalid(
            "A webhook with the same URL and event type already exists for this entity.",
        ));
    }
    Ok(())
}
