//! The target values of a ticket update, the diff against the ticket as it is, and the
//! assignee's role: Autotask rejects a resource without `assignedResourceRoleID`, so an omitted
//! role is the resource's default service-desk role, never a guess.

use serde_json::{json, Map, Value};

use super::{args, output, Call, ToolError};
use crate::autotask::entities::API_USER_LICENSE_TYPE;
use crate::autotask::EntityFields;

/// What the ticket should look like afterwards (Autotask field name → value).
pub struct Target {
    pub values: Map<String, Value>,
    /// Resolution text to append (compared by containment, not equality).
    pub append_resolution: Option<String>,
}

pub fn set(values: &mut Map<String, Value>, field: &str, v: Value) {
    values.insert(field.into(), v);
}

pub async fn assignment(
    call: &Call<'_>,
    values: &mut Map<String, Value>,
    resource: Option<i64>,
    role: Option<i64>,
    unassign: bool,
) -> Result<(), ToolError> {
    match (resource, unassign) {
        (Some(_), true) => Err(ToolError::InvalidArguments(
            "unassign: cannot be combined with assignedResourceId".into(),
        )),
        (None, true) => {
            set(values, "assignedResourceID", Value::Null);
            set(values, "assignedResourceRoleID", Value::Null);
            Ok(())
        }
        (None, false) if role.is_some() => Err(ToolError::InvalidArguments(
            "assignedResourceRoleId: only together with assignedResourceId".into(),
        )),
        (None, false) => Ok(()),
        (Some(id), false) => {
            let id = args::positive("assignedResourceId", id)?;
            let resource = call
                .tenant
                .get_json("Resources", id)
                .await?
                .ok_or_else(|| ToolError::NotFound(format!("resource {id}")))?;
            if resource["isActive"] == Value::Bool(false) {
                return Err(ToolError::Refused(format!("resource {id} is inactive")));
            }
            if resource["licenseType"].as_i64() == Some(API_USER_LICENSE_TYPE) {
                return Err(ToolError::Refused(format!(
                    "resource {id} is an API user and cannot be assigned"
                )));
            }
            let role = role
                .or_else(|| resource["defaultServiceDeskRoleID"].as_i64())
                .ok_or_else(|| {
                    ToolError::InvalidArguments(format!(
                        "assignedResourceRoleId: resource {id} has no default service-desk role; give the role id"
                    ))
                })?;
            set(values, "assignedResourceID", id.into());
            set(values, "assignedResourceRoleID", role.into());
            Ok(())
        }
    }
}

/// The members of `target` that differ from `ticket`, ready to PATCH.
pub fn diff(ticket: &Value, target: &Target) -> Map<String, Value> {
    let mut changes: Map<String, Value> = target
        .values
        .iter()
        .filter(|(field, want)| ticket.get(field.as_str()).unwrap_or(&Value::Null) != *want)
        .map(|(f, v)| (f.clone(), v.clone()))
        .collect();
    if let Some(text) = &target.append_resolution {
        let current = ticket["resolution"].as_str().unwrap_or_default();
        if !current.contains(text.as_str()) {
            let joined = if current.trim().is_empty() {
                text.clone()
            } else {
                format!("{current}\n\n{text}")
            };
            changes.insert("resolution".into(), joined.into());
        }
    }
    // The role travels with its resource: Autotask wants both whenever one is sent.
    if changes.contains_key("assignedResourceRoleID") || changes.contains_key("assignedResourceID")
    {
        for field in ["assignedResourceID", "assignedResourceRoleID"] {
            if let Some(v) = target.values.get(field) {
                changes.insert(field.into(), v.clone());
            }
        }
    }
    changes
}

pub fn change_view(ticket: &Value, changes: &Map<String, Value>, fields: &EntityFields) -> Value {
    let mut view = Map::new();
    for (field, to) in changes {
        let from = ticket.get(field.as_str()).cloned().unwrap_or(Value::Null);
        let mut entry = json!({"from": output::cut(&from.to_string(), 200).0, "to": output::cut(&to.to_string(), 200).0});
        if let (Some(f), Some(t)) = (from.as_i64(), to.as_i64()) {
            entry = json!({"from": f, "to": t});
            if let Some(l) = fields.label(field, f) {
                entry["fromLabel"] = l.into();
            }
            if let Some(l) = fields.label(field, t) {
                entry["toLabel"] = l.into();
            }
        }
        view.insert(field.clone(), entry);
    }
    Value::Object(view)
}
