//! Writes as Autotask has them: create → itemId, PATCH /{Entity} with id in the body, notes under
//! /Tickets/{id}/Notes, contacts under /Companies/{id}/Contacts, impersonation, webhook children.

use app::ids::{CompanyId, ContactId, ResourceId, TicketId};
use serde_json::json;
use server::autotask::entities::PUBLISH_INTERNAL_ONLY;
use server::autotask::{Contact, Ticket, TicketNote, TicketWebhook, WebhookField};

use super::env;

const TECHNICIAN: i64 = 29682910;

fn new_ticket(title: &str) -> Ticket {
    Ticket {
        title: Some(title.into()),
        company_id: Some(CompanyId(612)),
        status: Some(1),
        priority: Some(2),
        queue_id: Some(29683481),
        ..Default::default()
    }
}

#[tokio::test]
async fn create_then_patch_a_ticket() {
    let env = env().await;
    let t = &env.tenant;
    let id = t
        .create::<Ticket>(&new_ticket("Laptop fan is loud"))
        .await
        .unwrap();
    let created = t.get::<Ticket>(id).await.unwrap().unwrap();
    assert_eq!(created.title.as_deref(), Some("Laptop fan is loud"));
    assert_eq!(
        created.creator_resource_id,
        Some(ResourceId(env.sim.api_user_resource_id()))
    );
    assert!(created
        .ticket_number
        .as_deref()
        .is_some_and(|n| n.starts_with('T')));

    // A typed patch sends only what it sets: the title must survive a priority change.
    let patch = Ticket {
        priority: Some(1),
        ..Default::default()
    };
    assert_eq!(t.update::<Ticket>(id, &patch).await.unwrap(), id);
    assert_eq!(
        t.update::<Ticket>(id, &json!({"status": 5})).await.unwrap(),
        id
    );
    let updated = t.get::<Ticket>(id).await.unwrap().unwrap();
    assert_eq!(updated.priority, Some(1));
    assert!(updated.is_complete());
    assert_eq!(updated.title.as_deref(), Some("Laptop fan is loud"));
    assert!(updated.completed_date.is_some());

    let cleared = serde_json::Map::from_iter([("description".to_owned(), json!(null))]);
    t.update_json::<Ticket>(id, cleared).await.unwrap();
}

#[tokio::test]
async fn notes_are_written_under_their_ticket() {
    let env = env().await;
    let note = TicketNote::new(
        TicketId(41207),
        "Update from Relay",
        "Cleared cached credentials.",
        1,
        PUBLISH_INTERNAL_ONLY,
    );
    let id = env
        .tenant
        .create_ticket_note(TicketId(41207), &note)
        .await
        .unwrap();
    let view = env
        .sim
        .notes(41207)
        .into_iter()
        .find(|n| n.id == id)
        .expect("note stored");
    assert_eq!(view.publish, Some(PUBLISH_INTERNAL_ONLY));
    let stored = env.tenant.get::<TicketNote>(id).await.unwrap().unwrap();
    assert_eq!(
        stored.creator_resource_id,
        Some(ResourceId(env.sim.api_user_resource_id()))
    );
    assert!(stored.is_internal());

    env.tenant
        .update_ticket_note(TicketId(41207), id, &json!({"title": "Update (edited)"}))
        .await
        .unwrap();
    let edited = env.tenant.get::<TicketNote>(id).await.unwrap().unwrap();
    assert_eq!(edited.title.as_deref(), Some("Update (edited)"));
}

#[tokio::test]
async fn impersonated_notes_name_the_technician() {
    let env = env().await;
    let note = TicketNote::new(TicketId(41208), "On site", "Swapped the dock.", 1, 1);
    let id = env
        .tenant
        .impersonating(TECHNICIAN)
        .create_ticket_note(TicketId(41208), &note)
        .await
        .unwrap();
    let stored = env.tenant.get::<TicketNote>(id).await.unwrap().unwrap();
    assert_eq!(stored.creator_resource_id, Some(ResourceId(TECHNICIAN)));
    assert_eq!(
        stored.impersonator_creator_resource_id,
        Some(ResourceId(env.sim.api_user_resource_id()))
    );
}

#[tokio::test]
async fn contacts_are_written_under_their_company() {
    let env = env().await;
    let contact = Contact {
        first_name: Some("Quinn".into()),
        last_name: Some("Example".into()),
        email_address: Some("quinn@contosodental.example".into()),
        is_active: Some(1),
        ..Default::default()
    };
    let id = env
        .tenant
        .create_contact(CompanyId(612), &contact)
        .await
        .unwrap();
    env.tenant
        .update_contact(
            CompanyId(612),
            ContactId(id),
            &json!({"title": "Practice Manager"}),
        )
        .await
        .unwrap();
    let stored = env.tenant.get::<Contact>(id).await.unwrap().unwrap();
    assert_eq!(stored.company_id, Some(CompanyId(612)));
    assert!(stored.active());
    assert_eq!(stored.title.as_deref(), Some("Practice Manager"));
}

#[tokio::test]
async fn webhooks_with_fields_and_excluded_resources() {
    let env = env().await;
    let t = &env.tenant;
    let hook = TicketWebhook {
        name: Some("Relay tickets".into()),
        webhook_url: Some("http://127.0.0.1:9/hooks/autotask/1".into()),
        deactivation_url: Some("http://127.0.0.1:9/hooks/autotask/1/deactivated".into()),
        secret_key: Some("fake-hook-secret-0123456789".into()),
        is_active: Some(true),
        is_subscribed_to_create_events: Some(true),
        is_subscribed_to_update_events: Some(true),
        ..Default::default()
    };
    let hook_id = t.create::<TicketWebhook>(&hook).await.unwrap();
    let before = t.get::<TicketWebhook>(hook_id).await.unwrap().unwrap();
    assert_eq!(
        before.is_ready,
        Some(false),
        "not ready without a subscribed field"
    );
    assert!(before.webhook_guid.is_some());

    let status_field = t
        .entity_fields("TicketWebhookFields")
        .await
        .unwrap()
        .value_for_label("fieldID", "status")
        .expect("status is webhook-capable");
    let field = WebhookField {
        field_id: Some(status_field),
        is_subscribed_field: Some(true),
        ..Default::default()
    };
    t.create_webhook_field::<TicketWebhook>(hook_id, &field)
        .await
        .unwrap();
    let api_user = t.api_user_resource_id().await.unwrap();
    t.create_webhook_excluded_resource::<TicketWebhook>(hook_id, api_user)
        .await
        .unwrap();

    let after = t.get::<TicketWebhook>(hook_id).await.unwrap().unwrap();
    assert_eq!(after.is_ready, Some(true));
    t.delete::<TicketWebhook>(hook_id).await.unwrap();
}
