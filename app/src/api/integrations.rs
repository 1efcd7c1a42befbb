//! Connecting Autotask: credentials, company types and import, the webhook card.

use crate::error::AppError;
use crate::wire::{AutotaskPageView, CompanyTypeOption, ConnectStep as Step, ImportProgress};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ctx;

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
    let input = crate::wire::AutotaskCredentialsInput {
        username: username.clone(),
        secret,
        tracking_id: tracking_id.clone(),
    };
    let result = async {
        ctx::services()?
            .integrations
            .save_credentials(&user, input)
            .await
    }
    .await;
    match result {
        Ok(_) => {
            if ctx::is_plain_form() {
                leptos_axum::redirect(&format!("{AUTOTASK_PAGE}?saved=1"));
            }
            Ok(())
        }
        Err(e) => ctx::fail(
            e,
            AUTOTASK_PAGE,
            &[("username", &username), ("tracking_id", &tracking_id)],
        ),
    }
}

#[server(endpoint = "integrations/autotask/step")]
pub async fn current_connect_step() -> Result<Option<Step>, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.integrations.connect_step(&user).await)
}

#[server(endpoint = "integrations/autotask/recheck")]
pub async fn recheck_autotask() -> Result<(), AppError> {
    let user = ctx::user()?;
    match async { ctx::services()?.integrations.recheck(&user).await }.await {
        Ok(_) => {
            if ctx::is_plain_form() {
                leptos_axum::redirect(&format!("{AUTOTASK_PAGE}?rechecked=1"));
            }
            Ok(())
        }
        Err(e) => ctx::fail(e, AUTOTASK_PAGE, &[]),
    }
}

#[server(endpoint = "integrations/autotask/disconnect")]
pub async fn disconnect_autotask() -> Result<(), AppError> {
    let user = ctx::user()?;
    match async { ctx::services()?.integrations.disconnect(&user).await }.await {
        Ok(()) => {
            leptos_axum::redirect(AUTOTASK_PAGE);
            Ok(())
        }
        Err(e) => ctx::fail(e, AUTOTASK_PAGE, &[]),
    }
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
    let result = async {
        ctx::services()?
            .integrations
            .start_import(
                &user,
                types.unwrap_or_default(),
                include_own_company.unwrap_or(false),
            )
            .await
    }
    .await;
    match result {
        Ok(progress) => {
            if ctx::is_plain_form() {
                leptos_axum::redirect(AUTOTASK_PAGE);
            }
            Ok(progress)
        }
        Err(e) => ctx::fail(e, AUTOTASK_PAGE, &[]),
    }
}

#[server(endpoint = "integrations/autotask/rotate")]
pub async fn rotate_webhook_secret() -> Result<(), AppError> {
    let user = ctx::user()?;
    match async {
        ctx::services()?
            .integrations
            .rotate_webhook_secret(&user)
            .await
    }
    .await
    {
        Ok(_) => {
            if ctx::is_plain_form() {
                leptos_axum::redirect(AUTOTASK_PAGE);
            }
            Ok(())
        }
        Err(e) => ctx::fail(e, AUTOTASK_PAGE, &[]),
    }
}
