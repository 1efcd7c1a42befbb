//! internal-note, public-note and list-notes: publish values, noteType by label, splitting at
//! 32,000 characters, the relay reference and reconciliation.

use relay_sim::Person;
use serde_json::json;
use server::gateway::tools::{Reconciled, ToolError, MAX_NOTE_TEXT};

use super::{call, env, invalid, new_ticket, ok, reconcile, view, TECHNICIAN};

#[tokio::test]
async fn internal_and_public_notes_use_the_right_publish_values_and_carry_the_ref() {
    let env = env().await;
    let ticket = new_ticket(&env, "VPN drops every hour");
    let out = call(
        &env,
        "internal-note",
        json!({"ticketId": ticket, "text": "Checked the VPN logs."}),
        "RLY-9-1-0",
    )
    .await
    .unwrap();
    let v = view(&out);
    assert_eq!(v["publish"], 2);
    assert_eq!(v["publishLabel"], "Internal Users");
    let notes = env.sim.notes(ticket);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].publish, Some(2), "2 = internal");
    assert_eq!(notes[0].title.as_deref(), Some("Relay agent"));
    assert_eq!(
        notes[0].note_type,
        Some(1),
        "the tenant's default note type"
    );
    assert!(
        notes[0].description.ends_with("Relay ref RLY-9-1-0"),
        "{}",
        notes[0].description
    );
    assert_eq!(out.full["created"][0]["itemId"], notes[0].id);

    call(&env, "public-note", json!({"ticketId": ticket, "text": "We are on it.", "title": "Update", "noteType": "task notes"}), "RLY-9-1-1").await.unwrap();
    let notes = env.sim.notes(ticket);
    let public = notes
        .iter()
        .find(|n| n.description.contains("We are on it."))
        .unwrap();
    assert_eq!(public.publish, Some(1), "1 = customer-visible");
    assert_eq!(public.note_type, Some(2), "noteType chosen by label");

    invalid(
        &env,
        "internal-note",
        json!({"ticketId": ticket, "text": "x", "noteType": "Memo"}),
        "Task Notes",
    )
    .await;
    invalid(
        &env,
        "internal-note",
        json!({"ticketId": ticket, "text": "x", "noteType": "Workflow Rule Action"}),
        "workflow",
    )
    .await;
    invalid(
        &env,
        "internal-note",
        json!({"ticketId": ticket, "text": "  "}),
        "text",
    )
    .await;
    invalid(
        &env,
        "internal-note",
        json!({"ticketId": ticket, "text": "x", "title": "t".repeat(251)}),
        "title",
    )
    .await;
    invalid(
        &env,
        "internal-note",
        json!({"ticketId": ticket, "text": "x", "publish": 1}),
        "publish",
    )
    .await;
    assert_eq!(
        env.sim.notes(ticket).len(),
        2,
        "refused calls wrote nothing"
    );
}

#[tokio::test]
async fn long_text_is_split_in_order_and_reconciled_by_its_reference() {
    let env = env().await;
    let ticket = new_ticket(&env, "Long diagnostic log");
    let paragraph = format!("{} end.", "diagnostic line ".repeat(600));
    let text = vec![paragraph; 8].join("\n\n");
    assert!(text.chars().count() > MAX_NOTE_TEXT * 2);
    let args = json!({"ticketId": ticket, "text": text});

    assert!(matches!(
        reconcile(&env, "internal-note", args.clone(), "RLY-5-2-0").await,
        Reconciled::NotDone
    ));
    let before = env.sim.request_count();
    let out = call(&env, "internal-note", args.clone(), "RLY-5-2-0")
        .await
        .unwrap();
    let notes = env.sim.notes(ticket);
    assert_eq!(notes.len(), 3);
    assert_eq!(u64::from(out.requests), env.sim.request_count() - before);
    let mut rejoined = Vec::new();
    for (i, note) in notes.iter().enumerate() {
        assert!(note.description.encode_utf16().count() <= MAX_NOTE_TEXT);
        assert_eq!(
            note.title.as_deref(),
            Some(format!("Relay agent ({}/3)", i + 1).as_str())
        );
        let (body, reference) = note.description.rsplit_once("\n\n").unwrap();
        assert_eq!(reference, format!("Relay ref RLY-5-2-0 ({}/3)", i + 1));
        rejoined.push(body.to_owned());
    }
    assert_eq!(rejoined.join("\n\n"), text, "split in order, nothing lost");

    match reconcile(&env, "internal-note", args.clone(), "RLY-5-2-0").await {
        Reconciled::Done(found) => assert_eq!(found.full["created"].as_array().unwrap().len(), 3),
        other => panic!("expected done, got {other:?}"),
    }
    // Another call's reference is not this one.
    assert!(matches!(
        reconcile(&env, "internal-note", args, "RLY-5-2-1").await,
        Reconciled::NotDone
    ));
}

#[tokio::test]
async fn list_notes_newest_first_with_visibility_and_system_notes_hidden() {
    let env = env().await;
    let ticket = new_ticket(&env, "Notes listing");
    env.sim
        .create_note(
            ticket,
            json!({"description": "first internal", "publish": 2, "title": "a"}),
            Person::Resource(TECHNICIAN),
        )
        .unwrap();
    env.sim
        .create_note(
            ticket,
            json!({"description": "customer sees this", "publish": 1, "title": "b"}),
            Person::Resource(TECHNICIAN),
        )
        .unwrap();
    env.sim
        .create_note(
            ticket,
            json!({"description": "rule fired", "publish": 2, "noteType": 13, "title": "c"}),
            Person::Resource(TECHNICIAN),
        )
        .unwrap();

    let out = ok(&env, "list-notes", json!({"ticketId": ticket})).await;
    let v = view(&out);
    assert_eq!(v["returned"], 2, "{v}");
    assert_eq!(v["hiddenSystemNotes"], 1);
    assert_eq!(v["items"][0]["publishLabel"], "All Autotask Users");
    assert_eq!(v["items"][1]["text"], "first internal");
    let internal = view(
        &ok(
            &env,
            "list-notes",
            json!({"ticketId": ticket, "visibility": "internal", "includeSystem": true}),
        )
        .await,
    );
    assert_eq!(internal["returned"], 2);
    assert!(internal["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["publish"] == 2));
    let empty = view(&ok(&env, "list-notes", json!({"ticketId": 999999})).await);
    assert_eq!(empty["returned"], 0);
    invalid(
        &env,
        "list-notes",
        json!({"ticketId": ticket, "visibility": "secret"}),
        "visibility",
    )
    .await;
    invalid(&env, "list-notes", json!({"ticketId": 0}), "ticketId").await;
    assert!(matches!(
        call(&env, "list-notes", json!({}), "R").await,
        Err(ToolError::InvalidArguments(_))
    ));
}
