//! Contracts of the agent runtime's storage: unread input, leases (never two claimers on one
//! session), the conversation, the tool-call journal's idempotency key, and approvals.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use super::queries::TestQueries;
use app::ids::{ClientId, EventId, IntegrationId, MspId, SessionId, TicketId};
use app::states::{ApprovalState, ClientMode, SessionStatus, ToolCallState};
use serde_json::json;
use server::store::{
    AgentSessionRecord, EntryKind, NewAgentSession, NewApprovalRequest, NewClient, NewToolCall,
    SessionRelease, Store, ToolCallFinish,
};
use std::collections::HashSet;

const LEASE: i64 = 60_000;

pub(super) struct World {
    pub msp: MspId,
    pub client: ClientId,
    pub integration: IntegrationId,
}

pub(super) async fn world(store: &Store) -> World {
    let msp = admin(store).await.msp_id;
    let client = NewClient {
        msp_id: msp,
        name: "Acme".into(),
        autotask_id: "612".into(),
        now: T0,
    };
    let (client, _) = store.upsert_autotask_client(client).await.unwrap();
    let integration = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id;
    World {
        msp,
        client: client.id,
        integration,
    }
}

pub(super) async fn woken(store: &Store, w: &World, ticket: i64) -> AgentSessionRecord {
    let new = NewAgentSession {
        msp_id: w.msp,
        client_id: w.client,
        ticket_id: TicketId(ticket),
        source_event_id: EventId(ticket),
        context: json!({ "ticket": { "id": ticket, "title": "Printer offline" } }),
        created_at: T0,
    };
    store.create_agent_session(new).await.unwrap().0
}

fn release(status: SessionStatus, read_seq: i64) -> SessionRelease {
    SessionRelease {
        status,
        reason: None,
        read_seq,
        not_before: None,
    }
}

pub async fn wake_and_messages_are_unread_input_once(store: Store) {
    let w = world(&store).await;
    let session = woken(&store, &w, 7).await;
    // The same wake again (a replayed event) adds nothing.
    woken(&store, &w, 7).await;
    let state = store
        .agent_session_state(session.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (state.status, state.input_seq, state.read_seq),
        (SessionStatus::Ready, 1, 0)
    );
    assert!(store
        .add_session_message(session.id, EventId(100), json!({"note": "hi"}), T0 + 1)
        .await
        .unwrap());
    assert!(!store
        .add_session_message(session.id, EventId(100), json!({"note": "hi"}), T0 + 2)
        .await
        .unwrap());
    let state = store
        .agent_session_state(session.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.input_seq, 2, "one message, counted once");
    assert_eq!(state.updated_at, T0 + 1);
    let messages = store.session_messages_after(session.id, 0).await.unwrap();
    assert_eq!(messages.len(), 1);
    assert!(store
        .session_messages_after(session.id, messages[0].id)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store.client_mode(w.client).await.unwrap(),
        Some(ClientMode::Plan)
    );
    assert_eq!(store.client_mode(ClientId(999_999)).await.unwrap(), None);
}

