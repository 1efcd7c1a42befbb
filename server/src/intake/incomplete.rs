//! A verified, signed callout that lacks `EventTime` or `SequenceNumber`, or names an unknown
//! `Action`: stored rather than refused (a refusal counts towards Autotask deactivating the
//! webhook), and skipped by the worker with the reason. It must still be a JSON object naming
//! its `Guid`, `EntityType` and `Id`, which its ordering and dedupe key need.

use crate::autotask::webhook::{
    WebhookAction, WebhookEntityType, WebhookPayload, WebhookPayloadError,
};
use crate::crypto::sha256_hex;
use serde_json::{Map, Value};

/// The longest `Action` text kept in the event's `action` column.
const ACTION_TEXT_MAX: usize = 40;

/// What intake stores of an incomplete callout.
pub struct Incomplete {
    /// With stand-ins for what is missing (`Update`, no time, sequence 0), for ordering.
    pub payload: WebhookPayload,
    /// The `Action` as sent (or `(none)`), for the event row.
    pub action: String,
    pub dedupe_key: String,
    /// The callout says the webhook was deactivated, whatever else it lacks.
    pub deactivated: bool,
}

pub fn parse(raw: &str) -> Result<Incomplete, WebhookPayloadError> {
    let value: Value =
        serde_json::from_str(raw).map_err(|e| WebhookPayloadError::NotJson(e.to_string()))?;
    let Value::Object(object) = value else {
        return Err(WebhookPayloadError::NotAnObject);
    };
    let get = |name: &str| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let text = |name: &'static str| match get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
        None | Some(Value::Null) => Err(WebhookPayloadError::Missing(name)),
        Some(_) => Err(WebhookPayloadError::WrongType {
            field: name,
            expected: "a non-empty string",
        }),
    };
    let guid = text("Guid")?;
    let entity_type = WebhookEntityType::parse(&text("EntityType")?);
    let id = match get("Id") {
        None | Some(Value::Null) => Err(WebhookPayloadError::Missing("Id")),
        Some(v) => v.as_i64().ok_or(WebhookPayloadError::WrongType {
            field: "Id",
            expected: "an integer",
        }),
    }?;
    let action: String = text("Action")
        .unwrap_or_else(|_| "(none)".into())
        .chars()
        .take(ACTION_TEXT_MAX)
        .collect();
    let sequence = get("SequenceNumber").and_then(Value::as_i64);
    // Without a sequence number, the exact bytes tell a redelivery from a new event.
    let sequence_key = sequence.map_or_else(
        || format!("body-{}", &sha256_hex(raw)[..32]),
        |n| n.to_string(),
    );
    let fields = match get("Fields") {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    let payload = WebhookPayload {
        action: WebhookAction::Update,
        guid,
        entity_type,
        id,
        fields,
        event_time: String::new(),
        sequence_number: sequence.unwrap_or(0),
        person_id: get("PersonID").and_then(Value::as_i64),
    };
    Ok(Incomplete {
        dedupe_key: format!(
            "{}:{}:{}:{sequence_key}",
            payload.guid,
            payload.entity_type.as_str(),
            payload.id
        ),
        deactivated: action.eq_ignore_ascii_case("deactivated"),
        action,
        payload,
    })
}
