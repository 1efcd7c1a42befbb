//! Routing and waking: a new ticket wakes its client's agent with the context loaded, notes
//! become messages, the API user's own changes and unknown companies are skipped.

use super::harness::{piped, quick_config, ALICIA, CONTOSO, TECH};
use crate::store::queries::TestQueries;
use relay_sim::Person;
use serde_json::json;
use server::store::EventState;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_ticket_wakes_the_agent_with_the_ticket_loaded() {
    let p = piped(quick_config()).await;
    let ticket = p.new_ticket(CONTOSO, "VPN drops every 10 minutes");
    let events = p.settle(1).await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].state.as_str(), events[0].outcome.as_deref()),
        ("done", Some("woke"))
    );

    let sessions = p
        .app
        .state
        .store
        .agent_sessions_of_msp(p.msp)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!((s.client_id, s.ticket_id.get()), (p.client, ticket));
    let c = &s.context;
    assert_eq!(c["ticket"]["title"], "VPN drops every 10 minutes");
    assert!(c["ticket"]["description"]
        .as_str()
        .unwrap()
        .contains("details"));
    for field in ["status", "priority", "queue"] {
        assert!(
            c["ticket"][field]["label"].is_string(),
            "{field} has a label: {c}"
        );
    }
    assert_eq!(c["contact"]["id"], ALICIA);
    assert_eq!(c["contact"]["name"], "Alicia Park");
    assert_eq!(c["contact"]["email"], "alicia.park@contosodental.example");
    assert!(c["contact"]["phone"].is_string());
    assert_eq!(
        c["company"],
        json!({ "id": CONTOSO, "name": "Contoso Dental Group" })
    );
    assert_eq!(c["assigned_resource"]["id"], TECH);
    assert_eq!(c["assigned_resource"]["name"], "Sam Ortega");
    assert_eq!(c["event"]["action"], "Create");
    assert_eq!(c["event"]["person_id"], TECH);

    let activity = p.activity().await;
    assert_eq!(activity[0].outcome, "woke");
    assert_eq!(activity[0].client_id, Some(p.client));
    assert_eq!(activity[0].detail["context"]["ticket"]["id"], ticket);
    assert_eq!(p.metric("relay_webhook_event_to_wake_seconds_count"), 1);

    // Warm caches: the next new ticket costs at most three Autotask requests.
    p.sim.reset_request_count();
    p.new_ticket(CONTOSO, "Printer jams on tray 2");
    p.settle(2).await;
    assert_eq!(
        p.app
            .state
            .store
            .agent_sessions_of_msp(p.msp)
            .await
            .unwrap()
            .len(),
        2
    );
    let requests = p.sim.request_count();
    assert!(
        requests <= 3,
        "a warm wake took {requests} Autotask requests"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_reach_the_session_and_own_notes_are_skipped() {
    let p = piped(quick_config()).await;
    let ticket = p.new_ticket(CONTOSO, "Outlook keeps asking for a password");
    p.settle(1).await;
    let session = p
        .app
        .state
        .store
        .agent_session_for_ticket(p.client, ticket.into())
        .await
        .unwrap()
        .unwrap();

    let note =
        json!({ "title": "Customer reply", "description": "Still happening after the reboot." });
    p.sim
        .create_note(ticket, note, Person::Contact(ALICIA))
        .unwrap();
    let own =
        json!({ "title": "Relay", "description": "Diagnosis posted by the agent.", "publish": 2 });
    p.sim
        .create_note(ticket, own, Person::Resource(p.sim.api_user_resource_id()))
        .unwrap();
    let events = p.settle(3).await;

    let messages = p
        .app
        .state
        .store
        .session_messages(session.id)
        .await
        .unwrap();
    assert_eq!(messages.len(), 1, "only the customer's note: {messages:?}");
    assert_eq!(
        messages[0].body["event"]["note"]["description"],
        "Still happening after the reboot."
    );
    let outcomes: Vec<_> = events
        .iter()
        .map(|e| e.outcome.clone().unwrap_or_default())
        .collect();
    assert_eq!(outcomes, ["woke", "message", "skipped: own_api_user"]);
    assert_eq!(
        p.metric("relay_webhook_events_skipped_total{reason=\"own_api_user\"}"),
        1
    );
    let activity = p.activity().await;
    assert!(
        activity[0].summary.contains("own API user"),
        "{}",
        activity[0].summary
    );
    assert_eq!(
        p.app
            .state
            .store
            .agent_sessions_of_msp(p.msp)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_without_a_client_is_skipped_with_the_reason() {
    let p = piped(quick_config()).await;
    p.new_ticket(744, "Forklift scanner offline");
    let events = p.settle(1).await;
    assert_eq!(events[0].state, EventState::Skipped);
    assert!(p
        .app
        .state
        .store
        .agent_sessions_of_msp(p.msp)
        .await
        .unwrap()
        .is_empty());
    let activity = p.activity().await;
    assert_eq!(activity[0].outcome, "skipped");
    assert!(
        activity[0]
            .summary
            .contains("no client has Autotask company id 744"),
        "{}",
        activity[0].summary
    );
    assert_eq!(
        p.metric("relay_webhook_events_skipped_total{reason=\"no_client\"}"),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runaway_ticket_exhausts_its_wake_budget() {
    let config = server::pipeline::WorkerConfig {
        wake_budget: 3,
        ..quick_config()
    };
    let p = piped(config).await;
    let ticket = p.new_ticket(CONTOSO, "Loop me");
    p.settle(1).await;
    for i in 0..4 {
        let note = json!({ "description": format!("ping {i}") });
        p.sim
            .create_note(ticket, note, Person::Contact(ALICIA))
            .unwrap();
        p.settle(2 + i).await;
    }
    let events = p.events().await;
    let budget: Vec<_> = events
        .iter()
        .filter(|e| e.outcome.as_deref() == Some("skipped: wake_budget"))
        .collect();
    assert_eq!(
        budget.len(),
        2,
        "wake + 2 messages fit a budget of 3: {events:?}"
    );
    let activity = p.activity().await;
    assert!(
        activity[0].summary.contains("wake budget exhausted"),
        "{}",
        activity[0].summary
    );
}
