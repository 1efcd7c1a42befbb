//! The verification adapters against the simulated provider over real HTTP.

mod connect;
mod duo;
mod phrases;
mod settings;
mod settings_forms;
mod settings_rules;
mod traceless;

use relay_sim::verify::{start_verify, VerifyHandle};
use server::verification::{ChallengeRef, ChallengeRequest, ChallengeStatus, VerificationProvider};

pub(crate) async fn provider() -> VerifyHandle {
    start_verify("127.0.0.1:0".parse().unwrap()).await.unwrap()
}

pub(crate) fn request(email: &str) -> ChallengeRequest {
    ChallengeRequest {
        email: email.to_string(),
        push_method: None,
        reason: "Relay: password reset for ticket T20261130.0001".to_string(),
    }
}

/// Starts a challenge, lets `answer` settle it on the fake, and returns what the adapter polls.
pub(crate) async fn outcome(
    adapter: &dyn VerificationProvider,
    sim: &VerifyHandle,
    answer: fn(&VerifyHandle, &str) -> bool,
) -> ChallengeStatus {
    let challenge: ChallengeRef = adapter
        .start(&request("jane.doe@example.com"))
        .await
        .unwrap();
    assert_eq!(
        adapter.poll(&challenge).await.unwrap(),
        ChallengeStatus::Pending
    );
    assert!(answer(sim, &challenge.0), "the fake knows the challenge");
    adapter.poll(&challenge).await.unwrap()
}
