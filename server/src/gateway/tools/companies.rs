//! `list-companies` and `get-company` (§2.1, §2.2).

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{self, Pick};
use super::output::{self, label_fields, list_summary, pick, rows};
use super::{picks, Call, ToolError, ToolOutput};
use crate::autotask::{Filter, Query};

const COMPANY_LIST: &[&str] = &[
    "id",
    "companyName",
    "companyNumber",
    "companyType",
    "isActive",
    "phone",
    "city",
    "state",
    "webAddress",
    "ownerResourceID",
    "parentCompanyID",
    "lastActivityDate",
];
const COMPANY_ITEM: &[&str] = &[
    "id",
    "companyName",
    "companyNumber",
    "companyType",
    "isActive",
    "phone",
    "fax",
    "webAddress",
    "address1",
    "address2",
    "city",
    "state",
    "postalCode",
    "countryID",
    "ownerResourceID",
    "parentCompanyID",
    "classification",
    "lastActivityDate",
];
/// Find companies (the MSP's clients) by name or type.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListCompanies {
    /// Text in the company name, 2-100 characters.
    pub search: Option<String>,
    /// Company type by label or id (Customer, Prospect, ...).
    pub company_type: Option<Pick>,
    /// Include inactive companies (default false).
    pub include_inactive: Option<bool>,
    /// Rows to return, 1-50 (default 20).
    pub limit: Option<u32>,
}

/// Read one company.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GetCompany {
    /// The company id (0 is the MSP itself).
    #[serde(alias = "companyID")]
    pub company_id: i64,
}

pub async fn list_companies(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: ListCompanies = args::decode(call.args)?;
    let limit = args::limit(a.limit)?;
    let fields = picks::fields(&call.tenant, "Companies").await?;
    let mut query = Query::new().include_fields(COMPANY_LIST.iter().copied());
    if let Some(search) = &a.search {
        query = query.filter(Filter::contains(
            "companyName",
            &args::search_text("search", search)?,
        ));
    }
    if let Some(kind) = &a.company_type {
        query = query.filter(Filter::eq(
            "companyType",
            picks::resolve(&fields, "companyType", "companyType", kind)?,
        ));
    }
    if a.include_inactive != Some(true) {
        query = query.filter(Filter::eq("isActive", true));
    }
    let full = call.tenant.query_json("Companies", &query).await?;
    let mut found = rows(&full);
    let more = !full["pageDetails"]["nextPageUrl"].is_null();
    found.sort_by_key(|c| c["companyName"].as_str().unwrap_or_default().to_lowercase());
    let total = found.len();
    let items = found
        .iter()
        .take(limit)
        .map(|c| {
            let mut row = pick(c, COMPANY_LIST, &[("companyName", 200)]);
            label_fields(&mut row, &fields, &["companyType"]);
            if c["id"] == 0 {
                row.insert("isOwnCompany".into(), true.into());
            }
            Value::Object(row)
        })
        .collect();
    let view = output::list_view(
        list_summary("companies", total, limit.min(total), more),
        items,
        total > limit || more,
        &[],
    );
    Ok(output::output(full, view, &call.counter))
}

pub async fn get_company(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: GetCompany = args::decode(call.args)?;
    if a.company_id < 0 {
        return Err(ToolError::InvalidArguments(
            "companyId: must be 0 or more".into(),
        ));
    }
    let Some(record) = call.tenant.get_json("Companies", a.company_id).await? else {
        let view = json!({"summary": format!("No company {}", a.company_id), "item": null});
        return Ok(output::output(json!({"item": null}), view, &call.counter));
    };
    let fields = picks::fields(&call.tenant, "Companies").await?;
    let mut item = pick(&record, COMPANY_ITEM, &[]);
    label_fields(&mut item, &fields, &["companyType"]);
    if let Some(udfs) = output::udfs(&record) {
        item.insert("userDefinedFields".into(), udfs);
    }
    let view = json!({"summary": format!("Company {}", record["companyName"].as_str().unwrap_or_default()), "item": item});
    Ok(output::output(json!({"item": record}), view, &call.counter))
}
