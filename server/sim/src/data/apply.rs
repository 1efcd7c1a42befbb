//! Applies a JSON write body to a record the way Autotask binds it: case-insensitive field names,
//! read-only and unknown fields ignored, types, picklists and lengths checked (errors are HTTP 500).

use super::Record;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::schema::{DataType, Entity, FieldDef};
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    Create,
    Patch,
    /// Full replace: writable fields missing from the body are cleared.
    Put,
}

/// Writes `body` into `rec` and returns the names of the fields whose value changed.
pub fn apply_body(
    e: Entity,
    rec: &mut Record,
    body: &Map<String, Value>,
    mode: WriteMode,
) -> ApiResult<Vec<&'static str>> {
    let mut changed = Vec::new();
    if mode == WriteMode::Put {
        for f in e.fields().iter().filter(|f| !f.read_only) {
            let present = body.keys().any(|k| k.eq_ignore_ascii_case(f.name));
            if !present && !rec.get(f.name).is_none_or(Value::is_null) {
                rec.insert(f.name.into(), Value::Null);
                changed.push(f.name);
            }
        }
    }
    for (key, raw) in body {
        if key.eq_ignore_ascii_case("userDefinedFields") && e.has_udfs() {
            if merge_udfs(e, rec, raw)? {
                changed.push("userDefinedFields");
            }
            continue;
        }
        let Some(f) = e.field(key) else { continue };
        if f.read_only {
            continue;
        }
        let value = coerce(f, raw)?;
        if rec.get(f.name) != Some(&value) {
            check_picklist(f, &value)?;
            rec.insert(f.name.into(), value);
            if !changed.contains(&f.name) {
                changed.push(f.name);
            }
        }
    }
    for f in e.fields().iter().filter(|f| f.required && !f.read_only) {
        if rec.get(f.name).is_none_or(Value::is_null) {
            return Err(ApiError::invalid(format!(
                "{} is a required field.",
                f.name
            )));
        }
    }
    Ok(changed)
}

/// Converts a body value to the field's stored JSON type.
pub fn coerce(f: &FieldDef, raw: &Value) -> ApiResult<Value> {
    let bad = || {
        ApiError::invalid(format!(
            "Invalid value '{raw}' for field {}: expected {}.",
            f.name,
            f.ty.wire_name()
        ))
    };
    if raw.is_null() {
        return Ok(Value::Null);
    }
    Ok(match f.ty {
        DataType::Integer | DataType::Long => match raw {
            Value::Number(n) if n.is_i64() => raw.clone(),
            Value::String(s) => s.trim().parse::<i64>().map_err(|_| bad())?.into(),
            _ => return Err(bad()),
        },
        DataType::Decimal => match raw {
            Value::Number(_) => raw.clone(),
            Value::String(s) => s.trim().parse::<f64>().map_err(|_| bad())?.into(),
            _ => return Err(bad()),
        },
        DataType::Boolean => match raw {
            Value::Bool(_) => raw.clone(),
            _ => return Err(bad()),
        },
        DataType::DateTime => {
            let s = raw.as_str().ok_or_else(bad)?;
            clock::format_millis(clock::parse_millis(s).ok_or_else(bad)?).into()
        }
        DataType::String => {
            let s = match raw {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return Err(bad()),
            };
            if f.length > 0 && s.chars().count() > f.length as usize {
                return Err(ApiError::invalid(format!(
                    "{} must be less than or equal to {} characters",
                    f.name, f.length
                )));
            }
            s.into()
        }
    })
}

fn check_picklist(f: &FieldDef, value: &Value) -> ApiResult<()> {
    let (Some(_), Some(v)) = (f.picklist, value.as_i64()) else {
        return Ok(());
    };
    match f.pick_value(v) {
        Some(p) if p.active => Ok(()),
        _ => Err(ApiError::invalid(format!(
            "Value {v} is not a valid value for the picklist field {}.",
            f.name
        ))),
    }
}

/// UDF writes use the same `[{"name","value"}]` shape as reads; only declared UDFs may be set.
fn merge_udfs(e: Entity, rec: &mut Record, raw: &Value) -> ApiResult<bool> {
    let items = raw
        .as_array()
        .ok_or_else(|| ApiError::invalid("userDefinedFields must be an array."))?;
    let mut changed = false;
    for item in items {
        let name = item.get("name").and_then(Value::as_str).unwrap_or("");
        let udf = e
            .udfs()
            .iter()
            .find(|u| u.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| ApiError::invalid(format!("Unknown user-defined field '{name}'.")))?;
        let value = item.get("value").cloned().unwrap_or(Value::Null);
        let list = rec
            .entry("userDefinedFields")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(list) = list else { continue };
        match list
            .iter_mut()
            .find(|u| u.get("name").and_then(Value::as_str) == Some(udf.name))
        {
            Some(existing) if existing.get("value") == Some(&value) => {}
            Some(existing) => {
                existing["value"] = value;
                changed = true;
            }
            None => {
                list.push(serde_json::json!({"name": udf.name, "value": value}));
                changed = true;
            }
        }
    }
    Ok(changed)
}

/// The value of a UDF on a record, by case-insensitive name.
pub fn udf_value<'a>(rec: &'a Record, name: &str) -> Option<&'a Value> {
    rec.get("userDefinedFields")?
        .as_array()?
        .iter()
        .find(|u| {
            u.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })?
        .get("value")
}
