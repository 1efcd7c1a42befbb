//! Contracts for the webhook event log: dedupe, leased claims that never double-issue, order
//! per ticket, retries, parking, requeue and expired leases.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use super::queries::TestQueries;
use app::ids::{EventId, IntegrationId, MspId};
use server::store::{EventFinish, EventState, NewWebhookEvent, Store};
use std::collections::HashSet;

pub(super) async fn integration(store: &Store) -> (MspId, IntegrationId) {
    let msp = admin(store).await.msp_id;
    let created = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    (msp, created.id)
}

pub(super) fn event(
    integration: IntegrationId,
    msp: MspId,
    seq: i64,
    ticket: i64,
) -> NewWebhookEvent {
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
    assert_eq!(stored.state, EventState::Pending);
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
    let first: Vec<EventId> = store
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
            .requeue_webhook_event(MspId(msp.get() + 1), id, T0 + 2_000)
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
    // Created with an HMAC key, so signatures are required from the start.
    assert!(store.webhook_require_signature(int).await.unwrap());
    store
        .set_webhook_require_signature(int, false)
        .await
        .unwrap();
    assert!(!store.webhook_require_signature(int).await.unwrap());
    store
        .set_webhook_require_signature(int, true)
        .await
        .unwrap();
    assert!(store.webhook_require_signature(int).await.unwrap());
}

/// A note whose ticket intake could not see holds every later event back until it joins its
/// ticket's order; a parked event holds its ticket's later events back until dismissed.
pub async fn unresolved_notes_and_parked_events_hold_later_events_back(store: Store) {
    let (msp, int) = integration(&store).await;
    let mut note = event(int, msp, 1, 555);
    note.entity_type = "TicketNote".into();
    note.order_key = "TicketNote:555".into();
    let note = store.insert_webhook_event(note).await.unwrap().unwrap();
    let t100 = store
        .insert_webhook_event(event(int, msp, 2, 100))
        .await
        .unwrap()
        .unwrap();
    let t200 = store
        .insert_webhook_event(event(int, msp, 3, 200))
        .await
        .unwrap()
        .unwrap();
    let ids = |events: Vec<server::store::WebhookEventRecord>| {
        events.iter().map(|e| e.id).collect::<Vec<_>>()
    };
    let first = store.claim_webhook_events("w", T0 + 10, 60_000, 10).await;
    assert_eq!(
        ids(first.unwrap()),
        [note],
        "the unresolved note goes alone"
    );
    // The note turns out to be on ticket 100, whose earlier events are all finished.
    assert!(!store
        .join_event_order(int, note, "ticket:100")
        .await
        .unwrap());
    let park = EventFinish::Final {
        state: EventState::Parked,
        outcome: "failed".into(),
        error: Some("Autotask server error (HTTP 500)".into()),
    };
    assert!(store
        .finish_webhook_event(note, "w", park, T0 + 20)
        .await
        .unwrap());
    let second = store.claim_webhook_events("w", T0 + 30, 60_000, 10).await;
    assert_eq!(
        ids(second.unwrap()),
        [t200],
        "ticket 100 waits behind its parked note"
    );
    assert!(!store
        .dismiss_webhook_event(MspId::from(msp.get() + 1), note, T0 + 40)
        .await
        .unwrap());
    assert!(store
        .dismiss_webhook_event(msp, note, T0 + 40)
        .await
        .unwrap());
    let dismissed = store.webhook_event(note).await.unwrap().unwrap();
    assert_eq!(
        (dismissed.state.as_str(), dismissed.outcome.as_deref()),
        ("skipped", Some("dismissed"))
    );
    let third = store.claim_webhook_events("w", T0 + 50, 60_000, 10).await;
    assert_eq!(ids(third.unwrap()), [t100]);

    // Joining an order behind an open event says so; the requeue does not count the attempt.
    let mut late = event(int, msp, 4, 777);
    late.entity_type = "TicketNote".into();
    late.order_key = "TicketNote:777".into();
    let late = store.insert_webhook_event(late).await.unwrap().unwrap();
    let claimed = store.claim_webhook_events("w", T0 + 60, 60_000, 10).await;
    assert_eq!(ids(claimed.unwrap()), [late]);
    assert!(store
        .join_event_order(int, late, "ticket:100")
        .await
        .unwrap());
    let requeue = EventFinish::Requeue {
        next_attempt_at: T0 + 70,
    };
    assert!(store
        .finish_webhook_event(late, "w", requeue, T0 + 70)
        .await
        .unwrap());
    let back = store.webhook_event(late).await.unwrap().unwrap();
    assert_eq!(
        (back.state.as_str(), back.attempts, back.order_key.as_str()),
        ("pending", 0, "ticket:100")
    );
    assert!(store
        .claim_webhook_events("w", T0 + 80, 60_000, 10)
        .await
        .unwrap()
        .is_empty());
}
