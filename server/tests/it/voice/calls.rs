//! Calls replayed by the simulated platform: a known caller by phone, by spoken name only, an
//! unknown caller (defaults), Autotask down during the call, a 50,000-character transcript,
//! and the end-of-call report delivered three times.

use super::harness::*;
use app::states::VoiceCallState;
use relay_sim::voice::{demo_calls, ScriptedCall};
use relay_sim::Faults;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_caller_by_phone_gets_a_ticket_on_their_company_and_the_transcript_note() {
    let v = voiced().await;
    let call = demo_calls().remove(0);
    let replay = v.platform(false).replay(&call).await.unwrap();
    assert!(
        replay.statuses.iter().all(|s| *s == 200),
        "{:?}",
        replay.statuses
    );
    let found = replay.find_contact.unwrap();
    assert!(
        found.starts_with("1 match: Alicia Park (Contoso Dental Group)"),
        "{found}"
    );
    assert!(
        found.contains(&format!("contactId {ALICIA}")) && found.contains("by phone number"),
        "{found}"
    );
    let created = replay.create_ticket.unwrap();
    assert!(created.starts_with("Created ticket T"), "{created}");

    let done = v.settle(&call.call_id).await;
    let tickets = v.tickets_of_call(&call.call_id).await;
    assert_eq!(tickets.len(), 1);
    let ticket = &tickets[0];
    assert_eq!(ticket.company_id.unwrap().get(), CONTOSO);
    assert_eq!(ticket.contact_id.unwrap().get(), ALICIA);
    assert_eq!(
        ticket.title.as_deref(),
        Some("Outlook keeps prompting for password")
    );
    assert_eq!(done.ticket_id, Some(ticket.id.get()));
    assert!(
        created.contains(ticket.ticket_number.as_deref().unwrap()),
        "the number read back is the ticket's"
    );
    assert_eq!(done.contact_id, Some(ALICIA));
    assert!(done.confidence.unwrap() >= 0.9);
    assert_eq!(done.last_status.as_deref(), Some("ended"));
    assert_eq!(done.transcript_events, call.turns.len() as i64);
    let notes = v.sim.notes(ticket.id.get());
    assert_eq!(notes.len(), 1, "the transcript is the first and only note");
    let note = &notes[0];
    assert_eq!(note.publish, Some(2), "internal only");
    assert!(note
        .description
        .starts_with("Recording: https://recordings.voice-sim.example/"));
    assert!(note
        .description
        .contains("Caller: Outlook keeps asking for my password"));
    assert!(note
        .description
        .contains("Agent: Thanks for calling Northwind IT"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spoken_name_only_with_string_arguments_and_no_live_ticket() {
    let v = voiced().await;
    // An unknown mobile number, a mis-heard last name, arguments as a JSON string, and no
    // create_ticket: the end-of-call report must make the ticket on the right company.
    let call = demo_calls().remove(1);
    let replay = v.platform(true).replay(&call).await.unwrap();
    assert!(
        replay.statuses.iter().all(|s| *s == 200),
        "{:?}",
        replay.statuses
    );
    let found = replay.find_contact.unwrap();
    assert!(
        found.contains(&format!("contactId {EVAN}")),
        "Evan Tomson finds Evan Thompson: {found}"
    );
    assert!(
        !found.contains("Contoso"),
        "never another company's contacts: {found}"
    );
    let done = v.settle(&call.call_id).await;
    let tickets = v.tickets_of_call(&call.call_id).await;
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].company_id.unwrap().get(), FABRIKAM);
    assert_eq!(tickets[0].contact_id.unwrap().get(), EVAN);
    assert_eq!(
        tickets[0].title.as_deref(),
        Some("Warehouse label printer not printing")
    );
    assert_eq!(done.state, VoiceCallState::Done);
    assert_eq!(v.sim.notes(tickets[0].id.get()).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_caller_goes_to_the_defaults() {
    let v = voiced().await;
    let call = demo_calls().remove(2);
    let replay = v.platform(false).replay(&call).await.unwrap();
    let found = replay.find_contact.unwrap();
    assert!(found.starts_with("No matching contact"), "{found}");
    assert!(replay.create_ticket.unwrap().starts_with("Created ticket"));
    let done = v.settle(&call.call_id).await;
    let tickets = v.tickets_of_call(&call.call_id).await;
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].company_id.unwrap().get(), DEFAULT_COMPANY);
    assert_eq!(tickets[0].queue_id, Some(DEFAULT_QUEUE));
    assert_eq!(tickets[0].contact_id, None);
    assert_eq!(done.contact_id, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autotask_down_keeps_the_call_retries_and_makes_the_ticket_once() {
    let v = voiced().await;
    let call = demo_calls().remove(0);
    v.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let replay = v.platform(false).replay(&call).await.unwrap();
    assert!(
        replay.statuses.iter().all(|s| *s == 200),
        "tool failures are still 200: {:?}",
        replay.statuses
    );
    assert!(
        replay.find_contact.unwrap().contains("Alicia Park"),
        "matching needs no Autotask"
    );
    assert!(replay
        .create_ticket
        .unwrap()
        .contains("could not be created"));
    // The worker tries while Autotask is down (the started app's worker, or this one): the
    // call stays, pending, with the error.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let kept = loop {
        v.app.state.voice.process_due(server::clock::now_ms()).await;
        let kept = v.call(&call.call_id).await;
        if kept.attempts >= 1 {
            break kept;
        }
        assert!(std::time::Instant::now() < deadline, "no attempt: {kept:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(kept.state, VoiceCallState::Pending);
    assert!(kept.attempts >= 1 && kept.last_error.is_some(), "{kept:?}");
    assert_eq!(kept.ticket_id, None);
    v.sim.clear_faults();
    // The retry is due later; run the worker as if that time had come.
    v.app
        .state
        .voice
        .process_due(server::clock::now_ms() + 24 * 3600 * 1000)
        .await;
    let done = v.settle(&call.call_id).await;
    let tickets = v.tickets_of_call(&call.call_id).await;
    assert_eq!(tickets.len(), 1, "exactly one ticket");
    assert_eq!(done.ticket_id, Some(tickets[0].id.get()));
    assert_eq!(v.sim.notes(tickets[0].id.get()).len(), 1);
    // A late duplicate report changes nothing.
    assert_eq!(
        v.platform(false).report(&call).await.unwrap().1["status"],
        "duplicate"
    );
    assert_eq!(v.tickets_of_call(&call.call_id).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50000_character_transcript_is_split_in_order_and_reports_dedupe() {
    let v = voiced().await;
    let mut call = ScriptedCall::new("+15550142232")
        .introduces("Alicia Park", None)
        .analysed(
            "Long call about the dental imaging server.",
            json!({"issue": "Imaging server slow"}),
        );
    let mut n = 0;
    while call.turns.iter().map(|t| t.text.len() + 10).sum::<usize>() < 50_000 {
        let text = format!(
            "turn {n:04} {}",
            "the imaging server is slow again ".repeat(6)
        );
        call = if n % 2 == 0 {
            call.says(&text)
        } else {
            call.agent(&text)
        };
        n += 1;
    }
    let platform = v.platform(false);
    let replay = platform.replay(&call).await.unwrap();
    assert!(replay.statuses.iter().all(|s| *s == 200));
    // The report again, twice more: three deliveries, one ticket.
    for _ in 0..2 {
        assert_eq!(
            platform.report(&call).await.unwrap().1["status"],
            "duplicate"
        );
    }
    let done = v.settle(&call.call_id).await;
    let tickets = v.tickets_of_call(&call.call_id).await;
    assert_eq!(tickets.len(), 1);
    let mut notes = v.sim.notes(done.ticket_id.unwrap());
    notes.sort_by_key(|n| n.id);
    assert!(notes.len() >= 2, "{} notes", notes.len());
    assert!(notes
        .iter()
        .all(|n| n.description.chars().count() <= 32_000));
    assert_eq!(
        notes[0].title.as_deref(),
        Some(format!("Call transcript (1/{})", notes.len()).as_str())
    );
    let joined: Vec<&str> = notes
        .iter()
        .flat_map(|n| n.description.lines())
        .filter(|l| l.contains("turn "))
        .collect();
    assert_eq!(joined.len(), n, "every turn once");
    for (i, line) in joined.iter().enumerate() {
        assert!(
            line.contains(&format!("turn {i:04} ")),
            "turn {i} in order: {line}"
        );
        assert!(
            line.starts_with("Caller: ") || line.starts_with("Agent: "),
            "speaker kept: {line}"
        );
    }
}
