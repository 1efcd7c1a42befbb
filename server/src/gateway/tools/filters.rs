//! A filter array written by the brain, checked before it reaches Autotask (§5.6). Autotask
//! drops unknown operators and unknown fields silently and answers with unfiltered rows, so
//! anything it would not honour is refused here, loudly.

use serde_json::Value;

use super::ToolError;
use crate::autotask::{EntityFields, Filter, Op};

const MAX_DEPTH: usize = 3;
const MAX_LEAVES: usize = 20;
const MAX_IN_VALUES: usize = 200;

/// Parses and checks `raw` (an array of Autotask filter expressions) for `entity`'s fields.
pub fn parse(raw: &[Value], fields: &EntityFields) -> Result<Vec<Filter>, ToolError> {
    let mut leaves = 0;
    let mut udfs = 0;
    let parsed = raw
        .iter()
        .enumerate()
        .map(|(i, v)| {
            expression(
                v,
                fields,
                1,
                &mut leaves,
                &mut udfs,
                &format!("filter[{i}]"),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    if leaves > MAX_LEAVES {
        return Err(bad(format!("filter: at most {MAX_LEAVES} conditions")));
    }
    if udfs > 1 {
        return Err(bad(
            "filter: at most one user-defined-field condition".into()
        ));
    }
    Ok(parsed)
}

fn bad(message: String) -> ToolError {
    ToolError::InvalidArguments(message)
}

fn operator(name: &str, at: &str) -> Result<Op, ToolError> {
    let op = match name.to_ascii_lowercase().as_str() {
        "eq" => Op::Eq,
        "noteq" => Op::Noteq,
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
        "and" => Op::And,
        "or" => Op::Or,
        _ => {
            return Err(bad(format!(
                "{at}.op: {name:?} is not an Autotask operator (use eq, noteq, gt, gte, lt, lte, \
                 beginsWith, endsWith, contains, exist, notExist, in, notIn, and, or)"
            )))
        }
    };
    Ok(op)
}

fn expression(
    value: &Value,
    fields: &EntityFields,
    depth: usize,
    leaves: &mut usize,
    udfs: &mut usize,
    at: &str,
) -> Result<Filter, ToolError> {
    let Some(object) = value.as_object() else {
        return Err(bad(format!("{at}: each filter must be an object")));
    };
    if let Some(key) = object
        .keys()
        .find(|k| !matches!(k.as_str(), "op" | "field" | "value" | "udf" | "items"))
    {
        return Err(bad(format!("{at}: unknown member {key:?}")));
    }
    let op_name = object
        .get("op")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("{at}.op: missing")))?;
    let op = operator(op_name, at)?;
    if matches!(op, Op::And | Op::Or) {
        if depth >= MAX_DEPTH {
            return Err(bad(format!("{at}: groups nest at most {MAX_DEPTH} deep")));
        }
        let items = object
            .get("items")
            .and_then(Value::as_array)
            .filter(|items| !items.is_empty())
            .ok_or_else(|| {
                bad(format!(
                    "{at}.items: an and/or group needs a non-empty list"
                ))
            })?;
        let items = items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                expression(
                    v,
                    fields,
                    depth + 1,
                    leaves,
                    udfs,
                    &format!("{at}.items[{i}]"),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Filter::Group { op, items });
    }
    *leaves += 1;
    let field = object
        .get("field")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("{at}.field: missing")))?;
    let udf = object.get("udf").and_then(Value::as_bool).unwrap_or(false);
    let field = if udf {
        *udfs += 1;
        field.to_owned()
    } else {
        match fields.field(field) {
            Some(info) if info.is_queryable => info.name.clone(),
            Some(_) => return Err(bad(format!("{at}.field: {field} cannot be queried"))),
            None => {
                return Err(bad(format!(
                    "{at}.field: {field} is not a field of this entity"
                )))
            }
        }
    };
    let value = object.get("value").cloned();
    let value = match (op, value) {
        (Op::Exist | Op::NotExist, None) => None,
        (Op::Exist | Op::NotExist, Some(_)) => {
            return Err(bad(format!("{at}.value: exist/notExist take no value")))
        }
        (_, None | Some(Value::Null)) => {
            return Err(bad(format!(
                "{at}.value: missing or null; to match an empty field use op notExist"
            )))
        }
        (Op::In | Op::NotIn, Some(Value::Array(list))) => {
            if list.is_empty() || list.len() > MAX_IN_VALUES {
                return Err(bad(format!(
                    "{at}.value: in/notIn take 1 to {MAX_IN_VALUES} values"
                )));
            }
            Some(Value::Array(list))
        }
        (Op::In | Op::NotIn, Some(_)) => {
            return Err(bad(format!("{at}.value: in/notIn take a list")))
        }
        (_, Some(Value::Array(_) | Value::Object(_))) => {
            return Err(bad(format!("{at}.value: must be a single value")))
        }
        (_, Some(v)) => Some(v),
    };
    Ok(Filter::Condition {
        op,
        field,
        udf,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autotask::FieldInfo;
    use serde_json::json;

    fn fields() -> EntityFields {
        let field = |name: &str, queryable: bool| {
            serde_json::from_value::<FieldInfo>(json!({"name": name, "isQueryable": queryable}))
                .unwrap()
        };
        EntityFields {
            fields: vec![
                field("status", true),
                field("title", true),
                field("creatorType", false),
            ],
        }
    }

    #[test]
    fn canonical_operators_pass_and_come_out_canonical() {
        let raw = [
            json!({"op": "NOTEQ", "field": "Status", "value": 5}),
            json!({"op": "or", "items": [{"op": "contains", "field": "title", "value": "vpn"}, {"op": "notExist", "field": "status"}]}),
        ];
        let parsed = parse(&raw, &fields()).unwrap();
        let body = serde_json::to_value(&parsed).unwrap();
        assert_eq!(
            body[0],
            json!({"op": "noteq", "field": "status", "value": 5})
        );
        assert_eq!(
            body[1]["items"][1],
            json!({"op": "notExist", "field": "status"})
        );
    }

    #[test]
    fn what_autotask_would_silently_ignore_is_refused() {
        let refuse = |v: Value, word: &str| {
            let err = parse(&[v], &fields()).unwrap_err().to_string();
            assert!(err.contains(word), "{err}");
        };
        refuse(json!({"op": "ne", "field": "status", "value": 5}), "\"ne\"");
        refuse(
            json!({"op": "like", "field": "title", "value": "x"}),
            "\"like\"",
        );
        refuse(
            json!({"op": "eq", "field": "projectID", "value": 5}),
            "projectID",
        );
        refuse(
            json!({"op": "eq", "field": "creatorType", "value": 1}),
            "cannot be queried",
        );
        refuse(
            json!({"op": "eq", "field": "status", "value": null}),
            "notExist",
        );
        refuse(
            json!({"op": "in", "field": "status", "value": []}),
            "in/notIn",
        );
        refuse(
            json!({"op": "exist", "field": "status", "value": 1}),
            "no value",
        );
        refuse(
            json!({"op": "eq", "field": "status", "value": 1, "extra": 1}),
            "extra",
        );
        let deep = json!({"op": "and", "items": [{"op": "or", "items": [{"op": "and", "items": [{"op": "eq", "field": "status", "value": 1}]}]}]});
        refuse(deep, "nest");
    }
}
