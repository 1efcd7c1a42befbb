//! The rule agent works real simulator tickets through the runner and the gateway: the note
//! lands on the ticket once, journalled `started` before the write and `done` after, and a
//! crash's `started` write is reconciled instead of written again.

use super::harness::{agented, config, Agented, BUDGETS};
use crate::pipeline::harness::{ALICIA, CONTOSO, TECH};
use app::ids::{EventId, SessionId, TicketId};
use app::states::{ClientMode, SessionStatus, ToolCallState};
use relay_sim::Person;
use serde_json::json;
use server::agent::runner::Runner;
use server::gateway::{relay_ref, CallContext, Gateway};
use server::store::{NewAgentSession, NewToolCall};

const NOTE: &str = "autotask:autotask-internal-note";

fn ticket(a: &Agented, title: &str) -> i64 {
    let fields = json!({ "title": title, "description": "Nobody on the 2nd floor can print",
        "companyID": CONTOSO, "contactID": ALICIA, "priority": 1 });
    a.sim
        .create_ticket(fields, Person::Resource(TECH))
        .expect("ticket")
}

async fn wake_real(a: &Agented, ticket: i64) -> SessionId {
    let new = NewAgentSession {
        msp_id: a.seeded.msp,
        client_id: a.seeded.client,
        ticket_id: TicketId(ticket),
        source_event_id: EventId(ticket),
        context: json!({
            "ticket": { "id": ticket, "title": "Printer offline", "description": "Nobody on the 2nd floor can print" },
            "company": { "id": CONTOSO, "name": "Contoso Dental Group" },
        }),
        created_at: 1,
    };
    a.app
        .state
        .store
        .create_agent_session(new)
        .await
        .unwrap()
        .0
        .id
}

#[tokio::test]
async fn the_rule_agent_posts_one_plan_note_in_plan_mode() {
    let a = agented().await;
    let ticket = ticket(&a, "Printer offline");
    let session = wake_real(&a, ticket).await;
    // The production brain source: the rule agent.
    let runner = Runner::new(&a.app.state, config(BUDGETS));
    assert_eq!(runner.run_once().await, 1);
    let store = &a.app.state.store;
    let state = store.agent_session_state(session).await.unwrap().unwrap();
    assert_eq!(
        state.status,
        SessionStatus::Idle,
        "{:?}",
        state.status_reason
    );
    let notes = a.sim.notes(ticket);
    assert_eq!(notes.len(), 1, "exactly one note: {notes:?}");
    assert_eq!(notes[0].publish, Some(2), "internal");
    let journal = store.session_tool_calls(session).await.unwrap();
    let note = journal
        .iter()
        .find(|c| c.tool == NOTE)
        .expect("the note is journalled");
    assert_eq!(note.state, ToolCallState::Done);
    assert!(notes[0].description.contains(&note.relay_ref));
    assert!(note.requests >= 1);
    assert!(
        journal.iter().all(|c| c.state == ToolCallState::Done),
        "{journal:?}"
    );
    let (activity, _) = store
        .list_activity(a.seeded.msp, None, 50, 0)
        .await
        .unwrap();
    let ran: Vec<_> = activity.iter().filter(|e| e.kind == "tool_call").collect();
    assert_eq!(ran.len(), journal.len(), "one activity entry per call");
    assert!(ran
        .iter()
        .any(|e| e.summary == format!("internal-note on ticket {ticket}: ran")));
    // The note's full result is in the activity trail.
    let entry = ran.iter().find(|e| e.detail["tool"] == NOTE).unwrap();
    assert!(entry.detail["result"].is_object());
    // A second pass has nothing to read: no second note.
    assert_eq!(runner.run_once().await, 0);
    assert_eq!(a.sim.notes(ticket).len(), 1);
}

/// A write journalled `started` and then run (what a crash right after the write leaves).
async fn started_note(
    a: &Agented,
    session: SessionId,
    ticket: i64,
    written: bool,
) -> ToolCallState {
    let store = &a.app.state.store;
    let reference = relay_ref(session, 1, 0);
    let arguments = json!({ "ticketId": ticket, "text": "Plan: restart the print spooler." });
    let (row, _) = store
        .begin_tool_call(&NewToolCall {
            msp_id: a.seeded.msp,
            client_id: a.seeded.client,
            session_id: session,
            turn: 1,
            call_index: 0,
            brain_call_id: "call_0".into(),
            tool: NOTE.into(),
            arguments: arguments.clone(),
            state: ToolCallState::Started,
            decision: "ran".into(),
            relay_ref: reference.clone(),
            started_at: 1,
        })
        .await
        .unwrap();
    let tenant = a.tenant().await;
    if written {
        let env = server::gateway::tools::ToolEnv {
            tenant: &tenant,
            ticket_id: TicketId(ticket),
            company_id: None,
            relay_ref: &reference,
        };
        server::gateway::tools::run(NOTE, &arguments, &env)
            .await
            .unwrap();
    }
    let ctx = CallContext {
        msp_id: a.seeded.msp,
        client_id: a.seeded.client,
        session_id: session,
        ticket_id: TicketId(ticket),
        company_id: None,
        mode: ClientMode::Plan,
        turn: 1,
        call_index: 0,
        tenant: &tenant,
    };
    let gateway = Gateway::new(store.clone());
    gateway.resolve_started(&ctx, &row).await.unwrap().state
}

#[tokio::test]
async fn a_started_note_that_reached_autotask_is_recorded_not_written_again() {
    let a = agented().await;
    let ticket = ticket(&a, "Printer offline");
    let session = wake_real(&a, ticket).await;
    assert_eq!(
        started_note(&a, session, ticket, true).await,
        ToolCallState::Done
    );
    assert_eq!(
        a.sim.notes(ticket).len(),
        1,
        "found by its reference, not written twice"
    );
    let journal = a.app.state.store.session_tool_calls(session).await.unwrap();
    assert_eq!(journal[0].state, ToolCallState::Done);
    assert!(journal[0].result.is_some());
}

#[tokio::test]
async fn a_started_note_that_never_reached_autotask_is_written_once() {
    let a = agented().await;
    let ticket = ticket(&a, "Printer offline");
    let session = wake_real(&a, ticket).await;
    assert_eq!(
        started_note(&a, session, ticket, false).await,
        ToolCallState::Done
    );
    let notes = a.sim.notes(ticket);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].description.contains(&relay_ref(session, 1, 0)));
}
