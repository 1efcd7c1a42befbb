//! `list-tickets` and `get-ticket`: find tickets and read one, trimmed and labelled (§1.1, §1.2).

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::args::{self, Pick};
use super::output::{self, cut, label_fields, pick};
use super::ticket_search::{is_ticket_number, search_filter, status_filter, StatusArg};
use super::{filters, picks, Call, ToolError, ToolOutput};
use crate::autotask::{EntityFields, Filter, Query};

/// Picklist fields of a ticket that are shown with their labels.
pub const TICKET_PICKS: &[&str] = &[
    "status",
    "priority",
    "queueID",
    "ticketType",
    "ticketCategory",
    "issueType",
    "subIssueType",
    "source",
    "serviceLevelAgreementID",
];

const LIST_FIELDS: &[&str] = &[
    "id",
    "ticketNumber",
    "title",
    "status",
    "priority",
    "queueID",
    "companyID",
    "contactID",
    "assignedResourceID",
    "ticketType",
    "issueType",
    "createDate",
    "lastActivityDate",
    "dueDateTime",
    "completedDate",
];

const ITEM_FIELDS: &[&str] = &[
    "id",
    "ticketNumber",
    "title",
    "description",
    "status",
    "priority",
    "queueID",
    "ticketType",
    "ticketCategory",
    "issueType",
    "subIssueType",
    "source",
    "companyID",
    "contactID",
    "assignedResourceID",
    "assignedResourceRoleID",
    "createDate",
    "creatorResourceID",
    "createdByContactID",
    "lastActivityDate",
    "dueDateTime",
    "firstResponseDateTime",
    "resolvedDateTime",
    "completedDate",
    "resolution",
    "serviceLevelAgreementID",
    "contractID",
    "configurationItemID",
    "estimatedHours",
];

/// Find tickets by keyword, ticket number, company, status, queue or assignee.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListTickets {
    /// Keyword in the title, a full ticket number (T20261130.0001), a number prefix, or a ticket id. 2-100 characters.
    pub search: Option<String>,
    /// Only tickets of this Autotask company id.
    #[serde(alias = "companyID")]
    pub company_id: Option<i64>,
    /// "open" (default: every status except Complete), "closed", "any", a status label or id, or a list of them.
    pub status: Option<StatusArg>,
    /// Only tickets in this queue (label or id).
    pub queue: Option<Pick>,
    /// Only tickets assigned to this resource id.
    #[serde(alias = "assignedResourceID")]
    pub assigned_resource_id: Option<i64>,
    /// true: only tickets nobody is assigned to.
    pub unassigned: Option<bool>,
    /// Only tickets with activity on or after this UTC date or datetime (2026-11-30 or 2026-11-30T09:00:00Z).
    pub updated_since: Option<String>,
    /// Extra Autotask filter expressions, AND-ed with the above: {"op","field","value"} or {"op":"and"|"or","items":[...]}. Operators: eq, noteq, gt, gte, lt, lte, beginsWith, endsWith, contains, exist, notExist, in, notIn.
    pub filter: Option<Vec<Value>>,
    /// Rows to return, 1-50 (default 20), most recently active first.
    pub limit: Option<u32>,
}

/// Read one ticket with its description, labels and dates.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GetTicket {
    /// The ticket id (give this or ticketNumber).
    #[serde(alias = "ticketID")]
    pub ticket_id: Option<i64>,
    /// The ticket number, e.g. T20261130.0001 (give this or ticketId).
    pub ticket_number: Option<String>,
}

/// One list row, labelled.
pub fn ticket_row(record: &Value, fields: &EntityFields) -> Value {
    let mut row = pick(record, LIST_FIELDS, &[("title", 200)]);
    label_fields(
        &mut row,
        fields,
        &["status", "priority", "queueID", "ticketType", "issueType"],
    );
    Value::Object(row)
}

