//! The poll stage: ask the provider where the challenge stands, at the configured pace, until
//! the MSP's timeout; retry outages with backoff, then give up with `error`.

use app::states::VerificationState;

use super::super::{connect, ChallengeRef, ChallengeStatus, ProviderError};
use super::{Flow, StepError};
use crate::store::{VerificationRecord, VerificationTimerRecord};

impl Flow {
    pub(super) async fn poll(
        &self,
        v: &VerificationRecord,
        timer: &VerificationTimerRecord,
    ) -> Result<(), StepError> {
        let provider = match self.settings(v).await? {
            Some(record) => connect::provider_for(&record, &self.cipher, self.http.clone()),
            None => Ok(None),
        };
        let provider = match provider {
            Ok(Some(provider)) => provider,
            Ok(None) => {
                let why = "the provider was disconnected while the challenge was pending";
                return self.decide(v, VerificationState::Failed, Some(why)).await;
            }
            Err(err) => {
                let why = format!("the provider settings cannot be used: {err}");
                return self.decide(v, VerificationState::Failed, Some(&why)).await;
            }
        };
        let Some(challenge) = timer.provider_ref.clone().map(ChallengeRef) else {
            let why = "the challenge reference was lost";
            return self.decide(v, VerificationState::Failed, Some(why)).await;
        };
        let now = crate::clock::now_ms();
        if timer.deadline.is_some_and(|d| now >= d) {
            // The person may still tap the push; withdraw it so a late tap means nothing there
            // either (Relay ignores it regardless).
            let _ = provider.cancel(&challenge).await;
            let why = "nobody answered before the timeout";
            return self.decide(v, VerificationState::Expired, Some(why)).await;
        }
        let (state, why) = match provider.poll(&challenge).await {
            Ok(ChallengeStatus::Pending) => {
                let next = now + self.config.poll.as_millis() as i64;
                let next = timer.deadline.map_or(next, |d| next.min(d));
                self.store
                    .reschedule_verification_timer(v.id, &self.owner, next, 0, None)
                    .await?;
                return Ok(());
            }
            Ok(ChallengeStatus::Approved) => (VerificationState::Approved, None),
            Ok(ChallengeStatus::Denied) => (VerificationState::Denied, None),
            Ok(ChallengeStatus::Expired) => (
                VerificationState::Expired,
                Some("the provider let the challenge expire".to_owned()),
            ),
            Ok(ChallengeStatus::Failed(err)) => (VerificationState::Failed, Some(err.to_string())),
            Ok(ChallengeStatus::Cancelled) => (
                VerificationState::Failed,
                Some("the challenge was cancelled at the provider".to_owned()),
            ),
            Err(ProviderError::Unavailable(why)) => {
                let why = format!("the provider is unavailable: {why}");
                return self.retry_or_fail(v, timer, &why).await;
            }
            Err(err) => (VerificationState::Failed, Some(err.to_string())),
        };
        self.decide(v, state, why.as_deref()).await
    }
}
