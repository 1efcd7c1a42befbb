//! Thin axum handlers: pull the secret and headers out of the request, call the service,
//! answer with JSON.

use super::error::IntakeError;
use super::service::{Ack, Delivery, IntakeService};
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{header, HeaderMap, StatusCode};
use serde_json::json;
use std::sync::Arc;

type Svc = State<Arc<IntakeService>>;

pub async fn readiness(State(svc): Svc, Path(id): Path<String>, RawQuery(q): RawQuery) -> Response {
    match svc.readiness(&id, secret(q.as_deref()).as_deref()).await {
        Ok(()) => Json(json!({ "status": "connected" })).into_response(),
        Err(err) => refuse(&err),
    }
}

pub async fn deactivated(
    State(svc): Svc,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match svc.deactivated(&id, delivery(q, &headers), body).await {
        Ok(()) => Json(json!({ "status": "deactivated" })).into_response(),
        Err(err) => refuse(&err),
    }
}

pub async fn event(
    State(svc): Svc,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match svc.accept(&id, delivery(q, &headers), body).await {
        Ok(Ack::Stored(event)) => {
            Json(json!({ "status": "accepted", "event": event })).into_response()
        }
        Ok(Ack::Duplicate) => Json(json!({ "status": "duplicate" })).into_response(),
        Ok(Ack::Deactivated) => Json(json!({ "status": "deactivated" })).into_response(),
        Err(err) => refuse(&err),
    }
}

fn delivery(query: Option<String>, headers: &HeaderMap) -> Delivery {
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    Delivery {
        secret: secret(query.as_deref()),
        content_type: text(header::CONTENT_TYPE),
        content_length: text(header::CONTENT_LENGTH).and_then(|v| v.trim().parse().ok()),
        signature: text(header::HeaderName::from_static("x-hook-signature")),
    }
}

/// The `secret` query parameter, percent-decoded; the first one wins.
fn secret(query: Option<&str>) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "secret")
        .map(|(_, v)| v.into_owned())
}

fn refuse(err: &IntakeError) -> Response {
    let status = err.status();
    let mut response = (status, Json(json!({ "error": err.to_string() }))).into_response();
    let retry_after = match status {
        StatusCode::SERVICE_UNAVAILABLE => Some("5"),
        StatusCode::TOO_MANY_REQUESTS => Some("1"),
        _ => None,
    };
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, http::HeaderValue::from_static(seconds));
    }
    response
}
