//! The filter grammar: parses `{"op","field","value","udf","items"}` trees (keys, operators and
//! field names case-insensitive) and evaluates them against records.

use crate::clock;
use crate::data::Record;
use crate::error::{ApiError, ApiResult};
use crate::schema::{DataType, Entity, FieldDef};
use serde_json::{Map, Value};

pub const MAX_OR_CONDITIONS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    NotEq,
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
}

/// A filter value normalised to the field's type, so comparisons are cheap per row.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Num(f64),
    Time(i64),
    Bool(bool),
    /// Lower-cased: Autotask's SQL collation compares strings case-insensitively.
    Text(String),
}

#[derive(Clone, Debug)]
pub enum Target {
    Field(&'static FieldDef),
    Udf(String),
}

#[derive(Clone, Debug)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Cond {
        target: Target,
        op: Op,
        values: Vec<Scalar>,
    },
}

/// Limits enforced across one whole query.
#[derive(Default)]
struct Budget {
    udfs: usize,
    ors: usize,
}

/// Parses the top-level `filter` array; its entries are AND-ed.
pub fn parse_filter(e: Entity, items: &[Value]) -> ApiResult<Expr> {
    let mut budget = Budget::default();
    let exprs = items
        .iter()
        .map(|v| parse_expr(e, v, &mut budget))
        .collect::<ApiResult<Vec<_>>>()?;
    if budget.udfs > 1 {
        return Err(ApiError::invalid(
            "Only one user-defined field condition is allowed per query.",
        ));
    }
    if budget.ors > MAX_OR_CONDITIONS {
        return Err(ApiError::invalid(format!(
            "The query contains {} OR conditions; the maximum is {MAX_OR_CONDITIONS}.",
            budget.ors
        )));
    }
    Ok(Expr::And(exprs))
}

fn key<'a>(m: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    m.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn parse_expr(e: Entity, v: &Value, budget: &mut Budget) -> ApiResult<Expr> {
    let m = v
        .as_object()
        .ok_or_else(|| ApiError::invalid("Each filter entry must be an object."))?;
    let op_name = key(m, "op")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid("Filter entry is missing 'op'."))?;
    let lower = op_name.to_ascii_lowercase();
    if lower == "and" || lower == "or" {
        let items = key(m, "items")
            .and_then(Value::as_array)
            .ok_or_else(|| ApiError::invalid(format!("'{op_name}' requires an 'items' array.")))?;
        if lower == "or" {
            budget.ors += items.len();
        }
        let parsed = items
            .iter()
            .map(|i| parse_expr(e, i, budget))
            .collect::<ApiResult<Vec<_>>>()?;
        return Ok(if lower == "or" {
            Expr::Or(parsed)
        } else {
            Expr::And(parsed)
        });
    }
    let op = parse_op(&lower)
        .ok_or_else(|| ApiError::invalid(format!("'{op_name}' is not a valid filter operator.")))?;
    let name = key(m, "field")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid("Filter entry is missing 'field'."))?;
    let target = if key(m, "udf").and_then(Value::as_bool) == Some(true) {
        budget.udfs += 1;
        let udf = e
            .udfs()
            .iter()
            .find(|u| u.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "Unable to find user-defined field '{name}' on {}.",
                    e.path_name()
                ))
            })?;
        Target::Udf(udf.name.to_owned())
    } else {
        let f = e.field(name).ok_or_else(|| {
            ApiError::invalid(format!(
                "Unable to find field '{name}' in the {} entity.",
                e.path_name()
            ))
        })?;
        if !f.queryable {
            return Err(ApiError::invalid(format!(
                "The field '{}' is not queryable.",
                f.name
            )));
        }
        Target::Field(f)
    };
    let values = match op {
        Op::Exist | Op::NotExist => Vec::new(),
        Op::In | Op::NotIn => key(m, "value")
            .and_then(Value::as_array)
            .ok_or_else(|| ApiError::invalid(format!("'{op_name}' requires an array value.")))?
            .iter()
            .map(|v| scalar(&target, v))
            .collect::<ApiResult<_>>()?,
        _ => {
            let v = key(m, "value").filter(|v| !v.is_null()).ok_or_else(|| {
                ApiError::invalid(format!(
                    "Filter on '{name}' with '{op_name}' needs a value."
                ))
            })?;
            let as_text = matches!(op, Op::BeginsWith | Op::EndsWith | Op::Contains);
            vec![if as_text {
                text(v)
            } else {
                scalar(&target, v)?
            }]
        }
    };
    Ok(Expr::Cond { target, op, values })
}

