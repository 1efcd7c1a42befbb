//! Contracts for the voice agent: settings (first secret wins, defaults, enabled list), the
//! contact index upserts, and the call history (one row per call id, the report once, leases
//! exclusive, retries to `failed` and back, newest first per MSP).

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use app::ids::IntegrationId;
use app::states::VoiceCallState;
use server::store::{
    Store, VoiceCompanyRow, VoiceContactRow, VoiceDefaults, VoiceMatch, VoiceReport,
};

async fn integration(store: &Store) -> (app::ids::MspId, IntegrationId) {
    let msp = admin(store).await.msp_id;
    let id = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id;
    (msp, id)
}

fn contact(id: i64, company: i64, first: &str, last: &str) -> VoiceContactRow {
    VoiceContactRow {
        contact_id: id,
        company_id: company,
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{first}@example.test"),
        phones: "5550100001".into(),
        active: true,
        last_modified: Some("2026-11-30T10:00:00Z".into()),
    }
}

pub async fn voice_settings_and_index(store: Store) {
    let (msp, id) = integration(&store).await;
    assert_eq!(store.voice_settings(id).await.unwrap(), None);
    let first = store
        .ensure_voice_settings(id, msp, "sealed-one", T0)
        .await
        .unwrap();
    let again = store
        .ensure_voice_settings(id, msp, "sealed-two", T0 + 1)
        .await
        .unwrap();
    assert_eq!(again.secret_enc, "sealed-one", "the first secret wins");
    assert!(!first.enabled);
    assert!(store.enabled_voice_integrations().await.unwrap().is_empty());
    let defaults = VoiceDefaults {
        enabled: true,
        queue_id: Some(29_683_481),
        status: Some(1),
        priority: Some(3),
        issue_type: None,
        company_id: Some(0),
        contact_id: Some(30_684_001),
    };
    assert!(store
        .set_voice_defaults(id, &defaults, T0 + 2)
        .await
        .unwrap());
    assert!(store
        .set_voice_secret(id, "sealed-rotated", T0 + 3)
        .await
        .unwrap());
    let saved = store.voice_settings(id).await.unwrap().unwrap();
    assert_eq!(
        (
            saved.enabled,
            saved.default_queue_id,
            saved.default_priority
        ),
        (true, Some(29_683_481), Some(3))
    );
    assert_eq!(
        (saved.default_company_id, saved.default_contact_id),
        (Some(0), Some(30_684_001))
    );
    assert_eq!(
        (saved.secret_enc.as_str(), saved.updated_at),
        ("sealed-rotated", T0 + 3)
    );
    assert_eq!(store.enabled_voice_integrations().await.unwrap(), vec![id]);

    let company = VoiceCompanyRow {
        company_id: 612,
        name: "Contoso Dental".into(),
        phones: "5550142231".into(),
        active: true,
    };
    store
        .upsert_voice_companies(id, std::slice::from_ref(&company))
        .await
        .unwrap();
    let renamed = VoiceCompanyRow {
        name: "Contoso Dental Group".into(),
        ..company
    };
    store
        .upsert_voice_companies(id, std::slice::from_ref(&renamed))
        .await
        .unwrap();
    assert_eq!(store.voice_companies(id).await.unwrap(), vec![renamed]);
    store
        .upsert_voice_contacts(
            id,
            &[
                contact(2, 612, "Ben", "Okafor"),
                contact(1, 612, "Alicia", "Park"),
            ],
        )
        .await
        .unwrap();
    store
        .upsert_voice_contacts(id, &[contact(1, 744, "Alicia", "Parker")])
        .await
        .unwrap();
    let contacts = store.voice_contacts(id).await.unwrap();
    assert_eq!(
        contacts.iter().map(|c| c.contact_id).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(
        (contacts[0].company_id, contacts[0].last_name.as_str()),
        (744, "Parker")
    );
    assert_eq!(store.count_voice_contacts(id).await.unwrap(), 2);
    store
        .mark_voice_index_synced(id, T0 + 9, Some("2026-11-30T10:00:00Z"))
        .await
        .unwrap();
    store
        .mark_voice_index_synced(id, T0 + 10, None)
        .await
        .unwrap();
    let synced = store.voice_settings(id).await.unwrap().unwrap();
    assert_eq!(synced.index_synced_at, Some(T0 + 10));
    assert_eq!(
        synced.index_watermark.as_deref(),
        Some("2026-11-30T10:00:00Z"),
        "kept without a new one"
    );
}

pub async fn voice_calls_dedupe_lease_and_retry(store: Store) {
    let (msp, id) = integration(&store).await;
    let call = store
        .open_voice_call(id, msp, "call-1", Some("+15550142232"), T0)
        .await
        .unwrap();
    let same = store
        .open_voice_call(id, msp, "call-1", None, T0 + 5)
        .await
        .unwrap();
    assert_eq!(call.id, same.id, "one row per call id");
    assert_eq!(same.state, VoiceCallState::InProgress);
    let found = VoiceMatch {
        contact_id: Some(30_684_012),
        company_id: Some(612),
        label: "Alicia Park (Contoso)".into(),
        confidence: 0.97,
    };
    store
        .set_voice_match(call.id, &found, T0 + 6)
        .await
        .unwrap();
    assert!(store
        .set_voice_ticket(call.id, 7001, Some("T20261130.0001"), T0 + 7)
        .await
        .unwrap());
    assert!(
        !store
            .set_voice_ticket(call.id, 7002, Some("T20261130.0002"), T0 + 8)
            .await
            .unwrap(),
        "the first ticket stays"
    );
    store
        .set_voice_status(call.id, "ended", T0 + 9)
        .await
        .unwrap();
    store.count_voice_transcript(call.id, T0 + 9).await.unwrap();
    store
        .note_voice_error(call.id, "create_ticket: timed out", T0 + 9)
        .await
        .unwrap();
    let report = VoiceReport {
        transcript: "Caller: hello".into(),
        report: "{}".into(),
        ended_reason: Some("customer-ended-call".into()),
        ..VoiceReport::default()
    };
    assert!(store
        .submit_voice_report(call.id, &report, T0 + 10)
        .await
        .unwrap());
    for _ in 0..2 {
        assert!(
            !store
                .submit_voice_report(call.id, &report, T0 + 11)
                .await
                .unwrap(),
            "duplicates change nothing"
        );
    }
    assert_eq!(
        store.due_voice_calls(T0 + 9, 10).await.unwrap(),
        vec![],
        "not due before its time"
    );
    assert_eq!(
        store.due_voice_calls(T0 + 10, 10).await.unwrap(),
        vec![call.id]
    );
    let held = store
        .claim_voice_call(call.id, T0 + 1000, T0 + 10)
        .await
        .unwrap()
        .expect("claimed");
    assert_eq!(
        (held.ticket_id, held.contact_id, held.transcript_events),
        (Some(7001), Some(30_684_012), 1)
    );
    assert_eq!(held.caller.as_deref(), Some("+15550142232"));
    assert!(
        store
            .claim_voice_call(call.id, T0 + 2000, T0 + 20)
            .await
            .unwrap()
            .is_none(),
        "the lease is exclusive"
    );
    assert!(
        store.due_voice_calls(T0 + 20, 10).await.unwrap().is_empty(),
        "a held call is not due"
    );
    store
        .voice_attempt_failed(call.id, "Autotask 500", Some(T0 + 500), T0 + 30)
        .await
        .unwrap();
    let retried = store
        .claim_voice_call(call.id, T0 + 3000, T0 + 500)
        .await
        .unwrap()
        .expect("due again");
    assert_eq!(
        (retried.attempts, retried.last_error.as_deref()),
        (1, Some("Autotask 500"))
    );
    store
        .set_voice_notes_posted(call.id, 2, T0 + 501)
        .await
        .unwrap();
    store
        .voice_attempt_failed(call.id, "gave up", None, T0 + 502)
        .await
        .unwrap();
    let failed = store.voice_call(call.id).await.unwrap().unwrap();
    assert_eq!(
        (failed.state, failed.notes_posted),
        (VoiceCallState::Failed, 2)
    );
    let other_msp = app::ids::MspId(msp.get() + 1000);
    assert!(
        !store
            .retry_voice_call(other_msp, call.id, T0 + 600)
            .await
            .unwrap(),
        "only its own MSP retries it"
    );
    assert!(store
        .retry_voice_call(msp, call.id, T0 + 600)
        .await
        .unwrap());
    assert!(
        !store
            .retry_voice_call(msp, call.id, T0 + 601)
            .await
            .unwrap(),
        "only a failed call"
    );
    let again = store
        .claim_voice_call(call.id, T0 + 4000, T0 + 600)
        .await
        .unwrap()
        .expect("pending again");
    assert_eq!(again.attempts, 0);
    store.finish_voice_call(call.id, T0 + 700).await.unwrap();
    let done = store.voice_call(call.id).await.unwrap().unwrap();
    assert_eq!(
        (done.state, done.last_error, done.next_attempt_at),
        (VoiceCallState::Done, None, None)
    );

    for n in 2..=4 {
        store
            .open_voice_call(id, msp, &format!("call-{n}"), None, T0 + n)
            .await
            .unwrap();
    }
    let (page, total) = store.list_voice_calls(msp, 2, 0).await.unwrap();
    assert_eq!(total, 4);
    assert_eq!(
        page.iter().map(|c| c.call_id.as_str()).collect::<Vec<_>>(),
        ["call-4", "call-3"]
    );
    let (rest, _) = store.list_voice_calls(msp, 2, 2).await.unwrap();
    assert_eq!(
        rest.iter().map(|c| c.call_id.as_str()).collect::<Vec<_>>(),
        ["call-2", "call-1"]
    );
    assert_eq!(
        store.list_voice_calls(other_msp, 10, 0).await.unwrap().1,
        0,
        "per MSP"
    );
}
