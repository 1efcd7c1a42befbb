//! A signed callout intake kept although it is incomplete is skipped by the worker with the
//! reason, not failed or parked.

use super::harness::{piped, quick_config, HMAC_KEY, HOOK_SECRET};
use server::autotask::webhook::sign;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incomplete_signed_event_is_skipped_with_the_reason() {
    let p = piped(quick_config()).await;
    let body = br#"{"Action":"Merge","Guid":"fake-guid","EntityType":"Ticket","Id":41215,"EventTime":"2025-03-11T16:05:12Z"}"#;
    let url = format!(
        "{}/hooks/autotask/{}?secret={HOOK_SECRET}",
        p.app.base_url(),
        p.integration
    );
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header("x-hook-signature", sign(HMAC_KEY.as_bytes(), body))
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let events = p.settle(1).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].state, server::store::EventState::Skipped);
    let activity = p.activity().await;
    assert!(
        activity[0].summary.contains("incomplete") && activity[0].summary.contains("Merge"),
        "{}",
        activity[0].summary
    );
    assert_eq!(
        p.metric("relay_webhook_events_skipped_total{reason=\"incomplete\"}"),
        1
    );
}
