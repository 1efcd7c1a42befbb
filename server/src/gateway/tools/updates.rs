//! `triage-ticket` and `update-ticket` (§1.3, §1.4): read the ticket, diff against the target,
//! `PATCH /Tickets` with only what changes. Nothing differs → no write (which is also how a
//! crashed update is reconciled). Assigning a resource needs a role: the pitfall.

use reqwest::Method;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::args::{self, Pick};
use super::output;
use super::ticket_changes::{assignment, change_view, diff, set, Target};
use super::{picks, Call, Reconciled, ToolError, ToolOutput};
use crate::autotask::entities::TICKET_STATUS_COMPLETE;
use crate::autotask::EntityFields;

/// Set a ticket's priority, status (not closing), queue, assignee or type.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Triage {
    /// The ticket to triage.
    #[serde(alias = "ticketID")]
    pub ticket_id: i64,
    /// Priority, by label or id.
    pub priority: Option<Pick>,
    /// Status, by label or id; closing statuses need update-ticket.
    pub status: Option<Pick>,
    /// Queue, by label or id.
    pub queue: Option<Pick>,
    /// Resource id to assign the ticket to.
    #[serde(alias = "assignedResourceID")]
    pub assigned_resource_id: Option<i64>,
    /// The assignee's role id; when omitted the resource's default service-desk role is used.
    #[serde(alias = "assignedResourceRoleID")]
    pub assigned_resource_role_id: Option<i64>,
    /// true: remove the assignee (and role).
    pub unassign: Option<bool>,
    /// Ticket type, by label or id (Service Request, Incident, Problem, Change Request).
    pub ticket_type: Option<Pick>,
    /// Issue type, by label or id.
    pub issue_type: Option<Pick>,
    /// Sub-issue type, by label or id; must belong to the issue type.
    pub sub_issue_type: Option<Pick>,
    /// Why, in a sentence (kept in Relay's activity trail, not written to Autotask).
    pub reason: Option<String>,
}

/// Change a ticket's status (closing too), priority, assignment, queue or resolution.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Update {
    /// The ticket to update.
    #[serde(alias = "ticketID")]
    pub ticket_id: i64,
    /// Status, by label or id (Complete closes the ticket).
    pub status: Option<Pick>,
    /// Priority, by label or id.
    pub priority: Option<Pick>,
    /// Queue, by label or id.
    pub queue: Option<Pick>,
    /// Resource id to assign the ticket to.
    #[serde(alias = "assignedResourceID")]
    pub assigned_resource_id: Option<i64>,
    /// The assignee's role id; when omitted the resource's default service-desk role is used.
    #[serde(alias = "assignedResourceRoleID")]
    pub assigned_resource_role_id: Option<i64>,
    /// true: remove the assignee (and role).
    pub unassign: Option<bool>,
    /// Resolution text, at most 32,000 characters.
    pub resolution: Option<String>,
    /// "append" (default) adds to an existing resolution, "replace" overwrites it.
    pub resolution_mode: Option<String>,
}

async fn triage_target(
    call: &Call<'_>,
    a: &Triage,
    fields: &EntityFields,
) -> Result<Target, ToolError> {
    let mut values = Map::new();
    let pairs = [
        ("priority", "priority", &a.priority),
        ("status", "status", &a.status),
        ("queueID", "queue", &a.queue),
        ("ticketType", "ticketType", &a.ticket_type),
        ("issueType", "issueType", &a.issue_type),
        ("subIssueType", "subIssueType", &a.sub_issue_type),
    ];
    for (field, arg, pick) in pairs {
        if let Some(pick) = pick {
            set(
                &mut values,
                field,
                picks::resolve(fields, field, arg, pick)?.into(),
            );
        }
    }
    if values.get("status").and_then(Value::as_i64) == Some(TICKET_STATUS_COMPLETE) {
        return Err(ToolError::Refused(
            "triage-ticket does not close tickets; use update-ticket".into(),
        ));
    }
    if let (Some(issue), Some(sub)) = (
        values.get("issueType").and_then(Value::as_i64),
        values.get("subIssueType").and_then(Value::as_i64),
    ) {
        if !fields
            .children_of("subIssueType", issue)
            .iter()
            .any(|v| v.int_value() == Some(sub))
        {
            return Err(ToolError::InvalidArguments(format!(
                "subIssueType: {sub} does not belong to issue type {issue}"
            )));
        }
    } else if values.contains_key("issueType") && !values.contains_key("subIssueType") {
        // A sub-issue type of the old issue type would be rejected with the new one.
        set(&mut values, "subIssueType", Value::Null);
    }
    if a.reason.as_deref().is_some_and(|r| r.chars().count() > 500) {
        return Err(ToolError::InvalidArguments(
            "reason: at most 500 characters".into(),
        ));
    }
    assignment(
        call,
        &mut values,
        a.assigned_resource_id,
        a.assigned_resource_role_id,
        a.unassign == Some(true),
    )
    .await?;
    Ok(Target {
        values,
        append_resolution: None,
    })
}

