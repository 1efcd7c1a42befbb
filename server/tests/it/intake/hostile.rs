//! Property tests: arbitrary bytes and hostile JSON, correctly authenticated and signed, never
//! panic the intake and always get a 4xx (or a 200 when they happen to be a valid payload).

use super::harness::{hooked_app, Hooked};
use proptest::prelude::*;
use serde_json::{json, Value};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// JSON that is valid but wrong: huge numbers, deep nesting, wrong types, near-miss payloads.
fn hostile_json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        Just(json!("1e999999")),
    ];
    let nested = leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("Action".to_string()),
                    Just("Guid".to_string()),
                    Just("EntityType".to_string()),
                    Just("Id".to_string()),
                    Just("SequenceNumber".to_string()),
                    Just("EventTime".to_string()),
                    Just("Fields".to_string()),
                    Just("PersonID".to_string()),
                    "[a-zA-Z]{1,8}",
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![
        nested.prop_map(|v| v.to_string()),
        (1usize..5000).prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth))),
        (1usize..400).prop_map(|n| format!(
            r#"{{"Action":"Create","Guid":"g","EntityType":"Ticket","Id":{},"EventTime":"t","SequenceNumber":1}}"#,
            "9".repeat(n)
        )),
    ]
}

fn check(rt: &tokio::runtime::Runtime, h: &Hooked, body: &[u8]) -> Result<(), TestCaseError> {
    let (status, text) = rt.block_on(h.deliver(body));
    let valid = server::autotask::webhook::WebhookPayload::parse(body).is_ok();
    if valid {
        prop_assert_eq!(status, 200, "{}", text);
    } else {
        prop_assert!(
            (400..500).contains(&status),
            "status {} for {:?}: {}",
            status,
            String::from_utf8_lossy(body),
            text
        );
    }
    Ok(())
}

#[test]
fn arbitrary_bytes_and_hostile_json_get_4xx_never_a_panic() {
    let rt = runtime();
    let h = rt.block_on(hooked_app(&[]));
    let config = ProptestConfig {
        cases: 192,
        ..ProptestConfig::default()
    };
    proptest!(config, |(bytes in prop::collection::vec(any::<u8>(), 0..2048))| {
        check(&rt, &h, &bytes)?;
    });
    proptest!(config, |(text in hostile_json())| {
        check(&rt, &h, text.as_bytes())?;
    });
}
