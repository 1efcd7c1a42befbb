//! Request context helpers for server functions (server side only).

use crate::error::AppError;
use crate::service::Services;
use crate::wire::{CurrentUser, RequestMeta};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The raw session token the server middleware found in the cookie, if any.
#[derive(Debug, Clone)]
pub struct SessionToken(pub String);

pub const SESSION_COOKIE: &str = "relay_session";

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::internal("ctx-parts"))
}

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| AppError::internal("ctx-services"))
}

pub fn meta() -> RequestMeta {
    parts()
        .ok()
        .and_then(|p| p.extensions.get::<RequestMeta>().cloned())
        .unwrap_or_default()
}

pub fn session_token() -> Option<String> {
    parts()
        .ok()
        .and_then(|p| p.extensions.get::<SessionToken>().map(|t| t.0.clone()))
}

/// The signed-in user of this request, or a 401.
pub fn user() -> Result<CurrentUser, AppError> {
    let user = parts()?.extensions.get::<CurrentUser>().cloned();
    user.ok_or_else(AppError::unauthenticated)
        .inspect_err(set_status)
}

/// Give a service error its HTTP status on the way out.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        set_status(e);
    }
    result
}

pub fn set_status(err: &AppError) {
    if let Some(res) = use_context::<ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(err.status_code()) {
            res.set_status(code);
        }
    }
}

/// A request header as text, if present and readable.
pub fn header(name: http::header::HeaderName) -> Option<String> {
    parts()
        .ok()
        .and_then(|p| p.headers.get(name)?.to_str().ok().map(str::to_string))
}

/// Set the session cookie. `Secure` whenever the request came over TLS (directly or via proxy).
pub fn set_session_cookie(token: &str, max_age: i64) {
    let secure = if meta().secure { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    );
    append_cookie(&cookie);
}

pub fn clear_session_cookie() {
    append_cookie(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
    ));
}

fn append_cookie(cookie: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(cookie),
    ) {
        res.append_header(http::header::SET_COOKIE, v);
    }
}
