//! The runner's check before any turn: classify what is new (the ticket at the first run,
//! each later message once) by the rules and, when they find nothing, the MSP's model; store the
//! verdict, and say whether the agent may act.

use serde_json::Value;

use super::super::{connect, Classifier, Verdict};
use super::opinion::ModelView;
use super::Flow;
use crate::agent::brain::rules::conversation::message_text;
use crate::agent::brain::BrainSource;
use crate::store::{ClaimedSession, NewVerdict, StoreError, VerificationRecord};
use app::states::VerificationState;

/// What the runner does with a claimed session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Not sensitive, or the requester was verified: the agent works as usual.
    Proceed,
    /// The agent must not act now; the reason goes on the session (its stop entry).
    Hold(String),
}

impl Flow {
    /// `brains` gives the MSP's brain, asked for a second opinion when the rules find nothing.
    pub async fn gate(
        &self,
        session: &ClaimedSession,
        brains: &dyn BrainSource,
    ) -> Result<Gate, StoreError> {
        let Some(integration_id) = session.integration_id else {
            return Ok(Gate::Proceed);
        };
        let existing = self.store.session_verification(session.id).await?;
        let through = existing.as_ref().map_or(0, |v| v.classified_through);
        let unclassified = existing
            .as_ref()
            .is_none_or(|v| v.state == VerificationState::NotSensitive);
        let verification = match (existing, unclassified) {
            (Some(v), false) => v,
            (existing, _) => {
                let messages = self
                    .store
                    .session_messages_after(session.id, through)
                    .await?;
                if existing.is_some() && messages.is_empty() {
                    return Ok(Gate::Proceed);
                }
                let classifier = Classifier::new(&connect::phrase_changes(
                    &self.store.phrase_changes(session.msp_id).await?,
                ));
                let mut verdict = Verdict::default();
                let mut source = "the ticket";
                // What the model is shown if the rules find nothing: everything classified now.
                let mut screened = Vec::new();
                if existing.is_none() {
                    let ticket = session.context.get("ticket");
                    let text = |k| ticket.and_then(|t| t.get(k)).and_then(Value::as_str);
                    let (title, description) = (
                        text("title").unwrap_or(""),
                        text("description").unwrap_or(""),
                    );
                    verdict = classifier.classify(title, description);
                    screened.push(format!("Title: {title}\n{description}"));
                }
                if !verdict.sensitive() {
                    source = "a later message on the ticket";
                    verdict = messages
                        .iter()
                        .map(|m| classifier.classify("", &message_text(&m.body.to_string())))
                        .find(Verdict::sensitive)
                        .unwrap_or_default();
                    // Relay's own notices are not the requester's words.
                    screened.extend(
                        messages
                            .iter()
                            .filter(|m| m.body.get("notice").is_none())
                            .map(|m| message_text(&m.body.to_string())),
                    );
                }
                let mut unanswered = None;
                screened.retain(|t| !t.trim().is_empty());
                if !verdict.sensitive() && !screened.is_empty() {
                    match self
                        .opinion(session.msp_id, brains, &screened.join("\n\n"))
                        .await
                    {
                        ModelView::Flagged(why) => {
                            if existing.is_none() {
                                source = "the ticket";
                            }
                            verdict = verdict.with_brain_opinion(true, &why);
                        }
                        ModelView::Unanswered(why) => unanswered = Some(why),
                        ModelView::Ordinary => {}
                    }
                }
                let now = crate::clock::now_ms();
                let sensitive = verdict.sensitive();
                let new = NewVerdict {
                    msp_id: session.msp_id,
                    client_id: session.client_id,
                    integration_id,
                    session_id: session.id,
                    ticket_id: session.ticket_id,
                    state: match sensitive {
                        true => VerificationState::Starting,
                        false => VerificationState::NotSensitive,
                    },
                    reason: verdict.reason(),
                    findings: serde_json::to_value(&verdict.findings).unwrap_or_default(),
                    classified_through: messages.last().map_or(through, |m| m.id),
                    now,
                };
                let v = self.store.record_verdict(&new).await?;
                if sensitive && v.state == VerificationState::Starting {
                    let summary = format!(
                        "Sensitive ticket: {} in {source}; the requester's identity is verified before the agent acts",
                        v.reason.as_deref().unwrap_or("sensitive request")
                    );
                    self.trail(&v, "verification.classified", &summary, "sensitive", now)
                        .await;
                }
                if let Some(why) = unanswered {
                    let summary = format!(
                        "The agent's model gave no opinion on the ticket's sensitivity ({why}); \
                         the rules found nothing sensitive"
                    );
                    self.trail(&v, "verification.opinion", &summary, "failed", now)
                        .await;
                }
                v
            }
        };
        Ok(decision(&verification))
    }
}

fn decision(v: &VerificationRecord) -> Gate {
    use VerificationState as S;
    match v.state {
        S::NotSensitive | S::Approved => Gate::Proceed,
        S::Starting | S::Pending => {
            Gate::Hold("waiting for the requester's identity verification".into())
        }
        other => Gate::Hold(format!(
            "sensitive ticket, requester not verified ({}): the agent does not act on it",
            other.as_str().replace('_', " ")
        )),
    }
}
