//! Renders `entityInformation`, `entityInformation/fields` (picklist values as strings) and
//! `entityInformation/userDefinedFields` from the static field tables.

use super::{Entity, FieldDef, Pick};
use serde_json::{json, Value};

pub fn entity_info_json(e: Entity) -> Value {
    let v = e.verbs();
    let access = |allowed: bool| if allowed { "All" } else { "None" };
    let child_create = Entity::ALL
        .iter()
        .any(|p| p.children().iter().any(|c| c.entity == e));
    json!({"info": {
        "name": e.singular(),
        "canCreate": v.create || child_create,
        "canDelete": v.delete,
        "canQuery": true,
        "canUpdate": v.update || child_create,
        "userAccessForCreate": access(v.create || child_create),
        "userAccessForDelete": access(v.delete),
        "userAccessForQuery": "All",
        "userAccessForUpdate": access(v.update || child_create),
        "hasUserDefinedFields": e.has_udfs(),
        "supportsWebhookCallouts": matches!(e, Entity::Tickets | Entity::TicketNotes
            | Entity::Companies | Entity::Contacts | Entity::ConfigurationItems),
    }})
}

pub fn fields_json(e: Entity) -> Value {
    let hooked = e.hook_family().filter(|f| f.fields == e).map(|f| f.watched);
    let fields: Vec<Value> = e
        .fields()
        .iter()
        .map(|f| match hooked {
            Some(watched) if f.name == "fieldID" => field_json(f, Some(hook_picklist(watched))),
            _ => field_json(f, f.picklist.map(|p| p.iter().map(pick_json).collect())),
        })
        .collect();
    json!({ "fields": fields })
}

fn field_json(f: &FieldDef, picks: Option<Vec<Value>>) -> Value {
    json!({
        "name": f.name,
        "dataType": f.ty.wire_name(),
        "length": f.length,
        "isRequired": f.required,
        "isReadOnly": f.read_only,
        "isQueryable": f.queryable,
        "isReference": f.reference.is_some(),
        "referenceEntityType": f.reference.unwrap_or(""),
        "isPickList": picks.is_some(),
        "picklistValues": picks,
        "picklistParentValueField": f.parent_field.unwrap_or(""),
        "isSupportedWebhookField": f.hook_id.is_some(),
    })
}

fn pick_json(p: &Pick) -> Value {
    json!({
        "value": p.value.to_string(),
        "label": p.label,
        "isDefaultValue": p.default,
        "sortOrder": p.sort,
        "parentValue": p.parent.map(|v| v.to_string()).unwrap_or_default(),
        "isActive": p.active,
        "isSystem": p.system,
    })
}

/// `{X}WebhookFields.fieldID` values are the watched entity's webhook field ids, labelled with the
/// REST field names so a client can map `status` to its id.
fn hook_picklist(watched: Entity) -> Vec<Value> {
    watched
        .fields()
        .iter()
        .filter_map(|f| f.hook_id.map(|id| (id, f.name)))
        .enumerate()
        .map(|(i, (id, name))| {
            pick_json(&Pick {
                system: true,
                ..Pick::new(id, name, i as u32 + 1)
            })
        })
        .collect()
}

pub fn udfs_json(e: Entity) -> Value {
    let fields: Vec<Value> = e
        .udfs()
        .iter()
        .map(|u| {
            json!({
                "name": u.name, "label": u.label, "type": "string", "length": 100,
                "description": "", "isRequired": false, "isActive": true, "isPickList": false,
                "picklistValues": null, "defaultValue": null, "isProtected": false,
                "isEncrypted": false, "isVisibleToClientPortal": false, "udfType": 1,
            })
        })
        .collect();
    json!({ "fields": fields })
}
