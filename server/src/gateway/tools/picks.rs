//! Picklist arguments resolved against the tenant's lists: an id or a label (any case), active
//! values only for writes; an unknown label lists the valid ones.

use std::sync::Arc;

use super::args::Pick;
use super::ToolError;
use crate::autotask::{EntityFields, TenantClient};

/// The field metadata of `entity` (cached per tenant by the client).
pub async fn fields(tenant: &TenantClient, entity: &str) -> Result<Arc<EntityFields>, ToolError> {
    Ok(tenant.entity_fields(entity).await?)
}

/// The integer id `pick` stands for in `field` (an active value).
pub fn resolve(
    fields: &EntityFields,
    field: &str,
    arg: &str,
    pick: &Pick,
) -> Result<i64, ToolError> {
    let values: Vec<_> = fields
        .field(field)
        .map(|f| f.picklist_values.iter().filter(|v| v.is_active).collect())
        .unwrap_or_default();
    let found = match pick {
        Pick::Id(id) => values.iter().find(|v| v.int_value() == Some(*id)),
        Pick::Label(label) => {
            let label = label.trim();
            if let Ok(id) = label.parse::<i64>() {
                values.iter().find(|v| v.int_value() == Some(id))
            } else {
                values.iter().find(|v| v.label.eq_ignore_ascii_case(label))
            }
        }
    };
    if let Some(id) = found.and_then(|v| v.int_value()) {
        return Ok(id);
    }
    let valid: Vec<String> = values
        .iter()
        .take(30)
        .map(|v| format!("{} ({})", v.label, v.value))
        .collect();
    let given = match pick {
        Pick::Id(id) => id.to_string(),
        Pick::Label(label) => format!("{label:?}"),
    };
    Err(ToolError::InvalidArguments(format!(
        "{arg}: {given} is not an active value; valid: {}",
        valid.join(", ")
    )))
}
