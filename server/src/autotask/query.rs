//! The query builder for Autotask's filter grammar (reference §4), validated before sending.

use serde::Serialize;
use serde_json::Value;

use super::errors::AutotaskError;

mod filter;

use filter::{invalid, Tally};
pub use filter::{Filter, Op};

/// Autotask's page-size ceiling; also its default.
pub const MAX_RECORDS_LIMIT: u16 = 500;
/// Autotask rejects queries with more OR'ed conditions than this (reference §4.2).
const MAX_OR_CONDITIONS: usize = 500;

/// A query: top-level filters are AND-ed; an empty filter list means "every record".
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    filters: Vec<Filter>,
    include_fields: Vec<String>,
    max_records: u16,
}

impl Default for Query {
    fn default() -> Self {
        Self {
            filters: Vec::new(),
            include_fields: Vec::new(),
            max_records: MAX_RECORDS_LIMIT,
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "MaxRecords", skip_serializing_if = "Option::is_none")]
    max_records: Option<u16>,
    #[serde(rename = "IncludeFields", skip_serializing_if = "Vec::is_empty")]
    include_fields: Vec<&'a str>,
    filter: Vec<Filter>,
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn filter(mut self, filter: Filter) -> Self {
        self.filters.push(filter);
        self
    }

    pub fn include_fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.include_fields
            .extend(fields.into_iter().map(Into::into));
        self
    }

    /// Page size, 1..=500 (checked when the body is built).
    pub fn max_records(mut self, max: u16) -> Self {
        self.max_records = max;
        self
    }

    pub fn page_size(&self) -> u16 {
        self.max_records
    }

    fn validated_filters(&self) -> Result<Vec<Filter>, AutotaskError> {
        let mut tally = Tally::default();
        self.filters.iter().try_for_each(|f| f.check(&mut tally))?;
        if tally.udfs > 1 {
            return Err(invalid(
                "Autotask allows only one user-defined-field condition per query",
            ));
        }
        if tally.ors > MAX_OR_CONDITIONS {
            return Err(invalid(
                "Autotask allows at most 500 OR conditions per query",
            ));
        }
        if self.filters.is_empty() {
            // Autotask effectively requires a filter; `id >= 0` is the conventional "everything".
            return Ok(vec![Filter::gte("id", 0)]);
        }
        Ok(self.filters.clone())
    }

    /// The JSON body for `POST /{Entity}/query` (and for every `nextPageUrl` re-POST).
    pub fn to_body(&self) -> Result<Value, AutotaskError> {
        if !(1..=MAX_RECORDS_LIMIT).contains(&self.max_records) {
            return Err(invalid("MaxRecords must be between 1 and 500"));
        }
        let mut include: Vec<&str> = self.include_fields.iter().map(String::as_str).collect();
        // Paging keys off id, so a trimmed result set must still carry it (reference §4.4).
        if !include.is_empty() && !include.iter().any(|f| f.eq_ignore_ascii_case("id")) {
            include.insert(0, "id");
        }
        let body = Body {
            max_records: Some(self.max_records),
            include_fields: include,
            filter: self.validated_filters()?,
        };
        serde_json::to_value(body).map_err(|e| AutotaskError::Decode(e.to_string()))
    }

    /// The JSON body for `POST /{Entity}/query/count`: only the filter matters there.
    pub fn to_count_body(&self) -> Result<Value, AutotaskError> {
        let body = Body {
            max_records: None,
            include_fields: Vec::new(),
            filter: self.validated_filters()?,
        };
        serde_json::to_value(body).map_err(|e| AutotaskError::Decode(e.to_string()))
    }
}

#[cfg(test)]
mod tests;
