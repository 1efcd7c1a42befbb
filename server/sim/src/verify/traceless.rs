//! The Traceless contract as Relay assumes it (no public reference exists): signed JSON calls
//! under `/v1`, headers `X-Traceless-Organization`, `-Timestamp` (unix seconds) and `-Signature`
//! (hex HMAC-SHA256 of `timestamp \n METHOD \n path \n body` under the signing secret).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::json;
use sha2::Sha256;

use super::{lock, Shared, FAKE_ORGANIZATION_ID, FAKE_SIGNING_SECRET};

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/v1/ping", get(ping))
        .route("/v1/verifications", axum::routing::post(start))
        .route("/v1/verifications/{id}", get(status).delete(cancel))
}

fn fail(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

/// Checks the provider is up and the call is signed by the fake organisation.
fn admit(
    state: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &str,
) -> Option<Response> {
    if lock(state).down {
        return Some(fail(StatusCode::SERVICE_UNAVAILABLE, "maintenance"));
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    if header("x-traceless-organization") != FAKE_ORGANIZATION_ID {
        return Some(fail(StatusCode::UNAUTHORIZED, "unknown organization"));
    }
    let timestamp = header("x-traceless-timestamp");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    match timestamp.parse::<u64>() {
        Ok(t) if t.abs_diff(now) <= 300 => {}
        _ => return Some(fail(StatusCode::UNAUTHORIZED, "stale or missing timestamp")),
    }
    let mut mac =
        Hmac::<Sha256>::new_from_slice(FAKE_SIGNING_SECRET.as_bytes()).expect("any key length");
    mac.update(format!("{timestamp}\n{method}\n{}\n{body}", uri.path()).as_bytes());
    let given: Vec<u8> = (0..header("x-traceless-signature").len() / 2)
        .filter_map(|i| {
            u8::from_str_radix(header("x-traceless-signature").get(i * 2..i * 2 + 2)?, 16).ok()
        })
        .collect();
    if mac.verify_slice(&given).is_err() {
        return Some(fail(StatusCode::UNAUTHORIZED, "bad signature"));
    }
    None
}

async fn ping(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = admit(&state, &method, &uri, &headers, "") {
        return refused;
    }
    Json(json!({ "organization_id": FAKE_ORGANIZATION_ID })).into_response()
}

#[derive(Deserialize)]
struct Start {
    organization_id: String,
    email: String,
    push_method: String,
    #[serde(default)]
    message: String,
}

async fn start(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Some(refused) = admit(&state, &method, &uri, &headers, &body) {
        return refused;
    }
    let Ok(start) = serde_json::from_str::<Start>(&body) else {
        return fail(StatusCode::BAD_REQUEST, "invalid body");
    };
    if start.organization_id != FAKE_ORGANIZATION_ID {
        return fail(StatusCode::UNAUTHORIZED, "unknown organization");
    }
    if !matches!(
        start.push_method.as_str(),
        "microsoft_authenticator" | "duo"
    ) {
        return fail(StatusCode::BAD_REQUEST, "unknown push method");
    }
    match lock(&state).open(&start.email, &start.push_method, &start.message) {
        Some(id) => (
            StatusCode::CREATED,
            Json(json!({ "id": id, "status": "pending" })),
        )
            .into_response(),
        None => fail(StatusCode::UNPROCESSABLE_ENTITY, "no_device"),
    }
}

async fn status(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = admit(&state, &method, &uri, &headers, "") {
        return refused;
    }
    match lock(&state).challenges.get(&id) {
        Some(c) => {
            Json(json!({ "id": c.id, "status": c.status, "reason": c.reason })).into_response()
        }
        None => fail(StatusCode::NOT_FOUND, "unknown challenge"),
    }
}

async fn cancel(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = admit(&state, &method, &uri, &headers, "") {
        return refused;
    }
    let mut s = lock(&state);
    if !s.challenges.contains_key(&id) {
        return fail(StatusCode::NOT_FOUND, "unknown challenge");
    }
    s.settle(&id, "cancelled", None);
    StatusCode::NO_CONTENT.into_response()
}
