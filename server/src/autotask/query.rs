//! The query builder for Autotask's filter grammar (reference §4), validated before sending.

use serde::Serialize;
use serde_json::Value;

use super::errors::AutotaskError;

/// Autotask's page-size ceiling; also its default.
pub const MAX_RECORDS_LIMIT: u16 = 500;
/// Autotask rejects queries with more OR'ed conditions than this (reference §4.2).
const MAX_OR_CONDITIONS: usize = 500;

/// Filter operators, serialised with Autotask's exact camelCase spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Op {
    Eq,
    Noteq,
    Gt,
    Gte,
    Lt,
    Lte,
    BeginsWith,
    EndsWith,
    Contains,
    Exist,
    NotExist,
    In,
    NotIn,
    And,
    Or,
}

/// One filter expression: a condition on a field, or an and/or group of expressions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Filter {
    Condition {
        op: Op,
        field: String,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        udf: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<Value>,
    },
    Group {
        op: Op,
        items: Vec<Filter>,
    },
}

impl Filter {
    fn cond(op: Op, field: &str, value: Option<Value>) -> Self {
        Self::Condition {
            op,
            field: field.to_owned(),
            udf: false,
            value,
        }
    }

    pub fn eq(field: &str, value: impl Into<Value>) -> Self {
        Self::cond(Op::Eq, field, Some(value.into()))
    }
    pub fn noteq(field: &str, value: impl Into<Value>) -> Self {
        Self::cond(Op::Noteq, field, Some(value.into()))
    }
    pub fn gt(field: &str, value: impl Into<Value>) -> Self {
        Self::cond(Op::Gt, field, Some(value.into()))
    }
    pub fn gte(field: &str, value: impl Into<Value>) -> Self {
        Self::cond(Op::Gte, field, Some(value.into()))
    }
    pub fn lt(field: &str, value: impl Into<Value>) -> Self {
        Self::cond(Op::Lt, field, Some(value.into()))
    }
    pub fn lte(field: &str, value: impl Into<Value>) -> Self {
        Self::cond(Op::Lte, field, Some(value.into()))
    }
    pub fn begins_with(field: &str, value: &str) -> Self {
        Self::cond(Op::BeginsWith, field, Some(value.into()))
    }
    pub fn ends_with(field: &str, value: &str) -> Self {
        Self::cond(Op::EndsWith, field, Some(value.into()))
    }
    pub fn contains(field: &str, value: &str) -> Self {
        Self::cond(Op::Contains, field, Some(value.into()))
    }
    /// The field is not null.
    pub fn exist(field: &str) -> Self {
        Self::cond(Op::Exist, field, None)
    }
    /// The field is null.
    pub fn not_exist(field: &str) -> Self {
        Self::cond(Op::NotExist, field, None)
    }
    pub fn is_in<V: Into<Value>>(field: &str, values: impl IntoIterator<Item = V>) -> Self {
        let list = values.into_iter().map(Into::into).collect();
        Self::cond(Op::In, field, Some(Value::Array(list)))
    }
    pub fn not_in<V: Into<Value>>(field: &str, values: impl IntoIterator<Item = V>) -> Self {
        let list = values.into_iter().map(Into::into).collect();
        Self::cond(Op::NotIn, field, Some(Value::Array(list)))
    }
    pub fn and(items: impl IntoIterator<Item = Filter>) -> Self {
        Self::Group {
            op: Op::And,
            items: items.into_iter().collect(),
        }
    }
    pub fn or(items: impl IntoIterator<Item = Filter>) -> Self {
        Self::Group {
            op: Op::Or,
            items: items.into_iter().collect(),
        }
    }

    /// Marks a condition as naming a user-defined field (`field` is then the UDF's name).
    /// Groups are returned unchanged: only conditions can address a UDF.
    pub fn udf(self) -> Self {
        match self {
            Self::Condition {
                op, field, value, ..
            } => Self::Condition {
                op,
                field,
                udf: true,
                value,
            },
            group => group,
        }
    }

    fn check(&self, tally: &mut Tally) -> Result<(), AutotaskError> {
        match self {
            Self::Condition {
                op,
                field,
                udf,
                value,
            } => {
                if field.trim().is_empty() {
                    return Err(invalid("a condition has an empty field name"));
                }
                tally.udfs += usize::from(*udf);
                match (op, value) {
                    (Op::Exist | Op::NotExist, _) => Ok(()),
                    (Op::In | Op::NotIn, Some(Value::Array(list))) if !list.is_empty() => Ok(()),
                    (Op::In | Op::NotIn, _) => Err(invalid(&format!(
                        "{field}: in/notIn needs a non-empty list"
                    ))),
                    (_, None) => Err(invalid(&format!("{field}: operator needs a value"))),
                    _ => Ok(()),
                }
            }
            Self::Group { op, items } => {
                if items.is_empty() {
                    return Err(invalid("an and/or group has no items"));
                }
                if *op == Op::Or {
                    tally.ors += items.len();
                }
                items.iter().try_for_each(|item| item.check(tally))
            }
        }
    }
}

#[derive(Default)]
struct Tally {
    udfs: usize,
    ors: usize,
}

fn invalid(message: &str) -> AutotaskError {
    AutotaskError::InvalidRequest(message.to_owned())
}

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
