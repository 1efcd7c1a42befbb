//! `/healthz` (database round trip) and `/metrics` (Prometheus text).

use crate::state::AppState;
use axum::{extract::State, response::IntoResponse, Json};
use http::{header, StatusCode};

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let backend = format!("{:?}", state.store.backend()).to_lowercase();
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({"status": "ok", "database": backend})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable", "database": backend})),
            )
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
