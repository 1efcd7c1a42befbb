//! The fake's HTTP surface: `/v1/chat/completions` and the control API under `/_sim/model`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::reply::{render, Rendered};
use super::script::{ModelReply, ModelRequest, ModelSettings};
use super::unscripted;
use super::{lock, Shared, FAKE_MODEL_NAME};

pub(super) fn router(state: Shared) -> Router {
    Router::new()
        .route("/v1/chat/completions", post(complete))
        .route("/_sim/model/script", post(push_script))
        .route("/_sim/model/requests", get(requests))
        .route("/_sim/model/reset", post(reset))
        .route("/_sim/model/settings", get(settings).put(set_settings))
        .with_state(state)
}

fn respond(r: Rendered) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Json(r.body)).into_response();
    for (name, value) in r.headers {
        if let Ok(value) = value.parse() {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

async fn complete(State(state): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let Ok(request) = serde_json::from_str::<Value>(&body) else {
        return respond(Rendered {
            status: 400,
            headers: Vec::new(),
            body: json!({"error": {"message": "We could not parse the JSON body of your request.", "type": "invalid_request_error", "code": null}}),
        });
    };
    // A refused request (wrong key, refused field) does not use up a scripted reply.
    let (reply, serial) = {
        let mut s = lock(&state);
        s.requests.push(ModelRequest {
            bearer: bearer.clone(),
            body: request.clone(),
        });
        let serial = s.requests.len();
        if let Some(key) = &s.settings.api_key {
            if bearer.as_deref() != Some(key.as_str()) {
                return respond(render(&ModelReply::Unauthorized, "", serial));
            }
        }
        if s.settings.reject_tool_choice && request.get("tool_choice").is_some() {
            return respond(Rendered {
                status: 400,
                headers: Vec::new(),
                body: json!({"error": {"message": "tool_choice is not supported", "type": "invalid_request_error", "code": null}}),
            });
        }
        (s.script.pop_front(), serial)
    };
    let model = request
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or(FAKE_MODEL_NAME);
    respond(match reply {
        Some(reply) => render(&reply, model, serial),
        None => unscripted::answer(&request, model, serial),
    })
}

/// One reply or an array of them, queued in order.
async fn push_script(State(state): State<Shared>, Json(body): Json<Value>) -> Response {
    let items = match body {
        Value::Array(items) => items,
        one => vec![one],
    };
    let parsed: Result<Vec<ModelReply>, _> =
        items.into_iter().map(serde_json::from_value).collect();
    match parsed {
        Ok(replies) => {
            let mut s = lock(&state);
            s.script.extend(replies);
            Json(json!({"queued": s.script.len()})).into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    }
}

async fn requests(State(state): State<Shared>) -> Json<Vec<ModelRequest>> {
    Json(lock(&state).requests.clone())
}

async fn reset(State(state): State<Shared>) -> StatusCode {
    let mut s = lock(&state);
    s.script.clear();
    s.requests.clear();
    StatusCode::NO_CONTENT
}

async fn settings(State(state): State<Shared>) -> Json<ModelSettings> {
    Json(lock(&state).settings.clone())
}

async fn set_settings(State(state): State<Shared>, Json(new): Json<ModelSettings>) -> StatusCode {
    lock(&state).settings = new;
    StatusCode::NO_CONTENT
}
