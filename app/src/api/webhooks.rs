//! The webhook card's registration forms: register (or repair) Relay's webhooks in Autotask,
//! remove them, and turn deactivated ones back on. Each is a plain form that also works before
//! the wasm loads; it returns to the Autotask page.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{form::Form, integrations::AUTOTASK_PAGE};

#[server(endpoint = "integrations/autotask/webhooks/register")]
pub async fn register_webhooks() -> Result<(), AppError> {
    let user = super::ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .then_plain(AUTOTASK_PAGE)
        .run(|s| async move { s.integrations.register_webhooks(&user).await })
        .await
        .map(drop)
}

#[server(endpoint = "integrations/autotask/webhooks/unregister")]
pub async fn unregister_webhooks() -> Result<(), AppError> {
    let user = super::ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .then_plain(AUTOTASK_PAGE)
        .run(|s| async move { s.integrations.unregister_webhooks(&user).await })
        .await
        .map(drop)
}

#[server(endpoint = "integrations/autotask/webhooks/reactivate")]
pub async fn reactivate_webhooks() -> Result<(), AppError> {
    let user = super::ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .then_plain(AUTOTASK_PAGE)
        .run(|s| async move { s.integrations.reactivate_webhooks(&user).await })
        .await
        .map(drop)
}
