//! Admin reads behind sign-in: the Autotask card, clients, MSP settings, activity.

use crate::error::AppError;
use crate::ids::{ClientId, EventId};
use crate::wire::{ActivityPage, AutotaskCardView, ClientPage, MspSettingsView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ctx;

#[server(endpoint = "admin/autotask_card")]
pub async fn autotask_card() -> Result<AutotaskCardView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.integrations.autotask_card(&user).await)
}

#[server(endpoint = "admin/clients")]
pub async fn list_clients(search: String, page: i64) -> Result<ClientPage, AppError> {
    let user = ctx::user()?;
    ctx::respond(
        ctx::services()?
            .clients
            .clients(&user, &search, page.max(1))
            .await,
    )
}

#[server(endpoint = "admin/msp_settings")]
pub async fn msp_settings() -> Result<MspSettingsView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.auth.msp_settings(&user).await)
}

#[server(endpoint = "admin/activity")]
pub async fn list_activity(
    page: i64,
    client: Option<ClientId>,
    tool: Option<String>,
    outcome: Option<String>,
    verify: Option<bool>,
) -> Result<ActivityPage, AppError> {
    let user = ctx::user()?;
    let query = crate::wire::ActivityQuery {
        client,
        tool,
        outcome,
        page: page.max(1),
        verify: verify.unwrap_or(false),
    };
    ctx::respond(ctx::services()?.activity.activity_page(&user, &query).await)
}

#[server(endpoint = "admin/retry_event")]
pub async fn retry_event(event_id: EventId) -> Result<bool, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.activity.retry_event(&user, event_id).await)
}

#[server(endpoint = "admin/dismiss_event")]
pub async fn dismiss_event(event_id: EventId) -> Result<bool, AppError> {
    let user = ctx::user()?;
    ctx::respond(
        ctx::services()?
            .activity
            .dismiss_event(&user, event_id)
            .await,
    )
}
