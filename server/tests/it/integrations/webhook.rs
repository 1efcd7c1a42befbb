//! The webhook card: URL and secret, Connected after the readiness ping, secret rotation.

use super::harness::{demo_input, env};
use app::service::IntegrationService;
use app::wire::ConnectionState;

#[tokio::test]
async fn card_waits_then_connects_and_rotation_keeps_previous_secret() {
    let env = env(0).await;
    let svc = &env.app.state.integrations;
    let view = svc
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    assert_eq!(view.webhook.state, ConnectionState::WaitingForAutotask);
    assert!(view.webhook.url.ends_with(&view.webhook.secret));

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
    assert_ne!(rotated.secret, card.secret);
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
    let prev = record.webhook_prev_secret_enc.as_deref().unwrap();
    let aad = server::integrations::secrets::webhook_prev_aad(view.id);
    assert_eq!(
        cipher.decrypt_string(prev, aad.as_bytes()).unwrap(),
        card.secret
    );
}
