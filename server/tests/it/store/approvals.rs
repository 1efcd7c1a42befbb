//! Contracts of approval plans: one pending plan per session (a new one supersedes it, with its
//! requests), codes unique among an MSP's pending plans, lookups by id, token and ticket, the
//! admin lists, the single atomic decision, expiry, the note id and settling once.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use super::queries::TestQueries;
use app::ids::{ClientId, EventId, IntegrationId, MspId, ResourceId, SessionId, TicketId};
use app::states::{ApprovalState, DecisionChannel, ToolCallState};
use serde_json::json;
use server::store::{
    Approver, DecideResult, Decider, NewAgentSession, NewApprovalPlan, NewApprovalRequest,
    NewClient, NewToolCall, PlanDecision, PlanDecisionInput, Store, StoreError,
};

const HOUR: i64 = 3_600_000;

struct World {
    msp: MspId,
    client: ClientId,
    integration: IntegrationId,
}

async fn world(store: &Store) -> World {
    let msp = admin(store).await.msp_id;
    let (client, _) = store
        .upsert_autotask_client(NewClient {
            msp_id: msp,
            name: "Acme Dental".into(),
            autotask_id: "612".into(),
            now: T0,
        })
        .await
        .unwrap();
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

/// A session on `ticket` with one call of `turn` waiting for approval (and its request).
async fn waiting_call(store: &Store, w: &World, ticket: i64, turn: i64) -> (SessionId, NewCall) {
    let (session, _) = store
        .create_agent_session(NewAgentSession {
            msp_id: w.msp,
            client_id: w.client,
            ticket_id: TicketId(ticket),
            source_event_id: EventId(ticket),
            context: json!({ "ticket": { "id": ticket } }),
            created_at: T0,
        })
        .await
        .unwrap();
    let (call, _) = store
        .begin_tool_call(&NewToolCall {
            msp_id: w.msp,
            client_id: w.client,
            session_id: session.id,
            turn,
            call_index: 0,
            brain_call_id: format!("call-{turn}"),
            tool: "autotask:autotask-update-ticket".into(),
            arguments: json!({"status": 5}),
            state: ToolCallState::WaitingApproval,
            decision: "waiting for approval".into(),
            relay_ref: format!("RLY-{}-{turn}-0", session.id),
            started_at: T0,
        })
        .await
        .unwrap();
    store
        .insert_approval_request(&NewApprovalRequest {
            msp_id: w.msp,
            client_id: w.client,
            session_id: session.id,
            tool_call_id: call.id,
            ticket_id: TicketId(ticket),
            tool: call.tool.clone(),
            arguments: call.arguments.clone(),
            created_at: T0,
        })
        .await
        .unwrap();
    (session.id, NewCall { id: call.id })
}

struct NewCall {
    id: app::ids::ToolCallId,
}

fn plan(w: &World, session: SessionId, ticket: i64, turn: i64, code: &str) -> NewApprovalPlan {
    NewApprovalPlan {
        msp_id: w.msp,
        client_id: w.client,
        session_id: session,
        integration_id: w.integration,
        ticket_id: TicketId(ticket),
        turn,
        intent: "Close the ticket: the printer works again.".into(),
        steps: json!([{ "tool": "autotask:autotask-update-ticket", "arguments": {"status": 5},
                        "changes": [{"field": "status", "before": "New", "after": "Complete"}] }]),
        plan_hash: format!("hash-{code}"),
        code: code.into(),
        approver: Some(Approver {
            resource_id: ResourceId(29682885),
            name: "Sam Tech".into(),
            email: Some("sam@example.test".into()),
        }),
        token_hash: format!("token-hash-{code}-{session}"),
        created_at: T0,
        expires_at: T0 + 24 * HOUR,
        tool_call_ids: vec![],
    }
}

fn decision(decision: PlanDecision, now: i64) -> PlanDecisionInput {
    PlanDecisionInput {
        decision,
        channel: DecisionChannel::Reply,
        decider: Decider {
            resource_id: Some(ResourceId(29682885)),
            name: Some("Sam Tech".into()),
            email: None,
        },
        reason: Some("not now".into()),
        address: Some("note:77".into()),
        now,
    }
}

pub async fn plans_supersede_link_requests_and_list(store: Store) {
    let w = world(&store).await;
    let (session, call) = waiting_call(&store, &w, 7001, 1).await;
    let first = store
        .create_approval_plan(&NewApprovalPlan {
            tool_call_ids: vec![call.id],
            ..plan(&w, session, 7001, 1, "R-7K2Q")
        })
        .await
        .unwrap();
    assert_eq!(first.superseded, None);
    let a = first.plan;
    assert_eq!(
        (
            a.state,
            a.code.as_str(),
            a.approver_name.as_deref(),
            a.note_id
        ),
        (ApprovalState::Pending, "R-7K2Q", Some("Sam Tech"), None)
    );
    assert_eq!(a.steps[0]["changes"][0]["after"], "Complete");
    assert_eq!(store.approval_plan(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(
        store.approval_plan_by_token(&a.token_hash).await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(store.approval_plan_by_token("nope").await.unwrap(), None);
    assert_eq!(
        store
            .pending_plan_for_ticket(w.msp, TicketId(7001))
            .await
            .unwrap()
            .map(|p| p.id),
        Some(a.id)
    );

    // Another session of the MSP may not take a code that is pending.
    let (other, _) = waiting_call(&store, &w, 7002, 1).await;
    let clash = store
        .create_approval_plan(&plan(&w, other, 7002, 1, "R-7K2Q"))
        .await;
    assert!(matches!(clash, Err(StoreError::Conflict(_))), "{clash:?}");
    let b_other = store
        .create_approval_plan(&plan(&w, other, 7002, 1, "R-9XYZ"))
        .await
        .unwrap()
        .plan;

    // A newer plan of the same session supersedes the pending one and takes its calls.
    let second = store
        .create_approval_plan(&NewApprovalPlan {
            tool_call_ids: vec![call.id],
            token_hash: "token-hash-second".into(),
            created_at: T0 + 10,
            ..plan(&w, session, 7001, 2, "R-AB34")
        })
        .await
        .unwrap();
    let old = second.superseded.expect("the pending plan is superseded");
    assert_eq!(
        (old.id, old.state, old.settled_at),
        (a.id, ApprovalState::Superseded, Some(T0 + 10))
    );
    assert_eq!(second.plan.replaces_plan_id, Some(a.id));
    let requests = store.pending_approvals(session).await.unwrap();
    assert_eq!(
        requests.len(),
        1,
        "the call's request is pending again, under the new plan"
    );
    let sessions = store.session_approval_plans(session).await.unwrap();
    assert_eq!(
        sessions.iter().map(|p| p.state).collect::<Vec<_>>(),
        vec![ApprovalState::Superseded, ApprovalState::Pending]
    );
    // The superseded plan's code is free again.
    let (third_session, _) = waiting_call(&store, &w, 7003, 1).await;
    store
        .create_approval_plan(&NewApprovalPlan {
            expires_at: T0 + HOUR,
            ..plan(&w, third_session, 7003, 1, "R-7K2Q")
        })
        .await
        .unwrap();

    // Lists: MSP-wide soonest expiry first, per client, other MSPs never.
    let all = store.pending_approval_plans(w.msp, None, 50).await.unwrap();
    assert_eq!(
        all.iter().map(|p| p.plan.code.as_str()).collect::<Vec<_>>(),
        vec!["R-7K2Q", "R-9XYZ", "R-AB34"]
    );
    assert!(all.iter().all(|p| p.client_name == "Acme Dental"));
    assert_eq!(
        store
            .pending_approval_plans(w.msp, Some(w.client), 2)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(store
        .pending_approval_plans(w.msp, Some(ClientId(999_999)), 50)
        .await
        .unwrap()
        .is_empty());
    let stranger = MspId(w.msp.get() + 1000);
    assert!(store
        .pending_approval_plans(stranger, None, 50)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .pending_plan_for_ticket(stranger, TicketId(7002))
            .await
            .unwrap(),
        None
    );
    assert_eq!(b_other.state, ApprovalState::Pending);
}

pub async fn one_decision_wins_and_the_rest_see_it(store: Store) {
    let w = world(&store).await;
    let (session, call) = waiting_call(&store, &w, 7001, 1).await;
    let p = store
        .create_approval_plan(&NewApprovalPlan {
            tool_call_ids: vec![call.id],
            ..plan(&w, session, 7001, 1, "R-7K2Q")
        })
        .await
        .unwrap()
        .plan;
    let won = store
        .decide_approval_plan(p.id, &decision(PlanDecision::Deny, T0 + 5))
        .await
        .unwrap();
    let DecideResult::Decided(decided) = won else {
        panic!("the first decision wins: {won:?}")
    };
    assert_eq!(
        (
            decided.state,
            decided.decided_at,
            decided.decision_channel,
            decided.decider_name.as_deref(),
            decided.decision_reason.as_deref(),
            decided.decision_address.as_deref(),
            decided.settled_at,
        ),
        (
            ApprovalState::Denied,
            Some(T0 + 5),
            Some(DecisionChannel::Reply),
            Some("Sam Tech"),
            Some("not now"),
            Some("note:77"),
            None
        )
    );
    assert!(store.pending_approvals(session).await.unwrap().is_empty());
    let late = store
        .decide_approval_plan(p.id, &decision(PlanDecision::Approve, T0 + 6))
        .await
        .unwrap();
    assert_eq!(late, DecideResult::AlreadyDecided(decided));
    assert_eq!(
        store
            .decide_approval_plan(
                app::ids::ApprovalPlanId(999_999),
                &decision(PlanDecision::Approve, T0)
            )
            .await
            .unwrap(),
        DecideResult::NotFound
    );

    // Past its expiry a plan is decided by nobody, even before the sweeper ran.
    let (s2, _) = waiting_call(&store, &w, 7002, 1).await;
    let lapsed = store
        .create_approval_plan(&NewApprovalPlan {
            expires_at: T0 + HOUR,
            ..plan(&w, s2, 7002, 1, "R-AAAA")
        })
        .await
        .unwrap()
        .plan;
    let at_expiry = store
        .decide_approval_plan(lapsed.id, &decision(PlanDecision::Approve, T0 + HOUR))
        .await
        .unwrap();
    assert!(
        matches!(&at_expiry, DecideResult::AlreadyDecided(p) if p.state == ApprovalState::Pending),
        "{at_expiry:?}"
    );

    // Without an approver nobody approves or denies; an admin may still cancel.
    let (s3, _) = waiting_call(&store, &w, 7003, 1).await;
    let unassigned = store
        .create_approval_plan(&NewApprovalPlan {
            approver: None,
            ..plan(&w, s3, 7003, 1, "R-BBBB")
        })
        .await
        .unwrap()
        .plan;
    assert_eq!(unassigned.approver_resource_id, None);
    assert!(matches!(
        store
            .decide_approval_plan(unassigned.id, &decision(PlanDecision::Approve, T0 + 1))
            .await
            .unwrap(),
        DecideResult::AlreadyDecided(_)
    ));
    let cancel = PlanDecisionInput {
        channel: DecisionChannel::Admin,
        decider: Decider {
            resource_id: None,
            name: None,
            email: Some("admin@example.test".into()),
        },
        ..decision(PlanDecision::Cancel, T0 + 2)
    };
    let cancelled = store
        .decide_approval_plan(unassigned.id, &cancel)
        .await
        .unwrap();
    assert!(
        matches!(&cancelled, DecideResult::Decided(p) if p.state == ApprovalState::Cancelled
            && p.decider_email.as_deref() == Some("admin@example.test")),
        "{cancelled:?}"
    );

    // Racing deciders: exactly one wins, whatever the interleaving.
    for round in 0..5 {
        let ticket = 7100 + round;
        let (s, _) = waiting_call(&store, &w, ticket, 1).await;
        let p = store
            .create_approval_plan(&plan(&w, s, ticket, 1, &format!("R-C{}CC", round + 2)))
            .await
            .unwrap()
            .plan;
        let racers = (0..8).map(|i| {
            let store = store.clone();
            let which = if i % 2 == 0 {
                PlanDecision::Approve
            } else {
                PlanDecision::Deny
            };
            tokio::spawn(async move {
                store
                    .decide_approval_plan(p.id, &decision(which, T0 + 10 + i))
                    .await
                    .unwrap()
            })
        });
        let results = futures::future::join_all(racers).await;
        let wins = results
            .iter()
            .filter(|r| matches!(r.as_ref().unwrap(), DecideResult::Decided(_)))
            .count();
        assert_eq!(wins, 1, "round {round}: exactly one decision");
    }
}

pub async fn expiry_notes_and_settling_happen_once(store: Store) {
    let w = world(&store).await;
    let (s1, _) = waiting_call(&store, &w, 7001, 1).await;
    let (s2, _) = waiting_call(&store, &w, 7002, 1).await;
    let soon = store
        .create_approval_plan(&NewApprovalPlan {
            expires_at: T0 + HOUR,
            ..plan(&w, s1, 7001, 1, "R-DDDD")
        })
        .await
        .unwrap()
        .plan;
    let later = store
        .create_approval_plan(&plan(&w, s2, 7002, 1, "R-EEEE"))
        .await
        .unwrap()
        .plan;
    assert_eq!(
        store
            .unnoted_approval_plans(s1)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![soon.id]
    );
    assert!(store.set_approval_plan_note(soon.id, 901).await.unwrap());
    assert!(!store.set_approval_plan_note(soon.id, 902).await.unwrap());
    assert!(store.unnoted_approval_plans(s1).await.unwrap().is_empty());
    assert_eq!(
        store.approval_plan(soon.id).await.unwrap().unwrap().note_id,
        Some(901)
    );

    assert!(store
        .expire_due_approval_plans(T0 + HOUR - 1)
        .await
        .unwrap()
        .is_empty());
    let expired = store.expire_due_approval_plans(T0 + HOUR).await.unwrap();
    assert_eq!(
        expired
            .iter()
            .map(|p| (p.id, p.state, p.decision_channel))
            .collect::<Vec<_>>(),
        vec![(
            soon.id,
            ApprovalState::Expired,
            Some(DecisionChannel::Sweeper)
        )]
    );
    assert!(store
        .expire_due_approval_plans(T0 + HOUR + 1)
        .await
        .unwrap()
        .is_empty());

    // Pending plans are not the runner's to settle; decided ones are, once.
    assert!(!store
        .settle_approval_plan(later.id, None, &json!({}), T0)
        .await
        .unwrap());
    assert_eq!(
        store
            .unsettled_approval_plans(s1)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![soon.id]
    );
    let outcome = json!({"expired": true});
    assert!(store
        .settle_approval_plan(soon.id, None, &outcome, T0 + HOUR + 5)
        .await
        .unwrap());
    assert!(!store
        .settle_approval_plan(soon.id, None, &json!({"again": true}), T0 + HOUR + 6)
        .await
        .unwrap());
    let settled = store.approval_plan(soon.id).await.unwrap().unwrap();
    assert_eq!(
        (settled.settled_at, settled.outcome, settled.state),
        (Some(T0 + HOUR + 5), Some(outcome), ApprovalState::Expired)
    );
    assert!(store.unsettled_approval_plans(s1).await.unwrap().is_empty());

    // An approved plan the ticket drifted from is settled as superseded.
    store
        .decide_approval_plan(later.id, &decision(PlanDecision::Approve, T0 + 7))
        .await
        .unwrap();
    assert!(store
        .settle_approval_plan(
            later.id,
            Some(ApprovalState::Superseded),
            &json!({"drift": ["status"]}),
            T0 + 8
        )
        .await
        .unwrap());
    assert_eq!(
        store.approval_plan(later.id).await.unwrap().unwrap().state,
        ApprovalState::Superseded
    );
}
