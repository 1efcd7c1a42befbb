//! The whole loop as production runs it: a ticket raised in the simulated tenant reaches Relay
//! as a signed webhook, the worker wakes a session, the runner's rule agent posts its internal
//! note, and that note's own webhook comes back and is dropped by loop prevention.

use super::harness::{config, BUDGETS};
use crate::pipeline::harness::{
    quick_config, register, seed, Seeded, ALICIA, CONTOSO, NOTE_FIELDS, TECH,
};
use crate::store::queries::TestQueries;
use crate::support::test_app;
use app::states::SessionStatus;
use relay_sim::{Person, SimConfig};
use serde_json::json;
use server::store::{EventState, WebhookEventRecord};
use std::time::{Duration, Instant};

fn settled(events: &[WebhookEventRecord]) -> bool {
    events
        .iter()
        .all(|e| matches!(e.state, EventState::Done | EventState::Skipped))
}

#[tokio::test]
async fn a_new_ticket_gets_one_agent_note_and_the_note_echo_is_skipped() {
    let sim = relay_sim::start(SimConfig::default())
        .await
        .expect("simulator");
    let zone = sim.zone_lookup_url();
    let mut app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", &zone)]).await;
    let Seeded {
        msp, integration, ..
    } = seed(&app.state.store, &app.state.cipher, &sim).await;
    app.start_with_runner(Some(quick_config()), config(BUDGETS));
    let base = format!("{}/hooks/autotask/{integration}", app.base_url());
    // The API user is not excluded from the callouts: Relay's own loop prevention must drop
    // the echo of the agent's note.
    let ticket_fields = [
        (2, false, true),
        (3, true, false),
        (5, true, false),
        (10, false, true),
    ];
    register(&sim, "TicketWebhooks", &base, &ticket_fields).await;
    register(&sim, "TicketNoteWebhooks", &base, NOTE_FIELDS).await;

    let fields = json!({ "title": "Printer offline", "description": "Nobody on the 2nd floor can print",
        "companyID": CONTOSO, "contactID": ALICIA, "assignedResourceID": TECH,
        "assignedResourceRoleID": 29_682_834, "priority": 1 });
    let ticket = sim
        .create_ticket(fields, Person::Resource(TECH))
        .expect("ticket");

    // Done when the note is on the ticket and its own callout was stored and processed.
    let store = &app.state.store;
    let deadline = Instant::now() + Duration::from_secs(30);
    let events = loop {
        let events = store.webhook_events_of(integration).await.unwrap();
        let echoed = events.iter().any(|e| e.entity_type == "TicketNote");
        if !sim.notes(ticket).is_empty() && echoed && settled(&events) {
            break events;
        }
        assert!(
            Instant::now() < deadline,
            "the loop did not close: notes {:?}, events {events:?}",
            sim.notes(ticket)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // Room for a wrong second round (a woken echo, a second run) to show itself.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let notes = sim.notes(ticket);
    assert_eq!(notes.len(), 1, "exactly one note: {notes:?}");
    assert_eq!(notes[0].publish, Some(2), "an internal note");
    assert_eq!(
        notes[0].creator_resource_id,
        Some(sim.api_user_resource_id()),
        "written by Relay's API user"
    );
    assert!(notes[0].description.contains("RLY-"), "{notes:?}");

    let events = {
        let now = store.webhook_events_of(integration).await.unwrap();
        assert_eq!(now.len(), events.len(), "no later callouts: {now:?}");
        now
    };
    let outcomes: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (e.entity_type.as_str(), e.outcome.as_deref()))
        .collect();
    assert_eq!(
        outcomes.iter().filter(|(_, o)| *o == Some("woke")).count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&("TicketNote", Some("skipped: own_api_user"))),
        "{outcomes:?}"
    );
    assert!(
        outcomes.iter().all(|(_, o)| *o != Some("message")),
        "{outcomes:?}"
    );

    let sessions = store.agent_sessions_of_msp(msp).await.unwrap();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let session = sessions[0].id;
    let messages = store.session_messages(session).await.unwrap();
    assert!(messages.is_empty(), "the echo is no message: {messages:?}");
    let state = store.agent_session_state(session).await.unwrap().unwrap();
    assert_eq!(
        state.status,
        SessionStatus::Idle,
        "{:?}",
        state.status_reason
    );
    app.stop().await.expect("graceful stop");
}
