//! End to end with Relay's webhook helpers: a webhook set up through the client, a technician's
//! change in the simulator, and the callout verified with `verify_signature` and parsed strictly.

use app::ids::CompanyId;
use std::time::Duration;

use relay_sim::Person;
use serde_json::json;
use server::autotask::webhook::{
    verify_signature, WebhookAction, WebhookEntityType, WebhookPayload,
};
use server::autotask::{Ticket, TicketWebhook, WebhookField};

use super::{env, receiver};

const SECRET: &str = "fake-hook-secret-0123456789";
const TECHNICIAN: i64 = 29682910;

#[tokio::test]
async fn simulator_callouts_verify_and_parse() {
    let env = env().await;
    let t = &env.tenant;
    let (base, mut deliveries) = receiver::start().await;
    let hook = TicketWebhook {
        name: Some("Relay e2e".into()),
        webhook_url: Some(format!("{base}/hooks/autotask/1")),
        deactivation_url: Some(format!("{base}/hooks/autotask/1/deactivated")),
        secret_key: Some(SECRET.into()),
        is_active: Some(true),
        is_subscribed_to_create_events: Some(true),
        is_subscribed_to_update_events: Some(true),
        ..Default::default()
    };
    let hook_id = t.create::<TicketWebhook>(&hook).await.unwrap();
    let field_ids = t.entity_fields("TicketWebhookFields").await.unwrap();
    for (name, subscribed) in [("status", true), ("ticketNumber", false)] {
        let field = WebhookField {
            field_id: field_ids.value_for_label("fieldID", name),
            is_subscribed_field: Some(subscribed),
            is_display_always_field: Some(!subscribed),
            ..Default::default()
        };
        t.create_webhook_field::<TicketWebhook>(hook_id, &field)
            .await
            .unwrap();
    }
    let api_user = t.api_user_resource_id().await.unwrap();
    t.create_webhook_excluded_resource::<TicketWebhook>(hook_id, api_user)
        .await
        .unwrap();
    let guid = t
        .get::<TicketWebhook>(hook_id)
        .await
        .unwrap()
        .unwrap()
        .webhook_guid
        .unwrap();

    // Relay's own write is excluded; the technician's is the first callout to arrive.
    let own = Ticket {
        title: Some("Written by Relay".into()),
        company_id: Some(CompanyId(612)),
        status: Some(1),
        priority: Some(2),
        ..Default::default()
    };
    t.create::<Ticket>(&own).await.unwrap();
    let theirs = env
        .sim
        .create_ticket(
            json!({"title": "Monitor flickers", "companyID": 744}),
            Person::Resource(TECHNICIAN),
        )
        .unwrap();

    let delivery = tokio::time::timeout(Duration::from_secs(5), deliveries.recv())
        .await
        .unwrap()
        .unwrap();
    let signature = delivery.signature.expect("X-Hook-Signature present");
    assert!(verify_signature(
        SECRET.as_bytes(),
        &delivery.body,
        &signature
    ));
    assert!(!verify_signature(
        b"some-other-secret",
        &delivery.body,
        &signature
    ));
    let payload = WebhookPayload::parse(&delivery.body).unwrap();
    assert_eq!(payload.action, WebhookAction::Create);
    assert_eq!(payload.entity_type, WebhookEntityType::Ticket);
    assert_eq!(payload.id, theirs);
    assert_eq!(payload.person_id, Some(TECHNICIAN));
    assert_eq!(payload.guid, guid);
}
