//! The reference fixtures with their published signatures, duplicates, readiness and
//! deactivation.

use super::harness::{fixture, hooked_app, send, HMAC_KEY, HOOK_SECRET};
use crate::store::queries::TestQueries;
use axum::body::Body;
use http::Request;

const SIGNATURES: [(&str, &str); 3] = [
    (
        "08-webhook-ticket-create.json",
        "sha1=jQnIex3VhVD5FImJTL2oSKc7GJY=",
    ),
    (
        "09-webhook-ticket-update.json",
        "sha1=G7yZNgwXeQrJX2JKevTcOI63vOg=",
    ),
    (
        "10-webhook-ticketnote-create.json",
        "sha1=Z2KXgjTBw2vcTEMztd9s4JLre6E=",
    ),
];

#[tokio::test]
async fn reference_fixtures_are_stored_raw_once_each() {
    let h = hooked_app(&[]).await;
    for (name, sig) in SIGNATURES {
        let body = fixture(name);
        let (status, text) = h.post(&h.url(HOOK_SECRET), &body, Some(sig)).await;
        assert_eq!(status, 200, "{name}: {text}");
        assert!(text.contains("accepted"), "{text}");
    }
    let events = h
        .app
        .state
        .store
        .webhook_events_of(h.integration)
        .await
        .unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(
        events[0].raw_body.as_bytes(),
        fixture(SIGNATURES[0].0),
        "stored byte for byte"
    );
    assert_eq!(
        events[0].dedupe_key,
        "6f1c2a9e-4b7d-4e0a-9d3c-2b8f5e71a004:Ticket:41215:118"
    );
    assert_eq!(events[0].order_key, "ticket:41215");
    assert_eq!(events[2].entity_type, "TicketNote");
    assert_eq!(
        events[2].order_key, "ticket:41210",
        "a note waits behind its ticket"
    );
    assert_eq!(h.metric("relay_webhook_events_received_total"), 3);
    let integration = h
        .app
        .state
        .store
        .integration(h.integration)
        .await
        .unwrap()
        .unwrap();
    assert!(integration.last_event_at.is_some());
}

#[tokio::test]
async fn duplicates_are_acknowledged_and_stored_once() {
    let h = hooked_app(&[]).await;
    let (name, sig) = SIGNATURES[0];
    let body = fixture(name);
    assert_eq!(h.post(&h.url(HOOK_SECRET), &body, Some(sig)).await.0, 200);
    for _ in 0..3 {
        let (status, text) = h.post(&h.url(HOOK_SECRET), &body, Some(sig)).await;
        assert_eq!((status, text.contains("duplicate")), (200, true), "{text}");
    }
    assert_eq!(h.stored().await, 1);
    assert_eq!(h.metric("relay_webhook_events_duplicated_total"), 3);
}

#[tokio::test]
async fn unsigned_delivery_is_refused_by_default_and_accepted_once_the_admin_allows_it() {
    let h = hooked_app(&[]).await;
    let body = fixture(SIGNATURES[1].0);
    let (status, text) = h.post(&h.url(HOOK_SECRET), &body, None).await;
    assert_eq!(
        status, 401,
        "an integration with an HMAC key requires it: {text}"
    );
    assert!(text.contains("required"), "{text}");
    h.app
        .state
        .store
        .set_signature_required(h.integration, false, 2)
        .await
        .unwrap();
    // Intake caches the record for a second.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    assert_eq!(h.post(&h.url(HOOK_SECRET), &body, None).await.0, 200);
    // A signature that is sent must still be right, and made with the HMAC key.
    let other = fixture(SIGNATURES[0].0);
    let with_token = server::autotask::webhook::sign(HOOK_SECRET.as_bytes(), &other);
    let (status, text) = h.post(&h.url(HOOK_SECRET), &other, Some(&with_token)).await;
    assert_eq!(status, 401, "{text}");
    assert_eq!(h.stored().await, 1);
}

