//! Deciding by reply through the pipeline, against the simulator's webhooks: only the assigned
//! technician's first line with the pending plan's code decides; every other note reaches the
//! agent as an ordinary message. And a reply racing a link decision: exactly one wins.

use std::time::Duration;

use super::harness::{NOTE, ROLE, UPDATE};
use crate::agent::harness::{config, stop, Scripted, BUDGETS};
use crate::pipeline::harness::{piped, quick_config, Piped, ALICIA, CONTOSO, TECH};
use app::ids::{ResourceId, SessionId, TicketId};
use app::states::{ApprovalState, ClientMode, DecisionChannel, SessionStatus};
use relay_sim::Person;
use serde_json::json;
use server::agent::brain::FixedBrain;
use server::agent::chat::{BrainReply, Finish, ToolCall, Usage};
use server::agent::runner::Runner;
use server::approvals::reply::decide_by_reply;
use server::approvals::{decide, DecisionRequest};
use server::autotask::TicketNote;
use server::store::{
    ApprovalPlanRecord, Approver, DecideResult, Decider, NewAgentSession, NewApprovalPlan,
    PlanDecision,
};

const PRIYA: i64 = 29_682_911;

fn reply(content: &str, name: &str, arguments: serde_json::Value) -> BrainReply {
    BrainReply {
        content: Some(content.into()),
        tool_calls: vec![ToolCall {
            id: format!("call_{name}"),
            name: name.into(),
            arguments,
        }],
        finish: Finish::ToolCalls,
        usage: Usage {
            prompt_tokens: 100,
            completion_tokens: 10,
        },
    }
}

/// Lets the simulator's callouts arrive, then processes every stored event.
async fn settle(p: &Piped) {
    tokio::time::sleep(Duration::from_millis(150)).await;
    let n = p.events().await.len();
    p.settle(n).await;
}

async fn pending(p: &Piped, session: SessionId) -> ApprovalPlanRecord {
    let plans = p
        .app
        .state
        .store
        .session_approval_plans(session)
        .await
        .unwrap();
    plans
        .into_iter()
        .rfind(|p| p.state == ApprovalState::Pending)
        .expect("pending plan")
}

async fn messages(p: &Piped, session: SessionId) -> Vec<String> {
    p.app
        .state
        .store
        .session_messages_after(session, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.body.to_string())
        .collect()
}

fn note(p: &Piped, ticket: i64, text: &str, by: Person) {
    let publish = if matches!(by, Person::Contact(_)) {
        1
    } else {
        2
    };
    p.sim
        .create_note(
            ticket,
            json!({ "title": "Reply", "description": text, "publish": publish, "noteType": 1 }),
            by,
        )
        .expect("note");
}

#[tokio::test]
async fn only_the_assigned_technicians_reply_with_the_code_decides() {
    let p = piped(quick_config()).await;
    let store = &p.app.state.store;
    store
        .set_client_mode(p.msp, p.client, ClientMode::Execute, 1)
        .await
        .unwrap();
    let ticket = p.new_ticket(CONTOSO, "Printer offline");
    let brain = Scripted::new(
        vec![
            Ok(reply(
                "Plan first.",
                NOTE,
                json!({ "ticketId": ticket, "text": "Plan: close it." }),
            )),
            Ok(reply(
                "It works again; close it.",
                UPDATE,
                json!({ "ticketId": ticket, "status": "Complete" }),
            )),
        ],
        Ok(stop()),
    );
    let runner = Runner::new(&p.app.state, config(BUDGETS))
        .with_brains(std::sync::Arc::new(FixedBrain(brain)));
    settle(&p).await;
    runner.run_once().await;
    settle(&p).await;
    let session = store
        .agent_session_for_ticket(p.client, TicketId(ticket))
        .await
        .unwrap()
        .expect("session")
        .id;
    let first = pending(&p, session).await;
    let code = first.code.clone();

    // None of these decide; each reaches the agent as a message.
    let tries = [
        (format!("approve {code}"), Person::Resource(PRIYA)),
        (format!("approve {code}"), Person::Contact(ALICIA)),
        ("approve".to_string(), Person::Resource(TECH)),
        (
            format!("Looks fine to me\napprove {code}"),
            Person::Resource(TECH),
        ),
        ("approve R-2222".to_string(), Person::Resource(TECH)),
    ];
    for (text, by) in &tries {
        note(&p, ticket, text, *by);
        settle(&p).await;
        let plan = pending(&p, session).await;
        assert_eq!(plan.id, first.id, "{text:?} by {by:?} decided nothing");
        let got = messages(&p, session).await;
        let needle = text.lines().last().unwrap();
        assert!(
            got.iter().any(|m| m.contains(needle)),
            "{text:?} delivered: {got:?}"
        );
    }
    let delivered = messages(&p, session).await.len();

    // Reassigned to Priya: the plan is re-issued for her; Sam's reply no longer decides, nor
    // does Priya's with the old code.
    p.sim
        .update_ticket(
            ticket,
            json!({ "assignedResourceID": PRIYA, "assignedResourceRoleID": ROLE,
            // The harness's ticket webhook watches the title, not the assignee (production
            // subscribes assignedResourceID too): a title edit carries the change here.
            "title": "Printer offline (Priya)" }),
            Person::Resource(TECH),
        )
        .unwrap();
    settle(&p).await;
    runner.run_once().await;
    settle(&p).await;
    let second = pending(&p, session).await;
    assert_ne!(second.id, first.id, "re-issued");
    assert_eq!(second.approver_resource_id, Some(ResourceId(PRIYA)));
    note(
        &p,
        ticket,
        &format!("approve {}", second.code),
        Person::Resource(TECH),
    );
    note(
        &p,
        ticket,
        &format!("approve {code}"),
        Person::Resource(PRIYA),
    );
    settle(&p).await;
    assert_eq!(pending(&p, session).await.id, second.id);

    // Priya's reply with the current code decides; it is not passed on as a message.
    let before = messages(&p, session).await.len();
    note(
        &p,
        ticket,
        &format!("<p>Approve {}</p><p>&gt; quoted plan</p>", second.code),
        Person::Resource(PRIYA),
    );
    settle(&p).await;
    let decided = store.approval_plan(second.id).await.unwrap().unwrap();
    assert_eq!(
        (
            decided.state,
            decided.decision_channel,
            decided.decider_resource_id
        ),
        (
            ApprovalState::Approved,
            Some(DecisionChannel::Reply),
            Some(ResourceId(PRIYA))
        )
    );
    assert_eq!(
        messages(&p, session).await.len(),
        before,
        "the deciding note is not a message"
    );
    assert!(delivered >= tries.len());
    for _ in 0..5 {
        if runner.run_once().await == 0 {
            break;
        }
    }
    assert_eq!(
        p.sim.record("Tickets", ticket).unwrap()["status"],
        5,
        "executed"
    );
    let state = store.agent_session_state(session).await.unwrap().unwrap();
    assert_ne!(state.status, SessionStatus::WaitingApproval);
}

