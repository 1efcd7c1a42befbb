//! Metadata documents: `ThresholdInformation` and `entityInformation/fields` with picklists.

use serde::{Deserialize, Serialize};

/// `GET /ThresholdInformation` (reference §9.1); the call itself counts against the threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdInformation {
    pub external_request_threshold: i64,
    /// Minutes.
    pub request_threshold_timeframe: i64,
    pub current_timeframe_request_count: i64,
}

/// One picklist entry. `value` is a string in metadata although records hold integers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PicklistValue {
    pub value: String,
    pub label: String,
    #[serde(default)]
    pub is_default_value: bool,
    #[serde(default)]
    pub sort_order: i64,
    /// The controlling field's value (e.g. the issueType of a subIssueType); "" when none.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub parent_value: String,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub is_system: bool,
}

impl PicklistValue {
    /// The integer records carry for this entry, when the string is numeric.
    pub fn int_value(&self) -> Option<i64> {
        self.value.trim().parse().ok()
    }
}

/// One entry of `entityInformation/fields`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldInfo {
    pub name: String,
    #[serde(default)]
    pub data_type: String,
    #[serde(default)]
    pub length: i64,
    #[serde(default)]
    pub is_required: bool,
    #[serde(default)]
    pub is_read_only: bool,
    #[serde(default)]
    pub is_queryable: bool,
    #[serde(default)]
    pub is_reference: bool,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub reference_entity_type: String,
    #[serde(default)]
    pub is_pick_list: bool,
    /// Null, absent and empty all mean "no picklist".
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub picklist_values: Vec<PicklistValue>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub picklist_parent_value_field: String,
    #[serde(default)]
    pub is_supported_webhook_field: bool,
}

/// `{"fields":[...]}` for one entity, with lookups that accept records' integer values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EntityFields {
    pub fields: Vec<FieldInfo>,
}

impl EntityFields {
    /// Field names compare case-insensitively, as Autotask's do.
    pub fn field(&self, name: &str) -> Option<&FieldInfo> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The label for a record's integer value; inactive entries still decode old records.
    pub fn label(&self, field: &str, value: i64) -> Option<&str> {
        self.field(field)?
            .picklist_values
            .iter()
            .find(|v| v.int_value() == Some(value))
            .map(|v| v.label.as_str())
    }

    /// The integer for a label (case-insensitive), preferring active entries.
    pub fn value_for_label(&self, field: &str, label: &str) -> Option<i64> {
        let values = &self.field(field)?.picklist_values;
        let matching = || {
            values
                .iter()
                .filter(|v| v.label.eq_ignore_ascii_case(label.trim()))
        };
        matching()
            .find(|v| v.is_active)
            .or_else(|| matching().next())
            .and_then(PicklistValue::int_value)
    }

    /// Active entries of a dependent picklist (subIssueType) whose parent is `parent`.
    pub fn children_of(&self, field: &str, parent: i64) -> Vec<&PicklistValue> {
        let parent = parent.to_string();
        self.field(field)
            .map(|f| {
                f.picklist_values
                    .iter()
                    .filter(|v| v.is_active && v.parent_value.trim() == parent)
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn yes() -> bool {
    true
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

fn null_as_empty_vec<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<PicklistValue>, D::Error> {
    Ok(Option::<Vec<PicklistValue>>::deserialize(d)?.unwrap_or_default())
}
