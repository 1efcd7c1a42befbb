//! Traceless adapter ↔ simulated provider: every outcome, bad credentials, a provider outage.

use super::{outcome, provider, request};
use app::states::PushMethod;
use relay_sim::verify::{VerifyHandle, FAKE_ORGANIZATION_ID, FAKE_SIGNING_SECRET};
use server::verification::traceless::{Traceless, TracelessConfig, TracelessPaths};
use server::verification::{ChallengeError, ChallengeStatus, ProviderError, VerificationProvider};

fn adapter(sim: &VerifyHandle, secret: &str) -> Traceless {
    Traceless::new(
        TracelessConfig {
            base_url: sim.base_url().parse().unwrap(),
            paths: TracelessPaths::default(),
            organization_id: FAKE_ORGANIZATION_ID.to_string(),
            signing_secret: secret.to_string(),
            default_push: PushMethod::MicrosoftAuthenticator,
        },
        reqwest::Client::new(),
    )
}

#[tokio::test]
async fn traceless_approved_denied_and_expired_challenges_are_reported() {
    let sim = provider().await;
    let t = adapter(&sim, FAKE_SIGNING_SECRET);
    t.check().await.unwrap();
    assert_eq!(
        outcome(&t, &sim, VerifyHandle::approve).await,
        ChallengeStatus::Approved
    );
    assert_eq!(
        outcome(&t, &sim, VerifyHandle::deny).await,
        ChallengeStatus::Denied
    );
    assert_eq!(
        outcome(&t, &sim, VerifyHandle::expire).await,
        ChallengeStatus::Expired
    );
    let sent = sim.challenges();
    assert_eq!(sent.len(), 3);
    assert!(sent
        .iter()
        .all(|c| c.push_method == "microsoft_authenticator"));
    assert!(sent[0].message.contains("T20261130.0001"));
}

#[tokio::test]
async fn traceless_sends_the_requested_push_method_and_cancels() {
    let sim = provider().await;
    let t = adapter(&sim, FAKE_SIGNING_SECRET);
    let mut req = request("sam@example.com");
    req.push_method = Some(PushMethod::Duo);
    let challenge = t.start(&req).await.unwrap();
    assert_eq!(sim.challenges()[0].push_method, "duo");
    t.cancel(&challenge).await.unwrap();
    assert_eq!(
        t.poll(&challenge).await.unwrap(),
        ChallengeStatus::Cancelled
    );
    assert!(
        !sim.approve(&challenge.0),
        "a cancelled challenge cannot be approved"
    );
}

#[tokio::test]
async fn traceless_no_device_fails_at_start_or_while_pending() {
    let sim = provider().await;
    let t = adapter(&sim, FAKE_SIGNING_SECRET);
    assert_eq!(
        outcome(&t, &sim, VerifyHandle::fail_no_device).await,
        ChallengeStatus::Failed(ChallengeError::NoDevice)
    );
    sim.remove_device("Lost.Phone@example.com");
    let refused = t
        .start(&request("lost.phone@example.com"))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, ProviderError::Refused(ChallengeError::NoDevice)),
        "{refused:?}"
    );
}

#[tokio::test]
async fn traceless_wrong_secret_is_an_auth_error_and_an_outage_is_unavailable() {
    let sim = provider().await;
    let wrong = adapter(&sim, "fake-but-wrong-secret");
    assert!(matches!(
        wrong.check().await.unwrap_err(),
        ProviderError::Auth(_)
    ));
    let t = adapter(&sim, FAKE_SIGNING_SECRET);
    sim.set_down(true);
    assert!(matches!(
        t.start(&request("a@example.com")).await.unwrap_err(),
        ProviderError::Unavailable(_)
    ));
    sim.set_down(false);
    t.check().await.unwrap();
    sim.shutdown();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let gone = t.check().await.unwrap_err();
    assert!(matches!(gone, ProviderError::Unavailable(_)), "{gone:?}");
}
