//! Decoding the brain's arguments into a tool's typed struct, and the JSON Schema offered for it.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::ToolError;

/// Decodes `args` into `T`. Models sometimes send the arguments object as a JSON string, so a
/// string that holds an object is accepted too; anything else is an error naming the field.
pub fn decode<T: DeserializeOwned>(args: &Value) -> Result<T, ToolError> {
    let parsed;
    let value = match args {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text).map_err(|_| {
                ToolError::InvalidArguments("the arguments must be a JSON object".into())
            })?;
            &parsed
        }
        Value::Null => &Value::Object(Default::default()),
        other => other,
    };
    if !value.is_object() {
        return Err(ToolError::InvalidArguments(
            "the arguments must be a JSON object".into(),
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // Missing and unknown members already name themselves; type errors need the path.
        if path == "." {
            ToolError::InvalidArguments(inner.to_string())
        } else {
            ToolError::InvalidArguments(format!("{path}: {inner}"))
        }
    })
}

/// The parameters schema for `T`: subschemas inlined, no `$schema`, unknown members refused.
pub fn schema<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| {
            s.inline_subschemas = true;
            s.meta_schema = None;
        })
        .into_generator();
    let mut value = generator.into_root_schema_for::<T>().to_value();
    if let Value::Object(map) = &mut value {
        map.remove("$schema");
        map.remove("title");
        map.remove("description");
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    value
}

/// A picklist argument: the integer id, or the label as the tenant shows it.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Pick {
    Id(i64),
    Label(String),
}

/// Rows offered to the brain per list call: default 20, at most 50 (§5.3).
pub fn limit(requested: Option<u32>) -> Result<usize, ToolError> {
    match requested {
        None => Ok(20),
        Some(n @ 1..=50) => Ok(n as usize),
        Some(n) => Err(ToolError::InvalidArguments(format!(
            "limit: {n} is outside 1..=50"
        ))),
    }
}

/// A required positive id.
pub fn positive(field: &str, id: i64) -> Result<i64, ToolError> {
    if id > 0 {
        Ok(id)
    } else {
        Err(ToolError::InvalidArguments(format!(
            "{field}: must be a positive id"
        )))
    }
}

/// A search text of 2–100 characters, trimmed.
pub fn search_text(field: &str, text: &str) -> Result<String, ToolError> {
    let text = text.trim();
    let chars = text.chars().count();
    if (2..=100).contains(&chars) {
        Ok(text.to_owned())
    } else {
        Err(ToolError::InvalidArguments(format!(
            "{field}: must be 2 to 100 characters"
        )))
    }
}

/// `YYYY-MM-DD` or a full ISO-8601 UTC datetime, as Autotask filters take it (§5.4).
pub fn date_arg(field: &str, text: &str) -> Result<String, ToolError> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let is_date = |b: &[u8]| {
        b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    if is_date(bytes) {
        return Ok(format!("{text}T00:00:00Z"));
    }
    if bytes.len() >= 19 && is_date(&bytes[..10]) && bytes[10] == b'T' && text.ends_with('Z') {
        return Ok(text.to_owned());
    }
    Err(ToolError::InvalidArguments(format!(
        "{field}: use a date like 2026-11-30 or a UTC datetime like 2026-11-30T09:00:00Z"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Sample {
        /// The ticket.
        ticket_id: i64,
        status: Option<Pick>,
    }

    #[test]
    fn objects_and_strings_holding_objects_decode() {
        let a: Sample = decode(&json!({"ticketId": 4, "status": "New"})).unwrap();
        assert_eq!(a.ticket_id, 4);
        assert_eq!(a.status, Some(Pick::Label("New".into())));
        let b: Sample = decode(&json!("{\"ticketId\": 5, \"status\": 1}")).unwrap();
        assert_eq!(b.status, Some(Pick::Id(1)));
    }

    #[test]
    fn bad_arguments_name_the_field() {
        let err = decode::<Sample>(&json!({"ticketId": 4, "colour": 1})).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
        let err = decode::<Sample>(&json!({"ticketId": "four"})).unwrap_err();
        assert!(
            err.to_string().starts_with("invalid arguments: ticketId:"),
            "{err}"
        );
        let err = decode::<Sample>(&json!({})).unwrap_err();
        assert!(err.to_string().contains("ticketId"), "{err}");
        assert!(decode::<Sample>(&json!("not json")).is_err());
        assert!(decode::<Sample>(&json!([1])).is_err());
    }

    #[test]
    fn schemas_are_inline_and_closed() {
        let s = schema::<Sample>();
        assert_eq!(s["type"], "object");
        assert_eq!(s["additionalProperties"], false);
        assert!(s.get("$schema").is_none());
        assert!(s.get("$defs").is_none(), "{s}");
        assert_eq!(s["properties"]["ticketId"]["description"], "The ticket.");
        assert_eq!(s["required"], json!(["ticketId"]));
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(date_arg("d", "2026-11-30").unwrap(), "2026-11-30T00:00:00Z");
        assert!(date_arg("d", "2026-11-30T09:00:00Z").is_ok());
        assert!(date_arg("d", "yesterday").is_err());
        assert!(limit(Some(51)).is_err());
        assert_eq!(limit(None).unwrap(), 20);
    }
}
