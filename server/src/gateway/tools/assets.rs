//! `list-assets` and `get-asset` (§3.2, §3.3): Autotask ConfigurationItems, which the UI calls
//! assets or devices.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{self, Pick};
use super::output::{self, label_fields, list_summary, pick, rows};
use super::{picks, Call, ToolError, ToolOutput};
use crate::autotask::{Filter, Query};

const LIST: &[&str] = &[
    "id",
    "companyID",
    "referenceTitle",
    "referenceNumber",
    "serialNumber",
    "configurationItemType",
    "configurationItemCategoryID",
    "productID",
    "contactID",
    "isActive",
    "installDate",
    "warrantyExpirationDate",
    "rmmDeviceAuditHostname",
    "rmmDeviceAuditLastUser",
];
const ITEM: &[&str] = &[
    "id",
    "companyID",
    "referenceTitle",
    "referenceNumber",
    "serialNumber",
    "configurationItemType",
    "configurationItemCategoryID",
    "productID",
    "contactID",
    "isActive",
    "location",
    "installDate",
    "warrantyExpirationDate",
    "rmmDeviceAuditHostname",
    "rmmDeviceAuditIPAddress",
    "rmmDeviceAuditOperatingSystem",
    "rmmDeviceAuditLastUser",
    "rmmOpenAlertCount",
    "notes",
    "createDate",
];

/// Find a company's assets (configuration items), or assets by name or serial number.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListAssets {
    /// Only assets of this company id (give this or search).
    #[serde(alias = "companyID")]
    pub company_id: Option<i64>,
    /// Text in the asset's name, reference number, serial number or hostname, 2-100 characters (give this or companyId).
    pub search: Option<String>,
    /// Asset type by label or id.
    pub configuration_item_type: Option<Pick>,
    /// Include inactive assets (default false).
    pub include_inactive: Option<bool>,
    /// Rows to return, 1-50 (default 20).
    pub limit: Option<u32>,
}

/// Read one asset (configuration item).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GetAsset {
    /// The asset (configuration item) id.
    #[serde(alias = "configurationItemID", alias = "assetID")]
    pub asset_id: i64,
}

pub async fn list(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: ListAssets = args::decode(call.args)?;
    let limit = args::limit(a.limit)?;
    if a.company_id.is_none() && a.search.is_none() {
        return Err(ToolError::InvalidArguments(
            "give companyId or search".into(),
        ));
    }
    let fields = picks::fields(&call.tenant, "ConfigurationItems").await?;
    let mut query = Query::new().include_fields(LIST.iter().copied());
    if let Some(company) = a.company_id {
        query = query.filter(Filter::eq("companyID", company));
    }
    if let Some(search) = &a.search {
        let text = args::search_text("search", search)?;
        let searchable = [
            "referenceTitle",
            "referenceNumber",
            "serialNumber",
            "rmmDeviceAuditHostname",
        ];
        // Only fields this tenant can query (the simulator, for one, has no RMM audit fields).
        let any: Vec<Filter> = searchable
            .iter()
            .filter(|f| fields.field(f).is_some_and(|i| i.is_queryable))
            .map(|f| Filter::contains(f, &text))
            .collect();
        query = query.filter(Filter::or(any));
    }
    if let Some(kind) = &a.configuration_item_type {
        let id = picks::resolve(
            &fields,
            "configurationItemType",
            "configurationItemType",
            kind,
        )?;
        query = query.filter(Filter::eq("configurationItemType", id));
    }
    if a.include_inactive != Some(true) {
        query = query.filter(Filter::eq("isActive", true));
    }
    let full = call.tenant.query_json("ConfigurationItems", &query).await?;
    let mut found = rows(&full);
    let more = !full["pageDetails"]["nextPageUrl"].is_null();
    found.sort_by_key(|r| {
        r["referenceTitle"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
    });
    let total = found.len();
    let items = found
        .iter()
        .take(limit)
        .map(|r| {
            let mut row = pick(r, LIST, &[("referenceTitle", 200)]);
            label_fields(&mut row, &fields, &["configurationItemType"]);
            Value::Object(row)
        })
        .collect();
    let view = output::list_view(
        list_summary("assets", total, limit.min(total), more),
        items,
        total > limit || more,
        &[],
    );
    Ok(output::output(full, view, &call.counter))
}

pub async fn get(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: GetAsset = args::decode(call.args)?;
    let id = args::positive("assetId", a.asset_id)?;
    let Some(record) = call.tenant.get_json("ConfigurationItems", id).await? else {
        let view = json!({"summary": format!("No asset {id}"), "item": null});
        return Ok(output::output(json!({"item": null}), view, &call.counter));
    };
    let fields = picks::fields(&call.tenant, "ConfigurationItems").await?;
    let mut item = pick(&record, ITEM, &[("notes", 1_000)]);
    label_fields(&mut item, &fields, &["configurationItemType"]);
    if let Some(udfs) = output::udfs(&record) {
        item.insert("userDefinedFields".into(), udfs);
    }
    let view = json!({"summary": format!("Asset {}", record["referenceTitle"].as_str().unwrap_or_default()), "item": item});
    Ok(output::output(json!({"item": record}), view, &call.counter))
}
