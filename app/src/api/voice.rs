//! Server functions of the voice agent's pages (thin: user, service, answer).

use crate::error::AppError;
use crate::ids::VoiceCallId;
use crate::voice::{VoiceCallPage, VoiceSettingsView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form};

pub const VOICE_PAGE: &str = "/settings/voice";
pub const CALLS_PAGE: &str = "/calls";

#[server(endpoint = "voice/settings")]
pub async fn voice_settings() -> Result<VoiceSettingsView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.voice.voice_settings(&user).await)
}

/// The checkbox arrives only when ticked, so `enabled` is optional.
#[server(endpoint = "voice/settings/save")]
pub async fn save_voice_settings(
    enabled: Option<String>,
    queue_id: String,
    status: String,
    priority: String,
    issue_type: String,
    company_id: String,
    contact_id: String,
) -> Result<VoiceSettingsView, AppError> {
    let user = ctx::user()?;
    let form = Form::back_to(VOICE_PAGE).then_plain(format!("{VOICE_PAGE}?saved=1"));
    let input = crate::voice::VoiceSettingsInput {
        enabled: enabled.is_some(),
        queue_id,
        status,
        priority,
        issue_type,
        company_id,
        contact_id,
    };
    form.run(|s| async move { s.voice.save_voice_settings(&user, input).await })
        .await
}

#[server(endpoint = "voice/secret/rotate")]
pub async fn rotate_voice_secret() -> Result<VoiceSettingsView, AppError> {
    let user = ctx::user()?;
    Form::back_to(VOICE_PAGE)
        .then_plain(VOICE_PAGE)
        .run(|s| async move { s.voice.rotate_voice_secret(&user).await })
        .await
}

#[server(endpoint = "voice/index/resync")]
pub async fn resync_voice_index() -> Result<(), AppError> {
    let user = ctx::user()?;
    Form::back_to(VOICE_PAGE)
        .then_plain(format!("{VOICE_PAGE}?resync=1"))
        .run(|s| async move { s.voice.resync_voice_index(&user).await })
        .await
}

#[server(endpoint = "voice/calls")]
pub async fn voice_calls(page: i64) -> Result<VoiceCallPage, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.voice.voice_calls(&user, page.max(1)).await)
}

#[server(endpoint = "voice/calls/retry")]
pub async fn retry_voice_call(call_id: VoiceCallId) -> Result<bool, AppError> {
    let user = ctx::user()?;
    Form::back_to(CALLS_PAGE)
        .then_plain(CALLS_PAGE)
        .run(|s| async move { s.voice.retry_voice_call(&user, call_id).await })
        .await
}

#[server(endpoint = "voice/calls/demo")]
pub async fn place_demo_call(which: usize) -> Result<String, AppError> {
    let user = ctx::user()?;
    Form::back_to(CALLS_PAGE)
        .then_plain(format!("{CALLS_PAGE}?placed=1"))
        .run(|s| async move { s.voice.place_demo_call(&user, which).await })
        .await
}
