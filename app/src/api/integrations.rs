//! Connecting Autotask: credentials, company types and import, the webhook card.

use crate::error::AppError;
use crate::wire::{
    AutotaskPageView, CompanyTypeOption, ConnectStep as Step, ImportProgress, WebhookSecrets,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form};

/// The page every form on it posts back to.
pub const AUTOTASK_PAGE: &str = "/settings/integrations/autotask";

#[server(endpoint = "integrations/autotask")]
pub async fn autotask_page() -> Result<AutotaskPageView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.integrations.autotask_page(&user).await)
}

/// Validates and stores; a failure is kept on the form with what was typed, except the secret,
/// which never goes into a URL.
#[server(endpoint = "integrations/autotask/save")]
pub async fn save_autotask(
    username: String,
    secret: String,
    tracking_id: String,
) -> Result<(), AppError> {
    let user = ctx::user()?;
    let form = Form::back_to(AUTOTASK_PAGE)
        .keep("username", &username)
        .keep("tracking_id", &tracking_id)
        .then_plain(format!("{AUTOTASK_PAGE}?saved=1"));
    let input = crate::wire::AutotaskCredentialsInput {
        username,
        secret,
        tracking_id,
    };
    form.run(|s| async move { s.integrations.save_credentials(&user, input).await })
        .await
        .map(drop)
}

#[server(endpoint = "integrations/autotask/step")]
pub async fn current_connect_step() -> Result<Option<Step>, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.integrations.connect_step(&user).await)
}

#[server(endpoint = "integrations/autotask/recheck")]
pub async fn recheck_autotask() -> Result<(), AppError> {
    let user = ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .then_plain(format!("{AUTOTASK_PAGE}?rechecked=1"))
        .run(|s| async move { s.integrations.recheck(&user).await })
        .await
        .map(drop)
}

#[server(endpoint = "integrations/autotask/disconnect")]
pub async fn disconnect_autotask() -> Result<(), AppError> {
    let user = ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .then_go(AUTOTASK_PAGE)
        .run(|s| async move { s.integrations.disconnect(&user).await })
        .await
}

#[server(endpoint = "integrations/autotask/types")]
pub async fn company_types() -> Result<Vec<CompanyTypeOption>, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.integrations.company_types(&user).await)
}

/// `types` arrives as `types[0]=…&types[3]=…` from the checkboxes; absent when none is ticked.
/// `include_own_company` is the own-company checkbox (`true` when ticked, absent otherwise).
#[server(endpoint = "integrations/autotask/import")]
pub async fn start_import(
    types: Option<Vec<i64>>,
    include_own_company: Option<bool>,
) -> Result<ImportProgress, AppError> {
    let user = ctx::user()?;
    let types = types.unwrap_or_default();
    Form::back_to(AUTOTASK_PAGE)
        .then_plain(AUTOTASK_PAGE)
        .run(|s| async move {
            s.integrations
                .start_import(&user, types, include_own_company.unwrap_or(false))
                .await
        })
        .await
}

/// New webhook secrets. A script gets them in the answer; a plain form is sent back to the
/// page, whose next load shows them once.
#[server(endpoint = "integrations/autotask/rotate")]
pub async fn rotate_webhook_secret() -> Result<Option<WebhookSecrets>, AppError> {
    let user = ctx::user()?;
    let card = Form::back_to(AUTOTASK_PAGE)
        .then_plain(AUTOTASK_PAGE)
        .run(|s| async move { s.integrations.rotate_webhook_secret(&user).await })
        .await?;
    Ok(secrets_for_script(card))
}

/// Shows the current webhook secrets once more; a POST, so a link or a poll never does.
#[server(endpoint = "integrations/autotask/reveal")]
pub async fn reveal_webhook_secrets() -> Result<Option<WebhookSecrets>, AppError> {
    let user = ctx::user()?;
    let card = Form::back_to(AUTOTASK_PAGE)
        .then_plain(AUTOTASK_PAGE)
        .run(|s| async move { s.integrations.reveal_webhook_secrets(&user).await })
        .await?;
    Ok(secrets_for_script(card))
}

/// `required` is `true` or `false` from the card's hidden field.
#[server(endpoint = "integrations/autotask/signatures")]
pub async fn set_signature_required(required: bool) -> Result<(), AppError> {
    let user = ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .then_plain(AUTOTASK_PAGE)
        .run(|s| async move { s.integrations.set_signature_required(&user, required).await })
        .await
        .map(drop)
}

#[cfg(feature = "ssr")]
fn secrets_for_script(card: crate::wire::WebhookCardView) -> Option<WebhookSecrets> {
    // A plain form was redirected back to the page, whose next load shows them once.
    if super::form::is_plain_form() {
        return None;
    }
    card.revealed
}
