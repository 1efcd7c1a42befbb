//! Contracts for agent sessions: one per (client, ticket), one message per event, and the
//! per-ticket wake budget window.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use super::queries::TestQueries;
use app::ids::{EventId, TicketId};
use serde_json::json;
use server::store::{Millis, NewAgentSession, NewClient, Store};

pub async fn one_session_per_ticket_and_one_message_per_event(store: Store) {
    let msp = admin(&store).await.msp_id;
    let client = NewClient {
        msp_id: msp,
        name: "Acme".into(),
        autotask_id: "612".into(),
        now: T0,
    };
    let (client, _) = store.upsert_autotask_client(client).await.unwrap();
    let new = |event: i64| NewAgentSession {
        msp_id: msp,
        client_id: client.id,
        ticket_id: TicketId(41215),
        source_event_id: EventId(event),
        context: json!({ "ticket": { "title": "VPN drops every 10 minutes" } }),
        created_at: T0,
    };
    let (first, created) = store.create_agent_session(new(1)).await.unwrap();
    assert!(created);
    let (again, created) = store.create_agent_session(new(2)).await.unwrap();
    assert!(!created);
    assert_eq!(again, first);
    assert_eq!(again.source_event_id, EventId(1), "the first wake is kept");
    assert_eq!(
        store
            .agent_session_for_ticket(client.id, TicketId(41215))
            .await
            .unwrap(),
        Some(first.clone())
    );
    assert_eq!(
        store
            .agent_session_for_ticket(client.id, TicketId(1))
            .await
            .unwrap(),
        None
    );

    assert!(store
        .add_session_message(first.id, EventId(3), json!({"note": "hi"}), T0)
        .await
        .unwrap());
    assert!(!store
        .add_session_message(first.id, EventId(3), json!({"note": "hi"}), T0)
        .await
        .unwrap());
    let messages = store.session_messages(first.id).await.unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].body, json!({"note": "hi"}));
    assert_eq!(store.agent_sessions_of_msp(msp).await.unwrap().len(), 1);
}

pub async fn wake_budget_counts_within_a_window(store: Store) {
    let msp = admin(&store).await.msp_id;
    let int = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id;
    let window = 60_000;
    let used = |t: i64, at: Millis| store.wake_budget_used(int, TicketId(t), at, window);
    assert_eq!(used(9, T0).await.unwrap(), 0, "nothing spent yet");
    for expected in 1..=3 {
        assert_eq!(
            store
                .take_wake_budget(int, TicketId(9), T0 + expected, window)
                .await
                .unwrap(),
            expected
        );
    }
    assert_eq!(
        store
            .take_wake_budget(int, TicketId(10), T0, window)
            .await
            .unwrap(),
        1,
        "per ticket"
    );
    assert_eq!(used(9, T0 + 4).await.unwrap(), 3, "reading spends nothing");
    assert_eq!(used(9, T0 + 4).await.unwrap(), 3);
    assert_eq!(
        used(9, T0 + window + 1).await.unwrap(),
        0,
        "the window passed"
    );
    assert_eq!(
        store
            .take_wake_budget(int, TicketId(9), T0 + window + 1, window)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .take_wake_budget(int, TicketId(9), T0 + window + 2, window)
            .await
            .unwrap(),
        2
    );
}
