//! Contracts for the webhook event log: dedupe, leased claims that never double-issue, order
//! per ticket, retries, parking, requeue and expired leases.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use super::queries::TestQueries;
use server::store::{EventFinish, EventState, NewWebhookEvent, Store};
use std::collections::HashSet;

pub(super) async fn integration(store: &Store) -> (i64, i64) {
    let msp = admin(store).await.msp_id;
    let created = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    (msp, created.id)
}

pub(super) fn event(integration: i64, msp: i64, seq: i64, ticket: i64) -> NewWebhookEvent {
    NewWebhookEvent {
        integration_id: integration,
        msp_id: msp,
        dedupe_key: format!("guid-1:Ticket:{ticket}:{seq}"),
        entity_type: "Ticket".into(),
        entity_id: ticket,
        action: "Update".into(),
        person_id: Some(29_682_910),
        order_key: format!("ticket:{ticket}"),
        raw_body: format!("{{\"SequenceNumber\":{seq}}}"),
        received_at: T0 + seq,
    }
}

pub(super) fn done() -> EventFinish {
    EventFinish::Final {
        state: EventState::Done,
        outcome: "woke".into(),
        error: None,
    }
}

pub async fn events_dedupe_per_integration(store: Store) {
    let (msp, int) = integration(&store).await;
    let first = store
        .insert_webhook_event(event(int, msp, 1, 41215))
        .await
        .unwrap();
    assert!(first.is_some());
    for _ in 0..3 {
        let again = store
            .insert_webhook_event(event(int, msp, 1, 41215))
            .await
            .unwrap();
        assert_eq!(again, None, "a redelivery is recognised");
    }
    let stored = store.webhook_event(first.unwrap()).await.unwrap().unwrap();
    assert_eq!(stored.state, "pending");
    assert_eq!(stored.raw_body, "{\"SequenceNumber\":1}");
    assert_eq!(stored.next_attempt_at, stored.received_at);
    assert_eq!(store.webhook_events_of(int).await.unwrap().len(), 1);
}

pub async fn claims_follow_ticket_order(store: Store) {
    let (msp, int) = integration(&store).await;
    let a1 = store
        .insert_webhook_event(event(int, msp, 1, 100))
        .await
        .unwrap()
        .unwrap();
    let a2 = store
        .insert_webhook_event(event(int, msp, 2, 100))
        .await
        .unwrap()
        .unwrap();
    let b1 = store
        .insert_webhook_event(event(int, msp, 3, 200))
        .await
        .unwrap()
        .unwrap();

    let now = T0 + 1_000;
    let first: Vec<i64> = store
        .claim_webhook_events("w1", now, 30_000, 10)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(first, [a1, b1], "the second event of ticket 100 waits");
    assert!(store
        .claim_webhook_events("w2", now, 30_000, 10)
        .await
        .unwrap()
        .is_empty());

    // A retry keeps the ticket blocked until it is due and finished.
    let retry = EventFinish::RetryAt {
        next_attempt_at: now + 5_000,
        error: "429".into(),
    };
    assert!(store
        .finish_webhook_event(a1, "w1", retry, now)
        .await
        .unwrap());
    assert!(store
        .claim_webhook_events("w2", now, 30_000, 10)
        .await
        .unwrap()
        .is_empty());
    let again = store
        .claim_webhook_events("w2", now + 5_000, 30_000, 10)
        .await
        .unwrap();
    assert_eq!(
        again.iter().map(|e| (e.id, e.attempts)).collect::<Vec<_>>(),
        [(a1, 2)]
    );
    assert!(
        !store
            .finish_webhook_event(a1, "w1", done(), now)
            .await
            .unwrap(),
        "not w1's lease"
    );
    assert!(store
        .finish_webhook_event(a1, "w2", done(), now)
        .await
        .unwrap());
    let next = store
        .claim_webhook_events("w2", now + 5_000, 30_000, 10)
        .await
        .unwrap();
    assert_eq!(next.iter().map(|e| e.id).collect::<Vec<_>>(), [a2]);
}

pub async fn expired_lease_is_reclaimed_and_parked_can_be_requeued(store: Store) {
    let (msp, int) = integration(&store).await;
    let id = store
        .insert_webhook_event(event(int, msp, 1, 7))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store
            .claim_webhook_events("dead", T0 + 10, 1_000, 5)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .claim_webhook_events("w2", T0 + 500, 1_000, 5)
        .await
        .unwrap()
        .is_empty());
    let taken = store
        .claim_webhook_events("w2", T0 + 1_010, 1_000, 5)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1, "a crashed worker's lease runs out");
    let park = EventFinish::Final {
        state: EventState::Parked,
        outcome: "failed".into(),
        error: Some("Autotask server error (HTTP 500)".into()),
    };
    assert!(store
        .finish_webhook_event(id, "w2", park, T0 + 1_100)
        .await
        .unwrap());
    let parked = store.webhook_event(id).await.unwrap().unwrap();
    assert_eq!((parked.state.as_str(), parked.attempts), ("parked", 2));
    assert_eq!(
        parked.error.as_deref(),
        Some("Autotask server error (HTTP 500)")
    );
    assert!(
        !store
            .requeue_webhook_event(msp + 1, id, T0 + 2_000)
            .await
            .unwrap(),
        "other MSP"
    );
    assert!(store
        .requeue_webhook_event(msp, id, T0 + 2_000)
        .await
        .unwrap());
    let back = store
        .claim_webhook_events("w3", T0 + 2_000, 1_000, 5)
        .await
        .unwrap();
    assert_eq!(
        back.iter().map(|e| (e.id, e.attempts)).collect::<Vec<_>>(),
        [(id, 1)]
    );
    let counts = store.count_webhook_events(int).await.unwrap();
    assert_eq!(counts, [("processing".to_string(), 1)]);
}

/// Many workers claim at once; every event goes to exactly one of them.
pub async fn concurrent_claims_never_share_an_event(store: Store) {
    let (msp, int) = integration(&store).await;
    for seq in 0..200 {
        store
            .insert_webhook_event(event(int, msp, seq, seq))
            .await
            .unwrap()
            .unwrap();
    }
    let mut workers = Vec::new();
    for w in 0..6 {
        let store = store.clone();
        workers.push(tokio::spawn(async move {
            let owner = format!("w{w}");
            let mut mine = Vec::new();
            loop {
                let batch = store
                    .claim_webhook_events(&owner, T0 + 1_000, 60_000, 7)
                    .await
                    .unwrap();
                if batch.is_empty() {
                    break mine;
                }
                for e in batch {
                    assert!(store
                        .finish_webhook_event(e.id, &owner, done(), T0)
                        .await
                        .unwrap());
                    mine.push(e.id);
                }
            }
        }));
    }
    let mut seen = HashSet::new();
    let mut total = 0;
    for worker in workers {
        for id in worker.await.unwrap() {
            total += 1;
            assert!(seen.insert(id), "event {id} was claimed twice");
        }
    }
    assert_eq!((total, seen.len()), (200, 200));
}

pub async fn require_signature_flag(store: Store) {
    let (_, int) = integration(&store).await;
    assert!(!store.webhook_require_signature(int).await.unwrap());
    store
        .set_webhook_require_signature(int, true)
        .await
        .unwrap();
    assert!(store.webhook_require_signature(int).await.unwrap());
}
