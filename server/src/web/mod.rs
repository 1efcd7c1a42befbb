//! The HTTP surface: Leptos pages and server functions plus the plain axum routes.

mod client_ip;
mod csrf;
mod headers;
mod health;
mod leptos_site;
mod session;

pub use leptos_site::leptos_options;

use crate::state::AppState;
use axum::{middleware, routing::get, Router};
use http::{header, HeaderName, HeaderValue};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

const HEALTHZ: &str = "/healthz";
const METRICS: &str = "/metrics";
/// Autotask's webhooks (`crate::intake`): they carry their own secret and come from no browser.
const HOOKS: &str = "/hooks/";
/// Server functions (`#[server]` in `app`): each checks the session itself and answers 401.
const SERVER_FNS: &str = "/api/";
/// The wasm, JS and CSS cargo-leptos builds.
const ASSETS: &str = "/pkg/";
/// The site icon every page asks for.
const FAVICON: &str = "/favicon.ico";
/// Approval links (`crate::approvals::links`): technicians are not Relay users.
const APPROVAL_LINKS: [&str; 2] = [
    crate::approvals::links::APPROVE,
    crate::approvals::links::DENY,
];

/// What the sign-in gate lets through without a session: everything above that is not an
/// admin page. A new route that is not a page belongs here too.
fn is_public(path: &str) -> bool {
    [ASSETS, SERVER_FNS, HOOKS]
        .iter()
        .any(|p| path.starts_with(p))
        || [HEALTHZ, METRICS, FAVICON].contains(&path)
        || APPROVAL_LINKS.iter().any(|p| path.starts_with(p))
}

/// The whole application router, usable from tests with any `AppState`.
pub fn router(state: AppState) -> Router {
    let site = leptos_site::routes(&state);
    Router::new()
        .route(HEALTHZ, get(health::healthz))
        .route(METRICS, get(health::metrics))
        .route(FAVICON, get(headers::favicon))
        .merge(crate::intake::routes(&state))
        .merge(crate::activity::export::routes())
        .merge(crate::voice::routes(&state))
        .merge(crate::approvals::links::routes())
        .merge(site)
        .layer(middleware::from_fn_with_state(state.clone(), session::guard_pages))
        .layer(middleware::from_fn_with_state(state.clone(), session::resolve))
        .layer(middleware::from_fn_with_state(
            csrf::SameSite::new(
                &state.settings.public_base_url,
                state.settings.public_base_url_configured,
            ),
            csrf::refuse_cross_site,
        ))
        .layer(middleware::from_fn(headers::retry_after_on_busy))
        .layer(middleware::from_fn_with_state(
            headers::HeaderPolicy::new(
                &state.settings.public_base_url,
                state.leptos.env == leptos::config::Env::DEV,
            ),
            headers::security_headers,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            state.settings.http_read_timeout(),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(middleware::from_fn_with_state(state.metrics.clone(), crate::metrics::track))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &http::Request<_>| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// An `AppError` as an HTTP response for the plain axum routes.
pub fn error_response(err: app::error::AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = http::StatusCode::from_u16(err.status_code())
        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(err)).into_response()
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn only_non_pages_are_public() {
        for path in [
            "/healthz",
            "/metrics",
            "/pkg/relay.wasm",
            "/api/auth/me",
            "/hooks/autotask/1",
            "/approve/x",
            "/deny/x",
        ] {
            assert!(is_public(path), "{path}");
        }
        for path in [
            "/",
            "/clients",
            "/settings",
            "/login",
            "/healthz/x",
            "/apix",
            "/approvals",
        ] {
            assert!(!is_public(path), "{path}");
        }
    }
}
