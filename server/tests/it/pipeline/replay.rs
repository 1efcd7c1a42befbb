//! Crash safety inside the pipeline: a worker that dies after its effects but before recording
//! the outcome leaves an expired lease; the replay repeats no wake and no message.

use super::harness::{piped, quick_config, ALICIA, CONTOSO};
use crate::store::queries::TestQueries;
use relay_sim::Person;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_after_a_crash_repeats_no_wake_and_no_message() {
    let p = piped(quick_config()).await;
    let store = p.app.state.store.clone();
    let ticket = p.new_ticket(CONTOSO, "Crash me");
    while p.events().await.is_empty() {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let processor = server::pipeline::Processor::new(
        store.clone(),
        p.app.state.tenants.clone(),
        quick_config(),
    );
    // The "crashed" worker: claims with a 1 ms lease, performs the effects, never finishes.
    let now = server::clock::now_ms();
    let claimed = store
        .claim_webhook_events("crashed", now, 1, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    processor.process(&claimed[0], now).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    p.settle(1).await;
    assert_eq!(store.agent_sessions_of_msp(p.msp).await.unwrap().len(), 1);

    p.sim
        .create_note(
            ticket,
            json!({ "description": "any news?" }),
            Person::Contact(ALICIA),
        )
        .unwrap();
    while p.events().await.len() < 2 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let now = server::clock::now_ms();
    let claimed = store
        .claim_webhook_events("crashed", now, 1, 10)
        .await
        .unwrap();
    processor.process(&claimed[0], now).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let events = p.settle(2).await;
    assert_eq!(events[1].attempts, 2, "the note event ran twice");
    let session = store
        .agent_session_for_ticket(p.client, ticket.into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(store.session_messages(session.id).await.unwrap().len(), 1);
}

/// The wake budget counts effects: processing the same event again (a retry after a crash,
/// or a replay) spends nothing, so a ticket is never skipped for its own retries.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replays_spend_no_wake_budget() {
    let config = server::pipeline::WorkerConfig {
        wake_budget: 3,
        ..quick_config()
    };
    let p = piped(config.clone()).await;
    let store = p.app.state.store.clone();
    let ticket = p.new_ticket(CONTOSO, "Budget me");
    p.settle(1).await;
    p.sim
        .create_note(
            ticket,
            json!({ "description": "first" }),
            Person::Contact(ALICIA),
        )
        .unwrap();
    while p.events().await.len() < 2 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let processor =
        server::pipeline::Processor::new(store.clone(), p.app.state.tenants.clone(), config);
    let now = server::clock::now_ms();
    let claimed = store
        .claim_webhook_events("crashed", now, 1, 10)
        .await
        .unwrap();
    for attempt in 0..4 {
        let outcome = processor.process(&claimed[0], now).await.unwrap();
        assert!(
            matches!(outcome, server::pipeline::Outcome::Delivered { .. }),
            "attempt {attempt}: {outcome:?}"
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    p.settle(2).await;
    p.sim
        .create_note(
            ticket,
            json!({ "description": "second" }),
            Person::Contact(ALICIA),
        )
        .unwrap();
    let events = p.settle(3).await;
    let outcomes: Vec<_> = events.iter().map(|e| e.outcome.as_deref()).collect();
    assert_eq!(
        outcomes,
        [Some("woke"), Some("message"), Some("message")],
        "wake + 2 messages fit a budget of 3 however often one is replayed"
    );
}
