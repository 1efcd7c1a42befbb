//! Helpers for Relay's webhook intake: `X-Hook-Signature` verification and strict parsing of
//! the payload Autotask POSTs (reference §10.5–10.6).

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha1::Sha1;

/// Checks `X-Hook-Signature: sha1=<base64 HMAC-SHA1(secret, raw body)>` over the exact bytes
/// received. Run it before parsing; the comparison is constant-time (`Mac::verify_slice`).
pub fn verify_signature(secret: &[u8], raw_body: &[u8], header_value: &str) -> bool {
    let value = header_value.trim();
    let Some(encoded) = value
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("sha1="))
        .map(|_| &value[5..])
    else {
        return false;
    };
    let Ok(expected) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return false;
    };
    mac.update(raw_body);
    mac.verify_slice(&expected).is_ok()
}

/// `sha1=` + Base64 HMAC-SHA1, as Autotask signs (for tests and the simulator's peers).
pub fn sign(secret: &[u8], raw_body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(raw_body);
    format!(
        "sha1={}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookAction {
    Create,
    Update,
    Delete,
    /// The webhook itself was deactivated (seen by one client; verify it like any other callout).
    Deactivated,
}

/// Singular entity names, normalised: companies arrive as `Account` or `Company`, CIs sometimes
/// as the legacy `InstalledProduct`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookEntityType {
    Ticket,
    TicketNote,
    Company,
    Contact,
    ConfigurationItem,
    /// Anything else, kept verbatim so routing can record and skip it.
    Other(String),
}

impl WebhookEntityType {
    pub fn parse(raw: &str) -> Self {
        match raw.trim().to_ascii_lowercase().as_str() {
            "ticket" => Self::Ticket,
            "ticketnote" => Self::TicketNote,
            "account" | "company" => Self::Company,
            "contact" => Self::Contact,
            "configurationitem" | "installedproduct" => Self::ConfigurationItem,
            _ => Self::Other(raw.trim().to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Ticket => "Ticket",
            Self::TicketNote => "TicketNote",
            Self::Company => "Company",
            Self::Contact => "Contact",
            Self::ConfigurationItem => "ConfigurationItem",
            Self::Other(raw) => raw,
        }
    }
}

/// Why a body is not an Autotask webhook payload; the text is safe to return in a 4xx.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookPayloadError {
    #[error("body is not JSON: {0}")]
    NotJson(String),
    #[error("body is not a JSON object")]
    NotAnObject,
    #[error("missing {0}")]
    Missing(&'static str),
    #[error("{field} must be {expected}")]
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    #[error("unknown Action {0:?}")]
    UnknownAction(String),
}

impl WebhookPayloadError {
    /// What a genuine, signed callout may lack and still be kept (and skipped by the worker
    /// with this reason) rather than refused: a refusal counts towards Autotask deactivating
    /// the webhook.
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self,
            Self::Missing("EventTime" | "SequenceNumber" | "Action") | Self::UnknownAction(_)
        )
    }
}

/// One callout. Update payloads carry only changed subscribed fields (new values) plus the
/// display-always fields, so the full record must be fetched afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookPayload {
    pub action: WebhookAction,
    /// Route on it as the webhook's GUID (reference §10.5 conflict).
    pub guid: String,
    pub entity_type: WebhookEntityType,
    pub id: i64,
    pub fields: Map<String, Value>,
    /// As sent; a missing offset means UTC.
    pub event_time: String,
    pub sequence_number: i64,
    /// Who made the change: a resource id, or a contact id when a contact acted.
    pub person_id: Option<i64>,
}

impl WebhookPayload {
    /// Parses the raw body; key names match case-insensitively, unknown keys are ignored, and
    /// every documented key must have the documented type.
    pub fn parse(raw: &[u8]) -> Result<Self, WebhookPayloadError> {
        let value: Value =
            serde_json::from_slice(raw).map_err(|e| WebhookPayloadError::NotJson(e.to_string()))?;
        let Value::Object(object) = value else {
            return Err(WebhookPayloadError::NotAnObject);
        };
        let get = |name: &str| {
            object
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        };
        let string = |name: &'static str| match get(name) {
            None | Some(Value::Null) => Err(WebhookPayloadError::Missing(name)),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
            Some(_) => Err(WebhookPayloadError::WrongType {
                field: name,
                expected: "a non-empty string",
            }),
        };
        let integer = |name: &'static str| match get(name) {
            None | Some(Value::Null) => Err(WebhookPayloadError::Missing(name)),
            Some(v) => v.as_i64().ok_or(WebhookPayloadError::WrongType {
                field: name,
                expected: "an integer",
            }),
        };
        let action_raw = string("Action")?;
        let action = match action_raw.to_ascii_lowercase().as_str() {
            "create" => WebhookAction::Create,
            "update" => WebhookAction::Update,
            "delete" => WebhookAction::Delete,
            "deactivated" => WebhookAction::Deactivated,
            _ => return Err(WebhookPayloadError::UnknownAction(action_raw)),
        };
        let fields = match get("Fields") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(map)) => map.clone(),
            Some(_) => {
                return Err(WebhookPayloadError::WrongType {
                    field: "Fields",
                    expected: "an object",
                })
            }
        };
        let person_id = match get("PersonID") {
            None | Some(Value::Null) => None,
            Some(_) => Some(integer("PersonID")?),
        };
        Ok(Self {
            action,
            guid: string("Guid")?,
            entity_type: WebhookEntityType::parse(&string("EntityType")?),
            id: integer("Id")?,
            fields,
            event_time: string("EventTime")?,
            sequence_number: integer("SequenceNumber")?,
            person_id,
        })
    }

    /// A field's new value; webhook field names may differ in case from query results.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    pub fn field_i64(&self, name: &str) -> Option<i64> {
        self.field(name).and_then(Value::as_i64)
    }

    /// Stable key for at-most-once processing: (Guid, EntityType, Id, SequenceNumber).
    pub fn dedupe_key(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.guid,
            self.entity_type.as_str(),
            self.id,
            self.sequence_number
        )
    }
}

#[cfg(test)]
mod tests;
