//! The words of the flow: internal notes on the ticket and activity summaries. Notes never
//! show a full e-mail address (technicians see who was asked without the note leaking it).

use app::states::{PushMethod, VerificationState, VerifierKind};

/// The title every verification note carries, so technicians can filter them.
pub const NOTE_TITLE: &str = "Relay: identity verification";

/// `jane.doe@example.com` → `j***@example.com`; anything without an `@` is masked whole.
pub fn mask_email(email: &str) -> String {
    match email.trim().rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        _ => "***".into(),
    }
}

pub fn provider_name(kind: VerifierKind) -> &'static str {
    match kind {
        VerifierKind::Traceless => "Traceless",
        VerifierKind::Duo => "Duo",
    }
}

/// The push the person gets: Duo always pushes to Duo Mobile; Traceless to the chosen app.
pub fn method_name(kind: VerifierKind, push: PushMethod) -> &'static str {
    match (kind, push) {
        (VerifierKind::Duo, _) | (_, PushMethod::Duo) => "Duo push",
        (_, PushMethod::MicrosoftAuthenticator) => "Microsoft Authenticator push",
    }
}

pub fn sent_note(reason: &str, masked: &str, provider: &str, method: &str, minutes: i64) -> String {
    format!(
        "Identity verification sent.\n\nThis ticket looks like a sensitive request ({reason}). \
         Before Relay's agent acts on it, the requester must confirm who they are: a \
         {method} was sent to {masked} through {provider}. It expires in {minutes} minute(s).\n\n\
         The agent is paused until the answer; replies on this ticket do not change the outcome."
    )
}

/// The outcome note; `None` for outcomes that post nothing (left alone by the MSP's choice).
pub fn outcome_note(
    state: VerificationState,
    reason: Option<&str>,
    masked: Option<&str>,
) -> Option<String> {
    let who = masked.map_or("the requester".to_owned(), |m| {
        format!("the requester ({m})")
    });
    let why = reason
        .map(|r| format!("\n\nReason: {r}"))
        .unwrap_or_default();
    let not_acting = "Relay's agent does not act on this sensitive request; a technician should \
                      verify the requester another way.";
    Some(match state {
        VerificationState::Approved => format!(
            "Identity verification approved: {who} confirmed the request on their device. \
             Relay's agent now proceeds under its usual policies."
        ),
        VerificationState::Denied => {
            format!("Identity verification DENIED: {who} refused the push. {not_acting}{why}")
        }
        VerificationState::Expired => format!(
            "Identity verification expired: {who} did not answer in time. {not_acting}{why}"
        ),
        VerificationState::Failed => {
            format!("Identity verification failed with an error. {not_acting}{why}")
        }
        VerificationState::Impossible => {
            format!("Identity verification was not possible. {not_acting}{why}")
        }
        VerificationState::Flagged => format!(
            "Sensitive request flagged for a technician: no identity-verification provider is \
             connected, so Relay's agent does not act on this ticket.{why}"
        ),
        VerificationState::LeftAlone
        | VerificationState::NotSensitive
        | VerificationState::Starting
        | VerificationState::Pending => return None,
    })
}

/// One line for the activity trail.
pub fn outcome_summary(state: VerificationState, reason: Option<&str>) -> String {
    let base = match state {
        VerificationState::Approved => "Identity verification approved",
        VerificationState::Denied => "Identity verification denied",
        VerificationState::Expired => "Identity verification expired",
        VerificationState::Failed => "Identity verification failed",
        VerificationState::Impossible => "Identity verification impossible",
        VerificationState::Flagged => "Sensitive ticket flagged for a technician (no provider)",
        VerificationState::LeftAlone => "Sensitive ticket left alone (no provider)",
        VerificationState::NotSensitive
        | VerificationState::Starting
        | VerificationState::Pending => "Identity verification in progress",
    };
    match reason {
        Some(r) => format!("{base}: {r}"),
        None => base.to_owned(),
    }
}

/// Whether the agent hears about the outcome (a notice wakes it); outcomes the agent never
/// waited for (nothing was sent) leave it asleep.
pub fn wakes_agent(state: VerificationState) -> bool {
    matches!(
        state,
        VerificationState::Approved
            | VerificationState::Denied
            | VerificationState::Expired
            | VerificationState::Failed
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_local_part_but_the_first_letter() {
        assert_eq!(mask_email("jane.doe@example.com"), "j***@example.com");
        assert_eq!(mask_email(" a@b.example "), "a***@b.example");
        assert_eq!(mask_email("no-at-sign"), "***");
        assert_eq!(mask_email("@example.com"), "***");
    }

    #[test]
    fn every_outcome_but_leaving_alone_posts_a_note_that_says_whether_the_agent_acts() {
        let approved =
            outcome_note(VerificationState::Approved, None, Some("j***@x.test")).unwrap();
        assert!(approved.contains("approved") && approved.contains("proceeds"));
        for s in [
            VerificationState::Denied,
            VerificationState::Expired,
            VerificationState::Failed,
            VerificationState::Impossible,
        ] {
            let note = outcome_note(s, Some("why"), None).unwrap();
            assert!(note.contains("does not act"), "{note}");
            assert!(note.contains("Reason: why"), "{note}");
        }
        assert!(outcome_note(VerificationState::LeftAlone, None, None).is_none());
    }
}
