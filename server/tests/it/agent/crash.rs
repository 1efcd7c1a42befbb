//! Crash safety with the real binary: the process aborts right after the Autotask write and
//! before its result is recorded (`RELAY_TEST_CRASH_AFTER_WRITE`, honoured only by demo
//! builds); after a restart the journal's `started` row is reconciled and the note is never
//! written twice.

use crate::pipeline::harness::{seed, Seeded, ALICIA, CONTOSO, TECH};
use app::ids::{EventId, TicketId};
use app::states::{SessionStatus, ToolCallState};
use relay_sim::{Person, SimConfig};
use serde_json::json;
use server::crypto::{Cipher, MasterKey};
use server::store::NewAgentSession;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn start_server(data: &str, db: &str, zone: &str, crash: bool) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .env_clear()
        .env("RELAY_DATA_DIR", data)
        .env("RELAY_DATABASE_URL", db)
        .env("RELAY_BIND", "127.0.0.1:0")
        .env("RELAY_AUTOTASK_ZONE_LOOKUP_URL", zone)
        .env("RELAY_AUTOTASK_ALLOW_INSECURE_HTTP", "true")
        .env("RELAY_AGENT_LEASE_SECS", "10")
        .env("RELAY_LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if crash {
        command.env("RELAY_TEST_CRASH_AFTER_WRITE", "1");
    }
    command.spawn().expect("server binary starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_the_write_and_its_record_never_writes_twice() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let db = format!("sqlite://{data}/relay.db");
    let cipher = Cipher::new(&MasterKey::load_or_create(None, dir.path()).unwrap());
    let store = server::store::connect(&db).await.unwrap();
    let Seeded { msp, client, .. } = seed(&store, &cipher, &sim).await;
    let fields = json!({ "title": "Printer offline", "description": "Nobody can print",
        "companyID": CONTOSO, "contactID": ALICIA, "priority": 1 });
    let ticket = sim.create_ticket(fields, Person::Resource(TECH)).unwrap();
    // The wake, as the pipeline stores it.
    let (session, _) = store
        .create_agent_session(NewAgentSession {
            msp_id: msp,
            client_id: client,
            ticket_id: TicketId(ticket),
            source_event_id: EventId(1),
            context: json!({
                "ticket": { "id": ticket, "title": "Printer offline", "description": "Nobody can print" },
                "company": { "id": CONTOSO, "name": "Contoso Dental Group" },
            }),
            created_at: 1,
        })
        .await
        .unwrap();
    let zone = sim.zone_lookup_url();

    let mut child = start_server(&data, &db, &zone, true);
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server never reached the write"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(!status.success(), "aborted after the write");
    assert_eq!(sim.notes(ticket).len(), 1, "the note reached Autotask");
    let journal = store.session_tool_calls(session.id).await.unwrap();
    let note = journal
        .iter()
        .find(|c| c.tool == "autotask:autotask-internal-note")
        .expect("journalled before the write");
    assert_eq!(
        note.state,
        ToolCallState::Started,
        "its result was never recorded"
    );

    // Restarted without the crash switch: once the dead run's lease expires, the session is
    // claimed again, the started note is found on the ticket by its reference, and recorded.
    let mut child = start_server(&data, &db, &zone, false);
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let state = store
            .agent_session_state(session.id)
            .await
            .unwrap()
            .unwrap();
        if state.status == SessionStatus::Idle {
            break;
        }
        assert!(Instant::now() < deadline, "not settled: {state:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let notes = sim.notes(ticket);
    assert_eq!(notes.len(), 1, "never written twice: {notes:?}");
    let journal = store.session_tool_calls(session.id).await.unwrap();
    let note = journal
        .iter()
        .find(|c| c.tool == "autotask:autotask-internal-note")
        .unwrap();
    assert_eq!(note.state, ToolCallState::Done);
    assert!(notes[0].description.contains(&note.relay_ref));
    assert_eq!(
        journal
            .iter()
            .filter(|c| c.tool == "autotask:autotask-internal-note")
            .count(),
        1,
        "the brain saw the reconciled result and asked for no second note"
    );
}
