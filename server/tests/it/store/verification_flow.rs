//! Contracts of the verification flow's storage: a verdict only ever raises a session to
//! sensitive (with its timer), timers are leased by one worker at a time, an outcome is
//! recorded once and only by the lease holder, and a session with a timer is not claimable.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use super::queries::TestQueries;
use app::ids::{EventId, SessionId, TicketId};
use app::states::{VerificationStage, VerificationState};
use serde_json::json;
use server::store::{NewAgentSession, NewClient, NewVerdict, SentChallenge, Store};
use std::collections::HashSet;

const LEASE: i64 = 60_000;

async fn session(store: &Store, ticket: i64) -> (NewVerdict, SessionId) {
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
    let new = NewAgentSession {
        msp_id: msp,
        client_id: client.id,
        ticket_id: TicketId(ticket),
        source_event_id: EventId(ticket),
        context: json!({ "ticket": { "id": ticket, "title": "Reset my password" } }),
        created_at: T0,
    };
    let id = store.create_agent_session(new).await.unwrap().0.id;
    let verdict = NewVerdict {
        msp_id: msp,
        client_id: client.id,
        integration_id: integration,
        session_id: id,
        ticket_id: TicketId(ticket),
        state: VerificationState::NotSensitive,
        reason: None,
        findings: json!([]),
        classified_through: 0,
        now: T0,
    };
    (verdict, id)
}

fn sensitive(mut v: NewVerdict, through: i64) -> NewVerdict {
    v.state = VerificationState::Starting;
    v.reason = Some("password reset (\"reset password\")".into());
    v.findings =
        json!([{ "reason": "password_reset", "rule": "reset", "matched": "reset password" }]);
    v.classified_through = through;
    v
}

pub async fn verdicts_only_raise_and_a_held_session_is_not_claimed(store: Store) {
    let (verdict, id) = session(&store, 41_001).await;
    let v = store.record_verdict(&verdict).await.unwrap();
    assert_eq!(v.state, VerificationState::NotSensitive);
    assert_eq!(store.verification_timer(v.id).await.unwrap(), None);

    // A later note raises it: a timer now holds the session.
    let raised = store
        .record_verdict(&sensitive(verdict.clone(), 7))
        .await
        .unwrap();
    assert_eq!(
        (raised.id, raised.state, raised.classified_through),
        (v.id, VerificationState::Starting, 7)
    );
    let timer = store.verification_timer(v.id).await.unwrap().unwrap();
    assert_eq!(
        (timer.stage, timer.session_id),
        (VerificationStage::Start, id)
    );
    assert!(
        store
            .claim_agent_sessions("runner", T0 + 1, LEASE, 10)
            .await
            .unwrap()
            .is_empty(),
        "a session with a verification timer is not claimable"
    );

    // An ordinary verdict afterwards never lowers it.
    let again = store.record_verdict(&verdict).await.unwrap();
    assert_eq!(again.state, VerificationState::Starting);
    assert!(again.reason.is_some());
    assert_eq!(
        store.session_verification(id).await.unwrap().unwrap(),
        again
    );
    assert_eq!(
        store.client_verifications(v.client_id, 10).await.unwrap(),
        vec![again]
    );
}

