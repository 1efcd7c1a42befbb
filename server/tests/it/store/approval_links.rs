//! Contracts of the approval-link storage: one-time codes (a newer code voids the older,
//! single use, expiry, counts for the rate limits) and the per-integration link-only switch.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use super::queries::TestQueries;
use app::ids::{ClientId, EventId, IntegrationId, MspId, TicketId, UserId};
use serde_json::json;
use server::store::{
    ApprovalPlanRecord, NewAgentSession, NewApprovalCode, NewApprovalPlan, NewClient, Store,
};

/// An MSP with a client, an integration and one pending plan on ticket `ticket`.
pub struct PlanWorld {
    pub msp: MspId,
    pub user: UserId,
    pub admin: server::store::UserRecord,
    pub client: ClientId,
    pub integration: IntegrationId,
    pub plan: ApprovalPlanRecord,
}

pub async fn plan_world(store: &Store, token_hash: &str) -> PlanWorld {
    let user = admin(store).await;
    let msp = user.msp_id;
    let client = NewClient {
        msp_id: msp,
        name: "Contoso Dental".into(),
        autotask_id: "612".into(),
        now: T0,
    };
    let (client, _) = store.upsert_autotask_client(client).await.unwrap();
    let integration = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id;
    let expires = server::clock::now_ms() + 86_400_000;
    let plan = add_plan(store, msp, client.id, integration, 77, token_hash, expires).await;
    PlanWorld {
        msp,
        user: user.id,
        admin: user.clone(),
        client: client.id,
        integration,
        plan,
    }
}

/// A pending plan on `ticket` (its session made first), approver Tom Tech.
pub async fn add_plan(
    store: &Store,
    msp: MspId,
    client: ClientId,
    integration: IntegrationId,
    ticket: i64,
    token_hash: &str,
    expires_at: i64,
) -> ApprovalPlanRecord {
    let session = NewAgentSession {
        msp_id: msp,
        client_id: client,
        ticket_id: TicketId(ticket),
        source_event_id: EventId(ticket),
        context: json!({ "ticket": { "id": ticket, "number": format!("T20261130.{ticket:04}"),
            "title": "Printer offline" } }),
        created_at: T0,
    };
    let session = store.create_agent_session(session).await.unwrap().0;
    let new = NewApprovalPlan {
        msp_id: msp,
        client_id: client,
        session_id: session.id,
        integration_id: integration,
        ticket_id: TicketId(ticket),
        turn: 1,
        intent: "Close the solved ticket".into(),
        steps: json!([{ "tool_call_id": 1, "tool": "autotask-update-ticket",
            "arguments": { "ticketId": ticket, "status": 5 },
            "changes": [{ "field": "status", "before": "New", "after": "Complete" }] }]),
        plan_hash: format!("{:064}", ticket),
        code: format!("R-{}", &format!("{ticket:04}")[..4]),
        approver: Some(server::store::Approver {
            resource_id: app::ids::ResourceId(29_682_885),
            name: "Tom Tech".into(),
            email: Some("tom.tech@northwind.example".into()),
        }),
        token_hash: token_hash.into(),
        created_at: T0,
        expires_at,
        tool_call_ids: Vec::new(),
    };
    store.create_approval_plan(&new).await.unwrap().plan
}

fn code<'a>(w: &PlanWorld, hash: &'a str, now: i64) -> NewApprovalCode<'a> {
    NewApprovalCode {
        msp_id: w.msp,
        plan_id: w.plan.id,
        decision: "approve",
        code_hash: hash,
        sent_to_masked: "t***h@n***.example",
        now,
        expires_at: now + 600_000,
    }
}

pub async fn a_newer_code_voids_the_older_and_each_is_used_once(store: Store) {
    let w = plan_world(&store, &"a".repeat(64)).await;
    assert!(store
        .live_approval_code(w.plan.id, T0)
        .await
        .unwrap()
        .is_none());
    let first = store
        .issue_approval_code(&code(&w, "hash-one", T0))
        .await
        .unwrap();
    let live = store
        .live_approval_code(w.plan.id, T0 + 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((live.id, live.code_hash.as_str()), (first, "hash-one"));
    assert_eq!(live.decision, "approve");
    assert!(
        !format!("{live:?}").contains("hash-one"),
        "Debug hides the hash"
    );

    let second = store
        .issue_approval_code(&code(&w, "hash-two", T0 + 5))
        .await
        .unwrap();
    let live = store
        .live_approval_code(w.plan.id, T0 + 6)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(live.id, second);
    assert!(
        !store.use_approval_code(first, T0 + 7).await.unwrap(),
        "a replaced code is dead"
    );
    assert!(store.use_approval_code(second, T0 + 7).await.unwrap());
    assert!(
        !store.use_approval_code(second, T0 + 8).await.unwrap(),
        "single use"
    );
    assert!(store
        .live_approval_code(w.plan.id, T0 + 9)
        .await
        .unwrap()
        .is_none());
}

pub async fn codes_expire_and_failures_outlive_a_new_code(store: Store) {
    let w = plan_world(&store, &"b".repeat(64)).await;
    let first = store
        .issue_approval_code(&code(&w, "h1", T0))
        .await
        .unwrap();
    assert!(store
        .live_approval_code(w.plan.id, T0 + 600_000)
        .await
        .unwrap()
        .is_none());
    assert!(
        !store.use_approval_code(first, T0 + 600_000).await.unwrap(),
        "expired"
    );
    store.record_wrong_approval_code(first).await.unwrap();
    store.record_wrong_approval_code(first).await.unwrap();
    let second = store
        .issue_approval_code(&code(&w, "h2", T0 + 1_000))
        .await
        .unwrap();
    store.record_wrong_approval_code(second).await.unwrap();
    let counts = store.approval_code_counts(w.plan.id, T0).await.unwrap();
    assert_eq!((counts.sent_since, counts.failures), (2, 3));
    let counts = store.approval_code_counts(w.plan.id, T0 + 1).await.unwrap();
    assert_eq!((counts.sent_since, counts.failures), (1, 3));
    let none = store
        .approval_code_counts(app::ids::ApprovalPlanId(9_999), T0)
        .await
        .unwrap();
    assert_eq!((none.sent_since, none.failures), (0, 0));
}

pub async fn link_only_is_off_until_the_msp_turns_it_on(store: Store) {
    let w = plan_world(&store, &"c".repeat(64)).await;
    assert!(!store.approval_link_only(w.integration).await.unwrap());
    assert!(
        !store
            .set_approval_link_only(MspId(w.msp.get() + 1), w.integration, true, w.user, T0)
            .await
            .unwrap(),
        "another MSP cannot set it"
    );
    assert!(!store.approval_link_only(w.integration).await.unwrap());
    assert!(store
        .set_approval_link_only(w.msp, w.integration, true, w.user, T0 + 1)
        .await
        .unwrap());
    assert!(store.approval_link_only(w.integration).await.unwrap());
    assert!(store
        .set_approval_link_only(w.msp, w.integration, false, w.user, T0 + 2)
        .await
        .unwrap());
    assert!(!store.approval_link_only(w.integration).await.unwrap());
}
