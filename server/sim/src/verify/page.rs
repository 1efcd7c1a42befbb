//! `/_sim/verify`: a plain HTML page for people (the demo): every challenge, and for a pending
//! one the buttons a phone would show. Plain forms, no script; each answer comes back here.

use axum::extract::State;
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{lock, Shared};

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/_sim/verify", get(page))
        .route("/_sim/verify/answer", post(answer))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn page(State(state): State<Shared>) -> Html<String> {
    let s = lock(&state);
    let mut rows = String::new();
    for c in s.challenges.values().rev() {
        let buttons = if c.status == "pending" {
            ["approve", "deny", "expire", "fail"]
                .iter()
                .map(|o| {
                    format!(
                        "<form method=\"post\" action=\"/_sim/verify/answer\" style=\"display:inline\">\
                         <input type=\"hidden\" name=\"id\" value=\"{id}\">\
                         <button name=\"outcome\" value=\"{o}\" data-testid=\"verify-{o}\">{o}</button></form> ",
                        id = escape(&c.id)
                    )
                })
                .collect::<String>()
        } else {
            String::new()
        };
        rows.push_str(&format!(
            "<tr data-challenge=\"{id}\" data-status=\"{status}\"><td>{email}</td><td>{method}</td>\
             <td>{message}</td><td>{status}{reason}</td><td>{buttons}</td></tr>",
            id = escape(&c.id),
            email = escape(&c.email),
            method = escape(&c.push_method),
            message = escape(&c.message),
            status = escape(&c.status),
            reason = c.reason.as_deref().map(|r| format!(" ({})", escape(r))).unwrap_or_default(),
        ));
    }
    if rows.is_empty() {
        rows.push_str("<tr><td colspan=\"5\">No challenges yet.</td></tr>");
    }
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Simulated verification provider</title>\
         <meta http-equiv=\"refresh\" content=\"5\"></head><body style=\"font-family:sans-serif\">\
         <h1>Simulated identity-verification provider</h1>\
         <p>Each row is a push sent to someone's phone. Answer it as that person would.</p>\
         <table border=\"1\" cellpadding=\"6\" style=\"border-collapse:collapse\">\
         <tr><th>Person</th><th>Method</th><th>Shown on the phone</th><th>Status</th><th>Answer</th></tr>\
         {rows}</table></body></html>"
    ))
}

#[derive(Deserialize)]
struct Answer {
    id: String,
    outcome: String,
}

async fn answer(State(state): State<Shared>, Form(form): Form<Answer>) -> Redirect {
    let (status, reason) = match form.outcome.as_str() {
        "approve" => ("approved", None),
        "deny" => ("denied", None),
        "expire" => ("expired", None),
        "fail" => ("failed", Some("no_device")),
        _ => return Redirect::to("/_sim/verify"),
    };
    lock(&state).settle(&form.id, status, reason);
    Redirect::to("/_sim/verify")
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_what_a_ticket_could_carry() {
        assert_eq!(
            escape("<b>\"x\" & y</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;"
        );
    }
}
