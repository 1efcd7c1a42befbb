//! The plan note, then each way a plan ends: approved and executed once, denied, drifted,
//! expired, and a plan waiting for an assignee that is re-issued when someone is assigned.

use super::harness::{approving, ROLE};
use crate::pipeline::harness::TECH;
use app::ids::ResourceId;
use app::states::{ApprovalState, DecisionChannel, SessionStatus, ToolCallState};
use relay_sim::Person;
use serde_json::json;
use server::approvals::{decide, DecisionRequest};
use server::store::{DecideResult, Decider, PlanDecision};

fn by_link(decision: PlanDecision, reason: Option<&str>) -> DecisionRequest {
    DecisionRequest {
        decision,
        channel: DecisionChannel::Link,
        decider: Decider {
            resource_id: Some(ResourceId(TECH)),
            name: Some("Tech".into()),
            email: Some("tech@example.test".into()),
        },
        reason: reason.map(str::to_string),
        address: Some("203.0.113.7".into()),
    }
}

#[tokio::test]
async fn a_waiting_update_gets_one_plan_note_and_runs_once_after_approval() {
    let t = approving(true).await;
    let store = &t.a.app.state.store;
    let plan = t.plan().await;
    assert_eq!(plan.state, ApprovalState::Pending);
    assert_eq!(plan.approver_resource_id, Some(ResourceId(TECH)));
    assert!(plan.note_id.is_some(), "the note id is recorded");
    let changes = &plan.steps[0]["changes"];
    assert_eq!(changes[0]["field"], "status");
    assert_eq!(changes[0]["after"], 5);
    let notes = t.relay_notes();
    let request = notes
        .iter()
        .find(|n| n.contains(&plan.code))
        .expect("plan note");
    assert!(
        request.contains(&format!("approve {}", plan.code)),
        "{request}"
    );
    assert!(
        request.contains("/approve/") && request.contains("/deny/"),
        "{request}"
    );
    assert!(
        request.contains("→ Complete (5)"),
        "before → after: {request}"
    );
    assert!(request.contains("customer confirmed"), "the why: {request}");
    let state = store.agent_session_state(t.session).await.unwrap().unwrap();
    assert_eq!(state.status, SessionStatus::WaitingApproval);
    assert_ne!(t.status(), 5, "nothing written before the decision");
    // Waiting: the runner has nothing to claim.
    assert_eq!(t.runner.run_once().await, 0);

    let won = decide(store, plan.id, by_link(PlanDecision::Approve, None))
        .await
        .unwrap();
    assert!(matches!(won, DecideResult::Decided(_)));
    t.work().await;
    assert_eq!(t.status(), 5, "the approved step ran");
    let plan = t.plan().await;
    assert!(plan.settled_at.is_some());
    assert_eq!(
        plan.outcome.as_ref().unwrap()["executed"][0]["state"],
        "done"
    );
    let calls = store.session_tool_calls(t.session).await.unwrap();
    let update = calls
        .iter()
        .find(|c| c.tool.ends_with("update-ticket"))
        .unwrap();
    assert_eq!(update.state, ToolCallState::Done);
    let results = t.relay_notes();
    assert_eq!(
        results
            .iter()
            .filter(|n| n.contains("every step was carried out"))
            .count(),
        1,
        "{results:?}"
    );
    // Settling again (another wake) changes nothing and writes nothing twice.
    store
        .add_session_notice(t.session, &json!({"test": "wake again"}), 5)
        .await
        .unwrap();
    t.work().await;
    assert_eq!(t.relay_notes().len(), results.len(), "no further note");
    let trail = store
        .list_activity(t.a.seeded.msp, None, 200, 0)
        .await
        .unwrap()
        .0;
    let approvals: Vec<&str> = trail
        .iter()
        .filter(|e| e.kind == "approval")
        .map(|e| e.outcome.as_str())
        .collect();
    assert_eq!(
        approvals,
        vec!["executed", "approved", "pending"],
        "newest first"
    );
}

#[tokio::test]
async fn a_denial_runs_nothing_and_tells_why() {
    let t = approving(true).await;
    let store = &t.a.app.state.store;
    let plan = t.plan().await;
    decide(
        store,
        plan.id,
        by_link(PlanDecision::Deny, Some("wrong printer")),
    )
    .await
    .unwrap();
    t.work().await;
    assert_ne!(t.status(), 5);
    let calls = store.session_tool_calls(t.session).await.unwrap();
    let update = calls
        .iter()
        .find(|c| c.tool.ends_with("update-ticket"))
        .unwrap();
    assert_eq!(update.state, ToolCallState::Refused);
    assert!(update.error.as_deref().unwrap().contains("wrong printer"));
    assert!(t
        .relay_notes()
        .iter()
        .any(|n| n.contains("denied by Tech: wrong printer")));
    let entries = store.session_entries(t.session).await.unwrap();
    assert!(entries
        .iter()
        .any(|e| e.body["notice"]["approval"]["decision"] == "denied"));
}

