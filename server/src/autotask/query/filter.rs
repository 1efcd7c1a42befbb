//! Filter expressions: conditions on fields and nested and/or groups, with the checks
//! Autotask applies (one UDF condition, at most 500 ORs, values where operators need them).

use serde::Serialize;
use serde_json::Value;

use crate::autotask::errors::AutotaskError;

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

    pub(super) fn check(&self, tally: &mut Tally) -> Result<(), AutotaskError> {
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
pub(super) struct Tally {
    pub(super) udfs: usize,
    pub(super) ors: usize,
}

pub(super) fn invalid(message: &str) -> AutotaskError {
    AutotaskError::InvalidRequest(message.to_owned())
}
