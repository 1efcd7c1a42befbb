//! The credential wizard: each failure on its field, nothing stored on failure.

use super::harness::{demo_input, env};
use app::error::ErrorCode;
use app::service::IntegrationService;
use app::wire::AutotaskCredentialsInput;

#[tokio::test]
async fn connect_happy_path_stores_validated_integration() {
    let env = env(0).await;
    let view = env
        .app
        .state
        .integrations
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .expect("connect");
    assert_eq!(view.username, "relay-api@demo-msp.example");
    assert_eq!(
        view.api_user_resource_id.get(),
        env.sim.api_user_resource_id()
    );
    assert!(!view.secret_masked.contains("demo-secret-not-real"));
    assert!(view
        .webhook
        .url
        .contains(&format!("/hooks/autotask/{}?secret=", view.id)));
    let stored = env
        .app
        .state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .expect("stored");
    assert_ne!(stored.secret_enc, "demo-secret-not-real");
    assert!(stored.zone_url.starts_with(&env.sim.base_url()));
}

async fn refused(
    input: AutotaskCredentialsInput,
    field: Option<&str>,
    code: ErrorCode,
    down: bool,
) {
    let env = env(0).await;
    if down {
        env.sim.shutdown();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let input = if input.username.is_empty() {
        demo_input(&env.sim)
    } else {
        input
    };
    let err = env
        .app
        .state
        .integrations
        .save_credentials(&env.user, input)
        .await
        .expect_err("must fail");
    assert_eq!(err.field.as_deref(), field, "{err:?}");
    assert_eq!(err.code, code, "{err:?}");
    assert!(!err.message.contains("demo-secret-not-real"));
    let stored = env
        .app
        .state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap();
    assert!(stored.is_none(), "a failed save stores nothing");
}

fn demo(username: &str, secret: &str) -> AutotaskCredentialsInput {
    AutotaskCredentialsInput {
        username: username.into(),
        secret: secret.into(),
        tracking_id: "DEMOTRACKINGIDENTIFIER00001".into(),
    }
}

#[tokio::test]
async fn unknown_username_lands_on_username() {
    refused(
        demo("nobody@elsewhere.example", "demo-secret-not-real"),
        Some("username"),
        ErrorCode::Validation,
        false,
    )
    .await;
}

#[tokio::test]
async fn wrong_secret_lands_on_secret() {
    refused(
        demo("relay-api@demo-msp.example", "wrong-secret-not-real"),
        Some("secret"),
        ErrorCode::Validation,
        false,
    )
    .await;
}

#[tokio::test]
async fn autotask_down_is_a_banner_with_retry() {
    refused(demo("", ""), None, ErrorCode::UpstreamUnavailable, true).await;
}

#[tokio::test]
async fn blank_tracking_identifier_is_refused_before_any_call() {
    let env = env(0).await;
    let mut input = demo_input(&env.sim);
    input.tracking_id = "   ".into();
    let before = env.sim.request_count();
    let err = env
        .app
        .state
        .integrations
        .save_credentials(&env.user, input)
        .await
        .expect_err("blank");
    assert_eq!(err.field.as_deref(), Some("tracking_id"));
    assert_eq!(env.sim.request_count(), before);
}

#[tokio::test]
async fn edit_recheck_and_disconnect() {
    let env = env(0).await;
    let svc = &env.app.state.integrations;
    let first = svc
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let bad = svc
        .save_credentials(
            &env.user,
            demo("relay-api@demo-msp.example", "wrong-secret-not-real"),
        )
        .await;
    assert_eq!(bad.unwrap_err().field.as_deref(), Some("secret"));
    let again = svc
        .recheck(&env.user)
        .await
        .expect("stored credentials still valid");
    assert_eq!(again.id, first.id, "a failed edit changed nothing");
    svc.disconnect(&env.user).await.unwrap();
    assert!(svc
        .autotask_page(&env.user)
        .await
        .unwrap()
        .integration
        .is_none());
    let kept = env
        .app
        .state
        .store
        .integration(first.id)
        .await
        .unwrap()
        .unwrap();
    assert!(kept.disconnected_at.is_some(), "history is kept");
}

/// Autotask answers a wrong tracking identifier with the same 401 as a wrong secret, so the
/// message on the secret field names both.
#[tokio::test]
async fn wrong_tracking_identifier_is_named_in_the_error() {
    let env = env(0).await;
    let mut input = demo_input(&env.sim);
    input.tracking_id = "FAKETRACKINGIDENTIFIER9999".into();
    let err = env
        .app
        .state
        .integrations
        .save_credentials(&env.user, input)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("secret"));
    assert!(
        err.message.contains("API Tracking Identifier"),
        "{}",
        err.message
    );
    assert!(env
        .app
        .state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .is_none());
}
