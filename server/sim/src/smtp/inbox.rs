//! The sink's inbox over HTTP: `GET /messages` (JSON, newest last), `GET /` (an HTML page for
//! the demo), `POST /messages/clear`, `POST /reject?address=…` (refuse a recipient from now on).

use super::Shared;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/", get(page))
        .route("/messages", get(list))
        .route("/messages/clear", post(clear))
        .route("/reject", post(reject))
}

async fn list(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let messages = shared.lock().messages.clone();
    Json(serde_json::json!({ "messages": messages }))
}

async fn clear(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.lock().messages.clear();
    StatusCode::NO_CONTENT
}

#[derive(serde::Deserialize)]
struct RejectQuery {
    address: String,
}

async fn reject(State(shared): State<Arc<Shared>>, Query(q): Query<RejectQuery>) -> StatusCode {
    shared
        .lock()
        .rejected
        .insert(q.address.to_ascii_lowercase());
    StatusCode::NO_CONTENT
}

async fn page(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let messages = shared.lock().messages.clone();
    let mut rows = String::new();
    for m in messages.iter().rev() {
        rows.push_str(&format!(
            "<article data-testid=\"sim-mail\"><h2>{}</h2><p class=\"meta\">To {} · From {} · {}</p><pre>{}</pre></article>",
            esc(&m.subject),
            esc(&m.to.join(", ")),
            esc(&m.from_header),
            esc(&utc(m.received_at)),
            esc(&m.text),
        ));
    }
    if messages.is_empty() {
        rows.push_str("<p>No mail yet. Relay's mails (test mails, one-time codes, webhook alerts) appear here.</p>");
    }
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Simulated mail server: inbox</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1e293b}}\
         article{{border:1px solid #cbd5e1;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}}\
         h2{{font-size:1.05rem;margin:0}}.meta{{color:#64748b;font-size:.85rem}}pre{{white-space:pre-wrap}}</style></head>\
         <body><h1>Mail received by the simulated SMTP server</h1>\
         <p>{} message(s), newest first. Reload to see new mail. JSON: <a href=\"/messages\">/messages</a></p>{rows}</body></html>",
        messages.len()
    );
    ([(header::CACHE_CONTROL, "no-store")], Html(body))
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `2026-11-30 18:00:05 UTC`, without a date library.
fn utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