pub async fn claims_lease_release_and_input_during_a_run(store: Store) {
    let w = world(&store).await;
    let session = woken(&store, &w, 7).await;
    let claimed = store
        .claim_agent_sessions("a", T0, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!((claimed[0].input_seq, claimed[0].read_seq), (1, 0));
    assert_eq!(claimed[0].integration_id, Some(w.integration));
    assert!(
        store
            .claim_agent_sessions("b", T0 + 1, LEASE, 10)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    assert!(store
        .renew_agent_session(session.id, "a", T0 + 10, LEASE)
        .await
        .unwrap());
    assert!(!store
        .renew_agent_session(session.id, "b", T0 + 10, LEASE)
        .await
        .unwrap());
    // A message arrives while "a" works: after release the session is still ready.
    store
        .add_session_message(session.id, EventId(101), json!({"note": "more"}), T0 + 20)
        .await
        .unwrap();
    assert!(
        !store
            .release_agent_session(session.id, "b", &release(SessionStatus::Idle, 1), T0 + 30)
            .await
            .unwrap(),
        "only the owner releases"
    );
    assert!(store
        .release_agent_session(session.id, "a", &release(SessionStatus::Idle, 1), T0 + 30)
        .await
        .unwrap());
    let state = store
        .agent_session_state(session.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (state.status, state.input_seq, state.read_seq),
        (SessionStatus::Ready, 2, 1)
    );
    assert_eq!(state.lease_owner, None);
    // Claimed again, read through, released idle: no more work.
    let again = store
        .claim_agent_sessions("b", T0 + 40, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(again[0].input_seq, 2);
    store
        .release_agent_session(session.id, "b", &release(SessionStatus::Idle, 2), T0 + 50)
        .await
        .unwrap();
    let state = store
        .agent_session_state(session.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::Idle);
    assert!(store
        .claim_agent_sessions("c", T0 + 60, LEASE, 10)
        .await
        .unwrap()
        .is_empty());

    // An expired lease is taken over; a live one is not.
    store
        .add_session_message(session.id, EventId(102), json!({}), T0 + 70)
        .await
        .unwrap();
    assert_eq!(
        store
            .claim_agent_sessions("c", T0 + 80, LEASE, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .claim_agent_sessions("d", T0 + 80 + LEASE - 1, LEASE, 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .claim_agent_sessions("d", T0 + 80 + LEASE, LEASE, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    // Rate limited: released unread with a time before which nobody claims it.
    let retry = SessionRelease {
        status: SessionStatus::Ready,
        reason: Some("rate limited".into()),
        read_seq: 2,
        not_before: Some(T0 + 200_000),
    };
    store
        .release_agent_session(session.id, "d", &retry, T0 + 100_000)
        .await
        .unwrap();
    assert!(store
        .claim_agent_sessions("e", T0 + 199_999, LEASE, 10)
        .await
        .unwrap()
        .is_empty());
    let claimed = store
        .claim_agent_sessions("e", T0 + 200_000, LEASE, 10)
        .await
        .unwrap();
    assert_eq!((claimed[0].read_seq, claimed[0].input_seq), (2, 3));

    // Waiting for approval: new input does not make it claimable.
    store
        .release_agent_session(
            session.id,
            "e",
            &release(SessionStatus::WaitingApproval, 3),
            T0 + 300_000,
        )
        .await
        .unwrap();
    store
        .add_session_message(session.id, EventId(103), json!({}), T0 + 300_001)
        .await
        .unwrap();
    let state = store
        .agent_session_state(session.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (state.status, state.input_seq),
        (SessionStatus::WaitingApproval, 4)
    );
    assert!(store
        .claim_agent_sessions("f", T0 + 400_000, LEASE, 10)
        .await
        .unwrap()
        .is_empty());
}

pub async fn concurrent_claimers_never_share_a_session(store: Store) {
    let w = world(&store).await;
    for ticket in 1..=24 {
        woken(&store, &w, ticket).await;
    }
    let claimer = |owner: &'static str| {
        let store = store.clone();
        tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let got = store
                    .claim_agent_sessions(owner, T0, LEASE, 3)
                    .await
                    .unwrap();
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|s| s.id));
            }
        })
    };
    let (a, b) = tokio::join!(claimer("a"), claimer("b"));
    let (a, b) = (a.unwrap(), b.unwrap());
    let all: HashSet<SessionId> = a.iter().chain(&b).copied().collect();
    assert_eq!(a.len() + b.len(), 24, "every session claimed once");
    assert_eq!(all.len(), 24, "no session claimed by both");
}

pub async fn conversation_journal_and_approvals(store: Store) {
    let w = world(&store).await;
    let session = woken(&store, &w, 7).await;
    assert_eq!(store.next_session_turn(session.id).await.unwrap(), 1);
    assert_eq!(store.next_session_turn(session.id).await.unwrap(), 2);
    store
        .append_session_entry(
            session.id,
            0,
            EntryKind::Context,
            &json!({"ticket": {"id": 7}}),
            T0,
        )
        .await
        .unwrap();
    store
        .append_session_entry(
            session.id,
            1,
            EntryKind::Brain,
            &json!({"content": "hi"}),
            T0 + 1,
        )
        .await
        .unwrap();
    let entries = store.session_entries(session.id).await.unwrap();
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.kind.as_str(), e.turn))
            .collect::<Vec<_>>(),
        [("context", 0), ("brain", 1)]
    );
    assert_eq!(entries[1].body, json!({"content": "hi"}));

    let new = NewToolCall {
        msp_id: w.msp,
        client_id: w.client,
        session_id: session.id,
        turn: 1,
        call_index: 0,
        brain_call_id: "call_1".into(),
        tool: "autotask:autotask-internal-note".into(),
        arguments: json!({"text": "plan"}),
        state: ToolCallState::Started,
        decision: "ran".into(),
        relay_ref: "RLY-1-1-0".into(),
        started_at: T0,
    };
    let (row, created) = store.begin_tool_call(&new).await.unwrap();
    assert!(created);
    let (same, created) = store
        .begin_tool_call(&NewToolCall {
            arguments: json!({"text": "other"}),
            ..new.clone()
        })
        .await
        .unwrap();
    assert!(!created, "the key exists: no second row");
    assert_eq!(same, row);
    assert_eq!(
        store.started_tool_calls(None).await.unwrap(),
        vec![row.clone()]
    );
    assert_eq!(
        store
            .started_tool_calls(Some(session.id))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .started_tool_calls(Some(SessionId(999_999)))
        .await
        .unwrap()
        .is_empty());
    let finish = ToolCallFinish {
        state: ToolCallState::Done,
        decision: "ran".into(),
        result: Some(json!({"id": 5})),
        error: None,
        requests: 2,
        finished_at: T0 + 5,
    };
    store.finish_tool_call(row.id, &finish).await.unwrap();
    assert!(store.started_tool_calls(None).await.unwrap().is_empty());
    let calls = store.session_tool_calls(session.id).await.unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (
            calls[0].state,
            calls[0].result.clone(),
            calls[0].requests,
            calls[0].finished_at
        ),
        (ToolCallState::Done, Some(json!({"id": 5})), 2, Some(T0 + 5))
    );

    let (waiting, _) = store
        .begin_tool_call(&NewToolCall {
            call_index: 1,
            tool: "autotask:autotask-update-ticket".into(),
            state: ToolCallState::WaitingApproval,
            decision: "waiting for approval".into(),
            relay_ref: "RLY-1-1-1".into(),
            ..new.clone()
        })
        .await
        .unwrap();
    let approval = NewApprovalRequest {
        msp_id: w.msp,
        client_id: w.client,
        session_id: session.id,
        tool_call_id: waiting.id,
        ticket_id: TicketId(7),
        tool: waiting.tool.clone(),
        arguments: json!({"status": 5}),
        created_at: T0 + 6,
    };
    store.insert_approval_request(&approval).await.unwrap();
    store.insert_approval_request(&approval).await.unwrap();
    let pending = store.pending_approvals(session.id).await.unwrap();
    assert_eq!(pending.len(), 1, "one request per call");
    assert_eq!(
        (
            pending[0].tool_call_id,
            pending[0].state,
            pending[0].arguments.clone()
        ),
        (waiting.id, ApprovalState::Pending, json!({"status": 5}))
    );
}

pub async fn a_notice_is_trusted_unread_input_that_ends_a_wait(store: Store) {
    let w = world(&store).await;
    let session = woken(&store, &w, 8).await;
    let claimed = store
        .claim_agent_sessions("a", T0, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    store
        .release_agent_session(
            session.id,
            "a",
            &release(SessionStatus::WaitingApproval, claimed[0].input_seq),
            T0 + 1,
        )
        .await
        .unwrap();
    assert!(store
        .claim_agent_sessions("b", T0 + 2, LEASE, 10)
        .await
        .unwrap()
        .is_empty());

    let notice = json!({ "approval": "approved", "plan_code": "R-TEST" });
    store
        .add_session_notice(session.id, &notice, T0 + 3)
        .await
        .unwrap();
    let state = store
        .agent_session_state(session.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::Ready);
    assert_eq!(state.input_seq, claimed[0].input_seq + 1);
    let entries = store.session_entries(session.id).await.unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last.kind, "message");
    assert_eq!(last.body, json!({ "notice": notice }));
    let again = store
        .claim_agent_sessions("b", T0 + 4, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(
        again.len(),
        1,
        "the notice made the waiting session workable"
    );
}
