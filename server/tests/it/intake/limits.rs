//! The per-integration ceiling on intake (429 beyond it, counted), and wrong secrets that
//! neither lock out the real sender nor tell known ids from unknown ones.

use super::harness::{fixture, hooked_app, send, HMAC_KEY, HOOK_SECRET};
use axum::body::Body;
use http::Request;

fn ticket(seq: u64) -> Vec<u8> {
    format!(
        r#"{{"Action":"Update","Guid":"fake-guid","EntityType":"Ticket","Id":41215,"Fields":{{}},"EventTime":"2025-03-11T16:05:12Z","SequenceNumber":{seq}}}"#
    )
    .into_bytes()
}

#[tokio::test]
async fn beyond_the_burst_deliveries_get_429_and_are_counted() {
    let h = hooked_app(&[
        ("RELAY_WEBHOOK_RATE_PER_SECOND", "1"),
        ("RELAY_WEBHOOK_RATE_BURST", "3"),
    ])
    .await;
    for seq in 1..=3 {
        assert_eq!(h.deliver(&ticket(seq)).await.0, 200, "within the burst");
    }
    let body = ticket(4);
    let sig = server::autotask::webhook::sign(HMAC_KEY.as_bytes(), &body);
    let req = Request::post(h.url(HOOK_SECRET))
        .header("content-type", "application/json")
        .header("x-hook-signature", sig)
        .body(Body::from(body))
        .unwrap();
    let res = tower::ServiceExt::oneshot(h.app.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "1");
    assert_eq!(h.stored().await, 3);
    assert_eq!(
        h.metric("relay_webhook_events_rejected_total{reason=\"rate_limited\"}"),
        1
    );
    // Callers without the URL token do not spend the integration's budget.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    for _ in 0..20 {
        assert_eq!(h.post(&h.url("fake-wrong"), &ticket(9), None).await.0, 401);
    }
    assert_eq!(
        h.deliver(&ticket(5)).await.0,
        200,
        "refilled, not spent by strangers"
    );
}

#[tokio::test]
async fn a_flood_of_wrong_secrets_neither_locks_out_nor_tells_ids_apart() {
    let h = hooked_app(&[]).await;
    let body = fixture("08-webhook-ticket-create.json");
    let unknown = format!(
        "/hooks/autotask/{}?secret=fake-wrong",
        h.integration.get() + 7
    );
    let (unknown_status, unknown_text) = h.post(&unknown, &body, None).await;
    for _ in 0..200 {
        let (status, text) = h.post(&h.url("fake-wrong"), &body, None).await;
        assert_eq!(
            (status, text.as_str()),
            (unknown_status, unknown_text.as_str())
        );
    }
    assert_eq!(unknown_status, 401);
    assert_eq!(
        h.deliver(&body).await.0,
        200,
        "the real sender still gets in"
    );
    // The readiness ping answers alike too.
    let get = |uri: String| Request::get(uri).body(Body::empty()).unwrap();
    let known = send(&h.app.router, get(h.url("fake-wrong"))).await;
    let other = send(
        &h.app.router,
        get(format!(
            "/hooks/autotask/{}?secret=fake-wrong",
            h.integration.get() + 7
        )),
    )
    .await;
    assert_eq!(known, other);
}
