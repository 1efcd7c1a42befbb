//! Duo adapter ↔ simulated provider: the fake recomputes every v2 signature, so these tests also
//! prove the adapter signs real requests (Host with port, Date header, form body) correctly.

use super::{outcome, provider, request};
use relay_sim::verify::{VerifyHandle, FAKE_DUO_IKEY, FAKE_DUO_SKEY};
use server::verification::duo::{Duo, DuoConfig};
use server::verification::{ChallengeError, ChallengeStatus, ProviderError, VerificationProvider};

fn adapter(sim: &VerifyHandle, skey: &str) -> Duo {
    Duo::new(
        DuoConfig {
            base_url: sim.base_url().parse().unwrap(),
            integration_key: FAKE_DUO_IKEY.to_string(),
            secret_key: skey.to_string(),
        },
        reqwest::Client::new(),
    )
}

#[tokio::test]
async fn duo_push_outcomes_map_from_auth_status() {
    let sim = provider().await;
    let duo = adapter(&sim, FAKE_DUO_SKEY);
    duo.check().await.unwrap();
    assert_eq!(
        outcome(&duo, &sim, VerifyHandle::approve).await,
        ChallengeStatus::Approved
    );
    assert_eq!(
        outcome(&duo, &sim, VerifyHandle::deny).await,
        ChallengeStatus::Denied
    );
    assert_eq!(
        outcome(&duo, &sim, VerifyHandle::expire).await,
        ChallengeStatus::Expired
    );
    // The push text carries spaces and reserved characters through the signed form body.
    assert!(sim
        .challenges()
        .iter()
        .all(|c| c.message == request("x").reason));
}

#[tokio::test]
async fn duo_unenrolled_user_wrong_key_and_outage() {
    let sim = provider().await;
    let duo = adapter(&sim, FAKE_DUO_SKEY);
    sim.remove_device("nobody@example.com");
    let refused = duo.start(&request("nobody@example.com")).await.unwrap_err();
    assert!(
        matches!(refused, ProviderError::Refused(ChallengeError::NoDevice)),
        "{refused:?}"
    );
    let wrong = adapter(&sim, "fake-but-wrong-duo-secret");
    assert!(matches!(
        wrong.check().await.unwrap_err(),
        ProviderError::Auth(_)
    ));
    sim.set_down(true);
    assert!(matches!(
        duo.check().await.unwrap_err(),
        ProviderError::Unavailable(_)
    ));
}
