//! The gateway's call path on its own: decisions by policy and mode whatever the brain asks,
//! the journal under its idempotency key, activity entries and reconciliation.

use super::harness::{agented, GET_TICKET, TICKET};
use app::ids::TicketId;
use app::states::{ClientMode, ToolCallState, ToolPolicy};
use serde_json::json;
use server::agent::chat::ToolCall;
use server::gateway::policy::{Policies, Progress};
use server::gateway::{CallContext, Gateway};
use server::store::NewToolCall;
use std::time::{Duration, Instant};

const UPDATE: &str = "autotask:autotask-update-ticket";
const PUBLIC_NOTE: &str = "autotask:autotask-public-note";

fn call(name: &str) -> ToolCall {
    ToolCall {
        id: "call_0".into(),
        name: name.into(),
        arguments: json!({ "ticketId": TICKET, "status": 5 }),
    }
}

const POSTED: Progress = Progress {
    plan_note_posted: true,
};
const NONE_YET: Progress = Progress {
    plan_note_posted: false,
};

#[tokio::test]
async fn a_disabled_tool_is_not_offered_and_refused_if_called_anyway() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let tenant = a.tenant().await;
    let gateway = Gateway::new(a.app.state.store.clone());
    let policies = Policies::with_overrides([(GET_TICKET.to_string(), ToolPolicy::Disabled)]);
    let offered = gateway.offered(&policies, ClientMode::Execute, POSTED);
    assert!(!offered.iter().any(|t| t.name == GET_TICKET));
    assert!(offered
        .iter()
        .any(|t| t.name == "autotask:autotask-list-notes"));
    let ctx = ctx(&a, session, &tenant, ClientMode::Execute, 0);
    let outcome = gateway
        .call(&ctx, &policies, POSTED, &call(GET_TICKET))
        .await
        .unwrap();
    assert_eq!(outcome.state, ToolCallState::Refused);
    assert!(
        outcome.for_model.contains("disabled"),
        "{}",
        outcome.for_model
    );
    assert_eq!(
        outcome.tool_time,
        Duration::ZERO,
        "nothing reached Autotask"
    );
    let store = &a.app.state.store;
    let journal = store.session_tool_calls(session).await.unwrap();
    assert_eq!(journal[0].state, ToolCallState::Refused);
    assert!(journal[0].decision.contains("disabled"));
    let (activity, _) = store
        .list_activity(a.seeded.msp, None, 10, 0)
        .await
        .unwrap();
    let entry = activity
        .iter()
        .find(|e| e.kind == "tool_call")
        .expect("a tool_call entry");
    assert_eq!(entry.outcome, "refused");
    assert!(
        entry
            .summary
            .starts_with(&format!("get-ticket on ticket {TICKET}: refused")),
        "{}",
        entry.summary
    );
    assert_eq!(entry.detail["tool"], GET_TICKET);
    assert_eq!(entry.detail["session_id"], session.get());
    assert_eq!(entry.detail["call_index"], 0);
}

/// The outcome tells the tool's time (Autotask's share) apart from the gateway's own: what the
/// overhead benchmark and anyone timing a call rely on.
#[tokio::test]
async fn a_read_outcome_carries_the_time_its_tool_took() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let tenant = a.tenant().await;
    let gateway = Gateway::new(a.app.state.store.clone());
    let ctx = ctx(&a, session, &tenant, ClientMode::Plan, 0);
    let read = ToolCall {
        id: "call_0".into(),
        name: GET_TICKET.into(),
        arguments: json!({ "ticketId": TICKET }),
    };
    let started = Instant::now();
    let outcome = gateway
        .call(&ctx, &Policies::defaults(), NONE_YET, &read)
        .await
        .unwrap();
    let whole = started.elapsed();
    assert_eq!(outcome.state, ToolCallState::Done, "{}", outcome.for_model);
    assert!(outcome.tool_time > Duration::ZERO);
    assert!(
        outcome.tool_time < whole,
        "the tool ran inside the call: {:?} of {whole:?}",
        outcome.tool_time
    );
    // The same step replayed is answered from the journal: nothing runs again.
    let again = gateway
        .call(&ctx, &Policies::defaults(), NONE_YET, &read)
        .await
        .unwrap();
    assert_eq!(again.state, ToolCallState::Done);
    assert_eq!(again.tool_time, Duration::ZERO);
}

