//! The thin axum handler: headers out of the request, the service's answer as JSON.

use super::auth::Presented;
use super::service::{Delivery, VoiceService};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{header, HeaderMap};
use serde_json::json;

pub async fn message(
    State(svc): State<VoiceService>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let delivery = Delivery {
        presented: Presented {
            secret: text("x-vapi-secret").or_else(|| text("authorization")),
            signature: text("x-signature"),
            timestamp: text("x-timestamp"),
        },
        content_type: text(header::CONTENT_TYPE.as_str()),
        content_length: text(header::CONTENT_LENGTH.as_str()).and_then(|v| v.trim().parse().ok()),
    };
    match svc.handle(&id, delivery, body).await {
        Ok(answer) => Json(answer).into_response(),
        Err(err) => (err.status(), Json(json!({ "error": err.to_string() }))).into_response(),
    }
}
