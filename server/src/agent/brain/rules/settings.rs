//! `RuleAgentService`: the admin reads and edits the MSP's triage mapping, one category at a
//! time, or resets it to the built-in defaults.

use super::classify::Category;
use super::mapping::{TriageMapping, TriageRule};
use crate::clock::{fmt_utc, now_ms};
use crate::store::Store;
use app::error::AppError;
use app::rules_wire::{RuleMappingView, TriageRuleView};
use app::service::RuleAgentService;
use app::wire::CurrentUser;

#[derive(Clone)]
pub struct RuleSettings {
    store: Store,
}

impl RuleSettings {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// The saved mapping (or the defaults), whether it is saved, and who saved it when.
    async fn current(
        &self,
        user: &CurrentUser,
    ) -> Result<(TriageMapping, Option<String>), AppError> {
        let Some(saved) = self.store.rule_mapping(user.msp_id).await? else {
            return Ok((TriageMapping::default(), None));
        };
        let changed = format!(
            "{}, {}",
            saved.updated_by_name.as_deref().unwrap_or("a former admin"),
            fmt_utc(saved.updated_at)
        );
        let mapping = serde_json::from_value(saved.mapping).unwrap_or_default();
        Ok((mapping, Some(changed)))
    }

    async fn view(&self, user: &CurrentUser) -> Result<RuleMappingView, AppError> {
        let (mapping, changed) = self.current(user).await?;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let rules = Category::ALL
            .into_iter()
            .map(|category| {
                let rule = mapping.rule_for(category);
                TriageRuleView {
                    category: category.as_str().to_owned(),
                    label: category.label().to_owned(),
                    priority: rule.map(|r| text(&r.priority)).unwrap_or_default(),
                    queue: rule.map(|r| text(&r.queue)).unwrap_or_default(),
                    issue_type: rule.map(|r| text(&r.issue_type)).unwrap_or_default(),
                    status: rule.map(|r| text(&r.status)).unwrap_or_default(),
                    assignee: rule
                        .and_then(|r| r.assigned_resource_id)
                        .map(|id| id.to_string())
                        .unwrap_or_default(),
                }
            })
            .collect();
        Ok(RuleMappingView {
            rules,
            customised: changed.is_some(),
            changed,
        })
    }
}

fn field(value: &str) -> Option<String> {
    Some(value.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

#[async_trait::async_trait]
impl RuleAgentService for RuleSettings {
    async fn mapping(&self, user: &CurrentUser) -> Result<RuleMappingView, AppError> {
        self.view(user).await
    }

    async fn save_rule(
        &self,
        user: &CurrentUser,
        input: TriageRuleView,
    ) -> Result<RuleMappingView, AppError> {
        let category = Category::parse(&input.category)
            .ok_or_else(|| AppError::validation("category", "Unknown category."))?;
        let assigned_resource_id = match field(&input.assignee) {
            None => None,
            Some(id) => Some(id.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
                AppError::validation(
                    "assignee",
                    "The assignee is an Autotask resource id (a positive number).",
                )
            })?),
        };
        let rule = TriageRule {
            category,
            priority: field(&input.priority),
            queue: field(&input.queue),
            issue_type: field(&input.issue_type),
            status: field(&input.status),
            assigned_resource_id,
        };
        let (mut mapping, _) = self.current(user).await?;
        mapping.rules.retain(|r| r.category != category);
        mapping.rules.push(rule);
        mapping
            .validate()
            .map_err(|e| AppError::validation("mapping", e))?;
        let json = serde_json::to_value(&mapping).map_err(|e| AppError::internal(e.to_string()))?;
        self.store
            .set_rule_mapping(user.msp_id, &json, user.user_id, now_ms())
            .await?;
        self.view(user).await
    }

    async fn reset(&self, user: &CurrentUser) -> Result<RuleMappingView, AppError> {
        self.store.clear_rule_mapping(user.msp_id).await?;
        self.view(user).await
    }
}
