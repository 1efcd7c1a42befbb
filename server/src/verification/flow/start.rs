//! The start stage: decide what the MSP's settings allow, find the requester (the ticket's
//! contact and its e-mail), send the challenge and post the "verification sent" note.

use app::ids::{ContactId, TicketId};
use app::states::{UnverifiedPolicy, VerificationState};

use super::super::connect::{self, DEFAULT_TIMEOUT_SECS};
use super::super::{ChallengeRequest, ProviderError};
use super::{texts, Flow, StepError};
use crate::autotask::{AutotaskError, Contact, TenantClient, Ticket};
use crate::store::{SentChallenge, VerificationRecord, VerificationTimerRecord};

/// Who to challenge, or why nobody can be.
enum Requester {
    Email(String, String),
    Nobody(String),
}

impl Flow {
    pub(super) async fn start(
        &self,
        v: &VerificationRecord,
        timer: &VerificationTimerRecord,
    ) -> Result<(), StepError> {
        let settings = self.settings(v).await?;
        let provider = match &settings {
            None => None,
            Some(record) => match connect::provider_for(record, &self.cipher, self.http.clone()) {
                Ok(provider) => provider,
                Err(err) => {
                    let why = format!("the provider settings cannot be used: {err}");
                    return self.decide(v, VerificationState::Failed, Some(&why)).await;
                }
            },
        };
        let (Some(provider), Some(record)) = (provider, settings.as_ref()) else {
            let policy = settings
                .as_ref()
                .map_or(UnverifiedPolicy::FlagForTechnician, |s| s.without_provider);
            let state = match policy {
                UnverifiedPolicy::FlagForTechnician => VerificationState::Flagged,
                UnverifiedPolicy::LeaveAlone => VerificationState::LeftAlone,
            };
            let why = "no identity-verification provider is connected";
            return self.decide(v, state, Some(why)).await;
        };
        let tenant = self.tenant(v).await?;
        let (email, ticket_number) = match requester(&tenant, v.ticket_id).await {
            Ok(Requester::Email(email, number)) => (email, number),
            Ok(Requester::Nobody(why)) => {
                return self
                    .decide(v, VerificationState::Impossible, Some(&why))
                    .await;
            }
            Err(err) if err.is_transient() => {
                let why = format!("Autotask is unavailable: {err}");
                return self.retry_or_fail(v, timer, &why).await;
            }
            Err(err) => {
                let why = format!("the requester could not be read from Autotask: {err}");
                return self.decide(v, VerificationState::Failed, Some(&why)).await;
            }
        };
        let kind = record.provider.expect("a provider is connected");
        let provider_name = texts::provider_name(kind);
        let method = texts::method_name(kind, record.default_push);
        let reason = v
            .reason
            .clone()
            .unwrap_or_else(|| "sensitive request".into());
        let request = ChallengeRequest {
            email: email.clone(),
            push_method: None,
            reason: format!("Relay: {reason}, ticket {ticket_number}"),
        };
        let challenge = match provider.start(&request).await {
            Ok(challenge) => challenge,
            Err(ProviderError::Unavailable(why)) => {
                let why = format!("{provider_name} is unavailable: {why}");
                return self.retry_or_fail(v, timer, &why).await;
            }
            Err(err) => {
                return self
                    .decide(v, VerificationState::Failed, Some(&err.to_string()))
                    .await;
            }
        };
        let now = crate::clock::now_ms();
        let timeout = if record.timeout_secs > 0 {
            record.timeout_secs
        } else {
            DEFAULT_TIMEOUT_SECS
        };
        let masked = texts::mask_email(&email);
        let sent = SentChallenge {
            provider: provider_name.to_owned(),
            push_method: method.to_owned(),
            email_masked: masked.clone(),
            provider_ref: challenge.0.clone(),
            deadline: now + timeout * 1000,
            next_poll_at: now + self.config.poll.as_millis() as i64,
        };
        if !self
            .store
            .verification_sent(v.id, &self.owner, &sent, now)
            .await?
        {
            // The lease was lost meanwhile: whoever holds it now owns this challenge.
            let _ = provider.cancel(&challenge).await;
            return Ok(());
        }
        let summary = format!("Identity verification sent to {masked} ({provider_name}, {method})");
        self.trail(v, "verification.sent", &summary, "pending", now)
            .await;
        let text = texts::sent_note(&reason, &masked, provider_name, method, (timeout + 59) / 60);
        self.post_note(v, &tenant, &text).await;
        Ok(())
    }

    /// Posts an internal verification note; a failure is on the trail, not fatal.
    pub(super) async fn post_note(
        &self,
        v: &VerificationRecord,
        tenant: &TenantClient,
        text: &str,
    ) -> bool {
        let note = crate::autotask::entities::TicketNote::new(
            v.ticket_id,
            texts::NOTE_TITLE,
            text,
            NOTE_TYPE,
            crate::autotask::entities::PUBLISH_INTERNAL_ONLY,
        );
        let now = crate::clock::now_ms();
        match tenant.create_ticket_note(v.ticket_id, &note).await {
            Ok(id) => {
                let first_line = text.lines().next().unwrap_or_default();
                let summary = format!("Internal note {id} on the ticket: {first_line}");
                self.trail(v, "verification.note", &summary, "posted", now)
                    .await;
                true
            }
            Err(err) => {
                let summary = format!("The verification note could not be posted: {err}");
                self.trail(v, "verification.note", &summary, "failed", now)
                    .await;
                false
            }
        }
    }
}

/// Autotask's "Task Notes"/"Detailed Description" note type as the rest of Relay posts.
const NOTE_TYPE: i64 = 1;

/// The ticket's contact and its primary e-mail, and the ticket number for the push text.
async fn requester(tenant: &TenantClient, ticket_id: TicketId) -> Result<Requester, AutotaskError> {
    let Some(ticket) = tenant.get::<Ticket>(ticket_id.get()).await? else {
        return Ok(Requester::Nobody(
            "the ticket no longer exists in Autotask".into(),
        ));
    };
    let number = ticket
        .ticket_number
        .clone()
        .unwrap_or_else(|| format!("#{ticket_id}"));
    let Some(contact_id) = ticket.contact_id.filter(|c: &ContactId| c.get() > 0) else {
        return Ok(Requester::Nobody(
            "the ticket has no contact, so there is nobody to verify".into(),
        ));
    };
    let Some(contact) = tenant.get::<Contact>(contact_id.get()).await? else {
        return Ok(Requester::Nobody(format!(
            "the ticket's contact {contact_id} no longer exists in Autotask"
        )));
    };
    match contact
        .email_address
        .as_deref()
        .map(str::trim)
        .filter(|e| e.contains('@'))
    {
        Some(email) => Ok(Requester::Email(email.to_owned(), number)),
        None => Ok(Requester::Nobody(format!(
            "the ticket's contact {contact_id} has no e-mail address in Autotask"
        ))),
    }
}
