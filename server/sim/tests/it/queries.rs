//! The query engine: every operator, nested groups, case-insensitive keys/operators/fields, the
//! UDF and OR limits, MaxRecords, IncludeFields and counts.

use super::{error_text, ids, start, Api};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn cond(op: &str, field: &str, value: Value) -> Value {
    json!([{ "op": op, "field": field, "value": value }])
}

#[tokio::test]
async fn comparison_and_membership_operators() {
    let sim = start().await;
    let api = Api::new(&sim);
    let c = "Companies";
    assert_eq!(api.ids(c, cond("eq", "companyType", json!(7))).await, [744]);
    assert_eq!(
        api.ids(c, cond("noteq", "companyType", json!(1))).await,
        [744, 829, 836, 842, 851, 858, 889]
    );
    assert_eq!(
        api.ids(c, cond("gt", "id", json!(858))).await,
        [866, 874, 881, 889]
    );
    assert_eq!(
        api.ids(c, cond("gte", "id", json!(874))).await,
        [874, 881, 889]
    );
    assert_eq!(api.ids(c, cond("lt", "id", json!(612))).await, [0]);
    assert_eq!(api.ids(c, cond("lte", "id", json!(612))).await, [0, 612]);
    assert_eq!(
        api.ids(c, cond("in", "companyType", json!([3, 7]))).await,
        [744, 836, 889]
    );
    assert_eq!(
        api.ids(c, cond("notIn", "companyType", json!([1, 3, 7])))
            .await,
        [829, 842, 851, 858]
    );
}

#[tokio::test]
async fn string_operators_are_case_insensitive() {
    let sim = start().await;
    let api = Api::new(&sim);
    let c = "Companies";
    assert_eq!(
        api.ids(c, cond("beginsWith", "companyName", json!("contoso")))
            .await,
        [612]
    );
    assert_eq!(
        api.ids(c, cond("endsWith", "companyName", json!("llp")))
            .await,
        [803]
    );
    assert_eq!(
        api.ids(c, cond("contains", "companyName", json!("SKI")))
            .await,
        [866]
    );
    assert_eq!(
        api.ids(c, cond("eq", "companyName", json!("fabrikam logistics")))
            .await,
        [744]
    );
}

