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
) -> Response {
    match svc.deactivated(&id, secret(q.as_deref()).as_deref()).await {
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
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let delivery = Delivery {
        secret: secret(q.as_deref()),
        content_type: text(header::CONTENT_TYPE),
        content_length: text(header::CONTENT_LENGTH).and_then(|v| v.trim().parse().ok()),
        signature: text(header::HeaderName::from_static("x-hook-signature")),
    };
    match svc.accept(&id, delivery, body).await {
        Ok(Ack::Stored(event)) => {
            Json(json!({ "status": "accepted", "event": event })).into_response()
        }
        Ok(Ack::Duplicate) => Json(json!({ "status": "duplicate" })).into_response(),
        Ok(Ack::Deactivated) => Json(json!({ "status": "deactivated" })).into_response(),
        Err(err) => refuse(&err),
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
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, http::HeaderValue::from_static("5"));
    }
    response
}
