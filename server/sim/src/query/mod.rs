//! Query bodies (`filter` / `MaxRecords` / `IncludeFields`, any casing), page execution in id order
//! and the IncludeFields projection.

mod filter;
mod paging;

pub use filter::{parse_filter, Expr};
pub use paging::{PageStore, PageToken, StoredQuery};

use crate::data::Record;
use crate::error::{ApiError, ApiResult};
use crate::schema::Entity;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::ops::Bound;

pub const MAX_PAGE: usize = 500;

#[derive(Clone, Debug)]
pub struct QuerySpec {
    pub filter: Expr,
    pub page_size: usize,
    /// Canonical field names and UDF names to return; `None` returns whole records.
    pub include: Option<Include>,
}

#[derive(Clone, Debug, Default)]
pub struct Include {
    pub fields: Vec<&'static str>,
    pub udfs: Vec<String>,
}

impl QuerySpec {
    /// Parses a query body (POST body or the decoded `search` parameter).
    pub fn parse(e: Entity, body: &Value) -> ApiResult<QuerySpec> {
        let m = body
            .as_object()
            .ok_or_else(|| ApiError::invalid("The query must be a JSON object."))?;
        let filter = match key(m, "filter") {
            None | Some(Value::Null) => parse_filter(e, &[])?,
            Some(Value::Array(items)) => parse_filter(e, items)?,
            Some(_) => return Err(ApiError::invalid("filter must be an array.")),
        };
        let page_size = match key(m, "maxRecords") {
            None | Some(Value::Null) => MAX_PAGE,
            Some(v) => match v.as_i64() {
                Some(n) if (1..=MAX_PAGE as i64).contains(&n) => n as usize,
                _ => {
                    return Err(ApiError::invalid(
                        "maxCountOfRecordsToReturn must be between 1 and 500",
                    ))
                }
            },
        };
        let include = match key(m, "includeFields") {
            Some(Value::Array(names)) if !names.is_empty() => Some(include(e, names)),
            _ => None,
        };
        Ok(QuerySpec {
            filter,
            page_size,
            include,
        })
    }

    /// One page after `after_id`; the flag says whether more rows follow.
    pub fn page<'a>(
        &self,
        table: Option<&'a BTreeMap<i64, Record>>,
        after_id: i64,
    ) -> (Vec<&'a Record>, bool) {
        let mut rows = Vec::with_capacity(self.page_size.min(64));
        let Some(table) = table else {
            return (rows, false);
        };
        for (_, rec) in table.range((Bound::Excluded(after_id), Bound::Unbounded)) {
            if self.filter.matches(rec) {
                if rows.len() == self.page_size {
                    return (rows, true);
                }
                rows.push(rec);
            }
        }
        (rows, false)
    }

    pub fn count(&self, table: Option<&BTreeMap<i64, Record>>) -> usize {
        table.map_or(0, |t| t.values().filter(|r| self.filter.matches(r)).count())
    }
}

fn key<'a>(m: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    m.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// Unknown names are ignored rather than rejected, so a client asking for a field this fake does
/// not model still gets the rest.
fn include(e: Entity, names: &[Value]) -> Include {
    let mut inc = Include::default();
    for name in names.iter().filter_map(Value::as_str) {
        if let Some(f) = e.field(name) {
            inc.fields.push(f.name);
        } else if let Some(u) = e.udfs().iter().find(|u| u.name.eq_ignore_ascii_case(name)) {
            inc.udfs.push(u.name.to_owned());
        }
    }
    inc
}

/// The record as the API shows it: webhook secrets withheld and IncludeFields applied (`id`
/// always kept, `userDefinedFields` trimmed to the named UDFs).
pub fn present(e: Entity, rec: &Record, include: Option<&Include>) -> Value {
    let mut out = match include {
        None => rec.clone(),
        Some(inc) => {
            let mut m = Map::new();
            m.insert("id".into(), rec.get("id").cloned().unwrap_or(Value::Null));
            for f in &inc.fields {
                m.insert((*f).into(), rec.get(*f).cloned().unwrap_or(Value::Null));
            }
            if e.has_udfs() {
                let udfs = rec
                    .get("userDefinedFields")
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter(|u| {
                                u.get("name")
                                    .and_then(Value::as_str)
                                    .is_some_and(|n| inc.udfs.iter().any(|w| w == n))
                            })
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                m.insert("userDefinedFields".into(), Value::Array(udfs));
            }
            m
        }
    };
    if e.hook_family().is_some_and(|f| f.webhooks == e) && out.contains_key("secretKey") {
        out.insert("secretKey".into(), Value::Null);
    }
    Value::Object(out)
}
