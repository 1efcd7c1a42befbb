//! Faults: with 500s on a fifth of Autotask requests (and a burst of 429s) every event still
//! ends processed or parked; none is lost and none doubled.

use super::harness::{piped, quick_config, ALICIA, CONTOSO};
use crate::store::queries::TestQueries;
use relay_sim::{Faults, Person};
use serde_json::json;
use server::store::EventState;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_ends_processed_or_parked_under_faults() {
    let p = piped(quick_config()).await;
    let mut tickets = Vec::new();
    for i in 0..8 {
        let company = if i % 4 == 3 { 744 } else { CONTOSO };
        tickets.push((company, p.new_ticket(company, &format!("Fault ticket {i}"))));
    }
    for (company, t) in &tickets {
        let note = json!({ "description": "more detail" });
        let contact = if *company == CONTOSO {
            ALICIA
        } else {
            30_684_077
        };
        p.sim
            .create_note(*t, note, Person::Contact(contact))
            .unwrap();
    }
    p.sim.set_faults(Faults {
        error_rate: 0.2,
        thread_limit_next: 6,
        ..Faults::default()
    });
    let events = p.settle(16).await;
    p.sim.clear_faults();

    assert_eq!(events.len(), 16, "every delivery stored once");
    let keys: HashSet<_> = events.iter().map(|e| &e.dedupe_key).collect();
    assert_eq!(keys.len(), 16);
    for e in &events {
        assert!(
            matches!(e.state.as_str(), "done" | "skipped" | "parked")
                || super::harness::held_back(e, &events),
            "{e:?}"
        );
    }
    let sessions = p
        .app
        .state
        .store
        .agent_sessions_of_msp(p.msp)
        .await
        .unwrap();
    let tickets_with_session: HashSet<_> = sessions.iter().map(|s| s.ticket_id).collect();
    assert_eq!(
        tickets_with_session.len(),
        sessions.len(),
        "one session per ticket"
    );
    for s in &sessions {
        let messages = p.app.state.store.session_messages(s.id).await.unwrap();
        let sources: HashSet<_> = messages.iter().map(|m| m.source_event_id).collect();
        assert_eq!(sources.len(), messages.len(), "no message twice");
    }
    let parked = events
        .iter()
        .filter(|e| e.state == EventState::Parked)
        .count();
    for e in events.iter().filter(|e| e.state == EventState::Parked) {
        eprintln!("parked after {} attempts: {:?}", e.attempts, e.error);
    }
    let retried = events.iter().filter(|e| e.attempts > 1).count();
    eprintln!(
        "fault run: {retried} events retried, {parked} parked, {} sessions",
        sessions.len()
    );
    assert!(retried > 0, "the faults were felt");
}
