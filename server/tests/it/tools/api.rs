//! api-get, api-post and api-patch: confined to the zone's /V1.0/ base, no headers, results
//! trimmed; reconciliation of a generic write is left to a person.

use serde_json::json;
use server::gateway::tools::{Reconciled, ToolError};

use super::{call, env, invalid, new_ticket, ok, reconcile, view};

async fn refused(env: &super::Env, tool: &str, args: serde_json::Value, word: &str) {
    let before = env.sim.request_count();
    match call(env, tool, args.clone(), "R").await {
        Err(ToolError::Refused(why)) => assert!(why.contains(word), "{args}: {why}"),
        other => panic!("{args}: expected refused, got {other:?}"),
    }
    assert_eq!(
        env.sim.request_count(),
        before,
        "nothing was sent for {args}"
    );
}

#[tokio::test]
async fn api_get_reads_inside_the_base_and_refuses_everything_else() {
    let env = env().await;
    let out = ok(&env, "api-get", json!({"path": "/V1.0/Tickets/41207"})).await;
    assert_eq!(view(&out)["body"]["item"]["id"], 41207);
    assert_eq!(out.requests, 1);
    let query = ok(&env, "api-get", json!({"path": "Companies/query", "search": {"filter": [{"op": "eq", "field": "id", "value": 612}]}})).await;
    assert_eq!(view(&query)["body"]["items"][0]["id"], 612);

    refused(
        &env,
        "api-get",
        json!({"path": "https://evil.example/V1.0/Tickets/1"}),
        "URL",
    )
    .await;
    refused(
        &env,
        "api-get",
        json!({"path": "//evil.example/V1.0/Tickets/1"}),
        "host",
    )
    .await;
    refused(
        &env,
        "api-get",
        json!({"path": "/V1.0/../../zoneInformation"}),
        "..",
    )
    .await;
    refused(
        &env,
        "api-get",
        json!({"path": "/V1.0/%2e%2e/%2e%2e/admin"}),
        "percent-encoded",
    )
    .await;
    refused(
        &env,
        "api-get",
        json!({"path": "TicketWebhooks"}),
        "webhook",
    )
    .await;
    refused(
        &env,
        "api-get",
        json!({"path": "Tickets/1", "headers": {"Secret": "fake-not-a-secret"}}),
        "headers",
    )
    .await;
    invalid(
        &env,
        "api-get",
        json!({"path": "Tickets/1", "search": {"filter": []}}),
        "search",
    )
    .await;
}

#[tokio::test]
async fn api_post_and_patch_write_and_are_never_blindly_repeated() {
    let env = env().await;
    let ticket = new_ticket(&env, "Generic API write");
    let post = json!({"path": format!("/V1.0/Tickets/{ticket}/Notes"), "body": {"title": "via api", "description": "posted generically", "noteType": 1, "publish": 2}});
    let out = ok(&env, "api-post", post.clone()).await;
    let created = view(&out)["body"]["itemId"].as_i64().unwrap();
    assert!(env.sim.notes(ticket).iter().any(|n| n.id == created));

    ok(
        &env,
        "api-patch",
        json!({"path": "Tickets", "body": {"id": ticket, "priority": 1}}),
    )
    .await;
    assert_eq!(env.sim.record("Tickets", ticket).unwrap()["priority"], 1);
    refused(
        &env,
        "api-patch",
        json!({"path": format!("Tickets/{ticket}"), "body": {"id": ticket}}),
        "collection",
    )
    .await;
    refused(
        &env,
        "api-patch",
        json!({"path": "Resources", "body": {"id": 4}}),
        "resource",
    )
    .await;
    invalid(
        &env,
        "api-patch",
        json!({"path": "Tickets", "body": {"priority": 1}}),
        "id",
    )
    .await;
    invalid(&env, "api-post", json!({"path": "Tickets"}), "body").await;

    assert!(matches!(
        reconcile(&env, "api-post", post, "R").await,
        Reconciled::Unknown(_)
    ));
    assert!(matches!(
        reconcile(&env, "get-ticket", json!({"ticketId": 1}), "R").await,
        Reconciled::NotDone
    ));
}
