//! Waking the runner: a session the webhook worker wakes is worked at once, not at the
//! runner's next poll (here an hour away, so only the wake can start it).

use super::harness::{config, BUDGETS};
use crate::pipeline::harness::{quick_config, register, seed, Seeded, ALICIA, CONTOSO, TECH};
use crate::support::test_app;
use relay_sim::{Person, SimConfig};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_woken_session_is_worked_without_waiting_for_the_poll() {
    let sim = relay_sim::start(SimConfig::default())
        .await
        .expect("simulator");
    let zone = sim.zone_lookup_url();
    let mut app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", &zone)]).await;
    let Seeded { integration, .. } = seed(&app.state.store, &app.state.cipher, &sim).await;
    let mut runner = config(BUDGETS);
    runner.poll = Duration::from_secs(3_600);
    app.start_with_runner(Some(quick_config()), runner);
    // Past the runner's first look for work (at start), so the poll is what it waits on now.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let base = format!("{}/hooks/autotask/{integration}", app.base_url());
    let ticket_fields = [
        (2, false, true),
        (3, true, false),
        (5, true, false),
        (10, false, true),
    ];
    register(&sim, "TicketWebhooks", &base, &ticket_fields).await;
    let fields = json!({ "title": "Printer offline", "description": "Nobody on the 2nd floor can print",
        "companyID": CONTOSO, "contactID": ALICIA, "assignedResourceID": TECH,
        "assignedResourceRoleID": 29_682_834, "priority": 1 });
    let ticket = sim
        .create_ticket(fields, Person::Resource(TECH))
        .expect("ticket");
    let started = Instant::now();
    while sim.notes(ticket).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the woken session was not worked: the runner was never told"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    app.stop().await.unwrap();
}
