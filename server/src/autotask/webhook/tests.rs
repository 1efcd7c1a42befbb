//! The three webhook fixtures verify with the reference's §10.6 signatures and parse strictly.

use super::*;

const SECRET: &[u8] = b"fake-hook-secret-0123456789";
const CREATE: &[u8] = include_bytes!("../../../tests/fixtures/08-webhook-ticket-create.json");
const UPDATE: &[u8] = include_bytes!("../../../tests/fixtures/09-webhook-ticket-update.json");
const NOTE: &[u8] = include_bytes!("../../../tests/fixtures/10-webhook-ticketnote-create.json");

const VECTORS: [(&[u8], &str); 3] = [
    (CREATE, "sha1=jQnIex3VhVD5FImJTL2oSKc7GJY="),
    (UPDATE, "sha1=G7yZNgwXeQrJX2JKevTcOI63vOg="),
    (NOTE, "sha1=Z2KXgjTBw2vcTEMztd9s4JLre6E="),
];

#[test]
fn fixtures_verify_with_reference_signatures() {
    for (body, signature) in VECTORS {
        assert!(verify_signature(SECRET, body, signature), "{signature}");
        assert_eq!(sign(SECRET, body), signature);
    }
}

#[test]
fn anything_else_fails_verification() {
    let (body, signature) = VECTORS[0];
    assert!(!verify_signature(b"wrong-secret", body, signature));
    let mut tampered = body.to_vec();
    tampered.push(b' ');
    assert!(!verify_signature(SECRET, &tampered, signature));
    assert!(
        !verify_signature(SECRET, body, &signature[5..]),
        "prefix required"
    );
    assert!(!verify_signature(
        SECRET,
        body,
        "sha256=jQnIex3VhVD5FImJTL2oSKc7GJY="
    ));
    assert!(!verify_signature(SECRET, body, "sha1=not base64!"));
    assert!(!verify_signature(SECRET, body, "sha1="));
    assert!(!verify_signature(SECRET, body, ""));
    assert!(verify_signature(
        SECRET,
        body,
        &format!("  SHA1={}  ", &signature[5..])
    ));
}

#[test]
fn fixtures_parse() {
    let create = WebhookPayload::parse(CREATE).unwrap();
    assert_eq!(create.action, WebhookAction::Create);
    assert_eq!(create.entity_type, WebhookEntityType::Ticket);
    assert_eq!(create.id, 41215);
    assert_eq!(create.field_i64("QUEUEID"), Some(29682833));
    assert_eq!(create.person_id, Some(29682910));
    assert_eq!(
        create.dedupe_key(),
        "6f1c2a9e-4b7d-4e0a-9d3c-2b8f5e71a004:Ticket:41215:118"
    );

    let update = WebhookPayload::parse(UPDATE).unwrap();
    assert_eq!(update.action, WebhookAction::Update);
    assert_eq!(update.field_i64("status"), Some(5));
    assert_eq!(update.sequence_number, 119);

    let note = WebhookPayload::parse(NOTE).unwrap();
    assert_eq!(note.entity_type, WebhookEntityType::TicketNote);
    let description = note.field("description").and_then(Value::as_str).unwrap();
    assert_eq!(
        description,
        "Printer & scanner both offline again \u{2013} tried power cycling."
    );
}

#[test]
fn entity_types_normalise() {
    for (raw, expected) in [
        ("ticket", WebhookEntityType::Ticket),
        ("TICKETNOTE", WebhookEntityType::TicketNote),
        ("Account", WebhookEntityType::Company),
        ("InstalledProduct", WebhookEntityType::ConfigurationItem),
        ("Project", WebhookEntityType::Other("Project".into())),
    ] {
        assert_eq!(WebhookEntityType::parse(raw), expected);
    }
}

#[test]
fn malformed_payloads_get_clear_errors() {
    let cases: [(&str, WebhookPayloadError); 7] = [
        ("not json", WebhookPayloadError::NotJson(String::new())),
        ("[1]", WebhookPayloadError::NotAnObject),
        (
            r#"{"Guid":"g","EntityType":"Ticket","Id":1,"EventTime":"t","SequenceNumber":1}"#,
            WebhookPayloadError::Missing("Action"),
        ),
        (
            r#"{"Action":"Poke","Guid":"g","EntityType":"Ticket","Id":1,"EventTime":"t","SequenceNumber":1}"#,
            WebhookPayloadError::UnknownAction("Poke".into()),
        ),
        (
            r#"{"Action":"Create","Guid":"g","EntityType":"Ticket","Id":"1","EventTime":"t","SequenceNumber":1}"#,
            WebhookPayloadError::WrongType {
                field: "Id",
                expected: "an integer",
            },
        ),
        (
            r#"{"Action":"Create","Guid":"g","EntityType":"Ticket","Id":1,"Fields":[],"EventTime":"t","SequenceNumber":1}"#,
            WebhookPayloadError::WrongType {
                field: "Fields",
                expected: "an object",
            },
        ),
        (
            r#"{"Action":"Create","Guid":"","EntityType":"Ticket","Id":1,"EventTime":"t","SequenceNumber":1}"#,
            WebhookPayloadError::WrongType {
                field: "Guid",
                expected: "a non-empty string",
            },
        ),
    ];
    for (body, expected) in cases {
        let err = WebhookPayload::parse(body.as_bytes()).unwrap_err();
        match (&err, &expected) {
            (WebhookPayloadError::NotJson(_), WebhookPayloadError::NotJson(_)) => {}
            _ => assert_eq!(err, expected, "{body}"),
        }
    }
}