pub async fn timers_lease_to_one_worker_and_outcomes_are_recorded_once(store: Store) {
    let (verdict, id) = session(&store, 41_002).await;
    let v = store.record_verdict(&sensitive(verdict, 0)).await.unwrap();

    let first = store
        .claim_verification_timers("w1", T0, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        store
            .claim_verification_timers("w2", T0 + 1, LEASE, 10)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    let sent = SentChallenge {
        provider: "Traceless".into(),
        push_method: "Microsoft Authenticator push".into(),
        email_masked: "j***@example.com".into(),
        provider_ref: "chl-1".into(),
        deadline: T0 + 300_000,
        next_poll_at: T0 + 2_000,
    };
    assert!(
        !store
            .verification_sent(v.id, "w2", &sent, T0)
            .await
            .unwrap(),
        "not w2's lease"
    );
    assert!(store
        .verification_sent(v.id, "w1", &sent, T0)
        .await
        .unwrap());
    let pending = store.verification(v.id).await.unwrap().unwrap();
    assert_eq!(pending.state, VerificationState::Pending);
    assert_eq!(pending.provider_ref.as_deref(), Some("chl-1"));
    let timer = store.verification_timer(v.id).await.unwrap().unwrap();
    assert_eq!(
        (timer.stage, timer.lease_owner.as_deref(), timer.deadline),
        (VerificationStage::Poll, None, Some(T0 + 300_000))
    );

    // Not due yet; then due, claimed, rescheduled after a failure.
    assert!(store
        .claim_verification_timers("w2", T0 + 1_000, LEASE, 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .claim_verification_timers("w2", T0 + 2_000, LEASE, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .reschedule_verification_timer(v.id, "w2", T0 + 3_000, 1, Some("down"))
        .await
        .unwrap());
    let timer = store.verification_timer(v.id).await.unwrap().unwrap();
    assert_eq!(
        (timer.attempts, timer.last_error.as_deref()),
        (1, Some("down"))
    );

    // An expired lease goes to exactly one other worker.
    store
        .claim_verification_timers("w3", T0 + 3_000, LEASE, 10)
        .await
        .unwrap();
    let late = T0 + 3_000 + LEASE;
    assert_eq!(
        store
            .claim_verification_timers("w4", late, LEASE, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        !store
            .decide_verification(v.id, "w3", VerificationState::Approved, None, late)
            .await
            .unwrap(),
        "the old holder decides nothing"
    );
    assert!(store
        .decide_verification(v.id, "w4", VerificationState::Denied, None, late)
        .await
        .unwrap());
    // A second answer (a late approval) changes nothing.
    store
        .claim_verification_timers("w4", late, LEASE, 10)
        .await
        .unwrap();
    assert!(!store
        .decide_verification(v.id, "w4", VerificationState::Approved, None, late)
        .await
        .unwrap());
    let decided = store.verification(v.id).await.unwrap().unwrap();
    assert_eq!(
        (decided.state, decided.decided_at),
        (VerificationState::Denied, Some(late))
    );
    assert_eq!(
        store.verification_timer(v.id).await.unwrap().unwrap().stage,
        VerificationStage::Report
    );

    assert!(store.finish_verification_timer(v.id, "w4").await.unwrap());
    assert_eq!(store.verification_timer(v.id).await.unwrap(), None);
    // The hold is gone: unread input is claimable again.
    let claimed = store
        .claim_agent_sessions("runner", late, LEASE, 10)
        .await
        .unwrap();
    assert_eq!(claimed.iter().map(|s| s.id).collect::<Vec<_>>(), vec![id]);
}

pub async fn concurrent_timer_claims_never_share_one(store: Store) {
    let mut ids = Vec::new();
    let (verdict, _) = session(&store, 41_100).await;
    let first = store
        .record_verdict(&sensitive(verdict.clone(), 0))
        .await
        .unwrap();
    ids.push(first.id);
    for ticket in 41_101..41_110 {
        let new = NewAgentSession {
            msp_id: verdict.msp_id,
            client_id: verdict.client_id,
            ticket_id: TicketId(ticket),
            source_event_id: EventId(ticket),
            context: json!({}),
            created_at: T0,
        };
        let session = store.create_agent_session(new).await.unwrap().0.id;
        let mut v = sensitive(verdict.clone(), 0);
        v.session_id = session;
        v.ticket_id = TicketId(ticket);
        ids.push(store.record_verdict(&v).await.unwrap().id);
    }
    let claims = (0..4).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .claim_verification_timers(&format!("w{i}"), T0, LEASE, 4)
                .await
                .unwrap()
        })
    });
    let mut seen = HashSet::new();
    for claim in claims {
        for timer in claim.await.unwrap() {
            assert!(
                seen.insert(timer.verification_id),
                "claimed twice: {timer:?}"
            );
        }
    }
    assert_eq!(seen.len(), ids.len());
}
