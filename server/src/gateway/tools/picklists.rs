//! `get-ticket-statuses`, `get-ticket-priorities` and `list-queues` (§1.8-1.10): the ticket
//! picklists from the cached field metadata (queues are the `queueID` picklist; there is no
//! Queues entity).

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, output, picks, Call, ToolError, ToolOutput};
use crate::autotask::entities::TICKET_STATUS_COMPLETE;

/// List the ticket statuses or priorities the tenant uses.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListValues {
    /// Include values no longer in use (default false).
    pub include_inactive: Option<bool>,
}

/// List the tenant's ticket queues.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListQueues {
    /// Include queues no longer in use (default false).
    pub include_inactive: Option<bool>,
    /// Only queues whose name contains this text (any case).
    pub search: Option<String>,
}

/// Which ticket picklist a tool lists.
#[derive(Debug, Clone, Copy)]
pub enum Which {
    Statuses,
    Priorities,
    Queues,
}

pub async fn list(call: &Call<'_>, which: Which) -> Result<ToolOutput, ToolError> {
    let (include_inactive, search) = match which {
        Which::Queues => {
            let a: ListQueues = args::decode(call.args)?;
            (a.include_inactive, a.search)
        }
        _ => (
            args::decode::<ListValues>(call.args)?.include_inactive,
            None,
        ),
    };
    let (field, noun) = match which {
        Which::Statuses => ("status", "statuses"),
        Which::Priorities => ("priority", "priorities"),
        Which::Queues => ("queueID", "queues"),
    };
    let fields = picks::fields(&call.tenant, "Tickets").await?;
    let search = search
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let mut values: Vec<_> = fields
        .field(field)
        .map(|f| f.picklist_values.iter().collect())
        .unwrap_or_default();
    values.retain(|v| include_inactive == Some(true) || v.is_active);
    values.retain(|v| {
        search
            .as_ref()
            .is_none_or(|s| v.label.to_lowercase().contains(s))
    });
    values.sort_by_key(|v| v.sort_order);
    let items: Vec<Value> = values
        .iter()
        .filter_map(|v| {
            let id = v.int_value()?;
            let mut row = json!({"id": id, "label": v.label, "isDefault": v.is_default_value, "isActive": v.is_active, "sortOrder": v.sort_order});
            if matches!(which, Which::Statuses) {
                row["closed"] = (id == TICKET_STATUS_COMPLETE).into();
                row["isSystem"] = v.is_system.into();
            }
            Some(row)
        })
        .collect();
    let full =
        json!({"field": field, "picklistValues": fields.field(field).map(|f| &f.picklist_values)});
    let summary = format!("{} ticket {noun}, complete set", items.len());
    Ok(output::output(
        full,
        output::list_view(summary, items, false, &[]),
        &call.counter,
    ))
}
