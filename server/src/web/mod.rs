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

/// The whole application router, usable from tests with any `AppState`.
pub fn router(state: AppState) -> Router {
    let site = leptos_site::routes(&state);
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .route("/favicon.ico", get(headers::favicon))
        .merge(crate::intake::routes(&state))
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
