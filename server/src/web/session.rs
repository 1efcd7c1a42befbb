//! Session resolution and the sign-in gate for admin pages.

use crate::state::AppState;
use app::wire::{CurrentUser, RequestMeta};
use app::{SessionToken, SESSION_COOKIE};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{header, HeaderMap, Method};
use std::net::SocketAddr;

/// Attach `RequestMeta`, and when the cookie names a live session, the `CurrentUser`.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let meta = request_meta(&state, &req);
    req.extensions_mut().insert(meta);
    if let Some(token) = cookie(req.headers(), SESSION_COOKIE) {
        match state.services.auth.session_user(&token).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(e) => return crate::web::error_response(e),
        }
        req.extensions_mut().insert(SessionToken(token));
    }
    next.run(req).await
}

fn request_meta(state: &AppState, req: &Request) -> RequestMeta {
    let h = req.headers();
    let proxies = usize::from(state.settings.trusted_proxies);
    let trust = proxies > 0;
    let forwarded_ip = crate::web::client_ip::forwarded_client(h, proxies).map(|ip| ip.to_string());
    let peer_ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let forwarded_https =
        trust && h.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
    RequestMeta {
        client_ip: forwarded_ip.or(peer_ip),
        user_agent: h
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        secure: forwarded_https || state.settings.public_base_url.starts_with("https://"),
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// Signed-out visitors of admin pages go to sign-in (or setup on a fresh install); signed-in
/// admins skip the sign-in and setup pages.
pub async fn guard_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !matches!(*req.method(), Method::GET | Method::HEAD) || super::is_public(&path) {
        return next.run(req).await;
    }
    let signed_in = req.extensions().get::<CurrentUser>().is_some();
    let auth_page = matches!(path.as_str(), "/login" | "/setup");
    if signed_in {
        return if auth_page || path == "/" {
            Redirect::to("/clients").into_response()
        } else {
            next.run(req).await
        };
    }
    let needs_setup = match state.services.auth.needs_setup().await {
        Ok(v) => v,
        Err(e) => return crate::web::error_response(e),
    };
    match (needs_setup, path.as_str()) {
        (true, "/setup") | (false, "/login") => next.run(req).await,
        (true, _) => Redirect::to("/setup").into_response(),
        (false, "/setup") | (false, "/") => Redirect::to("/login").into_response(),
        (false, _) => {
            let target = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/clients");
            let location = format!("/login?{}", app::api::form_encode(&[("next", target)]));
            Redirect::to(&location).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; relay_session=tok123; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&h, "relay_session").as_deref(), Some("tok123"));
        h.insert(header::COOKIE, "relay_session=".parse().unwrap());
        assert_eq!(cookie(&h, "relay_session"), None);
    }
}