#[tokio::test]
async fn a_ticket_changed_after_the_plan_is_not_executed() {
    let t = approving(true).await;
    let store = &t.a.app.state.store;
    let plan = t.plan().await;
    // Someone moves the ticket on by hand before approving.
    t.a.sim
        .update_ticket(t.ticket, json!({ "status": 8 }), Person::Resource(TECH))
        .unwrap();
    decide(store, plan.id, by_link(PlanDecision::Approve, None))
        .await
        .unwrap();
    t.work().await;
    assert_eq!(t.status(), 8, "not overwritten");
    let plan = store.approval_plan(plan.id).await.unwrap().unwrap();
    assert_eq!(plan.state, ApprovalState::Superseded);
    assert_eq!(
        plan.outcome.as_ref().unwrap()["drift"][0]["field"],
        "status"
    );
    assert!(t
        .relay_notes()
        .iter()
        .any(|n| n.contains("the ticket changed since the plan was made")));
}

#[tokio::test]
async fn an_expired_plan_is_swept_noted_and_refused() {
    let t = approving(true).await;
    let store = &t.a.app.state.store;
    let plan = t.plan().await;
    let later = plan.expires_at + 1;
    assert_eq!(
        server::approvals::sweep::sweep_once(store, plan.expires_at - 1)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        server::approvals::sweep::sweep_once(store, later)
            .await
            .unwrap(),
        1
    );
    // Too late for anyone.
    let late = decide(store, plan.id, by_link(PlanDecision::Approve, None))
        .await
        .unwrap();
    assert!(matches!(late, DecideResult::AlreadyDecided(p) if p.state == ApprovalState::Expired));
    t.work().await;
    assert_ne!(t.status(), 5);
    assert!(t
        .relay_notes()
        .iter()
        .any(|n| n.contains("the approval expired")));
    assert!(t.plan().await.settled_at.is_some());
}

#[tokio::test]
async fn without_an_assignee_the_plan_waits_and_is_reissued_on_assignment() {
    let t = approving(false).await;
    let store = &t.a.app.state.store;
    let first = t.plan().await;
    assert_eq!(first.approver_resource_id, None);
    assert!(t
        .relay_notes()
        .iter()
        .any(|n| n.contains("Assign a technician first") && !n.contains("/approve/")));
    // Nobody can approve it meanwhile.
    let early = decide(store, first.id, by_link(PlanDecision::Approve, None))
        .await
        .unwrap();
    assert!(matches!(early, DecideResult::AlreadyDecided(_)));

    t.a.sim
        .update_ticket(
            t.ticket,
            json!({ "assignedResourceID": TECH, "assignedResourceRoleID": ROLE }),
            Person::Resource(TECH),
        )
        .unwrap();
    // What the pipeline does on the Ticket event: wake the session.
    store
        .add_session_notice(
            t.session,
            &json!({"approval": {"assignee_changed": TECH}}),
            7,
        )
        .await
        .unwrap();
    t.work().await;
    let plans = t.plans().await;
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].state, ApprovalState::Superseded);
    let second = &plans[1];
    assert_eq!(
        (second.state, second.approver_resource_id),
        (ApprovalState::Pending, Some(ResourceId(TECH)))
    );
    assert_ne!(second.code, first.code);
    assert_ne!(second.token_hash, first.token_hash);
    let notes = t.relay_notes();
    let reissued = notes.iter().find(|n| n.contains(&second.code)).unwrap();
    assert!(
        reissued.contains(&format!("replaces plan {}", first.code)),
        "{reissued}"
    );
    assert_eq!(
        store
            .agent_session_state(t.session)
            .await
            .unwrap()
            .unwrap()
            .status,
        SessionStatus::WaitingApproval
    );
    decide(store, second.id, by_link(PlanDecision::Approve, None))
        .await
        .unwrap();
    t.work().await;
    assert_eq!(t.status(), 5);
}

#[tokio::test]
async fn a_crash_between_approval_and_execution_runs_the_step_once() {
    let t = approving(true).await;
    let store = &t.a.app.state.store;
    let plan = t.plan().await;
    decide(store, plan.id, by_link(PlanDecision::Approve, None))
        .await
        .unwrap();
    // The crash: the step was moved to `started` and the process died before its result.
    let update = store
        .session_tool_calls(t.session)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.tool.ends_with("update-ticket"))
        .unwrap();
    assert!(store
        .move_waiting_tool_call(update.id, ToolCallState::Started)
        .await
        .unwrap());
    assert!(
        !store
            .move_waiting_tool_call(update.id, ToolCallState::Started)
            .await
            .unwrap(),
        "a step leaves waiting_approval once"
    );
    t.work().await;
    t.work().await;
    assert_eq!(t.status(), 5);
    let row = store.tool_call(update.id).await.unwrap().unwrap();
    assert_eq!(row.state, ToolCallState::Done);
    let trail = store
        .list_activity(t.a.seeded.msp, None, 200, 0)
        .await
        .unwrap()
        .0;
    let ran = trail
        .iter()
        .filter(|e| {
            e.kind == "tool_call" && e.summary.starts_with("update-ticket") && e.outcome == "ran"
        })
        .count();
    assert_eq!(ran, 1, "the update is recorded as run exactly once");
    assert_eq!(
        t.relay_notes()
            .iter()
            .filter(|n| n.contains("was approved by"))
            .count(),
        1,
        "one outcome note"
    );
}
