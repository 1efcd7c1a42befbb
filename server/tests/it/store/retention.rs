//! Contracts for the janitor's sweep of the webhook event log: finished events lose their body
//! after the first horizon and their row after the second; unfinished ones keep both.

use super::events::{done, event, integration};
use super::harness::T0;
use super::queries::TestQueries;
use app::ids::{EventId, IntegrationId};
use server::janitor::{prune_webhook_events, EventRetention};
use server::store::{EventFinish, EventState, Store};

const DAY: i64 = 24 * 3_600_000;

/// Events 1..=5 of ticket `seq` (one per ticket, so all are claimable together), received
/// at `T0 + seq`; 1 to 3 finished (done, skipped, done), 4 parked, 5 still pending.
async fn five_events(store: &Store) -> (IntegrationId, Vec<EventId>) {
    let (msp, int) = integration(store).await;
    let mut ids = Vec::new();
    for seq in 1..=5 {
        let id = store
            .insert_webhook_event(event(int, msp, seq, 100 + seq))
            .await
            .unwrap()
            .unwrap();
        ids.push(id);
    }
    let claimed = store
        .claim_webhook_events("w", T0 + 10, 60_000, 4)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 4);
    let finish = |state: EventState| EventFinish::Final {
        state,
        outcome: "x".into(),
        error: None,
    };
    for (id, f) in ids.iter().zip([
        done(),
        finish(EventState::Skipped),
        done(),
        finish(EventState::Parked),
    ]) {
        assert!(store
            .finish_webhook_event(*id, "w", f, T0 + 20)
            .await
            .unwrap());
    }
    (int, ids)
}

pub async fn old_finished_events_lose_their_body_then_their_row(store: Store) {
    let (int, ids) = five_events(&store).await;
    let body = |id: EventId| {
        let store = store.clone();
        async move { store.webhook_event(id).await.unwrap().map(|e| e.raw_body) }
    };
    // Received at T0+1..T0+5: a cutoff of T0+3 takes events 1 and 2, one per batch.
    assert_eq!(
        store.clear_webhook_event_bodies(T0 + 3, 1).await.unwrap(),
        1
    );
    assert_eq!(body(ids[0]).await.as_deref(), Some(""));
    assert_ne!(body(ids[1]).await.as_deref(), Some(""));
    assert_eq!(
        store.clear_webhook_event_bodies(T0 + 3, 1).await.unwrap(),
        1
    );
    assert_eq!(
        store.clear_webhook_event_bodies(T0 + 3, 1).await.unwrap(),
        0
    );
    assert_eq!(
        store
            .clear_webhook_event_bodies(T0 + 100, 10)
            .await
            .unwrap(),
        1,
        "only event 3 is left among the finished; parked and pending keep their body"
    );
    for id in &ids[3..] {
        assert!(!body(*id).await.unwrap().is_empty());
    }
    // The row stays, so a redelivery of a cleared event is still recognised.
    let msp = store.webhook_event(ids[0]).await.unwrap().unwrap().msp_id;
    assert_eq!(
        store
            .insert_webhook_event(event(int, msp, 1, 101))
            .await
            .unwrap(),
        None
    );

    assert_eq!(store.delete_old_webhook_events(T0 + 2, 5).await.unwrap(), 1);
    assert!(body(ids[0]).await.is_none());
    assert_eq!(
        store.delete_old_webhook_events(T0 + 100, 5).await.unwrap(),
        2
    );
    let left: Vec<EventId> = store
        .webhook_events_of(int)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(
        left,
        ids[3..],
        "parked and pending events are never deleted"
    );
}

pub async fn the_janitor_sweep_applies_both_horizons(store: Store) {
    let (int, ids) = five_events(&store).await;
    let retention = EventRetention {
        body_ms: 30 * DAY,
        row_ms: 90 * DAY,
    };
    let (_keep, stop) = tokio::sync::watch::channel(false);
    let sweep = |now: i64| {
        let store = store.clone();
        let stop = stop.clone();
        async move {
            prune_webhook_events(&store, retention, now, &stop)
                .await
                .unwrap()
        }
    };
    assert_eq!(sweep(T0 + 29 * DAY).await, (0, 0), "too young");
    assert_eq!(sweep(T0 + 31 * DAY).await, (3, 0));
    assert_eq!(sweep(T0 + 31 * DAY).await, (0, 0), "nothing twice");
    assert_eq!(sweep(T0 + 91 * DAY).await, (0, 3));
    assert_eq!(store.webhook_events_of(int).await.unwrap().len(), 2);
    assert!(store.webhook_event(ids[4]).await.unwrap().is_some());
}