#[tokio::test]
async fn plan_mode_blocks_writes_whatever_the_brain_asks() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let tenant = a.tenant().await;
    let gateway = Gateway::new(a.app.state.store.clone());
    let policies = Policies::with_overrides([(PUBLIC_NOTE.to_string(), ToolPolicy::Auto)]);
    let offered = gateway.offered(&policies, ClientMode::Plan, NONE_YET);
    assert!(!offered
        .iter()
        .any(|t| t.name == UPDATE || t.name == PUBLIC_NOTE));
    for (index, tool) in [UPDATE, PUBLIC_NOTE].into_iter().enumerate() {
        let ctx = ctx(&a, session, &tenant, ClientMode::Plan, index as i64);
        let outcome = gateway
            .call(&ctx, &policies, NONE_YET, &call(tool))
            .await
            .unwrap();
        assert_eq!(outcome.state, ToolCallState::Refused, "{tool}");
    }
    let journal = a.app.state.store.session_tool_calls(session).await.unwrap();
    assert!(journal
        .iter()
        .all(|c| c.state == ToolCallState::Refused && c.finished_at.is_some()));
}

#[tokio::test]
async fn an_approval_needed_step_waits_with_a_pending_request() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let tenant = a.tenant().await;
    let gateway = Gateway::new(a.app.state.store.clone());
    let ctx = ctx(&a, session, &tenant, ClientMode::Execute, 0);
    let outcome = gateway
        .call(&ctx, &Policies::defaults(), POSTED, &call(UPDATE))
        .await
        .unwrap();
    assert_eq!(outcome.state, ToolCallState::WaitingApproval);
    let store = &a.app.state.store;
    let pending = store.pending_approvals(session).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].tool.as_str(), pending[0].ticket_id),
        (UPDATE, TicketId(TICKET))
    );
    // The same step replayed (same key) neither runs nor asks twice.
    let again = gateway
        .call(&ctx, &Policies::defaults(), POSTED, &call(UPDATE))
        .await
        .unwrap();
    assert_eq!(again.state, ToolCallState::WaitingApproval);
    assert_eq!(store.session_tool_calls(session).await.unwrap().len(), 1);
    assert_eq!(store.pending_approvals(session).await.unwrap().len(), 1);
    let (activity, _) = store
        .list_activity(a.seeded.msp, None, 10, 0)
        .await
        .unwrap();
    let entries: Vec<_> = activity.iter().filter(|e| e.kind == "tool_call").collect();
    assert_eq!(entries.len(), 1, "one activity entry per call");
    assert_eq!(entries[0].outcome, "waiting_approval");
}

#[tokio::test]
async fn a_started_write_of_unknown_outcome_is_shown_not_retried() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let tenant = a.tenant().await;
    let store = &a.app.state.store;
    let gateway = Gateway::new(store.clone());
    // A crash left a generic POST journalled `started` without a result.
    let (row, _) = store
        .begin_tool_call(&NewToolCall {
            msp_id: a.seeded.msp,
            client_id: a.seeded.client,
            session_id: session,
            turn: 1,
            call_index: 0,
            brain_call_id: "call_0".into(),
            tool: "autotask:autotask-api-post".into(),
            arguments: json!({ "path": "/V1.0/Tickets", "body": {} }),
            state: ToolCallState::Started,
            decision: "ran".into(),
            relay_ref: server::gateway::relay_ref(session, 1, 0),
            started_at: 1,
        })
        .await
        .unwrap();
    let ctx = ctx(&a, session, &tenant, ClientMode::Execute, 0);
    let outcome = gateway
        .resolve_started(&CallContext { turn: 1, ..ctx }, &row)
        .await
        .unwrap();
    assert_eq!(outcome.state, ToolCallState::OutcomeUnknown);
    assert!(outcome.for_model.contains("do not repeat"));
    let journal = store.session_tool_calls(session).await.unwrap();
    assert_eq!(journal[0].state, ToolCallState::OutcomeUnknown);
    assert!(store.started_tool_calls(None).await.unwrap().is_empty());
    let (activity, _) = store
        .list_activity(a.seeded.msp, None, 10, 0)
        .await
        .unwrap();
    assert_eq!(activity[0].outcome, "outcome_unknown");
}

fn ctx<'a>(
    a: &super::harness::Agented,
    session: app::ids::SessionId,
    tenant: &'a server::autotask::TenantClient,
    mode: ClientMode,
    call_index: i64,
) -> CallContext<'a> {
    CallContext {
        msp_id: a.seeded.msp,
        client_id: a.seeded.client,
        session_id: session,
        ticket_id: TicketId(TICKET),
        company_id: None,
        mode,
        turn: 1,
        call_index,
        tenant,
    }
}
