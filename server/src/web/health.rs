//! `/healthz` (database round trip and, once it runs, the webhook worker's heartbeat) and
//! `/metrics` (Prometheus text).

use crate::pipeline::WorkerHealth;
use crate::state::AppState;
use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use http::{header, HeaderMap, StatusCode};
use serde_json::{json, Map, Value};
use subtle::ConstantTimeEq;

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let backend = format!("{:?}", state.store.backend()).to_lowercase();
    let mut body = Map::new();
    body.insert("database".into(), Value::from(backend));
    let mut healthy = true;
    if let Err(e) = state.store.ping().await {
        tracing::error!(error = %e, "health check failed");
        healthy = false;
    }
    match state.worker_liveness.health() {
        // A router without a worker (tests, tools) says nothing about one.
        WorkerHealth::NotStarted => {}
        WorkerHealth::Alive { since_last_loop } => {
            body.insert(
                "worker".into(),
                json!({ "status": "ok", "last_loop_ms_ago": since_last_loop.as_millis() as u64 }),
            );
        }
        WorkerHealth::Stalled {
            since_last_loop,
            limit,
        } => {
            healthy = false;
            let reason = format!(
                "the webhook worker has not looped for {} s (allowed: {} s); events are not \
                 being processed",
                since_last_loop.as_secs(),
                limit.as_secs()
            );
            tracing::error!(%reason, "health check failed");
            body.insert(
                "worker".into(),
                json!({
                    "status": "stalled",
                    "last_loop_ms_ago": since_last_loop.as_millis() as u64,
                    "reason": reason,
                }),
            );
        }
    }
    let (status, word) = if healthy {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    };
    body.insert("status".into(), Value::from(word));
    (status, Json(Value::Object(body)))
}

/// Prometheus text; with `metrics_token` configured, only for `Authorization: Bearer <token>`.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(expected) = &state.settings.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        // Constant time, so response timing does not reveal how much of a guess was right.
        if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer realm=\"relay-metrics\"")],
                "The metrics need Authorization: Bearer <metrics_token>.",
            )
                .into_response();
        }
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}
