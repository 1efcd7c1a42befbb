//! The runner's start-up sweep: a session a crash left idle with a `started` write is run as
//! soon as the runner starts, so the write is settled without waiting for a new message.

use super::harness::{agented, config, BUDGETS, TICKET};
use app::states::{SessionStatus, ToolCallState};
use serde_json::json;
use server::store::{NewToolCall, SessionRelease};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_started_write_of_an_idle_session_is_settled_after_start() {
    let mut a = agented().await;
    let store = a.app.state.store.clone();
    let session = a.wake(TICKET).await;
    // An earlier run read the wake and ended; the process died during a later step, leaving a
    // generic POST journalled `started` and the session idle (nothing unread).
    let claimed = store
        .claim_agent_sessions("dead", 1, 1_000, 1)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let release = SessionRelease {
        status: SessionStatus::Idle,
        reason: None,
        read_seq: claimed[0].input_seq,
        not_before: None,
    };
    assert!(store
        .release_agent_session(session, "dead", &release, 2)
        .await
        .unwrap());
    let turn = store.next_session_turn(session).await.unwrap();
    store
        .begin_tool_call(&NewToolCall {
            msp_id: a.seeded.msp,
            client_id: a.seeded.client,
            session_id: session,
            turn,
            call_index: 0,
            brain_call_id: "call_0".into(),
            tool: "autotask:autotask-api-post".into(),
            arguments: json!({ "path": "/V1.0/Tickets", "body": {} }),
            state: ToolCallState::Started,
            decision: "ran".into(),
            relay_ref: server::gateway::relay_ref(session, turn, 0),
            started_at: 3,
        })
        .await
        .unwrap();

    // A poll far beyond the test's wait: only the sweep can make the session claimable.
    let mut runner = config(BUDGETS);
    runner.poll = Duration::from_secs(3_600);
    a.app.start_with_runner(None, runner);
    let started = Instant::now();
    while !store
        .started_tool_calls(Some(session))
        .await
        .unwrap()
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the started call was not settled after start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let calls = store.session_tool_calls(session).await.unwrap();
    assert_eq!(calls[0].state, ToolCallState::OutcomeUnknown);
    let (activity, _) = store
        .list_activity(a.seeded.msp, None, 20, 0)
        .await
        .unwrap();
    assert!(activity
        .iter()
        .any(|e| e.kind == "tool_call" && e.outcome == "outcome_unknown"));
    a.app.stop().await.unwrap();
}
