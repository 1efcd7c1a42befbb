//! Per-ticket order for notes whose payload does not name their ticket, and parked events
//! holding their ticket's later events back until an admin retries or dismisses them.

use super::harness::{piped_with, quick_config, ALICIA, CONTOSO};
use crate::store::queries::TestQueries;
use app::ids::{MspId, UserId};
use app::wire::CurrentUser;
use relay_sim::{Faults, Person};
use serde_json::json;
use server::store::EventState;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_without_its_ticket_id_waits_behind_its_parked_ticket_until_dismissed() {
    let config = server::pipeline::WorkerConfig {
        max_attempts: 1,
        ..quick_config()
    };
    // The note webhook does not send `ticketID`, so intake cannot key the note by its ticket.
    let p = piped_with(config, &[(3, true, false), (4, true, false)]).await;
    p.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let ticket = p.new_ticket(CONTOSO, "Printer jams");
    let events = p.settle(1).await;
    assert_eq!(events[0].state, EventState::Parked);
    p.sim.clear_faults();

    p.sim
        .create_note(
            ticket,
            json!({ "description": "still jammed" }),
            Person::Contact(ALICIA),
        )
        .unwrap();
    while p.events().await.len() < 2 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(
        p.events().await[1].order_key.starts_with("TicketNote:"),
        "intake could not see the ticket"
    );
    for _ in 0..20 {
        p.worker.run_once().await.unwrap();
    }
    let note = &p.events().await[1];
    assert_eq!(
        (note.state.as_str(), note.order_key.clone()),
        ("pending", format!("ticket:{ticket}")),
        "the note joined its ticket's order and waits behind the parked event: {note:?}"
    );
    assert!(note.attempts <= 1, "waiting is not a failed attempt");
    assert!(p
        .app
        .state
        .store
        .agent_sessions_of_msp(p.msp)
        .await
        .unwrap()
        .is_empty());

    // Another ticket is not held up by it.
    p.new_ticket(CONTOSO, "Monitor flickers");
    while p.events().await.len() < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    for _ in 0..20 {
        p.worker.run_once().await.unwrap();
    }
    assert_eq!(p.events().await[2].outcome.as_deref(), Some("woke"));

    let user = CurrentUser {
        user_id: UserId::from(1),
        msp_id: p.msp,
        msp_name: "Northwind IT".into(),
        name: "Ada Admin".into(),
        email: "ada@northwind.example".into(),
    };
    let admin = &p.app.state.services.activity;
    let parked = events[0].id;
    let other = CurrentUser {
        msp_id: MspId::from(p.msp.get() + 1),
        ..user.clone()
    };
    assert!(!admin.dismiss_event(&other, parked).await.unwrap());
    assert!(admin.dismiss_event(&user, parked).await.unwrap());
    assert!(!admin.dismiss_event(&user, parked).await.unwrap(), "once");
    let events = p.settle(3).await;
    assert_eq!(
        (events[0].state.as_str(), events[0].outcome.as_deref()),
        ("skipped", Some("dismissed"))
    );
    assert_eq!(
        events[1].outcome.as_deref(),
        Some("woke"),
        "the note now wakes the agent for its ticket"
    );
    let activity = p.activity().await;
    assert!(activity.iter().any(|a| a.outcome == "dismissed"));
}