#[tokio::test]
async fn a_reply_and_a_link_racing_make_exactly_one_decision() {
    let p = piped(quick_config()).await;
    let store = p.app.state.store.clone();
    for round in 0..100_i64 {
        let ticket = 90_000 + round;
        let (session, _) = store
            .create_agent_session(NewAgentSession {
                msp_id: p.msp,
                client_id: p.client,
                ticket_id: TicketId(ticket),
                source_event_id: app::ids::EventId(ticket),
                context: json!({}),
                created_at: 1,
            })
            .await
            .unwrap();
        let now = server::clock::now_ms();
        let plan = store
            .create_approval_plan(&NewApprovalPlan {
                msp_id: p.msp,
                client_id: p.client,
                session_id: session.id,
                integration_id: p.integration,
                ticket_id: TicketId(ticket),
                turn: 1,
                intent: "close".into(),
                steps: json!([]),
                plan_hash: "h".into(),
                code: server::approvals::code::new_code(),
                approver: Some(Approver {
                    resource_id: ResourceId(TECH),
                    name: "Sam Ortega".into(),
                    email: None,
                }),
                token_hash: format!("race-{round}"),
                created_at: now,
                expires_at: now + 3_600_000,
                tool_call_ids: vec![],
            })
            .await
            .unwrap()
            .plan;
        let mut reply_note = TicketNote::new(
            TicketId(ticket),
            "Reply",
            &format!("deny {} no", plan.code),
            1,
            2,
        );
        reply_note.id = 1_000 + round;
        reply_note.creator_resource_id = Some(ResourceId(TECH));
        let by_reply = {
            let (store, plan) = (store.clone(), plan.clone());
            tokio::spawn(async move {
                decide_by_reply(&store, &plan, Some(ResourceId(TECH)), &reply_note)
                    .await
                    .unwrap()
            })
        };
        let by_link = {
            let store = store.clone();
            tokio::spawn(async move {
                decide(
                    &store,
                    plan.id,
                    DecisionRequest {
                        decision: PlanDecision::Approve,
                        channel: DecisionChannel::Link,
                        decider: Decider {
                            resource_id: Some(ResourceId(TECH)),
                            name: None,
                            email: None,
                        },
                        reason: None,
                        address: Some("203.0.113.9".into()),
                    },
                )
                .await
                .unwrap()
            })
        };
        let reply = by_reply.await.unwrap().expect("a valid reply");
        let link = by_link.await.unwrap();
        let wins = [&reply, &link]
            .iter()
            .filter(|r| matches!(r, DecideResult::Decided(_)))
            .count();
        assert_eq!(wins, 1, "round {round}: {reply:?} / {link:?}");
        let stored = store.approval_plan(plan.id).await.unwrap().unwrap();
        let loser = if matches!(reply, DecideResult::Decided(_)) {
            &link
        } else {
            &reply
        };
        assert_eq!(
            loser,
            &DecideResult::AlreadyDecided(stored),
            "the loser sees the decision"
        );
    }
}
