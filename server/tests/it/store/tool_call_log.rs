//! Contracts of a tool call's journal row and activity entry written together (one commit per
//! settled call), and of the start-up sweep that readies sessions a crash left unsettled.

use super::agent_runtime::{woken, world};
use super::harness::T0;
use app::ids::SessionId;
use app::states::{SessionStatus, ToolCallState};
use serde_json::json;
use server::activity::verify::verify;
use server::crypto::{AuditKey, MasterKey};
use server::store::{NewActivity, NewToolCall, SessionRelease, Store, ToolCallFinish};

fn call(w: &super::agent_runtime::World, session: SessionId, index: i64) -> NewToolCall {
    NewToolCall {
        msp_id: w.msp,
        client_id: w.client,
        session_id: session,
        turn: 1,
        call_index: index,
        brain_call_id: format!("call_{index}"),
        tool: "autotask:autotask-get-ticket".into(),
        arguments: json!({"ticketId": 7}),
        state: ToolCallState::Started,
        decision: "ran".into(),
        relay_ref: format!("RLY-{}-1-{index}", session.get()),
        started_at: T0,
    }
}

fn done(at: i64) -> ToolCallFinish {
    ToolCallFinish {
        state: ToolCallState::Done,
        decision: "ran".into(),
        result: Some(json!({"id": 7, "hours": 1.5})),
        error: None,
        requests: 1,
        finished_at: at,
    }
}

fn entry(w: &super::agent_runtime::World, summary: &str) -> NewActivity {
    NewActivity {
        msp_id: w.msp,
        client_id: Some(w.client),
        at: T0 + 2,
        kind: "tool_call".into(),
        summary: summary.into(),
        outcome: "ran".into(),
        detail: json!({"tool": "autotask:autotask-get-ticket", "duration_ms": 3}),
    }
}

pub async fn a_settled_call_and_its_entry_are_recorded_once_together(store: Store) {
    let w = world(&store).await;
    let session = woken(&store, &w, 7).await.id;
    let new = call(&w, session, 0);
    let existing = store
        .record_tool_call(&new, &done(T0 + 2), &entry(&w, "first"))
        .await
        .unwrap();
    assert_eq!(existing, None, "journalled now");
    let row = store.session_tool_calls(session).await.unwrap().remove(0);
    assert_eq!(
        (row.state, row.result.clone(), row.requests, row.finished_at),
        (
            ToolCallState::Done,
            Some(json!({"id": 7, "hours": 1.5})),
            1,
            Some(T0 + 2)
        )
    );
    assert_eq!(
        (row.started_at, row.relay_ref.as_str()),
        (T0, new.relay_ref.as_str())
    );
    // The same key again (a replayed turn): the first row stays, nothing more is logged.
    let failed = ToolCallFinish {
        state: ToolCallState::Failed,
        error: Some("boom".into()),
        result: None,
        ..done(T0 + 3)
    };
    let same = store
        .record_tool_call(&new, &failed, &entry(&w, "second"))
        .await
        .unwrap();
    assert_eq!(same.as_ref(), Some(&row), "the first row stands");
    assert_eq!(store.session_tool_calls(session).await.unwrap(), vec![row]);
    let (log, total) = store.list_activity(w.msp, None, 10, 0).await.unwrap();
    assert_eq!(total, 1, "one entry per call");
    assert_eq!(log[0].summary, "first");
    // The entry is chained like any other append.
    let key = AuditKey::derive(&MasterKey::generate());
    let report = verify(&store, &key, w.msp).await.unwrap();
    assert!(report.is_ok(), "{}", report.summary());
    assert_eq!(report.through, 1);
}

pub async fn finishing_a_started_call_logs_its_entry_in_the_same_commit(store: Store) {
    let w = world(&store).await;
    let session = woken(&store, &w, 7).await.id;
    let (row, _) = store.begin_tool_call(&call(&w, session, 0)).await.unwrap();
    store.append_activity(entry(&w, "before")).await.unwrap();
    store
        .finish_tool_call_logged(row.id, &done(T0 + 4), &entry(&w, "settled"))
        .await
        .unwrap();
    assert!(store.started_tool_calls(None).await.unwrap().is_empty());
    let calls = store.session_tool_calls(session).await.unwrap();
    assert_eq!(
        (calls[0].state, calls[0].finished_at),
        (ToolCallState::Done, Some(T0 + 4))
    );
    let (log, total) = store.list_activity(w.msp, None, 10, 0).await.unwrap();
    assert_eq!(total, 2);
    assert!(log.iter().any(|e| e.summary == "settled"));
    let key = AuditKey::derive(&MasterKey::generate());
    let report = verify(&store, &key, w.msp).await.unwrap();
    assert!(report.is_ok(), "{}", report.summary());
    assert_eq!(report.through, 2);
}

pub async fn the_sweep_readies_idle_sessions_with_started_calls(store: Store) {
    let w = world(&store).await;
    // Idle (read everything) with a call a crash left started: must become ready.
    let idle = woken(&store, &w, 7).await.id;
    // Still leased by a live runner: its owner settles it.
    let leased = woken(&store, &w, 8).await.id;
    // Waiting for a technician: keeps waiting.
    let waiting = woken(&store, &w, 9).await.id;
    // Idle with every call settled: nothing to do.
    let settled = woken(&store, &w, 10).await.id;
    let claimed = store
        .claim_agent_sessions("old", T0, 60_000, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 4);
    for (id, status) in [
        (idle, SessionStatus::Idle),
        (waiting, SessionStatus::WaitingApproval),
        (settled, SessionStatus::Idle),
    ] {
        let release = SessionRelease {
            status,
            reason: None,
            read_seq: 1,
            not_before: None,
        };
        assert!(store
            .release_agent_session(id, "old", &release, T0 + 1)
            .await
            .unwrap());
    }
    for session in [idle, leased, waiting] {
        store.begin_tool_call(&call(&w, session, 0)).await.unwrap();
    }
    let (row, _) = store.begin_tool_call(&call(&w, settled, 0)).await.unwrap();
    store
        .finish_tool_call_logged(row.id, &done(T0 + 2), &entry(&w, "done"))
        .await
        .unwrap();

    let ready = store
        .ready_sessions_with_started_calls(T0 + 10)
        .await
        .unwrap();
    assert_eq!(ready, vec![idle]);
    let state = store.agent_session_state(idle).await.unwrap().unwrap();
    assert_eq!(
        (
            state.status,
            state.input_seq > state.read_seq,
            state.updated_at
        ),
        (SessionStatus::Ready, true, T0 + 10)
    );
    let input = state.input_seq;
    // Once unread it stays as it is; the runner claims it next.
    store
        .ready_sessions_with_started_calls(T0 + 11)
        .await
        .unwrap();
    let again = store.agent_session_state(idle).await.unwrap().unwrap();
    assert_eq!(again.input_seq, input, "unread input is not counted twice");
    let claimed = store
        .claim_agent_sessions("new", T0 + 12, 60_000, 10)
        .await
        .unwrap();
    assert_eq!(claimed.iter().map(|c| c.id).collect::<Vec<_>>(), vec![idle]);
    // After the live lease expired the leased session is readied too.
    let later = store
        .ready_sessions_with_started_calls(T0 + 120_000)
        .await
        .unwrap();
    assert!(later.contains(&leased), "{later:?}");
    assert!(!later.contains(&waiting) && !later.contains(&settled));
}
