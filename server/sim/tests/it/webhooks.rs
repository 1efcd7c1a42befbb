//! Webhook callouts delivered to an in-test receiver: signatures checked with an independent
//! HMAC, Create/Update payload contents, excluded resources, retries, deactivation, readiness.

use super::receiver::{Hit, Receiver};
use super::{read, start, start_with, Api};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use relay_sim::{Person, SimConfig, WebhookTiming};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const SECRET: &str = "fake-hook-secret-0123456789";
const WAIT: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(400);
const TECH: i64 = 29682910;

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!(
        "sha1={}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn body_text(hit: &Hit) -> &str {
    std::str::from_utf8(&hit.body).unwrap()
}

fn assert_signed(hit: &Hit) -> Value {
    assert_eq!(hit.method, Method::POST);
    assert_eq!(hit.headers["content-type"], "application/json");
    assert_eq!(
        hit.headers["x-hook-signature"].to_str().unwrap(),
        sign(SECRET, &hit.body)
    );
    serde_json::from_slice(&hit.body).unwrap()
}

/// Creates a webhook for `entity` ("TicketWebhooks"/"TicketNoteWebhooks") with the given
/// (fieldID, subscribed, display-always) fields, excluding the API user; returns (id, guid).
async fn webhook(
    api: &Api,
    rx: &Receiver,
    entity: &str,
    fields: &[(i64, bool, bool)],
) -> (i64, String) {
    let id = api
        .create(
            entity,
            json!({
                "name": format!("Relay {entity}"), "webhookUrl": rx.url("/hooks/events"),
                "deactivationUrl": rx.url("/hooks/deactivated"), "secretKey": SECRET,
                "isActive": true, "isSubscribedToCreateEvents": true,
                "isSubscribedToUpdateEvents": true, "isSubscribedToDeleteEvents": false,
                "notificationEmailAddress": "alerts@demo-msp.example",
            }),
        )
        .await;
    let (_, v) = api.get(&format!("{entity}/{id}")).await;
    assert_eq!(v["item"]["isReady"], false, "no subscribed field yet");
    assert_eq!(
        v["item"]["secretKey"],
        Value::Null,
        "secrets are not read back"
    );
    assert_eq!(v["item"]["ownerResourceID"], api.sim.api_user_resource_id());
    for (field, subscribed, always) in fields {
        api.create(
            &format!("{entity}/{id}/Fields"),
            json!({ "fieldID": field, "isSubscribedField": subscribed,
                    "isDisplayAlwaysField": always, "webhookID": id }),
        )
        .await;
    }
    api.create(
        &format!("{entity}/{id}/ExcludedResources"),
        json!({ "resourceID": api.sim.api_user_resource_id(), "webhookID": id }),
    )
    .await;
    let (_, v) = api.get(&format!("{entity}/{id}")).await;
    (id, v["item"]["webhookGUID"].as_str().unwrap().to_owned())
}

/// status(5) and title(3) subscribed; ticketNumber(2) and companyID(10) always displayed.
const TICKET_FIELDS: &[(i64, bool, bool)] = &[
    (5, true, false),
    (3, true, false),
    (2, false, true),
    (10, false, true),
];