#[tokio::test]
async fn exist_not_exist_booleans_integers_and_dates() {
    let sim = start().await;
    let api = Api::new(&sim);
    let exist = json!([{ "op": "exist", "field": "assignedResourceID" }]);
    assert_eq!(
        api.ids("Tickets", exist).await,
        [41208, 41209, 41210, 41212, 41214]
    );
    let missing = json!([{ "op": "notExist", "field": "assignedResourceID" }]);
    assert_eq!(api.ids("Tickets", missing).await, [41207, 41211, 41213]);
    assert_eq!(
        api.ids("Companies", cond("eq", "isActive", json!(false)))
            .await,
        [842, 851, 866]
    );
    // Contacts.isActive is an integer field.
    assert_eq!(
        api.ids("Contacts", cond("eq", "isActive", json!(0))).await,
        [30684015, 30684171]
    );
    let after = cond("gte", "createDate", json!("2025-03-11T08:12:00Z"));
    assert_eq!(api.ids("Tickets", after).await, [41212, 41213, 41214]);
    let before = cond("lt", "createDate", json!("2025-03-11T08:08:00"));
    assert_eq!(api.ids("Tickets", before).await, [41207]);
    let (status, v) = api
        .post(
            "Companies/query",
            json!({ "filter": cond("eq", "isActive", json!("yes")) }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "booleans must be literal: {v}"
    );
}

#[tokio::test]
async fn nested_groups() {
    let sim = start().await;
    let api = Api::new(&sim);
    let filter = json!([{ "op": "or", "items": [
        { "op": "and", "items": [
            { "op": "eq", "field": "companyType", "value": 1 },
            { "op": "eq", "field": "isActive", "value": false }
        ]},
        { "op": "eq", "field": "companyType", "value": 8 }
    ]}]);
    assert_eq!(api.ids("Companies", filter).await, [858, 866]);
    let anded = json!([
        { "op": "eq", "field": "companyType", "value": 1 },
        { "op": "or", "items": [
            { "op": "beginsWith", "field": "companyName", "value": "Blue" },
            { "op": "beginsWith", "field": "companyName", "value": "Tail" }
        ]}
    ]);
    assert_eq!(api.ids("Companies", anded).await, [817, 881]);
}

#[tokio::test]
async fn keys_operators_and_field_names_are_case_insensitive() {
    let sim = start().await;
    let api = Api::new(&sim);
    let v = api
        .query(
            "Companies",
            json!({
                "Filter": [{ "OP": "EQ", "Field": "COMPANYTYPE", "Value": 7 }],
                "maxRecords": 5,
                "includeFields": ["CompanyName"]
            }),
        )
        .await;
    assert_eq!(ids(&v), [744]);
    assert_eq!(v["pageDetails"]["requestCount"], 5);
    assert_eq!(v["items"][0]["companyName"], "Fabrikam Logistics");
    let v = api
        .query(
            "Contacts",
            json!({ "filter": [{ "op": "BeginsWith", "field": "LastName", "value": "par" }] }),
        )
        .await;
    assert_eq!(ids(&v), [30684012]);
}

#[tokio::test]
async fn udf_conditions_match_by_name_and_only_one_is_allowed() {
    let sim = start().await;
    let api = Api::new(&sim);
    let gold = json!({ "op": "eq", "field": "Customer Tier", "udf": true, "value": "Gold" });
    assert_eq!(
        api.ids("Companies", json!([gold.clone()])).await,
        [612, 881]
    );
    let two = json!({ "filter": [gold.clone(), { "op": "exist", "field": "customer tier", "udf": true }] });
    let (status, v) = api.post("Companies/query", two).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(error_text(&v).contains("one user-defined field"), "{v}");
    // The reference's example body (fixture 02: one UDF, nested or, in) is accepted as written.
    let body = json!({
        "MaxRecords": 2,
        "IncludeFields": ["id", "ticketNumber", "title", "status", "priority", "queueID", "companyID", "lastActivityDate"],
        "filter": [
            { "op": "noteq", "field": "status", "value": 5 },
            { "op": "gte", "field": "lastActivityDate", "value": "2025-03-01T00:00:00Z" },
            { "op": "or", "items": [
                { "op": "eq", "field": "queueID", "value": 29682833 },
                { "op": "in", "field": "companyID", "value": [612, 744] }
            ]},
            { "op": "eq", "field": "Escalation Tier", "udf": true, "value": "Tier 2" }
        ]
    });
    let (status, v) = api.post("Tickets/query", body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(ids(&v), [41213]);
}

#[tokio::test]
async fn more_than_500_or_conditions_are_rejected() {
    let sim = start().await;
    let api = Api::new(&sim);
    let ors = |n: i64| {
        let items: Vec<Value> = (0..n)
            .map(|i| json!({ "op": "eq", "field": "id", "value": i }))
            .collect();
        json!({ "filter": [{ "op": "or", "items": items }] })
    };
    let (status, _) = api.post("Companies/query", ors(500)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, v) = api.post("Companies/query", ors(501)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(error_text(&v).contains("500"), "{v}");
}

#[tokio::test]
async fn unknown_or_unqueryable_fields_and_bad_operators_are_500() {
    let sim = start().await;
    let api = Api::new(&sim);
    for (entity, filter) in [
        ("Tickets", cond("eq", "noSuchField", json!(1))),
        ("Tickets", cond("eq", "creatorType", json!(1))),
        ("Tickets", cond("like", "title", json!("x"))),
        (
            "Tickets",
            json!([{ "op": "in", "field": "status", "value": 5 }]),
        ),
    ] {
        let (status, v) = api
            .post(&format!("{entity}/query"), json!({ "filter": filter }))
            .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{filter}");
        assert!(!error_text(&v).is_empty(), "errors array expected: {v}");
    }
}

#[tokio::test]
async fn max_records_must_be_between_1_and_500() {
    let sim = start().await;
    let api = Api::new(&sim);
    for bad in [json!(0), json!(501), json!(-3), json!("ten")] {
        let body = json!({ "MaxRecords": bad, "filter": cond("gte", "id", json!(0)) });
        let (status, v) = api.post("Companies/query", body).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            v,
            json!({ "errors": ["maxCountOfRecordsToReturn must be between 1 and 500"] })
        );
    }
    let v = api
        .query(
            "Companies",
            json!({ "filter": cond("gte", "id", json!(0)) }),
        )
        .await;
    assert_eq!(v["pageDetails"]["requestCount"], 500);
    assert_eq!(v["pageDetails"]["count"], 14);
    assert_eq!(v["pageDetails"]["nextPageUrl"], Value::Null);
    assert_eq!(v["pageDetails"]["prevPageUrl"], Value::Null);
}

#[tokio::test]
async fn include_fields_trims_items_but_keeps_id() {
    let sim = start().await;
    let api = Api::new(&sim);
    let body = json!({
        "IncludeFields": ["companyName", "Customer Tier"],
        "filter": cond("eq", "id", json!(612))
    });
    let v = api.query("Companies", body).await;
    let item = v["items"][0].as_object().unwrap();
    let mut keys: Vec<&str> = item.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["companyName", "id", "userDefinedFields"]);
    assert_eq!(
        item["userDefinedFields"],
        json!([{ "name": "Customer Tier", "value": "Gold" }])
    );
    let v = api
        .query(
            "Tickets",
            json!({ "IncludeFields": ["title"], "filter": cond("eq", "id", json!(41207)) }),
        )
        .await;
    assert_eq!(v["items"][0]["userDefinedFields"], json!([]));
    assert!(v["items"][0].get("status").is_none());
}

#[tokio::test]
async fn counts_by_post_and_get() {
    let sim = start().await;
    let api = Api::new(&sim);
    let body = json!({ "filter": cond("eq", "companyType", json!(1)) });
    let (status, v) = api.post("Companies/query/count", body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v, json!({ "queryCount": 7 }));
    let url = reqwest::Url::parse_with_params(
        &api.url("Companies/query/count"),
        &[("search", body.to_string())],
    )
    .unwrap();
    let (status, v) = api.send_url(Method::GET, url.as_str(), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["queryCount"], 7);
}

#[tokio::test]
async fn get_search_query_matches_post() {
    let sim = start().await;
    let api = Api::new(&sim);
    let body = json!({ "filter": [{ "op": "eq", "field": "id", "value": 41207 }] });
    let url =
        reqwest::Url::parse_with_params(&api.url("Tickets/query"), &[("search", body.to_string())])
            .unwrap();
    let (status, v) = api.send_url(Method::GET, url.as_str(), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&v), [41207]);
    assert_eq!(v["items"][0]["ticketNumber"], "T20250311.0042");
}

#[tokio::test]
async fn api_user_is_found_by_the_reference_resource_lookup() {
    let sim = start().await;
    let api = Api::new(&sim);
    let user = sim.demo_credentials().username;
    let local = user.split('@').next().unwrap().to_owned();
    let body = json!({
        "filter": [{ "op": "or", "items": [
            { "op": "eq", "field": "userName", "value": user },
            { "op": "eq", "field": "email", "value": user },
            { "op": "eq", "field": "userName", "value": local }
        ]}],
        "IncludeFields": ["id", "userName", "email", "licenseType", "isActive"]
    });
    let v = api.query("Resources", body).await;
    assert_eq!(ids(&v), [sim.api_user_resource_id()]);
    assert_eq!(v["items"][0]["licenseType"], 7);
    let admin = api.get("Resources/4").await.1;
    assert_eq!(admin["item"]["firstName"], "Autotask");
    assert_eq!(admin["item"]["lastName"], "Administrator");
}