async fn update_target(
    call: &Call<'_>,
    a: &Update,
    fields: &EntityFields,
) -> Result<Target, ToolError> {
    let mut values = Map::new();
    for (field, arg, pick) in [
        ("status", "status", &a.status),
        ("priority", "priority", &a.priority),
        ("queueID", "queue", &a.queue),
    ] {
        if let Some(pick) = pick {
            set(
                &mut values,
                field,
                picks::resolve(fields, field, arg, pick)?.into(),
            );
        }
    }
    assignment(
        call,
        &mut values,
        a.assigned_resource_id,
        a.assigned_resource_role_id,
        a.unassign == Some(true),
    )
    .await?;
    let mut append_resolution = None;
    if let Some(text) = a
        .resolution
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if text.chars().count() > 32_000 {
            return Err(ToolError::InvalidArguments(
                "resolution: at most 32,000 characters".into(),
            ));
        }
        match a.resolution_mode.as_deref().unwrap_or("append") {
            "append" => append_resolution = Some(text.to_owned()),
            "replace" => set(&mut values, "resolution", text.into()),
            other => {
                return Err(ToolError::InvalidArguments(format!(
                    "resolutionMode: {other:?} is not append or replace"
                )))
            }
        }
    }
    Ok(Target {
        values,
        append_resolution,
    })
}

async fn target_for(
    call: &Call<'_>,
    closing_allowed: bool,
) -> Result<(i64, Target, std::sync::Arc<EntityFields>), ToolError> {
    let fields = picks::fields(&call.tenant, "Tickets").await?;
    let (ticket_id, target) = if closing_allowed {
        let a: Update = args::decode(call.args)?;
        (
            args::positive("ticketId", a.ticket_id)?,
            update_target(call, &a, &fields).await?,
        )
    } else {
        let a: Triage = args::decode(call.args)?;
        (
            args::positive("ticketId", a.ticket_id)?,
            triage_target(call, &a, &fields).await?,
        )
    };
    if target.values.is_empty() && target.append_resolution.is_none() {
        return Err(ToolError::InvalidArguments(
            "give at least one field to change".into(),
        ));
    }
    Ok((ticket_id, target, fields))
}

/// Runs triage (`closing_allowed` false) or update.
pub async fn run(call: &Call<'_>, closing_allowed: bool) -> Result<ToolOutput, ToolError> {
    let (ticket_id, target, fields) = target_for(call, closing_allowed).await?;
    let ticket = call
        .tenant
        .get_json("Tickets", ticket_id)
        .await?
        .ok_or_else(|| ToolError::NotFound(format!("ticket {ticket_id}")))?;
    let changes = diff(&ticket, &target);
    let number = ticket["ticketNumber"].clone();
    if changes.is_empty() {
        let view = json!({"summary": format!("Ticket {ticket_id} already has these values; nothing was changed"), "id": ticket_id, "changed": {}});
        return Ok(output::output(
            json!({"ticket": ticket, "patch": null}),
            view,
            &call.counter,
        ));
    }
    let mut body = changes.clone();
    body.insert("id".into(), ticket_id.into());
    let answer = call
        .tenant
        .call_json(Method::PATCH, "Tickets", Some(&Value::Object(body.clone())))
        .await?;
    let unchanged: Vec<&String> = target
        .values
        .keys()
        .filter(|k| !changes.contains_key(*k))
        .collect();
    let view = json!({
        "summary": format!("Updated ticket {ticket_id}: {}", changes.keys().cloned().collect::<Vec<_>>().join(", ")),
        "id": ticket_id,
        "ticketNumber": number,
        "changed": change_view(&ticket, &changes, &fields),
        "unchanged": unchanged,
    });
    Ok(output::output(
        json!({"before": ticket, "patch": body, "answer": answer}),
        view,
        &call.counter,
    ))
}

/// A crashed update: done when the ticket already shows every target value.
pub async fn reconcile(call: &Call<'_>, closing_allowed: bool) -> Result<Reconciled, ToolError> {
    let (ticket_id, target, _) = target_for(call, closing_allowed).await?;
    let Some(ticket) = call.tenant.get_json("Tickets", ticket_id).await? else {
        return Ok(Reconciled::NotDone);
    };
    if !diff(&ticket, &target).is_empty() {
        return Ok(Reconciled::NotDone);
    }
    let view = json!({"summary": format!("Ticket {ticket_id} already shows the update"), "id": ticket_id, "changed": {}});
    Ok(Reconciled::Done(output::output(
        json!({"ticket": ticket}),
        view,
        &call.counter,
    )))
}

/// What an update or triage would change on the ticket as it is now, field by field, with the
/// tenant's labels: `[{field, label, before, after, beforeLabel, afterLabel}]` (the approval
/// note's before → after; nothing is written).
pub async fn preview(call: &Call<'_>, closing_allowed: bool) -> Result<Value, ToolError> {
    let (ticket_id, target, fields) = target_for(call, closing_allowed).await?;
    let ticket = call
        .tenant
        .get_json("Tickets", ticket_id)
        .await?
        .ok_or_else(|| ToolError::NotFound(format!("ticket {ticket_id}")))?;
    let changes = diff(&ticket, &target);
    let rows = changes
        .iter()
        .map(|(field, after)| {
            let before = ticket.get(field.as_str()).cloned().unwrap_or(Value::Null);
            let label = |v: &Value| v.as_i64().and_then(|id| fields.label(field, id));
            json!({
                "field": field,
                "before": before,
                "after": after,
                "beforeLabel": label(&before),
                "afterLabel": label(after),
            })
        })
        .collect();
    Ok(Value::Array(rows))
}
