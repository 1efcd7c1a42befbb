//! The reference's webhook fixtures: the simulator's writer reproduces fixture 10 byte for byte
//! and its signing function gives the signatures listed in reference §10.6.

use relay_sim::json_escape::{to_compact, Ordered};
use relay_sim::signing::hook_signature;

const SECRET: &str = "fake-hook-secret-0123456789";

/// The reference's fixtures stay with the server's tests, which parse the same files.
fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn obj(entries: Vec<(&str, Ordered)>) -> Ordered {
    Ordered::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

#[test]
fn writer_reproduces_fixture_10_exactly() {
    let fields = obj(vec![
        ("ticketID", 41210.into()),
        ("title", "Customer reply".into()),
        (
            "description",
            "Printer & scanner both offline again – tried power cycling.".into(),
        ),
        ("noteType", 1.into()),
        ("publish", 1.into()),
        ("createDateTime", "2025-03-11T16:40:02.731Z".into()),
        ("createdByContactID", 30684077.into()),
    ]);
    let body = obj(vec![
        ("Action", "Create".into()),
        ("Guid", "0b3e8d51-77a2-4c19-8f6e-93d4c2a1e7b2".into()),
        ("EntityType", "TicketNote".into()),
        ("Id", 90215.into()),
        ("Fields", fields),
        ("EventTime", "2025-03-11T16:40:03.004Z".into()),
        ("SequenceNumber", 57.into()),
        ("PersonID", 30684077.into()),
    ]);
    assert_eq!(
        to_compact(&body).as_bytes(),
        fixture("10-webhook-ticketnote-create.json").as_slice()
    );
}

#[test]
fn signatures_match_reference_section_10_6() {
    for (file, expected) in [
        (
            "08-webhook-ticket-create.json",
            "sha1=jQnIex3VhVD5FImJTL2oSKc7GJY=",
        ),
        (
            "09-webhook-ticket-update.json",
            "sha1=G7yZNgwXeQrJX2JKevTcOI63vOg=",
        ),
        (
            "10-webhook-ticketnote-create.json",
            "sha1=Z2KXgjTBw2vcTEMztd9s4JLre6E=",
        ),
    ] {
        assert_eq!(hook_signature(SECRET, &fixture(file)), expected, "{file}");
    }
}

#[test]
fn writer_round_trips_fixtures_08_and_09() {
    for file in [
        "08-webhook-ticket-create.json",
        "09-webhook-ticket-update.json",
    ] {
        let raw = fixture(file);
        let text = std::str::from_utf8(&raw).unwrap();
        // These fixtures hold only ASCII-safe strings, so re-ordering-free re-serialisation must
        // give the same bytes when keys are replayed in file order.
        let ordered = ordered_from(text);
        assert_eq!(to_compact(&ordered), text, "{file}");
    }
}

/// Minimal order-preserving parse for flat webhook bodies (one nested object, `Fields`).
fn ordered_from(text: &str) -> Ordered {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    let order = |s: &str| -> Vec<String> {
        let mut keys = Vec::new();
        let mut depth = 0;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                b'"' => {
                    let end = s[i + 1..].find('"').unwrap() + i + 1;
                    if depth == 1 && bytes.get(end + 1) == Some(&b':') {
                        keys.push(s[i + 1..end].to_owned());
                    }
                    i = end;
                }
                _ => {}
            }
            i += 1;
        }
        keys
    };
    let fields_start = text.find("\"Fields\":").unwrap() + 9;
    let fields_text = &text[fields_start..];
    let fields_end = fields_text.find('}').unwrap() + 1;
    let top: Vec<(String, Ordered)> = order(text)
        .into_iter()
        .map(|k| {
            let val = if k == "Fields" {
                Ordered::Object(
                    order(&fields_text[..fields_end])
                        .into_iter()
                        .map(|f| (f.clone(), Ordered::from(&v["Fields"][&f])))
                        .collect(),
                )
            } else {
                Ordered::from(&v[&k])
            };
            (k, val)
        })
        .collect();
    Ordered::Object(top)
}
