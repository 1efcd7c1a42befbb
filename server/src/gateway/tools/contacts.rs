//! `list-contacts` and `get-contact` (§2.3, §2.4).

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args;
use super::output::{self, list_summary, pick, rows};
use super::{Call, ToolError, ToolOutput};
use crate::autotask::{Filter, Query};

const CONTACT_LIST: &[&str] = &[
    "id",
    "companyID",
    "firstName",
    "lastName",
    "title",
    "emailAddress",
    "phone",
    "mobilePhone",
    "alternatePhone",
    "extension",
    "isActive",
    "primaryContact",
];
const CONTACT_ITEM: &[&str] = &[
    "id",
    "companyID",
    "firstName",
    "lastName",
    "title",
    "emailAddress",
    "emailAddress2",
    "emailAddress3",
    "phone",
    "mobilePhone",
    "alternatePhone",
    "extension",
    "isActive",
    "primaryContact",
    "addressLine",
    "city",
    "state",
    "lastActivityDate",
];

/// Find contacts by company, e-mail address or name. Give at least one of the three.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListContacts {
    /// Only contacts of this company id.
    #[serde(alias = "companyID")]
    pub company_id: Option<i64>,
    /// An exact e-mail address.
    pub email: Option<String>,
    /// A name or e-mail fragment, e.g. "Joan Eberly", 2-100 characters.
    pub search: Option<String>,
    /// Include inactive contacts (default false).
    pub include_inactive: Option<bool>,
    /// Rows to return, 1-50 (default 20).
    pub limit: Option<u32>,
}

/// Read one contact.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GetContact {
    /// The contact id.
    #[serde(alias = "contactID")]
    pub contact_id: i64,
}

pub async fn list_contacts(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: ListContacts = args::decode(call.args)?;
    let limit = args::limit(a.limit)?;
    if a.company_id.is_none() && a.email.is_none() && a.search.is_none() {
        return Err(ToolError::InvalidArguments(
            "give companyId, email or search".into(),
        ));
    }
    let mut query = Query::new().include_fields(CONTACT_LIST.iter().copied());
    if let Some(company) = a.company_id {
        query = query.filter(Filter::eq("companyID", company));
    }
    if let Some(email) = &a.email {
        let email = email.trim();
        if !email.contains('@') {
            return Err(ToolError::InvalidArguments(
                "email: not an e-mail address".into(),
            ));
        }
        query = query.filter(Filter::or(
            ["emailAddress", "emailAddress2", "emailAddress3"].map(|f| Filter::eq(f, email)),
        ));
    }
    if let Some(search) = &a.search {
        let text = args::search_text("search", search)?;
        let mut any = vec![
            Filter::contains("firstName", &text),
            Filter::contains("lastName", &text),
            Filter::contains("emailAddress", &text),
        ];
        // "Joan Eberly" matches first and last name together, which no single field does.
        if let Some((first, last)) = text.split_once(' ') {
            any.push(Filter::and([
                Filter::contains("firstName", first.trim()),
                Filter::contains("lastName", last.trim()),
            ]));
        }
        query = query.filter(Filter::or(any));
    }
    if a.include_inactive != Some(true) {
        // Contacts carry isActive as 1/0, unlike Companies and Resources.
        query = query.filter(Filter::eq("isActive", 1));
    }
    let full = call.tenant.query_json("Contacts", &query).await?;
    let mut found = rows(&full);
    let more = !full["pageDetails"]["nextPageUrl"].is_null();
    found.sort_by_key(|c| {
        (
            c["lastName"].as_str().unwrap_or_default().to_lowercase(),
            c["firstName"].as_str().unwrap_or_default().to_lowercase(),
        )
    });
    let total = found.len();
    let items = found
        .iter()
        .take(limit)
        .map(|c| Value::Object(pick(c, CONTACT_LIST, &[])))
        .collect();
    let view = output::list_view(
        list_summary("contacts", total, limit.min(total), more),
        items,
        total > limit || more,
        &[],
    );
    Ok(output::output(full, view, &call.counter))
}

pub async fn get_contact(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    let a: GetContact = args::decode(call.args)?;
    let id = args::positive("contactId", a.contact_id)?;
    let Some(record) = call.tenant.get_json("Contacts", id).await? else {
        let view = json!({"summary": format!("No contact {id}"), "item": null});
        return Ok(output::output(json!({"item": null}), view, &call.counter));
    };
    let mut item = pick(&record, CONTACT_ITEM, &[]);
    if let Some(udfs) = output::udfs(&record) {
        item.insert("userDefinedFields".into(), udfs);
    }
    let name = format!(
        "{} {}",
        record["firstName"].as_str().unwrap_or_default(),
        record["lastName"].as_str().unwrap_or_default()
    );
    let view = json!({"summary": format!("Contact {}", name.trim()), "item": item});
    Ok(output::output(json!({"item": record}), view, &call.counter))
}
