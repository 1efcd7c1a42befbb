//! Approvals for the admin: the pending lists, cancelling a plan, and the link-only switch on
//! the integration page. Thin server functions over `ApprovalService`; each form also works
//! as a plain post (redirect back to its page).

use crate::approvals_wire::{ApprovalLinkSettingsView, PendingApprovalView};
use crate::error::AppError;
use crate::ids::{ApprovalPlanId, ClientId, IntegrationId};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form, integrations::AUTOTASK_PAGE};

/// The MSP-wide list of pending approvals.
pub const APPROVALS_PAGE: &str = "/approvals";

#[server(endpoint = "approvals/pending")]
pub async fn pending_approvals(
    client: Option<ClientId>,
) -> Result<Vec<PendingApprovalView>, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.approvals.pending(&user, client).await)
}

/// Cancels one pending plan; `back` is the page the form is on (the list or a client page).
#[server(endpoint = "approvals/cancel")]
pub async fn cancel_approval(id: ApprovalPlanId, back: String) -> Result<(), AppError> {
    let user = ctx::user()?;
    let back = super::safe_next(&back);
    let done = format!(
        "{back}{}cancelled=1",
        if back.contains('?') { '&' } else { '?' }
    );
    Form::back_to(&back)
        .keep("form", "approvals")
        .then_plain(done)
        .run(|s| async move { s.approvals.cancel(&user, id).await })
        .await
}

#[server(endpoint = "approvals/link_settings")]
pub async fn approval_link_settings() -> Result<ApprovalLinkSettingsView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.approvals.link_settings(&user).await)
}

/// `link_only` is `true` or `false` from the card's hidden field.
#[server(endpoint = "approvals/link_only")]
pub async fn set_approval_link_only(
    integration: IntegrationId,
    link_only: bool,
) -> Result<ApprovalLinkSettingsView, AppError> {
    let user = ctx::user()?;
    Form::back_to(AUTOTASK_PAGE)
        .keep("form", "approval-links")
        .then_plain(format!("{AUTOTASK_PAGE}?approvals_saved=1"))
        .run(|s| async move {
            s.approvals
                .set_link_only(&user, integration, link_only)
                .await
        })
        .await
}
