//! Duo Auth API v2 over the same challenges: `GET /auth/v2/check`, `POST /auth/v2/auth`
//! (push, async), `GET /auth/v2/auth_status`. Every call must carry a valid v2 HMAC-SHA512
//! signature for the fake integration key, checked against the Date and Host headers.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};
use sha2::Sha512;

use super::{lock, Shared, FAKE_DUO_IKEY, FAKE_DUO_SKEY};

/// Everything but `A–Z a–z 0–9 _ . - ~` is escaped in Duo's canonical form.
const DUO_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/auth/v2/check", get(check))
        .route("/auth/v2/auth", post(auth))
        .route("/auth/v2/auth_status", get(auth_status))
}

fn ok(response: Value) -> Response {
    Json(json!({ "stat": "OK", "response": response })).into_response()
}

fn fail(status: StatusCode, code: u32, message: &str) -> Response {
    (
        status,
        Json(json!({ "stat": "FAIL", "code": code, "message": message })),
    )
        .into_response()
}

fn params(raw: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect()
}

/// Recomputes the v2 signature; `None` when the call may proceed.
fn admit(
    state: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    params: &[(String, String)],
) -> Option<Response> {
    if lock(state).down {
        return Some(fail(
            StatusCode::SERVICE_UNAVAILABLE,
            50301,
            "Service unavailable",
        ));
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| {
            (
                utf8_percent_encode(k, DUO_SET).to_string(),
                utf8_percent_encode(v, DUO_SET).to_string(),
            )
        })
        .collect();
    encoded.sort();
    let line: Vec<String> = encoded
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let canonical = [
        header("date").to_string(),
        method.as_str().to_string(),
        header("host").to_ascii_lowercase(),
        uri.path().to_string(),
        line.join("&"),
    ]
    .join("\n");
    let presented = header("authorization")
        .strip_prefix("Basic ")
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|raw| String::from_utf8(raw).ok())
        .unwrap_or_default();
    let (ikey, hex) = presented.split_once(':').unwrap_or_default();
    let mut mac = Hmac::<Sha512>::new_from_slice(FAKE_DUO_SKEY.as_bytes()).expect("any key length");
    mac.update(canonical.as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if ikey != FAKE_DUO_IKEY || hex != expected || header("date").is_empty() {
        return Some(fail(
            StatusCode::UNAUTHORIZED,
            40103,
            "Invalid signature in request credentials",
        ));
    }
    None
}

async fn check(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let p = params(uri.query().unwrap_or_default());
    admit(&state, &method, &uri, &headers, &p).unwrap_or_else(|| ok(json!({ "time": 0 })))
}

async fn auth(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> Response {
    let p = params(&body);
    if let Some(refused) = admit(&state, &method, &uri, &headers, &p) {
        return refused;
    }
    let get = |name: &str| {
        p.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    if get("factor") != "push" || get("async") != "1" {
        return fail(StatusCode::BAD_REQUEST, 40002, "Invalid request parameters");
    }
    match lock(&state).open(get("username"), "duo", get("type")) {
        Some(txid) => ok(json!({ "txid": txid })),
        None => fail(StatusCode::BAD_REQUEST, 40002, "Invalid request parameters"),
    }
}

async fn auth_status(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let p = params(&query.unwrap_or_default());
    if let Some(refused) = admit(&state, &method, &uri, &headers, &p) {
        return refused;
    }
    let txid = p
        .iter()
        .find(|(k, _)| k == "txid")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let Some(challenge) = lock(&state).challenges.get(&txid).cloned() else {
        return fail(StatusCode::BAD_REQUEST, 40002, "Invalid request parameters");
    };
    let (result, status) = match challenge.status.as_str() {
        "pending" => ("waiting", "pushed"),
        "approved" => ("allow", "allow"),
        "expired" => ("deny", "timeout"),
        _ => ("deny", "deny"),
    };
    ok(json!({ "result": result, "status": status, "status_msg": format!("simulated {status}") }))
}
