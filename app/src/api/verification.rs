//! Settings → Identity verification: read, save and test the provider settings, change the
//! classifier's phrases and try the classifier on a sample ticket.

// The settings form posts fourteen plain fields; the generated client function takes them one
// by one (an attribute on the function does not reach the code `#[server]` generates).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::states::{PhraseChange, PushMethod, UnverifiedPolicy};
use crate::verification::{ClassifyView, VerificationSettingsView, VerificationTestView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form};

/// The page every form on it posts back to.
pub const VERIFICATION_PAGE: &str = "/settings/verification";

#[server(endpoint = "settings/verification")]
pub async fn verification_settings() -> Result<VerificationSettingsView, AppError> {
    let user = ctx::user()?;
    ctx::respond(
        ctx::services()?
            .verification
            .verification_settings(&user)
            .await,
    )
}

/// A refusal keeps everything typed on the form except the two secrets, which never go into
/// a URL.
#[server(endpoint = "settings/verification/save")]
pub async fn save_verification(
    provider: String,
    traceless_url: String,
    organization_id: String,
    traceless_secret: String,
    path_check: String,
    path_start: String,
    path_status: String,
    path_cancel: String,
    default_push: PushMethod,
    duo_host: String,
    integration_key: String,
    duo_secret: String,
    timeout_secs: String,
    without_provider: UnverifiedPolicy,
) -> Result<(), AppError> {
    let user = ctx::user()?;
    let form = Form::back_to(VERIFICATION_PAGE)
        .keep("form", "settings")
        .keep("provider", &provider)
        .keep("traceless_url", &traceless_url)
        .keep("organization_id", &organization_id)
        .keep("path_check", &path_check)
        .keep("path_start", &path_start)
        .keep("path_status", &path_status)
        .keep("path_cancel", &path_cancel)
        .keep("default_push", default_push.as_str())
        .keep("duo_host", &duo_host)
        .keep("integration_key", &integration_key)
        .keep("timeout_secs", &timeout_secs)
        .keep("without_provider", without_provider.as_str())
        .then_plain(format!("{VERIFICATION_PAGE}?saved=1"));
    let input = crate::verification::VerificationSettingsInput {
        provider,
        traceless_url,
        organization_id,
        traceless_secret,
        path_check,
        path_start,
        path_status,
        path_cancel,
        default_push,
        duo_host,
        integration_key,
        duo_secret,
        timeout_secs,
        without_provider,
    };
    form.run(|s| async move {
        s.verification
            .save_verification_settings(&user, input)
            .await
    })
    .await
    .map(drop)
}

/// A plain form comes back to the page, which shows the report kept for it.
#[server(endpoint = "settings/verification/test")]
pub async fn test_verification() -> Result<VerificationTestView, AppError> {
    let user = ctx::user()?;
    Form::back_to(VERIFICATION_PAGE)
        .keep("form", "test")
        .then_plain(VERIFICATION_PAGE)
        .run(|s| async move { s.verification.test_verification(&user).await })
        .await
}

#[server(endpoint = "settings/verification/phrase")]
pub async fn change_phrase(phrase: String, change: PhraseChange) -> Result<(), AppError> {
    let user = ctx::user()?;
    let tag = match change {
        PhraseChange::Add => "add_phrase",
        PhraseChange::Remove => "remove_term",
    };
    Form::back_to(VERIFICATION_PAGE)
        .keep("form", tag)
        .keep(tag, &phrase)
        .then_plain(format!("{VERIFICATION_PAGE}#phrases"))
        .run(|s| async move { s.verification.change_phrase(&user, phrase, change).await })
        .await
}

#[server(endpoint = "settings/verification/phrase/undo")]
pub async fn undo_phrase(phrase: String) -> Result<(), AppError> {
    let user = ctx::user()?;
    Form::back_to(VERIFICATION_PAGE)
        .keep("form", "undo")
        .then_plain(format!("{VERIFICATION_PAGE}#phrases"))
        .run(|s| async move { s.verification.undo_phrase(&user, phrase).await })
        .await
}

/// Read-only: the "try it" form is a GET of the page, which asks this for the verdict.
#[server(endpoint = "settings/verification/classify")]
pub async fn classify_sample(title: String, description: String) -> Result<ClassifyView, AppError> {
    let user = ctx::user()?;
    ctx::respond(
        ctx::services()?
            .verification
            .classify_sample(&user, title, description)
            .await,
    )
}
