//! The picklist, company, contact, resource and asset tools.

use serde_json::json;

use super::{env, invalid, ok, view, COMPANY};

#[tokio::test]
async fn picklist_tools_list_active_values_with_labels() {
    let env = env().await;
    let statuses = view(&ok(&env, "get-ticket-statuses", json!({})).await);
    let labels: Vec<&str> = statuses["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels[0], "New", "sorted by sortOrder");
    assert!(!labels.contains(&"Cancelled"), "inactive hidden by default");
    let complete = statuses["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == 5)
        .unwrap();
    assert_eq!(complete["closed"], true);
    let all = view(
        &ok(
            &env,
            "get-ticket-statuses",
            json!({"includeInactive": true}),
        )
        .await,
    );
    assert!(all["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["label"] == "Cancelled"));
    let cached = ok(&env, "get-ticket-priorities", json!({})).await;
    assert_eq!(cached.requests, 0, "served from the picklist cache");
    assert_eq!(view(&cached)["items"][0]["label"], "Critical");
    let queues = view(&ok(&env, "list-queues", json!({"search": "level"})).await);
    assert_eq!(queues["returned"], 2);
    assert_eq!(queues["items"][0]["id"], 29683481);
    invalid(&env, "list-queues", json!({"limit": 3}), "limit").await;
}

#[tokio::test]
async fn company_and_contact_tools_filter_as_advertised() {
    let env = env().await;
    let company = view(&ok(&env, "get-company", json!({"companyId": COMPANY})).await);
    let name = company["item"]["companyName"].as_str().unwrap().to_owned();
    let fragment: String = name.chars().take(6).collect();
    let found = view(&ok(&env, "list-companies", json!({"search": fragment})).await);
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == COMPANY),
        "{found}"
    );
    assert!(found["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["companyName"].as_str().unwrap().contains(&fragment)));
    let missing = view(&ok(&env, "get-company", json!({"companyId": 987654})).await);
    assert!(missing["item"].is_null());

    let contacts = view(&ok(&env, "list-contacts", json!({"companyId": COMPANY})).await);
    let first = contacts["items"][0].clone();
    assert!(
        contacts["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["companyID"] == COMPANY),
        "{contacts}"
    );
    let email = first["emailAddress"].as_str().unwrap().to_owned();
    let by_email = view(&ok(&env, "list-contacts", json!({"email": email})).await);
    assert_eq!(by_email["items"][0]["id"], first["id"]);
    let full_name = format!(
        "{} {}",
        first["firstName"].as_str().unwrap(),
        first["lastName"].as_str().unwrap()
    );
    let by_name = view(&ok(&env, "list-contacts", json!({"search": full_name})).await);
    assert!(
        by_name["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == first["id"]),
        "{by_name}"
    );
    let one = view(&ok(&env, "get-contact", json!({"contactId": first["id"]})).await);
    assert_eq!(one["item"]["emailAddress"], email);
    invalid(
        &env,
        "list-contacts",
        json!({}),
        "companyId, email or search",
    )
    .await;
    invalid(&env, "list-contacts", json!({"email": "nobody"}), "email").await;
}

#[tokio::test]
async fn resource_and_asset_tools() {
    let env = env().await;
    let techs = view(&ok(&env, "list-resources", json!({})).await);
    let items = techs["items"].as_array().unwrap();
    assert!(
        items.iter().all(|r| r["id"] != 29683021),
        "API users hidden"
    );
    assert!(items.iter().all(|r| r["id"] != 29682913), "inactive hidden");
    let sam = items.iter().find(|r| r["id"] == 29682910).unwrap();
    assert_eq!(sam["name"], "Sam Ortega");
    assert_eq!(sam["assignable"], true);
    let with_api = view(
        &ok(
            &env,
            "list-resources",
            json!({"includeApiUsers": true, "search": "RMM Sync"}),
        )
        .await,
    );
    assert_eq!(with_api["items"][0]["assignable"], false);
    let named = view(&ok(&env, "list-resources", json!({"search": "Priya Nair"})).await);
    assert_eq!(named["returned"], 1);

    let assets = view(&ok(&env, "list-assets", json!({"companyId": COMPANY})).await);
    assert!(
        assets["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == 188),
        "{assets}"
    );
    let by_serial = view(&ok(&env, "list-assets", json!({"search": "PF3KX21A"})).await);
    assert_eq!(by_serial["items"][0]["id"], 188);
    let asset = view(&ok(&env, "get-asset", json!({"assetId": 188})).await);
    assert_eq!(asset["item"]["referenceTitle"], "CONTOSO-WS-014");
    assert!(
        asset["item"]["configurationItemTypeLabel"].is_string(),
        "{asset}"
    );
    invalid(&env, "list-assets", json!({}), "companyId or search").await;
    invalid(&env, "get-asset", json!({"assetId": -1}), "assetId").await;
}
