//! update-ticket and triage-ticket: labels, the resource role, diffs, and reconciliation.

use serde_json::json;
use server::gateway::tools::{Reconciled, ToolError};

use super::{call, env, invalid, new_ticket, ok, reconcile, view, TECHNICIAN};

const DEFAULT_ROLE: i64 = 29682834;

#[tokio::test]
async fn update_ticket_by_labels_assigns_with_the_default_role_and_reconciles() {
    let env = env().await;
    let ticket = new_ticket(&env, "Monitor flickers");
    let args = json!({"ticketId": ticket, "status": "in progress", "priority": "High", "queue": "Level II Support", "assignedResourceId": TECHNICIAN});
    assert!(matches!(
        reconcile(&env, "update-ticket", args.clone(), "R").await,
        Reconciled::NotDone
    ));

    let out = ok(&env, "update-ticket", args.clone()).await;
    let v = view(&out);
    assert_eq!(v["changed"]["status"]["toLabel"], "In Progress", "{v}");
    assert_eq!(v["changed"]["priority"]["fromLabel"], "Medium");
    let record = env.sim.record("Tickets", ticket).unwrap();
    assert_eq!(record["status"], 8);
    assert_eq!(record["priority"], 1);
    assert_eq!(record["queueID"], 29683482);
    assert_eq!(record["assignedResourceID"], TECHNICIAN);
    assert_eq!(
        record["assignedResourceRoleID"], DEFAULT_ROLE,
        "the role the pitfall needs"
    );
    assert_eq!(out.full["patch"]["id"], ticket);

    match reconcile(&env, "update-ticket", args.clone(), "R").await {
        Reconciled::Done(_) => {}
        other => panic!("expected done, got {other:?}"),
    }
    let again = ok(&env, "update-ticket", args).await;
    assert_eq!(view(&again)["changed"], json!({}), "no change, no write");
    assert!(again.full["patch"].is_null());

    let closing = ok(
        &env,
        "update-ticket",
        json!({"ticketId": ticket, "status": "Complete", "resolution": "Replaced the cable."}),
    )
    .await;
    assert_eq!(view(&closing)["changed"]["status"]["to"], 5);
    let record = env.sim.record("Tickets", ticket).unwrap();
    assert_eq!(record["resolution"], "Replaced the cable.");
}

#[tokio::test]
async fn triage_refuses_closing_and_bad_values_and_resolves_types() {
    let env = env().await;
    let ticket = new_ticket(&env, "Email bouncing");
    ok(
        &env,
        "triage-ticket",
        json!({"ticketId": ticket, "ticketType": "Incident", "priority": 4, "reason": "outage"}),
    )
    .await;
    let record = env.sim.record("Tickets", ticket).unwrap();
    assert_eq!(record["ticketType"], 2);
    assert_eq!(record["priority"], 4);

    match call(
        &env,
        "triage-ticket",
        json!({"ticketId": ticket, "status": "Complete"}),
        "R",
    )
    .await
    {
        Err(ToolError::Refused(m)) => assert!(m.contains("update-ticket"), "{m}"),
        other => panic!("{other:?}"),
    }
    invalid(
        &env,
        "triage-ticket",
        json!({"ticketId": ticket}),
        "at least one",
    )
    .await;
    invalid(
        &env,
        "triage-ticket",
        json!({"ticketId": ticket, "priority": "Urgent"}),
        "Critical",
    )
    .await;
    invalid(
        &env,
        "triage-ticket",
        json!({"ticketId": ticket, "status": "Cancelled"}),
        "not an active value",
    )
    .await;
    invalid(
        &env,
        "triage-ticket",
        json!({"ticketId": ticket, "resolution": "x"}),
        "resolution",
    )
    .await;
    invalid(
        &env,
        "update-ticket",
        json!({"ticketId": ticket, "assignedResourceRoleId": DEFAULT_ROLE}),
        "assignedResourceId",
    )
    .await;
    match call(
        &env,
        "update-ticket",
        json!({"ticketId": ticket, "assignedResourceId": 29683021}),
        "R",
    )
    .await
    {
        Err(ToolError::Refused(m)) => assert!(m.contains("API user"), "{m}"),
        other => panic!("{other:?}"),
    }
    match call(
        &env,
        "update-ticket",
        json!({"ticketId": ticket, "assignedResourceId": 29682913}),
        "R",
    )
    .await
    {
        Err(ToolError::Refused(m)) => assert!(m.contains("inactive"), "{m}"),
        other => panic!("{other:?}"),
    }
    match call(
        &env,
        "update-ticket",
        json!({"ticketId": 999999, "priority": "Low"}),
        "R",
    )
    .await
    {
        Err(ToolError::NotFound(_)) => {}
        other => panic!("{other:?}"),
    }
    // A rejected role comes back as Autotask's own message.
    match call(
        &env,
        "update-ticket",
        json!({"ticketId": ticket, "assignedResourceId": TECHNICIAN, "assignedResourceRoleId": 1}),
        "R",
    )
    .await
    {
        Err(ToolError::Autotask(e)) => assert!(e.to_string().contains("not a valid role"), "{e}"),
        other => panic!("{other:?}"),
    }
}