pub async fn list(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: ListTickets = args::decode(call.args)?;
    let limit = args::limit(a.limit)?;
    let fields = picks::fields(&call.tenant, "Tickets").await?;
    let mut query = Query::new().include_fields(LIST_FIELDS.iter().copied());
    if let Some(search) = &a.search {
        query = query.filter(search_filter(&args::search_text("search", search)?));
    }
    if let Some(company) = a.company_id {
        if company < 0 {
            return Err(ToolError::InvalidArguments(
                "companyId: must be 0 or more".into(),
            ));
        }
        query = query.filter(Filter::eq("companyID", company));
    }
    if let Some(status) = status_filter(a.status.as_ref(), &fields)? {
        query = query.filter(status);
    }
    if let Some(queue) = &a.queue {
        query = query.filter(Filter::eq(
            "queueID",
            picks::resolve(&fields, "queueID", "queue", queue)?,
        ));
    }
    if let Some(resource) = a.assigned_resource_id {
        query = query.filter(Filter::eq(
            "assignedResourceID",
            args::positive("assignedResourceId", resource)?,
        ));
    }
    if a.unassigned == Some(true) {
        query = query.filter(Filter::not_exist("assignedResourceID"));
    }
    if let Some(since) = &a.updated_since {
        query = query.filter(Filter::gte(
            "lastActivityDate",
            args::date_arg("updatedSince", since)?,
        ));
    }
    for filter in filters::parse(a.filter.as_deref().unwrap_or_default(), &fields)? {
        query = query.filter(filter);
    }
    let full = call.tenant.query_json("Tickets", &query).await?;
    let mut rows: Vec<&Value> = full["items"]
        .as_array()
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    let matched = rows.len();
    let more_pages = !full["pageDetails"]["nextPageUrl"].is_null();
    rows.sort_by(|x, y| {
        let key = |v: &Value| {
            v["lastActivityDate"]
                .as_str()
                .or(v["createDate"].as_str())
                .unwrap_or("")
                .to_owned()
        };
        key(y).cmp(&key(x))
    });
    let items: Vec<Value> = rows
        .iter()
        .take(limit)
        .map(|r| ticket_row(r, &fields))
        .collect();
    let mut warnings = Vec::new();
    if more_pages {
        warnings.push(
            "More than 500 tickets matched; narrow with updatedSince, companyId or status."
                .to_owned(),
        );
    }
    let summary = if matched <= limit && !more_pages {
        format!("{matched} tickets, complete set")
    } else {
        format!(
            "{} of {}{matched} matching tickets (most recent activity first); narrow the search to see others",
            items.len().min(limit),
            if more_pages { "more than " } else { "" }
        )
    };
    let view = output::list_view(summary, items, matched > limit || more_pages, &warnings);
    Ok(output::output(full, view, &call.counter))
}

/// The brain's view of one ticket.
pub fn ticket_item(record: &Value, fields: &EntityFields) -> Map<String, Value> {
    let mut item = pick(
        record,
        ITEM_FIELDS,
        &[("description", 4_000), ("resolution", 2_000)],
    );
    label_fields(&mut item, fields, TICKET_PICKS);
    if let Some(udfs) = output::udfs(record) {
        item.insert("userDefinedFields".into(), udfs);
    }
    item
}

pub async fn get(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: GetTicket = args::decode(call.args)?;
    let record = match (a.ticket_id, a.ticket_number.as_deref()) {
        (Some(id), None) => {
            call.tenant
                .get_json("Tickets", args::positive("ticketId", id)?)
                .await?
        }
        (None, Some(number)) if is_ticket_number(number.trim()) => {
            let query = Query::new()
                .filter(Filter::eq(
                    "ticketNumber",
                    number.trim().to_ascii_uppercase(),
                ))
                .max_records(1);
            let answer = call.tenant.query_json("Tickets", &query).await?;
            answer["items"]
                .as_array()
                .and_then(|items| items.first().cloned())
        }
        (None, Some(_)) => {
            return Err(ToolError::InvalidArguments(
                "ticketNumber: expected the form T20261130.0001".into(),
            ))
        }
        _ => {
            return Err(ToolError::InvalidArguments(
                "give exactly one of ticketId and ticketNumber".into(),
            ))
        }
    };
    let wanted = a
        .ticket_id
        .map(|id| id.to_string())
        .or(a.ticket_number)
        .unwrap_or_default();
    let Some(record) = record else {
        let view = serde_json::json!({"summary": format!("No ticket {wanted}"), "item": null});
        return Ok(output::output(
            serde_json::json!({"item": null}),
            view,
            &call.counter,
        ));
    };
    let fields = picks::fields(&call.tenant, "Tickets").await?;
    let item = ticket_item(&record, &fields);
    let title = record["title"]
        .as_str()
        .map(|t| cut(t, 80).0)
        .unwrap_or_default();
    let view = serde_json::json!({
        "summary": format!("Ticket {} {title}", record["ticketNumber"].as_str().unwrap_or(&wanted)),
        "item": item,
    });
    Ok(output::output(
        serde_json::json!({"item": record}),
        view,
        &call.counter,
    ))
}
