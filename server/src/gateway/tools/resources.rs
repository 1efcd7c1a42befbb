//! `list-resources` (§3.1): the MSP's technicians, with whether each can be assigned a ticket
//! (active, not an API user, has a default service-desk role).

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::args;
use super::output::{self, list_summary, pick, rows};
use super::{Call, ToolError, ToolOutput};
use crate::autotask::entities::API_USER_LICENSE_TYPE;
use crate::autotask::{Filter, Query};

const FIELDS: &[&str] = &[
    "id",
    "firstName",
    "lastName",
    "email",
    "userName",
    "title",
    "isActive",
    "licenseType",
    "resourceType",
    "defaultServiceDeskRoleID",
];

/// Find technicians (Autotask resources) to assign tickets to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListResources {
    /// Text in the first name, last name, e-mail or user name ("Sam Ortega" matches both names), 2-100 characters.
    pub search: Option<String>,
    /// Include inactive resources (default false).
    pub include_inactive: Option<bool>,
    /// Include API-only users, which can never be assigned (default false).
    pub include_api_users: Option<bool>,
    /// Rows to return, 1-50 (default 20).
    pub limit: Option<u32>,
}

pub async fn list(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: ListResources = args::decode(call.args)?;
    let limit = args::limit(a.limit)?;
    let mut query = Query::new().include_fields(FIELDS.iter().copied());
    if let Some(search) = &a.search {
        let text = args::search_text("search", search)?;
        let mut any: Vec<Filter> = ["firstName", "lastName", "email", "userName"]
            .iter()
            .map(|f| Filter::contains(f, &text))
            .collect();
        if let Some((first, last)) = text.split_once(' ') {
            any.push(Filter::and([
                Filter::contains("firstName", first.trim()),
                Filter::contains("lastName", last.trim()),
            ]));
        }
        query = query.filter(Filter::or(any));
    }
    if a.include_inactive != Some(true) {
        query = query.filter(Filter::eq("isActive", true));
    }
    if a.include_api_users != Some(true) {
        query = query.filter(Filter::noteq("licenseType", API_USER_LICENSE_TYPE));
    }
    let full = call.tenant.query_json("Resources", &query).await?;
    let mut found = rows(&full);
    let more = !full["pageDetails"]["nextPageUrl"].is_null();
    found.sort_by_key(|r| {
        (
            r["lastName"].as_str().unwrap_or_default().to_lowercase(),
            r["id"].as_i64(),
        )
    });
    let total = found.len();
    let items = found
        .iter()
        .take(limit)
        .map(|r| {
            let mut row = pick(
                r,
                &[
                    "id",
                    "email",
                    "title",
                    "isActive",
                    "defaultServiceDeskRoleID",
                ],
                &[],
            );
            let name = format!(
                "{} {}",
                r["firstName"].as_str().unwrap_or_default(),
                r["lastName"].as_str().unwrap_or_default()
            );
            row.insert("name".into(), name.trim().into());
            let assignable = r["isActive"] == Value::Bool(true)
                && r["licenseType"].as_i64() != Some(API_USER_LICENSE_TYPE)
                && r["defaultServiceDeskRoleID"].as_i64().is_some();
            row.insert("assignable".into(), assignable.into());
            Value::Object(row)
        })
        .collect();
    let view = output::list_view(
        list_summary("resources", total, limit.min(total), more),
        items,
        total > limit || more,
        &[],
    );
    Ok(output::output(full, view, &call.counter))
}
