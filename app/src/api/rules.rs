//! Server functions of the rule agent's triage card (Settings).

use crate::error::AppError;
use crate::rules_wire::RuleMappingView;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form};

#[cfg(feature = "ssr")]
const SETTINGS: &str = "/settings";

#[server(endpoint = "rules/mapping")]
pub async fn rule_mapping() -> Result<RuleMappingView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.rules.mapping(&user).await)
}

#[server(endpoint = "rules/save")]
pub async fn save_triage_rule(
    category: String,
    priority: String,
    queue: String,
    issue_type: String,
    status: String,
    assignee: String,
) -> Result<RuleMappingView, AppError> {
    let user = ctx::user()?;
    let rule = crate::rules_wire::TriageRuleView {
        category,
        label: String::new(),
        priority,
        queue,
        issue_type,
        status,
        assignee,
    };
    Form::back_to(SETTINGS)
        .then_plain(SETTINGS)
        .run(|s| async move { s.rules.save_rule(&user, rule).await })
        .await
}

#[server(endpoint = "rules/reset")]
pub async fn reset_triage_mapping() -> Result<RuleMappingView, AppError> {
    let user = ctx::user()?;
    Form::back_to(SETTINGS)
        .then_plain(SETTINGS)
        .run(|s| async move { s.rules.reset(&user).await })
        .await
}
