//! list-tickets and get-ticket.

use relay_sim::Person;
use serde_json::json;
use server::gateway::tools::ToolError;

use super::{call, env, invalid, new_ticket, ok, view, COMPANY, TECHNICIAN};

#[tokio::test]
async fn list_tickets_finds_by_keyword_status_and_company_with_labels() {
    let env = env().await;
    let open = new_ticket(&env, "Zebra printer jams on labels");
    let closed = new_ticket(&env, "Zebra printer driver old");
    env.sim
        .update_ticket(closed, json!({"status": 5}), Person::Resource(TECHNICIAN))
        .unwrap();

    let out = ok(&env, "list-tickets", json!({"search": "Zebra printer"})).await;
    let v = view(&out);
    let ids: Vec<i64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![open], "open by default: {v}");
    assert_eq!(v["items"][0]["statusLabel"], "New");
    assert_eq!(v["items"][0]["priorityLabel"], "Medium");
    assert!(
        v["summary"].as_str().unwrap().contains("complete set"),
        "{v}"
    );
    assert!(
        out.full["items"].is_array(),
        "the whole Autotask answer is kept"
    );

    // The picklists are cached now: one request per list call.
    let out = ok(
        &env,
        "list-tickets",
        json!({"search": "Zebra", "status": "closed"}),
    )
    .await;
    assert_eq!(out.requests, 1);
    assert_eq!(view(&out)["items"][0]["id"], closed);
    let any = view(
        &ok(
            &env,
            "list-tickets",
            json!({"search": "Zebra", "status": "any", "companyId": COMPANY}),
        )
        .await,
    );
    assert_eq!(any["returned"], 2);
    let none = view(
        &ok(
            &env,
            "list-tickets",
            json!({"search": "Zebra", "status": "any", "companyId": 624}),
        )
        .await,
    );
    assert_eq!(none["returned"], 0);
    let by_label = view(
        &ok(
            &env,
            "list-tickets",
            json!({"search": "Zebra", "status": ["complete"]}),
        )
        .await,
    );
    assert_eq!(by_label["items"][0]["id"], closed);
}

#[tokio::test]
async fn list_tickets_validates_explicit_filters_and_limits() {
    let env = env().await;
    new_ticket(&env, "Scanner offline at reception");
    let out = ok(&env, "list-tickets", json!({"filter": [{"op": "contains", "field": "title", "value": "Scanner offline"}], "status": "any"})).await;
    assert_eq!(view(&out)["returned"], 1);
    let out = ok(
        &env,
        "list-tickets",
        json!({"search": "41207", "status": "any"}),
    )
    .await;
    assert_eq!(
        view(&out)["items"][0]["id"],
        41207,
        "digits search the id too"
    );
    let tight = view(&ok(&env, "list-tickets", json!({"status": "any", "limit": 2})).await);
    assert_eq!(tight["returned"], 2);
    assert_eq!(tight["hasMore"], true);

    invalid(
        &env,
        "list-tickets",
        json!({"filter": [{"op": "ne", "field": "status", "value": 5}]}),
        "\"ne\"",
    )
    .await;
    invalid(
        &env,
        "list-tickets",
        json!({"filter": [{"op": "eq", "field": "projectID", "value": 5}]}),
        "projectID",
    )
    .await;
    invalid(
        &env,
        "list-tickets",
        json!({"filter": [{"op": "eq", "field": "status", "value": null}]}),
        "notExist",
    )
    .await;
    invalid(&env, "list-tickets", json!({"limit": 80}), "limit").await;
    invalid(&env, "list-tickets", json!({"search": "x"}), "search").await;
    invalid(&env, "list-tickets", json!({"status": "Nonsense"}), "New").await;
    invalid(
        &env,
        "list-tickets",
        json!({"updatedSince": "last week"}),
        "updatedSince",
    )
    .await;
    invalid(&env, "list-tickets", json!({"colour": "red"}), "colour").await;
}

#[tokio::test]
async fn get_ticket_by_id_or_number_trims_and_labels() {
    let env = env().await;
    let out = ok(&env, "get-ticket", json!({"ticketId": 41207})).await;
    let item = &view(&out)["item"];
    assert_eq!(item["id"], 41207);
    assert_eq!(item["title"], "Outlook keeps prompting for password");
    assert_eq!(item["statusLabel"], "New");
    assert_eq!(item["queueLabel"], "Client Portal");
    assert!(item.get("impersonatorCreatorResourceID").is_none());
    assert_eq!(out.full["item"]["id"], 41207);
    let number = item["ticketNumber"].as_str().unwrap().to_owned();

    // Arguments sent as a JSON string holding the object are accepted.
    let out = ok(
        &env,
        "get-ticket",
        json!(format!(
            "{{\"ticketNumber\": \"{}\"}}",
            number.to_lowercase()
        )),
    )
    .await;
    assert_eq!(view(&out)["item"]["id"], 41207);

    let missing = view(&ok(&env, "get-ticket", json!({"ticketId": 999999})).await);
    assert!(missing["item"].is_null());
    assert!(missing["summary"].as_str().unwrap().contains("No ticket"));

    invalid(&env, "get-ticket", json!({}), "exactly one").await;
    invalid(
        &env,
        "get-ticket",
        json!({"ticketId": 1, "ticketNumber": number}),
        "exactly one",
    )
    .await;
    invalid(&env, "get-ticket", json!({"ticketId": "abc"}), "ticketId").await;
    invalid(
        &env,
        "get-ticket",
        json!({"ticketNumber": "41207"}),
        "T20261130",
    )
    .await;
    assert!(matches!(
        call(&env, "get-ticket", json!([1]), "RLY-1-1-0").await,
        Err(ToolError::InvalidArguments(_))
    ));
}
