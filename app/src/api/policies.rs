//! Tool policies, the MSP's default mode, and a client's page and mode: thin server functions
//! over `PolicyService`. Every form works as a plain post too (redirect back to its page).

use crate::error::AppError;
use crate::ids::{ClientId, IntegrationId};
use crate::wire::{ClientPageView, ToolPoliciesView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form, integrations::AUTOTASK_PAGE};

/// The client's page, which its mode form posts back to.
pub fn client_path(client: ClientId) -> String {
    format!("/clients/{client}")
}

#[server(endpoint = "policies/tools")]
pub async fn tool_policies() -> Result<ToolPoliciesView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.policies.tool_policies(&user).await)
}

/// One tool's policy from the card's row form: `policy` is auto, approval_needed or disabled.
#[server(endpoint = "policies/tools/set")]
pub async fn set_tool_policy(
    integration: IntegrationId,
    tool: String,
    policy: String,
) -> Result<ToolPoliciesView, AppError> {
    let user = ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .keep("form", "tool-policies")
        .then_plain(format!("{AUTOTASK_PAGE}?policy_saved=1"))
        .run(|s| async move {
            s.policies
                .set_tool_policy(&user, integration, &tool, &policy)
                .await
        })
        .await
}

#[server(endpoint = "policies/tools/reset")]
pub async fn reset_tool_policies(integration: IntegrationId) -> Result<ToolPoliciesView, AppError> {
    let user = ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .keep("form", "tool-policies")
        .then_plain(format!("{AUTOTASK_PAGE}?policy_saved=1"))
        .run(|s| async move { s.policies.reset_tool_policies(&user, integration).await })
        .await
}

#[server(endpoint = "policies/default_mode")]
pub async fn set_default_mode(mode: String) -> Result<(), AppError> {
    let user = ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .keep("form", "default-mode")
        .then_plain(format!("{AUTOTASK_PAGE}?mode_saved=1"))
        .run(|s| async move { s.policies.set_default_mode(&user, &mode).await })
        .await
}

#[server(endpoint = "clients/page")]
pub async fn client_page(client: ClientId) -> Result<ClientPageView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.policies.client_page(&user, client).await)
}

#[server(endpoint = "clients/verifications")]
pub async fn client_verifications(
    client: ClientId,
) -> Result<Vec<crate::wire::ClientVerificationView>, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.clients.verifications(&user, client).await)
}

#[server(endpoint = "clients/mode")]
pub async fn set_client_mode(
    client: ClientId,
    mode: String,
) -> Result<crate::states::ClientMode, AppError> {
    let user = ctx::user()?;
    let page = client_path(client);
    Form::back_to(&page)
        .keep("form", "client-mode")
        .then_plain(format!("{page}?saved=1"))
        .run(|s| async move { s.policies.set_client_mode(&user, client, &mode).await })
        .await
}
