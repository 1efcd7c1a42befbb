//! `Application`: built on port 0 and run as the binary runs it, its own worker processes a
//! delivered event, and a stop drains everything and frees the port.

use crate::pipeline::harness::{quick_config, seed, Seeded, CONTOSO, HMAC_KEY, HOOK_SECRET, TECH};
use crate::store::queries::TestQueries;
use crate::support::test_app;
use relay_sim::{Person, SimConfig};
use server::autotask::webhook::sign;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_application_processes_events_and_stops_cleanly() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let zone = sim.zone_lookup_url();
    let mut app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", &zone)]).await;
    assert_ne!(app.address.port(), 0, "port 0 binds a free port");
    let Seeded {
        integration, msp, ..
    } = seed(&app.state.store, &app.state.cipher, &sim).await;
    app.start(Some(quick_config()));

    let http = reqwest::Client::new();
    let health = http
        .get(format!("{}/healthz", app.base_url()))
        .send()
        .await
        .expect("serving");
    assert_eq!(health.status(), 200);

    let fields = serde_json::json!({ "title": "Printer on fire", "companyID": CONTOSO });
    let ticket = sim.create_ticket(fields, Person::Resource(TECH)).unwrap();
    let body = format!(
        r#"{{"Action":"Create","Guid":"startup-test","EntityType":"Ticket","Id":{ticket},"Fields":{{"companyID":{CONTOSO}}},"EventTime":"2025-03-11T16:05:12Z","SequenceNumber":1,"PersonID":{TECH}}}"#
    );
    let posted = http
        .post(format!(
            "{}/hooks/autotask/{integration}?secret={HOOK_SECRET}",
            app.base_url()
        ))
        .header("content-type", "application/json")
        .header(
            "x-hook-signature",
            sign(HMAC_KEY.as_bytes(), body.as_bytes()),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_success(), "{}", posted.status());

    // Nobody drives a worker here: the application's own one must wake the agent.
    let deadline = Instant::now() + Duration::from_secs(30);
    while app
        .state
        .store
        .agent_sessions_of_msp(msp)
        .await
        .unwrap()
        .is_empty()
    {
        assert!(
            Instant::now() < deadline,
            "the built-in worker never woke the agent"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    tokio::time::timeout(Duration::from_secs(10), app.stop())
        .await
        .expect("the drain finishes")
        .expect("a clean stop");
    let refused = tokio::net::TcpStream::connect(app.address).await;
    assert!(refused.is_err(), "the listener is closed after the stop");
}
