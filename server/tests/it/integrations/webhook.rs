//! The webhook card: its secrets shown once (creation, rotation, reveal) and masked otherwise,
//! a separate HMAC key, the signature switch, Connected after the readiness ping.

use super::harness::{demo_input, env};
use app::service::IntegrationService;
use app::wire::{ConnectionState, SECRET_MASK};

#[tokio::test]
async fn secrets_are_shown_once_then_masked_and_reveal_shows_them_again() {
    let env = env(0).await;
    let svc = &env.app.state.integrations;
    let view = svc
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    assert_eq!(view.webhook.state, ConnectionState::WaitingForAutotask);
    let shown = view.webhook.revealed.clone().expect("shown on creation");
    assert!(shown.url.ends_with(&format!("?secret={}", shown.url_token)));
    assert!(shown
        .deactivation_url
        .ends_with(&format!("/deactivated?secret={}", shown.url_token)));
    let key = shown
        .hmac_key
        .clone()
        .expect("a new integration has an HMAC key");
    assert_ne!(key, shown.url_token, "the HMAC key is its own secret");
    assert!(
        key.len() >= 10 && key.len() <= 64,
        "fits Autotask's secretKey"
    );
    assert!(view.webhook.signature_required && view.webhook.has_hmac_key);

    // The page view after the save (a plain form's redirect) shows them once more, then never.
    let next = svc
        .autotask_page(&env.user)
        .await
        .unwrap()
        .integration
        .unwrap();
    assert_eq!(next.webhook.revealed.as_ref(), Some(&shown));
    for _ in 0..2 {
        let page = svc.autotask_page(&env.user).await.unwrap();
        let json = serde_json::to_string(&page).unwrap();
        assert!(
            !json.contains(&shown.url_token),
            "token in a page load: {json}"
        );
        assert!(!json.contains(&key), "HMAC key in a page load: {json}");
        let card = page.integration.unwrap().webhook;
        assert_eq!(card.revealed, None);
        assert!(
            card.url.ends_with(&format!("?secret={SECRET_MASK}")),
            "{}",
            card.url
        );
    }

    let revealed = svc.reveal_webhook_secrets(&env.user).await.unwrap();
    assert_eq!(revealed.revealed.as_ref(), Some(&shown));
    let once = svc
        .autotask_page(&env.user)
        .await
        .unwrap()
        .integration
        .unwrap();
    assert_eq!(once.webhook.revealed.as_ref(), Some(&shown));
    let after = svc
        .autotask_page(&env.user)
        .await
        .unwrap()
        .integration
        .unwrap();
    assert_eq!(after.webhook.revealed, None);
}

#[tokio::test]
async fn card_connects_and_rotation_keeps_previous_token_and_key() {
    let env = env(0).await;
    let svc = &env.app.state.integrations;
    let view = svc
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let first = view.webhook.revealed.clone().unwrap();

    // What intake calls once the readiness GET carries the right secret.
    env.app
        .state
        .store
        .mark_webhook_connected(view.id, 1_750_000_000_000)
        .await
        .unwrap();
    let page = svc.autotask_page(&env.user).await.unwrap();
    let card = page.integration.unwrap().webhook;
    assert!(
        matches!(card.state, ConnectionState::Connected { .. }),
        "{card:?}"
    );

    let rotated = svc.rotate_webhook_secret(&env.user).await.unwrap();
    let new = rotated.revealed.clone().expect("shown on rotation");
    assert_ne!(new.url_token, first.url_token);
    assert_ne!(new.hmac_key, first.hmac_key);
    assert!(rotated.previous_secret_until.is_some());
    let record = env
        .app
        .state
        .store
        .integration(view.id)
        .await
        .unwrap()
        .unwrap();
    let cipher = &env.app.state.cipher;
    let open = |sealed: &str, aad: String| cipher.decrypt_string(sealed, aad.as_bytes()).unwrap();
    use server::integrations::secrets::{hmac_prev_aad, webhook_prev_aad};
    let prev = record.webhook_prev_secret_enc.as_deref().unwrap();
    assert_eq!(open(prev, webhook_prev_aad(view.id)), first.url_token);
    let prev_key = record.webhook_prev_hmac_key_enc.as_deref().unwrap();
    assert_eq!(Some(open(prev_key, hmac_prev_aad(view.id))), first.hmac_key);
}

#[tokio::test]
async fn the_admin_switches_signatures_off_and_on() {
    let env = env(0).await;
    let svc = &env.app.state.integrations;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let off = svc.set_signature_required(&env.user, false).await.unwrap();
    assert!(!off.signature_required);
    assert_eq!(off.revealed, None, "switching never shows the secrets");
    let page = svc.autotask_page(&env.user).await.unwrap();
    assert!(!page.integration.unwrap().webhook.signature_required);
    let on = svc.set_signature_required(&env.user, true).await.unwrap();
    assert!(on.signature_required);
}
