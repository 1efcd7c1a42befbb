//! Builds webhook callouts from a change: which webhooks fire (active, ready, subscribed to the
//! event, actor not excluded) and the exact signed body (Create: configured fields; Update:
//! changed subscribed fields' new values plus display-always fields).

use super::Outbound;
use crate::clock;
use crate::data::{bool_field, int_field, str_field, Change, ChangeKind, Record, Tenant};
use crate::json_escape::{to_compact, Ordered};
use crate::schema::{Entity, HookFamily};
use crate::signing::hook_signature;

/// The callouts a change causes, with sequence numbers already assigned per webhook.
pub fn events_for(t: &mut Tenant, change: &Change) -> Vec<Outbound> {
    let Some(fam) = change
        .entity
        .hook_family()
        .filter(|f| f.watched == change.entity)
    else {
        return Vec::new();
    };
    let Some(rec) = t.get(change.entity, change.id).cloned() else {
        return Vec::new();
    };
    let event_flag = match change.kind {
        ChangeKind::Create => "isSubscribedToCreateEvents",
        ChangeKind::Update => "isSubscribedToUpdateEvents",
    };
    let hooks: Vec<(i64, Record)> = t
        .table(fam.webhooks)
        .into_iter()
        .flat_map(|tbl| tbl.iter())
        .filter(|(_, h)| {
            bool_field(h, "isActive") && bool_field(h, "isReady") && bool_field(h, event_flag)
        })
        .map(|(id, h)| (*id, h.clone()))
        .collect();
    let mut out = Vec::new();
    for (wid, hook) in hooks {
        if is_excluded(t, fam, wid, change) {
            continue;
        }
        let Some(fields) = payload_fields(t, fam, wid, change, &rec) else {
            continue;
        };
        let runtime = t.hooks.entry((fam.webhooks, wid)).or_default();
        runtime.sequence += 1;
        let action = match change.kind {
            ChangeKind::Create => "Create",
            ChangeKind::Update => "Update",
        };
        let body = envelope(
            action,
            str_field(&hook, "webhookGUID").unwrap_or(""),
            change.entity.singular(),
            change.id,
            Ordered::Object(fields),
            runtime.sequence,
            change.actor.person_id(),
        );
        out.push(Outbound {
            webhooks: fam.webhooks,
            webhook_id: wid,
            url: str_field(&hook, "webhookUrl").unwrap_or("").to_owned(),
            signature: hook_signature(str_field(&hook, "secretKey").unwrap_or(""), body.as_bytes()),
            body,
            sequence: runtime.sequence,
        });
    }
    out
}

/// The compact body in Autotask's key order.
pub fn envelope(
    action: &str,
    guid: &str,
    entity_type: &str,
    id: i64,
    fields: Ordered,
    sequence: i64,
    person: i64,
) -> String {
    to_compact(&Ordered::Object(vec![
        ("Action".into(), action.into()),
        ("Guid".into(), guid.into()),
        ("EntityType".into(), entity_type.into()),
        ("Id".into(), id.into()),
        ("Fields".into(), fields),
        ("EventTime".into(), clock::now_string().as_str().into()),
        ("SequenceNumber".into(), sequence.into()),
        ("PersonID".into(), person.into()),
    ]))
}

/// Changes by an excluded resource never call out; contacts cannot be excluded.
fn is_excluded(t: &Tenant, fam: HookFamily, wid: i64, change: &Change) -> bool {
    let Some(actor) = change.actor.resource_id() else {
        return false;
    };
    t.table(fam.excluded)
        .into_iter()
        .flat_map(|tbl| tbl.values())
        .any(|r| {
            int_field(r, "webhookID") == Some(wid) && int_field(r, "resourceID") == Some(actor)
        })
}

/// `None` when an update touched no subscribed field (no callout).
fn payload_fields(
    t: &Tenant,
    fam: HookFamily,
    wid: i64,
    change: &Change,
    rec: &Record,
) -> Option<Vec<(String, Ordered)>> {
    let configured: Vec<(&'static str, bool, bool)> = t
        .table(fam.fields)
        .into_iter()
        .flat_map(|tbl| tbl.values())
        .filter(|r| int_field(r, "webhookID") == Some(wid))
        .filter_map(|r| {
            let fid = int_field(r, "fieldID")?;
            let def = fam
                .watched
                .fields()
                .iter()
                .find(|f| f.hook_id == Some(fid))?;
            Some((
                def.name,
                bool_field(r, "isSubscribedField"),
                bool_field(r, "isDisplayAlwaysField"),
            ))
        })
        .collect();
    let value = |name: &str| Ordered::from(rec.get(name).unwrap_or(&serde_json::Value::Null));
    let mut fields: Vec<(String, Ordered)> = Vec::new();
    match change.kind {
        ChangeKind::Create => {
            for (name, _, _) in &configured {
                fields.push(((*name).into(), value(name)));
            }
        }
        ChangeKind::Update => {
            for (name, subscribed, _) in &configured {
                if *subscribed && change.changed.contains(name) {
                    fields.push(((*name).into(), value(name)));
                }
            }
            if fields.is_empty() {
                return None;
            }
            for (name, _, always) in &configured {
                if *always && !fields.iter().any(|(n, _)| n == name) {
                    fields.push(((*name).into(), value(name)));
                }
            }
        }
    }
    Some(fields)
}

/// Entity of the webhook definitions for a family's watched entity name, used by the control API.
pub fn webhook_entity(name: &str) -> Option<Entity> {
    Entity::from_path(name).filter(|e| e.hook_family().is_some_and(|f| f.webhooks == *e))
}
