//! Query JSON shape against fixture 02 and the client-side grammar rules.

use serde_json::json;

use super::*;

const FIXTURE_02: &str = include_str!("../../../tests/fixtures/02-query-request-body.json");

#[test]
fn builds_the_fixture_body_exactly() {
    let query = Query::new()
        .max_records(2)
        .include_fields([
            "id",
            "ticketNumber",
            "title",
            "status",
            "priority",
            "queueID",
            "companyID",
            "lastActivityDate",
        ])
        .filter(Filter::noteq("status", 5))
        .filter(Filter::gte("lastActivityDate", "2025-03-01T00:00:00Z"))
        .filter(Filter::or([
            Filter::eq("queueID", 29682833),
            Filter::is_in("companyID", [612, 744]),
        ]))
        .filter(Filter::eq("Escalation Tier", "Tier 2").udf());
    let expected: Value = serde_json::from_str(FIXTURE_02).unwrap();
    assert_eq!(query.to_body().unwrap(), expected);
}

#[test]
fn every_operator_serialises_with_autotask_spelling() {
    let filters = [
        (Filter::eq("a", 1), json!({"op":"eq","field":"a","value":1})),
        (
            Filter::noteq("a", 1),
            json!({"op":"noteq","field":"a","value":1}),
        ),
        (Filter::gt("a", 1), json!({"op":"gt","field":"a","value":1})),
        (
            Filter::gte("a", 1),
            json!({"op":"gte","field":"a","value":1}),
        ),
        (Filter::lt("a", 1), json!({"op":"lt","field":"a","value":1})),
        (
            Filter::lte("a", 1),
            json!({"op":"lte","field":"a","value":1}),
        ),
        (
            Filter::begins_with("a", "x"),
            json!({"op":"beginsWith","field":"a","value":"x"}),
        ),
        (
            Filter::ends_with("a", "x"),
            json!({"op":"endsWith","field":"a","value":"x"}),
        ),
        (
            Filter::contains("a", "x"),
            json!({"op":"contains","field":"a","value":"x"}),
        ),
        (Filter::exist("a"), json!({"op":"exist","field":"a"})),
        (Filter::not_exist("a"), json!({"op":"notExist","field":"a"})),
        (
            Filter::is_in("a", [1, 2]),
            json!({"op":"in","field":"a","value":[1,2]}),
        ),
        (
            Filter::not_in("a", ["x"]),
            json!({"op":"notIn","field":"a","value":["x"]}),
        ),
        (
            Filter::and([Filter::eq("a", true), Filter::or([Filter::exist("b")])]),
            json!({"op":"and","items":[{"op":"eq","field":"a","value":true},{"op":"or","items":[{"op":"exist","field":"b"}]}]}),
        ),
    ];
    for (filter, expected) in filters {
        assert_eq!(serde_json::to_value(&filter).unwrap(), expected);
    }
}

#[test]
fn defaults_to_500_and_an_everything_filter() {
    let body = Query::new().to_body().unwrap();
    assert_eq!(
        body,
        json!({"MaxRecords":500,"filter":[{"op":"gte","field":"id","value":0}]})
    );
    let count = Query::new()
        .filter(Filter::eq("isActive", true))
        .to_count_body()
        .unwrap();
    assert_eq!(
        count,
        json!({"filter":[{"op":"eq","field":"isActive","value":true}]})
    );
}

#[test]
fn include_fields_always_carry_id() {
    let body = Query::new()
        .include_fields(["companyName"])
        .to_body()
        .unwrap();
    assert_eq!(body["IncludeFields"], json!(["id", "companyName"]));
    let body = Query::new()
        .include_fields(["ID", "companyName"])
        .to_body()
        .unwrap();
    assert_eq!(body["IncludeFields"], json!(["ID", "companyName"]));
}

#[test]
fn rejects_what_autotask_rejects() {
    let bad = [
        Query::new().max_records(0),
        Query::new().max_records(501),
        Query::new()
            .filter(Filter::eq("A", 1).udf())
            .filter(Filter::or([Filter::eq("B", 2).udf()])),
        Query::new().filter(Filter::or([])),
        Query::new().filter(Filter::is_in("id", Vec::<i64>::new())),
        Query::new().filter(Filter::eq(" ", 1)),
        Query::new().filter(Filter::or((0..501).map(|i| Filter::eq("id", i)))),
    ];
    for query in bad {
        assert!(
            matches!(query.to_body(), Err(AutotaskError::InvalidRequest(_))),
            "{query:?} should be rejected"
        );
    }
    assert!(Query::new().max_records(500).to_body().is_ok());
    assert!(Query::new().max_records(1).to_body().is_ok());
}
