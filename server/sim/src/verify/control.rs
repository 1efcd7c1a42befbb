//! `/_sim/verify`: answer challenges as the person would, take devices away, take the provider
//! down. Lets the demo (and a tester with curl) drive every outcome.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{lock, Shared};

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/_sim/verify/challenges", get(list))
        .route("/_sim/verify/challenges/{id}/{outcome}", post(answer))
        .route("/_sim/verify/no-device", post(no_device))
        .route("/_sim/verify/down", post(down))
}

async fn list(State(state): State<Shared>) -> Json<Value> {
    let s = lock(&state);
    let all: Vec<Value> = s
        .challenges
        .values()
        .map(|c| {
            json!({"id": c.id, "email": c.email, "push_method": c.push_method,
                        "message": c.message, "status": c.status, "reason": c.reason})
        })
        .collect();
    Json(json!({ "challenges": all }))
}

async fn answer(
    State(state): State<Shared>,
    Path((id, outcome)): Path<(String, String)>,
) -> StatusCode {
    let (status, reason) = match outcome.as_str() {
        "approve" => ("approved", None),
        "deny" => ("denied", None),
        "expire" => ("expired", None),
        "fail" => ("failed", Some("no_device")),
        _ => return StatusCode::NOT_FOUND,
    };
    if lock(&state).settle(&id, status, reason) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::CONFLICT
    }
}

#[derive(Deserialize)]
struct Email {
    email: String,
}

async fn no_device(State(state): State<Shared>, Json(body): Json<Email>) -> StatusCode {
    lock(&state)
        .without_device
        .insert(body.email.to_ascii_lowercase());
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Down {
    down: bool,
}

async fn down(State(state): State<Shared>, Json(body): Json<Down>) -> StatusCode {
    lock(&state).down = body.down;
    StatusCode::NO_CONTENT
}
