//! When there is nobody to challenge, no provider, or the provider cannot be reached: a note
//! says why, and the agent does not act on the sensitive ticket.

use super::harness::{flowed, flowed_with, linger, until, RESET};
use crate::pipeline::harness::{ALICIA, CONTOSO};
use app::ids::{CompanyId, ContactId};
use app::states::VerificationState;
use serde_json::json;

#[tokio::test]
async fn a_ticket_without_a_contact_cannot_be_verified() {
    let f = flowed().await;
    let ticket = f.ticket(RESET, None);
    let session = f.wake(ticket, RESET).await;
    let v = f.settled(session).await;
    assert_eq!(v.state, VerificationState::Impossible);
    assert!(
        v.state_reason.as_deref().unwrap().contains("no contact"),
        "{v:?}"
    );
    linger().await;
    let notes = f.verification_notes(ticket);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("not possible") && notes[0].contains("no contact"),
        "{notes:?}"
    );
    assert!(f.verify.challenges().is_empty(), "nobody was challenged");
    assert!(f.other_notes(ticket).is_empty(), "the agent did not act");
}

#[tokio::test]
async fn a_contact_without_an_email_cannot_be_verified() {
    let f = flowed().await;
    let tenant = {
        let record = f
            .app
            .state
            .store
            .integration(f.seeded.integration)
            .await
            .unwrap()
            .unwrap();
        f.app
            .state
            .tenants
            .tenant(&record, server::integrations::Purpose::Interactive)
            .unwrap()
    };
    tenant
        .update_contact(
            CompanyId(CONTOSO),
            ContactId(ALICIA),
            &json!({ "emailAddress": "" }),
        )
        .await
        .unwrap();
    let ticket = f.ticket(RESET, Some(ALICIA));
    let session = f.wake(ticket, RESET).await;
    let v = f.settled(session).await;
    assert_eq!(v.state, VerificationState::Impossible);
    linger().await;
    let notes = f.verification_notes(ticket);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("no e-mail address"), "{notes:?}");
    assert!(f.verify.challenges().is_empty());
    assert!(f.other_notes(ticket).is_empty());
}

#[tokio::test]
async fn a_person_without_a_device_gets_an_error_note() {
    let f = flowed().await;
    f.verify.remove_device("alicia.park@contosodental.example");
    let ticket = f.ticket(RESET, Some(ALICIA));
    let session = f.wake(ticket, RESET).await;
    let v = f.settled(session).await;
    assert_eq!(v.state, VerificationState::Failed);
    linger().await;
    let notes = f.verification_notes(ticket);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("failed with an error") && notes[0].contains("no device"),
        "{notes:?}"
    );
    assert!(f.other_notes(ticket).is_empty());
}

#[tokio::test]
async fn a_provider_that_stays_down_ends_in_an_error_note_after_retries() {
    let f = flowed().await;
    let ticket = f.ticket(RESET, Some(ALICIA));
    let session = f.wake(ticket, RESET).await;
    let challenge = f.challenge().await;
    f.verify.set_down(true);
    // Retried with backoff: the timer counts the failures before giving up.
    let store = &f.app.state.store;
    until("a retried poll", || async {
        let v = store.session_verification(session).await.unwrap()?;
        let t = store.verification_timer(v.id).await.unwrap()?;
        (t.attempts >= 2).then_some(())
    })
    .await;
    let v = f.settled(session).await;
    assert_eq!(v.state, VerificationState::Failed, "{v:?}");
    let reason = v.state_reason.unwrap();
    assert!(
        reason.contains("unavailable") && reason.contains("5 attempts"),
        "{reason}"
    );
    f.verify.set_down(false);
    // Coming back later and approving changes nothing.
    f.verify.approve(&challenge.id);
    linger().await;
    let notes = f.verification_notes(ticket);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[1].contains("unavailable"), "{notes:?}");
    assert!(f.other_notes(ticket).is_empty());
}

#[tokio::test]
async fn without_a_provider_the_ticket_is_flagged_for_a_technician() {
    let f = flowed_with(false).await;
    let ticket = f.ticket(RESET, Some(ALICIA));
    let session = f.wake(ticket, RESET).await;
    let v = f.settled(session).await;
    assert_eq!(v.state, VerificationState::Flagged);
    linger().await;
    let notes = f.verification_notes(ticket);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("flagged for a technician"), "{notes:?}");
    assert!(f.other_notes(ticket).is_empty(), "the agent did not act");
}

#[tokio::test]
async fn an_ordinary_ticket_is_not_held_but_a_later_reset_request_is() {
    let f = flowed().await;
    let title = "Printer offline on the 2nd floor";
    let ticket = f.ticket(title, Some(ALICIA));
    let session = f.wake(ticket, title).await;
    until("the agent's note", || async {
        (!f.other_notes(ticket).is_empty()).then_some(())
    })
    .await;
    assert_eq!(
        f.verification(session).await.unwrap().state,
        VerificationState::NotSensitive
    );
    assert!(f.verification_notes(ticket).is_empty());
    // A note turns it into a reset request: classified, and the requester challenged.
    let body = json!({ "event": { "note": { "title": "", "text": "Also I can't log in, please reset my password" } } });
    f.app
        .state
        .store
        .add_session_message(session, app::ids::EventId(9_002), body, 2)
        .await
        .unwrap();
    f.challenge().await;
    let v = f.pending(session).await;
    assert!(v.reason.unwrap().contains("password"));
}
