//! The admin's side through the service the pages call: the secret masked except once after a
//! rotation (and the old one refused at once), defaults checked and saved, the call history
//! with its retry, and nothing for another MSP.

use super::harness::voiced;
use app::ids::{MspId, UserId};
use app::states::VoiceCallState;
use app::voice::{VoiceAdminService, VoiceSettingsInput};
use app::wire::CurrentUser;
use relay_sim::voice::{demo_calls, VoiceAuth, VoicePlatform};
use relay_sim::Faults;

fn admin(msp: MspId) -> CurrentUser {
    CurrentUser {
        user_id: UserId::from(1),
        msp_id: msp,
        msp_name: "Northwind IT".into(),
        name: "Ada Admin".into(),
        email: "ada@northwind.example".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_shown_once_defaults_checked_history_and_retry() {
    let v = voiced().await;
    let svc = v.app.state.voice.clone();
    let user = admin(v.msp);
    let view = svc.voice_settings(&user).await.unwrap();
    assert!(view.available && view.enabled);
    assert!(
        !view.secret_revealed
            && view.secret.contains('…')
            && !view.secret.contains(&v.secret[4..v.secret.len() - 4])
    );
    assert!(view
        .server_url
        .ends_with(&format!("/hooks/voice/{}", v.integration)));
    assert_eq!(view.index_contacts, 19);
    assert!(view.index_synced_at.is_some());

    let rotated = svc.rotate_voice_secret(&user).await.unwrap();
    assert!(rotated.secret_revealed && rotated.secret != v.secret);
    let next = svc.voice_settings(&user).await.unwrap();
    assert!(
        next.secret_revealed && next.secret == rotated.secret,
        "the next view shows it once"
    );
    assert!(
        !svc.voice_settings(&user).await.unwrap().secret_revealed,
        "then masked"
    );
    // The old secret stops working at once; the new one works.
    let old = v
        .platform(false)
        .send(&serde_json::json!({"message": {"type": "hang"}}))
        .await
        .unwrap();
    assert_eq!(old.0, 401);
    let new = VoicePlatform::new(v.url(), VoiceAuth::SecretHeader(rotated.secret.clone()));
    assert_eq!(
        new.send(&serde_json::json!({"message": {"type": "hang"}}))
            .await
            .unwrap()
            .0,
        200
    );

    let bad = VoiceSettingsInput {
        enabled: true,
        priority: "9".into(),
        ..VoiceSettingsInput::default()
    };
    let err = svc.save_voice_settings(&user, bad).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("priority"));
    let bad = VoiceSettingsInput {
        enabled: true,
        queue_id: "level one".into(),
        ..VoiceSettingsInput::default()
    };
    assert_eq!(
        svc.save_voice_settings(&user, bad)
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("queue_id")
    );
    let good = VoiceSettingsInput {
        enabled: true,
        queue_id: "29683482".into(),
        priority: "1".into(),
        company_id: "0".into(),
        ..VoiceSettingsInput::default()
    };
    let saved = svc.save_voice_settings(&user, good).await.unwrap();
    assert_eq!(
        (
            saved.default_queue_id,
            saved.default_priority,
            saved.default_company_id
        ),
        (Some(29_683_482), Some(1), Some(0))
    );

    // A call whose ticket cannot be made: kept, listed, failed after its retries, retryable.
    v.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let call = demo_calls().remove(1);
    new.replay(&call).await.unwrap();
    // Let the worker's own first attempt finish (it fails and schedules a retry a minute
    // out), so giving up below is not overwritten by it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let row = loop {
        let row = v.call(&call.call_id).await;
        if row.attempts >= 1 && row.state == VoiceCallState::Pending {
            break row;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no first attempt: {row:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    v.app
        .state
        .store
        .voice_attempt_failed(row.id, "Autotask 500", None, server::clock::now_ms())
        .await
        .unwrap();
    let page = svc.voice_calls(&user, 1).await.unwrap();
    assert_eq!(page.total, 1);
    let listed = &page.rows[0];
    assert_eq!((listed.state.as_str(), listed.can_retry), ("Failed", true));
    assert_eq!(listed.caller, call.caller);
    assert!(listed
        .transcript
        .as_deref()
        .unwrap()
        .contains("Caller: This is Evan Tomson"));
    assert!(listed.error.as_deref().unwrap().contains("Autotask 500"));
    let stranger = admin(MspId(v.msp.get() + 1000));
    assert_eq!(svc.voice_calls(&stranger, 1).await.unwrap().total, 0);
    assert!(!svc.retry_voice_call(&stranger, listed.id).await.unwrap());
    v.sim.clear_faults();
    assert!(svc.retry_voice_call(&user, listed.id).await.unwrap());
    let done = v.settle(&call.call_id).await;
    assert_eq!(done.state, VoiceCallState::Done);
    let page = svc.voice_calls(&user, 1).await.unwrap();
    assert!(page.rows[0].ticket.as_deref().unwrap().starts_with('T'));
    assert!(page.rows[0]
        .ticket_url
        .as_deref()
        .unwrap()
        .contains("OpenTicketDetail"));
    assert_eq!(v.tickets_of_call(&call.call_id).await.len(), 1);
}
