//! `api-get`, `api-post` and `api-patch` (§4): any Autotask REST call the dedicated tools do
//! not cover, confined to the zone's `/V1.0/` base by the path guard. No PUT, no DELETE, no
//! headers from the model, no redirects (the client never follows them).

use reqwest::Method;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::output::{self, cut};
use super::{args, path_guard, Call, ToolError, ToolOutput};

const MAX_BODY_BYTES: usize = 64 * 1024;
const MAX_QUERY_RECORDS: u64 = 100;
const MAX_ROWS: usize = 50;

/// A read from the Autotask REST API.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApiGet {
    /// Relative REST path, e.g. /V1.0/Tickets/41207 or Companies/entityInformation/fields.
    pub path: String,
    /// For .../query and .../query/count paths: the query object ({"filter": [...]}), sent as the search parameter.
    pub search: Option<Map<String, Value>>,
}

/// A create (POST) or update (PATCH) through the Autotask REST API.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApiWrite {
    /// Relative REST path, e.g. /V1.0/Tickets/41207/Notes (POST) or /V1.0/Tickets (PATCH, with "id" in the body).
    pub path: String,
    /// The JSON object to send (at most 64 KB).
    pub body: Map<String, Value>,
}

/// Headers stay Relay's: the model cannot add any, least of all credentials or impersonation.
fn refuse_headers(args: &Value) -> Result<(), ToolError> {
    let object = match args {
        Value::String(text) => serde_json::from_str::<Value>(text).unwrap_or_default(),
        other => other.clone(),
    };
    match object
        .as_object()
        .and_then(|o| o.keys().find(|k| k.to_ascii_lowercase().contains("header")))
    {
        Some(key) => {
            tracing::warn!(member = %key, "api tool refused: the model tried to set headers");
            Err(ToolError::Refused(format!(
                "{key}: the API tools send only Relay's own headers (credentials cannot be set or changed)"
            )))
        }
        None => Ok(()),
    }
}

/// Drops nulls everywhere and cuts arrays to 50 items, noting whether anything was cut.
fn trim(value: &Value, cut_any: &mut bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), trim(v, cut_any)))
                .collect(),
        ),
        Value::Array(list) => {
            *cut_any |= list.len() > MAX_ROWS;
            Value::Array(
                list.iter()
                    .take(MAX_ROWS)
                    .map(|v| trim(v, cut_any))
                    .collect(),
            )
        }
        Value::String(s) => Value::String(cut(s, 2_000).0),
        other => other.clone(),
    }
}

fn logged(result: Result<String, ToolError>, tool: &str, path: &str) -> Result<String, ToolError> {
    if let Err(ToolError::Refused(why)) = &result {
        tracing::warn!(tool, path, reason = %why, "api tool path refused");
    }
    result
}

fn finish(call: &Call<'_>, answer: Value, note: &str) -> ToolOutput {
    let mut was_cut = false;
    let body = trim(&answer, &mut was_cut);
    let view = json!({"summary": note, "status": 200, "body": body, "truncated": was_cut});
    output::output(json!({"status": 200, "body": answer}), view, &call.counter)
}

pub async fn get(call: &Call<'_>) -> Result<ToolOutput, ToolError> {
    refuse_headers(call.args)?;
    let a: ApiGet = args::decode(call.args)?;
    let mut path = logged(
        path_guard::checked(&a.path, &Method::GET),
        "api-get",
        &a.path,
    )?;
    if let Some(search) = &a.search {
        let lower = path.to_ascii_lowercase();
        if !(lower.ends_with("/query") || lower.ends_with("/query/count")) {
            return Err(ToolError::InvalidArguments(
                "search: only for .../query and .../query/count paths".into(),
            ));
        }
        let encoded: String = url::form_urlencoded::byte_serialize(
            Value::Object(search.clone()).to_string().as_bytes(),
        )
        .collect();
        path = format!("{path}?search={encoded}");
    }
    let answer = call.tenant.call_json(Method::GET, &path, None).await?;
    Ok(finish(call, answer, "Autotask answered (a later page of a query cannot be fetched by URL; narrow the filter instead)"))
}

pub async fn write(call: &Call<'_>, method: Method) -> Result<ToolOutput, ToolError> {
    refuse_headers(call.args)?;
    let a: ApiWrite = args::decode(call.args)?;
    let tool = if method == Method::PATCH {
        "api-patch"
    } else {
        "api-post"
    };
    let path = logged(path_guard::checked(&a.path, &method), tool, &a.path)?;
    let mut body = a.body;
    if Value::Object(body.clone()).to_string().len() > MAX_BODY_BYTES {
        return Err(ToolError::InvalidArguments(
            "body: larger than 64 KB".into(),
        ));
    }
    if method == Method::PATCH && !body.contains_key("id") {
        return Err(ToolError::InvalidArguments(
            "body: a PATCH needs the record's \"id\"".into(),
        ));
    }
    let lower = path.to_ascii_lowercase();
    if lower.ends_with("/query") {
        let asked = body
            .get("MaxRecords")
            .and_then(Value::as_u64)
            .unwrap_or(MAX_QUERY_RECORDS);
        body.insert(
            "MaxRecords".into(),
            asked.clamp(1, MAX_QUERY_RECORDS).into(),
        );
    }
    let answer = call
        .tenant
        .call_json(method.clone(), &path, Some(&Value::Object(body)))
        .await?;
    let note = match answer.get("itemId") {
        Some(id) if method == Method::POST => format!(
            "Created record {id}; Autotask returns only the id, read it with api-get for details"
        ),
        Some(id) => format!("Updated record {id}"),
        None => "Autotask answered".to_owned(),
    };
    Ok(finish(call, answer, &note))
}
