//! A verified, signed callout missing EventTime or SequenceNumber, or with an unknown Action,
//! is stored (a 400 would count towards Autotask deactivating the webhook); malformed JSON and
//! a missing Id or EntityType are still refused.

use super::harness::{hooked_app, HOOK_SECRET};

#[tokio::test]
async fn signed_incomplete_callouts_are_kept_and_broken_ones_refused() {
    let h = hooked_app(&[]).await;
    let kept: [&[u8]; 4] = [
        br#"{"Action":"Create","Guid":"fake-guid","EntityType":"Ticket","Id":41215,"SequenceNumber":3}"#,
        br#"{"Action":"Create","Guid":"fake-guid","EntityType":"Ticket","Id":41215,"EventTime":"2025-03-11T16:05:12Z"}"#,
        br#"{"Action":"Merge","Guid":"fake-guid","EntityType":"Ticket","Id":41216,"EventTime":"2025-03-11T16:05:12Z","SequenceNumber":4}"#,
        br#"{"Guid":"fake-guid","EntityType":"TicketNote","Id":9,"Fields":{"ticketID":41215}}"#,
    ];
    for body in kept {
        let (status, text) = h.deliver(body).await;
        assert_eq!(status, 200, "{}: {text}", String::from_utf8_lossy(body));
        assert!(text.contains("accepted"), "{text}");
    }
    // A redelivery of the one without a sequence number is a duplicate.
    let (status, text) = h.deliver(kept[1]).await;
    assert_eq!((status, text.contains("duplicate")), (200, true), "{text}");
    let events =
        crate::store::queries::TestQueries::webhook_events_of(&h.app.state.store, h.integration)
            .await
            .unwrap();
    assert_eq!(events.len(), 4);
    assert_eq!(events[2].action, "Merge");
    assert_eq!(
        events[3].order_key, "ticket:41215",
        "a note still waits behind its ticket"
    );

    let refused: [(&[u8], &str); 4] = [
        (b"{not json", "not JSON"),
        (
            br#"{"Action":"Create","Guid":"fake-guid","EntityType":"Ticket"}"#,
            "missing Id",
        ),
        (
            br#"{"Action":"Create","Guid":"fake-guid","Id":1}"#,
            "missing EntityType",
        ),
        (
            br#"{"Action":"Merge","Guid":"fake-guid","EntityType":"Ticket","Id":"1"}"#,
            "Id must be",
        ),
    ];
    for (body, says) in refused {
        let (status, text) = h.deliver(body).await;
        assert_eq!(status, 400, "{says}: {text}");
        assert!(text.contains(says), "{says}: {text}");
    }

    // Unsigned (once the admin allows it), an incomplete body is not proven Autotask's.
    h.app
        .state
        .store
        .set_signature_required(h.integration, false, 2)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let body =
        br#"{"Action":"Merge","Guid":"fake-guid","EntityType":"Ticket","Id":5,"SequenceNumber":1}"#;
    assert_eq!(h.post(&h.url(HOOK_SECRET), body, None).await.0, 400);
    assert_eq!(h.stored().await, 4);
}