#[tokio::test]
async fn readiness_ping_marks_connected_and_wrong_secret_is_401() {
    let h = hooked_app(&[]).await;
    let get = |uri: String| Request::get(uri).body(Body::empty()).unwrap();
    let uri = format!("/hooks/autotask/{}", h.integration);
    assert_eq!(send(&h.app.router, get(uri.clone())).await.0, 401);
    assert_eq!(
        send(&h.app.router, get(format!("{uri}?secret=fake-wrong")))
            .await
            .0,
        401
    );
    let store = &h.app.state.store;
    assert_eq!(
        store
            .integration(h.integration)
            .await
            .unwrap()
            .unwrap()
            .webhook_connected_at,
        None
    );
    let (status, _) = send(&h.app.router, get(h.url(HOOK_SECRET))).await;
    assert_eq!(status, 200);
    assert!(store
        .integration(h.integration)
        .await
        .unwrap()
        .unwrap()
        .webhook_connected_at
        .is_some());
    assert_eq!(
        send(
            &h.app.router,
            get(format!("/hooks/autotask/999?secret={HOOK_SECRET}"))
        )
        .await
        .0,
        401,
        "an unknown id is answered like a wrong secret"
    );
}

#[tokio::test]
async fn deactivation_url_takes_event_authentication_and_only_a_post_changes_state() {
    let h = hooked_app(&[]).await;
    let store = &h.app.state.store;
    let deactivated_at = || async {
        store
            .integration(h.integration)
            .await
            .unwrap()
            .unwrap()
            .deactivated_at
    };
    let notice = br#"{"Action":"Deactivated","Guid":"fake-guid","EntityType":"Ticket","Id":0,"EventTime":"2025-03-11T16:05:12Z","SequenceNumber":1}"#;
    let base = format!("/hooks/autotask/{}/deactivated", h.integration);
    let right = format!("{base}?secret={HOOK_SECRET}");
    let good_sig = server::autotask::webhook::sign(HMAC_KEY.as_bytes(), notice);
    let token_sig = server::autotask::webhook::sign(HOOK_SECRET.as_bytes(), notice);
    let refused = [
        (format!("{base}?secret=fake-wrong"), Some(good_sig.as_str())),
        (right.clone(), None),
        (right.clone(), Some(token_sig.as_str())),
        (right.clone(), Some("sha1=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")),
    ];
    for (uri, sig) in refused {
        let (status, text) = h.post(&uri, notice, sig).await;
        assert_eq!(status, 401, "{uri} {sig:?}: {text}");
    }
    // A plain GET, even with the right token, changes nothing.
    let get = Request::get(right.clone()).body(Body::empty()).unwrap();
    assert_eq!(send(&h.app.router, get).await.0, 405);
    assert_eq!(deactivated_at().await, None);

    assert_eq!(h.post(&right, notice, Some(&good_sig)).await.0, 200);
    assert!(deactivated_at().await.is_some());

    // A readiness ping after reactivation clears it; a signed Deactivated callout sets it.
    let get = Request::get(h.url(HOOK_SECRET))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&h.app.router, get).await.0, 200);
    assert_eq!(deactivated_at().await, None);
    assert_eq!(h.deliver(notice).await.0, 200);
    assert!(deactivated_at().await.is_some());
    assert_eq!(h.stored().await, 0, "a deactivation notice is not an event");
}

#[tokio::test]
async fn the_first_verified_post_marks_connected_without_a_readiness_ping() {
    let h = hooked_app(&[]).await;
    let connected_at = || async {
        h.app
            .state
            .store
            .integration(h.integration)
            .await
            .unwrap()
            .unwrap()
            .webhook_connected_at
    };
    let (name, sig) = SIGNATURES[0];
    let body = fixture(name);
    let bad = "sha1=AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    assert_eq!(h.post(&h.url(HOOK_SECRET), &body, Some(bad)).await.0, 401);
    assert_eq!(
        connected_at().await,
        None,
        "an unverified POST proves nothing"
    );
    assert_eq!(h.post(&h.url(HOOK_SECRET), &body, Some(sig)).await.0, 200);
    let first = connected_at()
        .await
        .expect("Connected after a verified event");
    let (name, sig) = SIGNATURES[1];
    assert_eq!(
        h.post(&h.url(HOOK_SECRET), &fixture(name), Some(sig))
            .await
            .0,
        200
    );
    assert_eq!(connected_at().await, Some(first), "since the first one");
}
