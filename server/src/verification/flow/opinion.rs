//! The MSP's model as a second classifier: asked only when the rules found nothing, and only
//! able to add a flag. Its failure never blocks the agent (the rules are the floor); it is
//! recorded in the trail instead.

use std::time::Duration;

use super::Flow;
use crate::agent::brain::BrainSource;
use app::ids::MspId;

/// The session waits for the answer under its lease; a slow model must not hold it long.
const OPINION_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) enum ModelView {
    /// No model configured, or the model found the text ordinary.
    Ordinary,
    /// The model thinks it is a sensitive request, for this reason.
    Flagged(String),
    /// The model could not be asked or did not answer; why.
    Unanswered(String),
}

impl Flow {
    pub(super) async fn opinion(
        &self,
        msp: MspId,
        brains: &dyn BrainSource,
        text: &str,
    ) -> ModelView {
        let brain = match brains.brain_for(msp).await {
            Ok(brain) => brain,
            Err(err) => return ModelView::Unanswered(err.to_string()),
        };
        match tokio::time::timeout(OPINION_TIMEOUT, brain.sensitivity(text)).await {
            Err(_) => {
                ModelView::Unanswered(format!("no answer within {} s", OPINION_TIMEOUT.as_secs()))
            }
            Ok(Err(err)) => ModelView::Unanswered(err.to_string()),
            Ok(Ok(Some(opinion))) if opinion.sensitive => {
                ModelView::Flagged(if opinion.reason.is_empty() {
                    "the model judged it a sensitive request".into()
                } else {
                    opinion.reason
                })
            }
            Ok(Ok(_)) => ModelView::Ordinary,
        }
    }
}
