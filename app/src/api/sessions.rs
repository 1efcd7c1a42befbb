//! Server functions of the session pages: thin wrappers over `SessionService`.

use crate::error::AppError;
use crate::ids::SessionId;
use crate::session_wire::{SessionListItem, SessionView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ctx;

#[server(endpoint = "sessions/session")]
pub async fn session(id: SessionId) -> Result<SessionView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.sessions.session(&user, id).await)
}

#[server(endpoint = "sessions/recent")]
pub async fn recent_sessions() -> Result<Vec<SessionListItem>, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.sessions.recent_sessions(&user).await)
}
