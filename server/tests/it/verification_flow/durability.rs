//! The timer is in the database: a restart resumes polling, and two replicas on one database
//! send one challenge and report one outcome.

use super::harness::{flowed, linger, RESET};
use crate::pipeline::harness::ALICIA;
use app::states::VerificationState;

#[tokio::test]
async fn a_restart_during_polling_loses_nothing() {
    let mut f = flowed().await;
    let ticket = f.ticket(RESET, Some(ALICIA));
    let session = f.wake(ticket, RESET).await;
    let challenge = f.challenge().await;
    f.app.stop().await.expect("graceful stop");
    // Answered while no Relay runs; a new process on the same database picks the timer up.
    assert!(f.verify.approve(&challenge.id));
    let next = f.another_app().await;
    f.app = next;
    let v = f.settled(session).await;
    assert_eq!(v.state, VerificationState::Approved);
    linger().await;
    assert_eq!(f.verify.challenges().len(), 1, "one challenge");
    let notes = f.verification_notes(ticket);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[1].contains("approved"));
}

#[tokio::test]
async fn two_replicas_send_one_challenge_and_report_one_outcome() {
    let f = flowed().await;
    let second = f.another_app().await;
    let ticket = f.ticket(RESET, Some(ALICIA));
    let session = f.wake(ticket, RESET).await;
    let challenge = f.challenge().await;
    linger().await;
    assert_eq!(f.verify.challenges().len(), 1, "one challenge");
    assert!(f.verify.deny(&challenge.id));
    let v = f.settled(session).await;
    assert_eq!(v.state, VerificationState::Denied);
    linger().await;
    let notes = f.verification_notes(ticket);
    assert_eq!(notes.len(), 2, "one sent note, one outcome note: {notes:?}");
    let entries = second.state.store.session_entries(session).await.unwrap();
    let notices = entries
        .iter()
        .filter(|e| e.body.pointer("/notice/verification").is_some())
        .count();
    assert_eq!(notices, 1, "one notice");
}