#[tokio::test]
async fn create_event_is_compact_signed_and_carries_configured_fields() {
    let sim = start().await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    let (hook_id, guid) = webhook(&api, &rx, "TicketWebhooks", TICKET_FIELDS).await;
    assert_eq!(
        api.get(&format!("TicketWebhooks/{hook_id}")).await.1["item"]["isReady"],
        true
    );
    let id = sim
        .create_ticket(
            json!({ "companyID": 612, "title": "Café Wi-Fi <down> & 'slow'" }),
            Person::Contact(30684012),
        )
        .unwrap();
    let hit = rx
        .next_at("/hooks/events", WAIT)
        .await
        .expect("create callout");
    let v = assert_signed(&hit);
    let number = sim.record("Tickets", id).unwrap()["ticketNumber"]
        .as_str()
        .unwrap()
        .to_owned();
    let expected_start = format!(
        r#"{{"Action":"Create","Guid":"{guid}","EntityType":"Ticket","Id":{id},"Fields":{{"status":1,"title":"Caf\u00E9 Wi-Fi \u003Cdown\u003E \u0026 \u0027slow\u0027","ticketNumber":"{number}","companyID":612}},"EventTime":""#
    );
    assert!(
        body_text(&hit).starts_with(&expected_start),
        "{}",
        body_text(&hit)
    );
    assert!(
        body_text(&hit).ends_with(r#","SequenceNumber":1,"PersonID":30684012}"#),
        "{}",
        body_text(&hit)
    );
    assert!(v["EventTime"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn update_event_has_only_changed_subscribed_fields_plus_display_always() {
    let sim = start().await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    webhook(&api, &rx, "TicketWebhooks", TICKET_FIELDS).await;
    sim.update_ticket(41207, json!({ "status": 8 }), Person::Resource(TECH))
        .unwrap();
    let hit = rx
        .next_at("/hooks/events", WAIT)
        .await
        .expect("update callout");
    let v = assert_signed(&hit);
    assert!(
        body_text(&hit)
            .contains(r#""Fields":{"status":8,"ticketNumber":"T20250311.0042","companyID":612}"#),
        "{}",
        body_text(&hit)
    );
    assert_eq!(
        (v["Action"].as_str(), v["PersonID"].as_i64()),
        (Some("Update"), Some(TECH))
    );

    sim.update_ticket(
        41207,
        json!({ "description": "not a subscribed field" }),
        Person::Resource(TECH),
    )
    .unwrap();
    assert!(
        rx.next(QUIET).await.is_none(),
        "unsubscribed change must not call out"
    );

    sim.update_ticket(
        41207,
        json!({ "title": "Outlook prompts (again)" }),
        Person::Resource(TECH),
    )
    .unwrap();
    let hit = rx.next_at("/hooks/events", WAIT).await.unwrap();
    let v = assert_signed(&hit);
    assert_eq!(v["SequenceNumber"], 2);
    let keys: Vec<&str> = v["Fields"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(v["Fields"].get("status").is_none());
    assert_eq!(v["Fields"]["title"], "Outlook prompts (again)");
}

#[tokio::test]
async fn changes_by_an_excluded_resource_do_not_call_out() {
    let sim = start().await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    webhook(&api, &rx, "TicketWebhooks", TICKET_FIELDS).await;
    assert_eq!(
        api.patch("Tickets", json!({ "id": 41207, "status": 8 }))
            .await
            .0,
        StatusCode::OK
    );
    let resp = api
        .request(Method::PATCH, &api.url("Tickets"))
        .header("ImpersonationResourceId", TECH.to_string())
        .json(&json!({ "id": 41207, "status": 7 }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let hit = rx.next_at("/hooks/events", WAIT).await.unwrap();
    let v = assert_signed(&hit);
    assert_eq!(
        v["Fields"]["status"], 7,
        "the API user's own change was suppressed"
    );
    assert_eq!(v["PersonID"], TECH);
    assert_eq!(v["SequenceNumber"], 1);
}

#[tokio::test]
async fn note_events_escape_like_dotnet() {
    let sim = start().await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    // ticketID, title, description, publish subscribed/displayed; createdByContactID always.
    let fields = [
        (2, false, true),
        (3, true, false),
        (4, true, false),
        (6, true, false),
        (10, false, true),
    ];
    let (_, guid) = webhook(&api, &rx, "TicketNoteWebhooks", &fields).await;
    let desc = "Printer & scanner both offline again – tried power cycling.";
    let id = sim
        .create_note(
            41210,
            json!({ "title": "Customer reply", "description": desc }),
            Person::Contact(30684077),
        )
        .unwrap();
    let hit = rx.next_at("/hooks/events", WAIT).await.unwrap();
    let v = assert_signed(&hit);
    let expected = format!(
        r#"{{"Action":"Create","Guid":"{guid}","EntityType":"TicketNote","Id":{id},"Fields":{{"ticketID":41210,"title":"Customer reply","description":"Printer \u0026 scanner both offline again \u2013 tried power cycling.","publish":1,"createdByContactID":30684077}},"EventTime":"#
    );
    assert!(
        body_text(&hit).starts_with(&expected),
        "{}",
        body_text(&hit)
    );
    assert_eq!(v["PersonID"], 30684077);
}

#[tokio::test]
async fn webhooks_without_a_subscribed_field_stay_silent() {
    let sim = start().await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    let (id, _) = webhook(&api, &rx, "TicketWebhooks", &[(2, false, true)]).await;
    assert_eq!(
        api.get(&format!("TicketWebhooks/{id}")).await.1["item"]["isReady"],
        false
    );
    sim.create_ticket(
        json!({ "companyID": 612, "title": "Quiet" }),
        Person::Resource(TECH),
    )
    .unwrap();
    assert!(rx.next(QUIET).await.is_none());
}

#[tokio::test]
async fn a_failed_delivery_is_retried_with_the_same_body() {
    let sim = start_with(SimConfig {
        webhooks: WebhookTiming {
            retry_delay: Duration::from_millis(50),
            ..WebhookTiming::default()
        },
        ..SimConfig::default()
    })
    .await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    webhook(&api, &rx, "TicketWebhooks", TICKET_FIELDS).await;
    rx.answer_with(503);
    sim.update_ticket(41209, json!({ "status": 8 }), Person::Resource(TECH))
        .unwrap();
    let first = rx.next_at("/hooks/events", WAIT).await.unwrap();
    rx.answer_with(200);
    let second = rx.next_at("/hooks/events", WAIT).await.unwrap();
    assert_eq!(first.body, second.body);
    assert!(
        rx.next(QUIET).await.is_none(),
        "delivered once it succeeded"
    );
    let attempts: Vec<(u32, Option<u16>)> = sim
        .deliveries()
        .iter()
        .filter(|d| d.kind == "event")
        .map(|d| (d.attempt, d.status))
        .collect();
    assert_eq!(attempts, [(1, Some(503)), (2, Some(200))]);
}

#[tokio::test]
async fn twenty_five_consecutive_failures_deactivate_the_webhook() {
    let sim = start_with(SimConfig {
        webhooks: WebhookTiming {
            retry_delay: Duration::from_millis(5),
            ..WebhookTiming::default()
        },
        ..SimConfig::default()
    })
    .await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    let (id, guid) = webhook(&api, &rx, "TicketWebhooks", TICKET_FIELDS).await;
    rx.answer_with(500);
    for n in 0..5 {
        sim.create_ticket(
            json!({ "companyID": 803, "title": format!("Failing {n}") }),
            Person::Resource(TECH),
        )
        .unwrap();
    }
    let mut sequences = Vec::new();
    let deactivation = loop {
        let hit = rx
            .next(WAIT)
            .await
            .expect("callouts keep coming until deactivation");
        let v = assert_signed(&hit);
        if hit.path == "/hooks/deactivated" {
            break v;
        }
        sequences.push(v["SequenceNumber"].as_i64().unwrap());
    };
    let expected: Vec<i64> = (1..=5).flat_map(|s| [s; 5]).collect();
    assert_eq!(sequences, expected, "5 attempts per event, in order");
    assert_eq!(deactivation["Action"], "Deactivated");
    assert_eq!(deactivation["Guid"], guid.as_str());
    assert_eq!(
        api.get(&format!("TicketWebhooks/{id}")).await.1["item"]["isActive"],
        false
    );
    let logs = api
        .query(
            "WebhookEventErrorLogs",
            json!({ "filter": [{ "op": "eq", "field": "ticketWebhookID", "value": id }] }),
        )
        .await;
    assert_eq!(logs["items"].as_array().unwrap().len(), 5);

    sim.create_ticket(
        json!({ "companyID": 803, "title": "After deactivation" }),
        Person::Resource(TECH),
    )
    .unwrap();
    assert!(
        rx.next(QUIET).await.is_none(),
        "inactive webhooks do not call out"
    );
    rx.answer_with(200);
    assert_eq!(
        api.patch("TicketWebhooks", json!({ "id": id, "isActive": true }))
            .await
            .0,
        StatusCode::OK
    );
    sim.update_ticket(41207, json!({ "status": 8 }), Person::Resource(TECH))
        .unwrap();
    let hit = rx
        .next_at("/hooks/events", WAIT)
        .await
        .expect("reactivated webhook delivers");
    assert_eq!(assert_signed(&hit)["Action"], "Update");
}

#[tokio::test]
async fn forced_deactivation_and_readiness_through_the_control_api() {
    let sim = start().await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    let (id, _) = webhook(&api, &rx, "TicketWebhooks", TICKET_FIELDS).await;
    let http = reqwest::Client::new();
    let base = sim.base_url();
    let resp = http
        .post(format!(
            "{base}/_sim/webhooks/TicketWebhooks/{id}/deactivate"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let hit = rx.next_at("/hooks/deactivated", WAIT).await.unwrap();
    assert_eq!(assert_signed(&hit)["Action"], "Deactivated");
    assert_eq!(
        api.get(&format!("TicketWebhooks/{id}")).await.1["item"]["isActive"],
        false
    );

    let (status, v) = read(
        http.post(format!("{base}/_sim/readiness"))
            .json(&json!({ "url": rx.url("/hooks/ready?secret=abc") }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, v["status"].as_u64()), (StatusCode::OK, Some(200)));
    let hit = rx.next_at("/hooks/ready", WAIT).await.unwrap();
    assert_eq!(hit.method, Method::GET);
    assert_eq!(sim.send_readiness(&rx.url("/hooks/ready")).await, Ok(200));
    assert!(!sim.deactivate_webhook("TicketWebhooks", 999));
}

#[tokio::test]
async fn control_api_creates_tickets_and_notes_and_reads_notes_back() {
    let sim = start().await;
    let base = sim.base_url();
    let http = reqwest::Client::new();
    let (status, v) = read(
        http.post(format!("{base}/_sim/tickets"))
            .json(&json!({ "title": "Cannot print", "asContact": 30684101 }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let id = v["itemId"].as_i64().unwrap();
    let ticket = sim.record("Tickets", id).unwrap();
    assert_eq!(
        (
            ticket["companyID"].as_i64(),
            ticket["createdByContactID"].as_i64()
        ),
        (Some(803), Some(30684101))
    );
    for (body, publish) in [
        (
            json!({ "description": "Internal triage", "publish": 2, "asResource": TECH }),
            2,
        ),
        (
            json!({ "description": "Any update?", "asContact": 30684101 }),
            1,
        ),
    ] {
        let resp = http
            .post(format!("{base}/_sim/tickets/{id}/notes"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let _ = publish;
    }
    let (_, notes) = read(
        http.get(format!("{base}/_sim/tickets/{id}/notes"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let notes = notes["items"].as_array().unwrap().clone();
    assert_eq!(notes.len(), 2);
    assert_eq!(
        (
            notes[0]["publish"].as_i64(),
            notes[0]["creatorResourceID"].as_i64()
        ),
        (Some(2), Some(TECH))
    );
    assert_eq!(
        (
            notes[1]["publish"].as_i64(),
            notes[1]["createdByContactID"].as_i64()
        ),
        (Some(1), Some(30684101))
    );
    let (status, _) = read(
        http.post(format!("{base}/_sim/tickets/{id}/notes"))
            .json(&json!({ "description": "hidden", "publish": 2, "asContact": 30684101 }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "contact notes must be published to all"
    );
}

#[tokio::test]
async fn webhook_definitions_follow_autotask_rules() {
    let sim = start().await;
    let api = Api::new(&sim);
    let rx = Receiver::start().await;
    let (id, _) = webhook(&api, &rx, "TicketWebhooks", TICKET_FIELDS).await;
    let dup = json!({ "name": "dup", "webhookUrl": rx.url("/hooks/events"), "deactivationUrl": rx.url("/d"),
                      "isActive": false, "isSubscribedToCreateEvents": true });
    assert_eq!(
        api.post("TicketWebhooks", dup).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let long = json!({ "name": "n".repeat(51), "webhookUrl": rx.url("/other"), "deactivationUrl": rx.url("/d"),
                       "isActive": true });
    let (status, v) = api.post("TicketWebhooks", long).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(super::error_text(&v).contains("50"), "{v}");
    let fields_path = format!("TicketWebhooks/{id}/Fields");
    assert_eq!(
        api.post(
            &fields_path,
            json!({ "fieldID": 9999, "isSubscribedField": true })
        )
        .await
        .0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        api.post(
            &fields_path,
            json!({ "fieldID": 5, "isSubscribedField": true })
        )
        .await
        .0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let (_, list) = api.get(&fields_path).await;
    assert_eq!(list["pageDetails"]["count"], 4);
    for f in list["items"].as_array().unwrap() {
        if f["isSubscribedField"] == true {
            let (status, _) = api
                .send(Method::DELETE, &format!("{fields_path}/{}", f["id"]), None)
                .await;
            assert_eq!(status, StatusCode::OK);
        }
    }
    assert_eq!(
        api.get(&format!("TicketWebhooks/{id}")).await.1["item"]["isReady"],
        false
    );
    let (_, excluded) = api
        .get(&format!("TicketWebhooks/{id}/ExcludedResources"))
        .await;
    assert_eq!(
        excluded["items"][0]["resourceID"],
        sim.api_user_resource_id()
    );
    let (status, _) = api
        .send(
            Method::PATCH,
            &format!("TicketWebhooks/{id}/ExcludedResources"),
            Some(&json!({"id": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _) = api
        .send(Method::DELETE, &format!("TicketWebhooks/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        rx.next_at("/hooks/deactivated", WAIT).await.is_some(),
        "deleting notifies the deactivation URL"
    );
    assert_eq!(
        api.get(&format!("TicketWebhooks/{id}")).await.1,
        json!({ "item": null })
    );
}
