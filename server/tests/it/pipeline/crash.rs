//! Crash test: the real server binary takes a burst of signed events from a load generator
//! that retries unacknowledged deliveries like Autotask; it is SIGKILLed mid-burst and
//! restarted. Afterwards every event is stored once and processed once: one wake per ticket
//! and one message per later event, none missing, none doubled.

use super::harness::{seed, Seeded, ALICIA, CONTOSO, HMAC_KEY, HOOK_SECRET, TECH};
use crate::store::queries::TestQueries;
use relay_sim::{Person, SimConfig};
use server::autotask::webhook::sign;
use server::crypto::{Cipher, MasterKey};
use server::store::EventState;
use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TICKETS: usize = 120;
const UPDATES_PER_TICKET: usize = 12;

fn start_server(data: &str, db: &str, zone: &str, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env_clear()
        .env("RELAY_DATA_DIR", data)
        .env("RELAY_DATABASE_URL", db)
        .env("RELAY_BIND", format!("127.0.0.1:{port}"))
        .env("RELAY_AUTOTASK_ZONE_LOOKUP_URL", zone)
        .env("RELAY_AUTOTASK_ALLOW_INSECURE_HTTP", "true")
        .env("RELAY_LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server binary starts")
}

async fn wait_healthy(http: &reqwest::Client, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = http
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
        {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not become healthy");
}

fn body(ticket: i64, seq: i64, action: &str) -> Vec<u8> {
    format!(
        r#"{{"Action":"{action}","Guid":"crash-test-guid","EntityType":"Ticket","Id":{ticket},"Fields":{{"companyID":{CONTOSO}}},"EventTime":"2025-03-11T16:05:12Z","SequenceNumber":{seq},"PersonID":{TECH}}}"#
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_burst_loses_nothing_and_repeats_nothing() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let db = format!("sqlite://{data}/relay.db");
    let cipher = Cipher::new(&MasterKey::load_or_create(None, dir.path()).unwrap());
    let store = server::store::connect(&db).await.unwrap();
    let Seeded {
        msp, integration, ..
    } = seed(&store, &cipher, &sim).await;
    // No webhook is registered in the simulator: the load generator is the only sender.
    let mut deliveries = Vec::new();
    for i in 0..TICKETS {
        let fields = serde_json::json!({ "title": format!("Crash ticket {i}"), "companyID": CONTOSO, "contactID": ALICIA });
        let ticket = sim.create_ticket(fields, Person::Resource(TECH)).unwrap();
        deliveries.push(body(ticket, (i * 100) as i64, "Create"));
        for u in 0..UPDATES_PER_TICKET {
            deliveries.push(body(ticket, (i * 100 + u + 1) as i64, "Update"));
        }
    }
    let total = deliveries.len();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let zone = sim.zone_lookup_url();
    let mut child = start_server(&data, &db, &zone, port);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    wait_healthy(&http, port).await;

    // Eight senders; each delivery is retried until acknowledged, as Autotask does.
    let url = format!("http://127.0.0.1:{port}/hooks/autotask/{integration}?secret={HOOK_SECRET}");
    let acked = Arc::new(AtomicUsize::new(0));
    let queue = Arc::new(std::sync::Mutex::new(deliveries));
    let senders: Vec<_> = (0..8)
        .map(|_| {
            let (queue, acked, http, url) =
                (queue.clone(), acked.clone(), http.clone(), url.clone());
            tokio::spawn(async move {
                loop {
                    let Some(body) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    loop {
                        let sent = http
                            .post(&url)
                            .header("content-type", "application/json")
                            .header("x-hook-signature", sign(HMAC_KEY.as_bytes(), &body))
                            .body(body.clone())
                            .send()
                            .await;
                        if matches!(&sent, Ok(r) if r.status().is_success()) {
                            acked.fetch_add(1, Ordering::Relaxed);
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            })
        })
        .collect();
    while acked.load(Ordering::Relaxed) < total * 2 / 5 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let at_kill = acked.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut child = start_server(&data, &db, &zone, port);
    for s in senders {
        s.await.unwrap();
    }

    // Wait for the restarted worker to finish everything (leases of the killed one expire).
    let deadline = Instant::now() + Duration::from_secs(240);
    let events = loop {
        let events = store.webhook_events_of(integration).await.unwrap();
        let open = events
            .iter()
            .filter(|e| !matches!(e.state.as_str(), "done" | "skipped" | "parked"))
            .count();
        if events.len() == total && open == 0 {
            break events;
        }
        assert!(
            Instant::now() < deadline,
            "not settled: {} stored, {open} open",
            events.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    child.kill().unwrap();
    child.wait().unwrap();

    eprintln!("crash test: killed after {at_kill} of {total} acks");
    assert!(
        events.iter().all(|e| e.state == EventState::Done),
        "all processed: {:?}",
        events.iter().find(|e| e.state != EventState::Done)
    );
    let keys: HashSet<_> = events.iter().map(|e| e.dedupe_key.clone()).collect();
    assert_eq!(keys.len(), total, "each delivery stored exactly once");
    let sessions = store.agent_sessions_of_msp(msp).await.unwrap();
    assert_eq!(sessions.len(), TICKETS, "one wake per ticket");
    let mut per_ticket = HashMap::new();
    for s in &sessions {
        let messages = store.session_messages(s.id).await.unwrap();
        let sources: HashSet<_> = messages.iter().map(|m| m.source_event_id).collect();
        assert_eq!(sources.len(), messages.len());
        per_ticket.insert(s.ticket_id, messages.len());
    }
    assert!(
        per_ticket.values().all(|&n| n == UPDATES_PER_TICKET),
        "every other event is one message: {per_ticket:?}"
    );
}