fn parse_op(lower: &str) -> Option<Op> {
    Some(match lower {
        "eq" => Op::Eq,
        "noteq" => Op::NotEq,
        "gt" => Op::Gt,
        "gte" => Op::Gte,
        "lt" => Op::Lt,
        "lte" => Op::Lte,
        "beginswith" => Op::BeginsWith,
        "endswith" => Op::EndsWith,
        "contains" => Op::Contains,
        "exist" => Op::Exist,
        "notexist" => Op::NotExist,
        "in" => Op::In,
        "notin" => Op::NotIn,
        _ => return None,
    })
}

fn text(v: &Value) -> Scalar {
    Scalar::Text(match v {
        Value::String(s) => s.to_lowercase(),
        other => other.to_string().to_lowercase(),
    })
}

fn scalar(target: &Target, v: &Value) -> ApiResult<Scalar> {
    let Target::Field(f) = target else {
        return Ok(text(v));
    };
    let bad = || ApiError::invalid(format!("Invalid filter value {v} for field '{}'.", f.name));
    Ok(match f.ty {
        DataType::Integer | DataType::Long | DataType::Decimal => match v {
            Value::Number(n) => Scalar::Num(n.as_f64().ok_or_else(bad)?),
            Value::String(s) => Scalar::Num(s.trim().parse().map_err(|_| bad())?),
            // Contacts.isActive is an integer; tolerate clients that filter it with a boolean.
            Value::Bool(b) => Scalar::Num(f64::from(u8::from(*b))),
            _ => return Err(bad()),
        },
        DataType::Boolean => Scalar::Bool(v.as_bool().ok_or_else(bad)?),
        DataType::DateTime => {
            Scalar::Time(v.as_str().and_then(clock::parse_millis).ok_or_else(bad)?)
        }
        DataType::String => text(v),
    })
}

impl Expr {
    pub fn matches(&self, rec: &Record) -> bool {
        match self {
            Expr::And(items) => items.iter().all(|i| i.matches(rec)),
            Expr::Or(items) => items.iter().any(|i| i.matches(rec)),
            Expr::Cond { target, op, values } => {
                let raw = match target {
                    Target::Field(f) => rec.get(f.name),
                    Target::Udf(name) => crate::data::udf_value(rec, name),
                };
                eval(*op, raw.filter(|v| !v.is_null()), values)
            }
        }
    }
}

fn eval(op: Op, raw: Option<&Value>, values: &[Scalar]) -> bool {
    let Some(raw) = raw else {
        return matches!(op, Op::NotEq | Op::NotIn | Op::NotExist);
    };
    let first = values.first();
    match op {
        Op::Exist => true,
        Op::NotExist => false,
        Op::Eq => first.is_some_and(|s| compare(raw, s) == Some(std::cmp::Ordering::Equal)),
        Op::NotEq => first.is_some_and(|s| compare(raw, s) != Some(std::cmp::Ordering::Equal)),
        Op::Gt => first.is_some_and(|s| compare(raw, s).is_some_and(|o| o.is_gt())),
        Op::Gte => first.is_some_and(|s| compare(raw, s).is_some_and(|o| o.is_ge())),
        Op::Lt => first.is_some_and(|s| compare(raw, s).is_some_and(|o| o.is_lt())),
        Op::Lte => first.is_some_and(|s| compare(raw, s).is_some_and(|o| o.is_le())),
        Op::In => values
            .iter()
            .any(|s| compare(raw, s).is_some_and(|o| o.is_eq())),
        Op::NotIn => !values
            .iter()
            .any(|s| compare(raw, s).is_some_and(|o| o.is_eq())),
        Op::BeginsWith | Op::EndsWith | Op::Contains => {
            let Some(Scalar::Text(needle)) = first else {
                return false;
            };
            let hay = match raw {
                Value::String(s) => s.to_lowercase(),
                other => other.to_string().to_lowercase(),
            };
            match op {
                Op::BeginsWith => hay.starts_with(needle.as_str()),
                Op::EndsWith => hay.ends_with(needle.as_str()),
                _ => hay.contains(needle.as_str()),
            }
        }
    }
}

fn compare(raw: &Value, s: &Scalar) -> Option<std::cmp::Ordering> {
    match s {
        Scalar::Num(n) => match raw {
            Value::Number(r) => r.as_f64()?.partial_cmp(n),
            Value::Bool(b) => f64::from(u8::from(*b)).partial_cmp(n),
            Value::String(r) => r.trim().parse::<f64>().ok()?.partial_cmp(n),
            _ => None,
        },
        Scalar::Time(t) => Some(clock::parse_millis(raw.as_str()?)?.cmp(t)),
        Scalar::Bool(b) => Some(raw.as_bool()?.cmp(b)),
        Scalar::Text(t) => {
            let r = match raw {
                Value::String(s) => s.to_lowercase(),
                other => other.to_string().to_lowercase(),
            };
            Some(r.as_str().cmp(t.as_str()))
        }
    }
}
