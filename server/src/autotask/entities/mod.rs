//! Typed Autotask records. Every field Autotask may omit (IncludeFields, permissions) is an
//! `Option`; fields the types do not name are kept in `other` so nothing is silently lost.

mod company;
mod configuration_item;
mod contact;
mod metadata;
mod resource;
mod ticket;
mod ticket_note;
mod webhooks;

pub use company::Company;
pub use configuration_item::ConfigurationItem;
pub use contact::Contact;
pub use metadata::{EntityFields, FieldInfo, PicklistValue, ThresholdInformation};
pub use resource::{Resource, API_USER_LICENSE_TYPE};
pub use ticket::{Ticket, TICKET_STATUS_COMPLETE};
pub use ticket_note::{TicketNote, PUBLISH_ALL_AUTOTASK_USERS, PUBLISH_INTERNAL_ONLY};
pub use webhooks::{
    TicketNoteWebhook, TicketWebhook, WebhookEntity, WebhookExcludedResource, WebhookField,
};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A root entity with its own `/V1.0/{PATH}` collection.
pub trait Entity: DeserializeOwned + Send + 'static {
    /// Collection path segment, e.g. `Tickets`. Also the key of the per-entity thread limit.
    const PATH: &'static str;
}

/// One user-defined field as records carry them: `{"name": "...", "value": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserDefinedField {
    pub name: String,
    #[serde(default)]
    pub value: serde_json::Value,
}

/// Looks up a UDF by name; Autotask treats UDF names case-insensitively.
pub fn udf_value<'a>(udfs: &'a [UserDefinedField], name: &str) -> Option<&'a serde_json::Value> {
    udfs.iter()
        .find(|udf| udf.name.eq_ignore_ascii_case(name))
        .map(|udf| &udf.value)
}

/// Unknown or un-modelled fields, kept verbatim.
pub type OtherFields = serde_json::Map<String, serde_json::Value>;

#[cfg(test)]
mod tests;
