//! Settings → Agent brain: read, save and test the MSP's brain settings.

// The save form posts eight plain fields; the generated client function takes them one by one
// (an attribute on the function does not reach the code `#[server]` generates).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::states::{BrainKind, TokenParam};
use crate::wire::{BrainSettingsView, BrainTestView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form};

/// The page every form on it posts back to.
pub const AGENT_BRAIN_PAGE: &str = "/settings/agent-brain";

#[server(endpoint = "settings/agent_brain")]
pub async fn brain_settings() -> Result<BrainSettingsView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.brain.brain_settings(&user).await)
}

/// Checkboxes arrive as `true` when ticked and not at all otherwise. A refusal keeps what was
/// typed on the form, except the key, which never goes into a URL.
#[server(endpoint = "settings/agent_brain/save")]
pub async fn save_brain(
    kind: BrainKind,
    base_url: String,
    model: String,
    api_key: String,
    token_param: TokenParam,
    clear_key: Option<bool>,
    tool_choice: Option<bool>,
    parallel_tool_calls: Option<bool>,
) -> Result<(), AppError> {
    let user = ctx::user()?;
    let form = Form::back_to(AGENT_BRAIN_PAGE)
        .keep("kind", kind.as_str())
        .keep("base_url", &base_url)
        .keep("model", &model)
        .then_plain(format!("{AGENT_BRAIN_PAGE}?saved=1"));
    let input = crate::wire::BrainSettingsInput {
        kind,
        base_url,
        model,
        api_key,
        clear_key: clear_key.unwrap_or(false),
        token_param,
        tool_choice: tool_choice.unwrap_or(false),
        parallel_tool_calls: parallel_tool_calls.unwrap_or(false),
    };
    form.run(|s| async move { s.brain.save_brain_settings(&user, input).await })
        .await
        .map(drop)
}

/// A plain form comes back to the page, which shows the report kept for it.
#[server(endpoint = "settings/agent_brain/test")]
pub async fn test_brain() -> Result<BrainTestView, AppError> {
    let user = ctx::user()?;
    Form::back_to(AGENT_BRAIN_PAGE)
        .then_plain(AGENT_BRAIN_PAGE)
        .run(|s| async move { s.brain.test_brain(&user).await })
        .await
}
