//! The effective policies of one integration, read from the store: the catalog defaults with
//! the admin's overrides on top.

use super::Policies;
use crate::store::{Store, StoreError};
use app::ids::IntegrationId;

pub async fn load(store: &Store, integration: IntegrationId) -> Result<Policies, StoreError> {
    let overrides = store.tool_policy_overrides(integration).await?;
    Ok(Policies::with_overrides(
        overrides.into_iter().map(|o| (o.tool, o.policy)),
    ))
}
