//! The rule agent an MSP's sessions get: the built-in mapping unless its admin saved one.

use super::{RuleAgent, TriageMapping};
use crate::store::{Store, StoreError};
use app::ids::MspId;

/// A stored mapping that no longer decodes (written by a newer version, or by hand) falls back
/// to the defaults with a warning: the agent keeps working and the admin can save it again.
pub async fn rule_agent_for(store: &Store, msp: MspId) -> Result<RuleAgent, StoreError> {
    let Some(saved) = store.rule_mapping(msp).await? else {
        return Ok(RuleAgent::new());
    };
    match serde_json::from_value::<TriageMapping>(saved.mapping) {
        Ok(mapping) if mapping.validate().is_ok() => Ok(RuleAgent::with_mapping(mapping)),
        _ => {
            tracing::warn!(
                msp = msp.get(),
                "stored rule-agent mapping is unusable; using defaults"
            );
            Ok(RuleAgent::new())
        }
    }
}

/// Every MSP gets the rule agent with its own saved mapping (read on each wake, so an admin's
/// edit applies to the next ticket).
pub struct RuleBrains {
    store: Store,
}

impl RuleBrains {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

#[async_trait::async_trait]
impl crate::agent::brain::BrainSource for RuleBrains {
    async fn brain_for(
        &self,
        msp: MspId,
    ) -> Result<std::sync::Arc<dyn crate::agent::brain::Brain>, crate::agent::brain::BrainError>
    {
        match rule_agent_for(&self.store, msp).await {
            Ok(agent) => Ok(std::sync::Arc::new(agent)),
            Err(e) => Err(crate::agent::brain::BrainError::Transient(e.to_string())),
        }
    }
}
