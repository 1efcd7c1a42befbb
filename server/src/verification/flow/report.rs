//! The report stage: the outcome note on the ticket, then (for a challenge the agent waited
//! for) a trusted notice that wakes the agent with the outcome, then the timer goes.

use serde_json::json;

use super::{texts, Flow, StepError};
use crate::store::{VerificationRecord, VerificationTimerRecord};

impl Flow {
    pub(super) async fn report(
        &self,
        v: &VerificationRecord,
        timer: &VerificationTimerRecord,
    ) -> Result<(), StepError> {
        if let Some(text) = texts::outcome_note(
            v.state,
            v.state_reason.as_deref(),
            v.email_masked.as_deref(),
        ) {
            let tenant = self.tenant(v).await?;
            // Autotask down: retried with backoff; after the retries the outcome still reaches
            // the agent (the trail says the note is missing).
            if !self.post_note(v, &tenant, &text).await && timer.attempts + 1 < self.config.retries
            {
                let next =
                    crate::clock::now_ms() + self.config.backoff(timer.attempts).as_millis() as i64;
                let why = "the outcome note could not be posted";
                self.store
                    .reschedule_verification_timer(
                        v.id,
                        &self.owner,
                        next,
                        timer.attempts + 1,
                        Some(why),
                    )
                    .await?;
                return Ok(());
            }
        }
        if texts::wakes_agent(v.state) && !self.notice_given(v).await? {
            let notice = json!({
                "verification": {
                    "id": v.id.get(),
                    "outcome": v.state.as_str(),
                    "reason": v.state_reason,
                    "ticket_id": v.ticket_id.get(),
                },
                "text": texts::outcome_summary(v.state, v.state_reason.as_deref()),
                "instruction": match v.state {
                    app::states::VerificationState::Approved =>
                        "The requester's identity is verified; work the ticket under your usual policies.",
                    _ => "The requester's identity is NOT verified: do not act on the sensitive request; say so.",
                },
            });
            self.store
                .add_session_notice(v.session_id, &notice, crate::clock::now_ms())
                .await?;
        }
        self.store
            .finish_verification_timer(v.id, &self.owner)
            .await?;
        // The runner skips a session while its timer exists: wake it only now.
        self.wake.notify();
        Ok(())
    }

    /// Whether the session already holds this verification's notice (a report retried after
    /// a crash between the notice and the timer's removal must not wake the agent twice).
    async fn notice_given(&self, v: &VerificationRecord) -> Result<bool, StepError> {
        let entries = self.store.session_entries(v.session_id).await?;
        Ok(entries.iter().any(|e| {
            e.kind == "message"
                && e.body
                    .pointer("/notice/verification/id")
                    .and_then(|id| id.as_i64())
                    == Some(v.id.get())
        }))
    }
}
