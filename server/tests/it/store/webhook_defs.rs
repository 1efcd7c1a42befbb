//! Contracts for the webhook definitions Relay registered or found, and the health reads:
//! events in a window, clearing a deactivation, the connected integrations.

use super::events::event;
use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use app::ids::IntegrationId;
use server::store::{Store, WebhookDefinitionRecord};

fn definition(integration_id: IntegrationId, entity: &str, id: i64) -> WebhookDefinitionRecord {
    WebhookDefinitionRecord {
        integration_id,
        entity: entity.into(),
        autotask_id: id,
        registered_by_relay: true,
        is_active: true,
        is_ready: true,
        fields: vec!["status".into(), "companyID".into()],
        excluded_resources: vec![29_682_885],
        inactive_reason: None,
        checked_at: T0,
    }
}

async fn integration(store: &Store) -> (IntegrationId, app::ids::MspId) {
    let msp = admin(store).await.msp_id;
    let rec = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    (rec.id, msp)
}

pub async fn definitions_upsert_keep_who_registered_and_delete(store: Store) {
    let (id, _) = integration(&store).await;
    let tickets = definition(id, "TicketWebhooks", 11);
    let notes = definition(id, "TicketNoteWebhooks", 4);
    store.upsert_webhook_definition(&notes).await.unwrap();
    store.upsert_webhook_definition(&tickets).await.unwrap();
    assert_eq!(
        store.webhook_definitions(id).await.unwrap(),
        vec![tickets.clone(), notes.clone()],
        "tickets first"
    );

    // Seen again by a check (which does not know who made it): still Relay's, fields updated.
    let seen = WebhookDefinitionRecord {
        registered_by_relay: false,
        is_ready: false,
        fields: vec!["status".into()],
        checked_at: T0 + 5,
        ..tickets.clone()
    };
    store.upsert_webhook_definition(&seen).await.unwrap();
    let now = store.webhook_definitions(id).await.unwrap();
    assert_eq!(
        now[0],
        WebhookDefinitionRecord {
            registered_by_relay: true,
            ..seen.clone()
        }
    );

    // A different definition in Autotask (recreated by hand): who made it is the new sighting's.
    let other = WebhookDefinitionRecord {
        autotask_id: 12,
        ..seen
    };
    store.upsert_webhook_definition(&other).await.unwrap();
    assert_eq!(store.webhook_definitions(id).await.unwrap()[0], other);

    // Removed by Relay: off the list, remembered for its deletion notice, back when registered.
    assert_eq!(
        store
            .mark_webhook_definitions_removed(id, T0 + 6)
            .await
            .unwrap(),
        2
    );
    assert!(store.webhook_definitions(id).await.unwrap().is_empty());
    assert!(store
        .webhook_definition_was_removed(id, "TicketWebhooks", 12)
        .await
        .unwrap());
    assert!(!store
        .webhook_definition_was_removed(id, "TicketWebhooks", 11)
        .await
        .unwrap());
    assert!(!store
        .webhook_definition_was_removed(id, "TicketNoteWebhooks", 12)
        .await
        .unwrap());
    let inactive = store
        .mark_webhook_definitions_inactive(id, None, "too late", T0 + 7)
        .await
        .unwrap();
    assert_eq!(inactive, 0, "removed ones are not deactivated");
    store.upsert_webhook_definition(&other).await.unwrap();
    store.upsert_webhook_definition(&notes).await.unwrap();
    assert!(!store
        .webhook_definition_was_removed(id, "TicketWebhooks", 12)
        .await
        .unwrap());
    assert_eq!(store.webhook_definitions(id).await.unwrap().len(), 2);

    assert!(store
        .delete_webhook_definition(id, "TicketWebhooks")
        .await
        .unwrap());
    assert!(!store
        .delete_webhook_definition(id, "TicketWebhooks")
        .await
        .unwrap());
    assert_eq!(store.webhook_definitions(id).await.unwrap(), vec![notes]);
}

pub async fn definitions_inactive_keep_the_first_reason_until_reactivated(store: Store) {
    let (id, _) = integration(&store).await;
    for (entity, n) in [("TicketWebhooks", 1), ("TicketNoteWebhooks", 2)] {
        store
            .upsert_webhook_definition(&definition(id, entity, n))
            .await
            .unwrap();
    }
    let changed = store
        .mark_webhook_definitions_inactive(id, Some("TicketWebhooks"), "deactivation URL", T0 + 1)
        .await
        .unwrap();
    assert_eq!(changed, 1);
    // A later check finds it still inactive: the first explanation stays.
    store
        .mark_webhook_definitions_inactive(id, None, "periodic check", T0 + 2)
        .await
        .unwrap();
    let defs = store.webhook_definitions(id).await.unwrap();
    assert!(!defs[0].is_active && !defs[1].is_active);
    assert_eq!(defs[0].inactive_reason.as_deref(), Some("deactivation URL"));
    assert_eq!(defs[1].inactive_reason.as_deref(), Some("periodic check"));

    assert!(store
        .mark_webhook_definition_active(id, "TicketWebhooks", T0 + 3)
        .await
        .unwrap());
    let defs = store.webhook_definitions(id).await.unwrap();
    assert!(defs[0].is_active);
    assert_eq!(
        (defs[0].inactive_reason.as_deref(), defs[0].checked_at),
        (None, T0 + 3)
    );
    assert!(!defs[1].is_active, "only the one reactivated");
}

pub async fn health_counts_events_clears_deactivation_and_lists_connected(store: Store) {
    let (id, msp) = integration(&store).await;
    for seq in 1..=4 {
        store
            .insert_webhook_event(event(id, msp, seq, 7))
            .await
            .unwrap();
    }
    assert_eq!(
        store.count_webhook_events_since(id, T0 + 3).await.unwrap(),
        2
    );
    assert_eq!(store.count_webhook_events_since(id, T0).await.unwrap(), 4);
    assert_eq!(
        store
            .count_webhook_events_since(IntegrationId(id.get() + 1), T0)
            .await
            .unwrap(),
        0
    );

    assert!(
        !store.clear_webhook_deactivation(id, T0 + 10).await.unwrap(),
        "not deactivated"
    );
    store.mark_webhook_deactivated(id, T0 + 20).await.unwrap();
    // A reactivation that began before a newer deactivation must not clear it.
    assert!(!store.clear_webhook_deactivation(id, T0 + 10).await.unwrap());
    assert!(store.clear_webhook_deactivation(id, T0 + 30).await.unwrap());
    assert_eq!(
        store.integration(id).await.unwrap().unwrap().deactivated_at,
        None
    );

    assert_eq!(store.connected_integration_ids().await.unwrap(), vec![id]);
    store.disconnect_integration(id, T0 + 40).await.unwrap();
    assert!(store.connected_integration_ids().await.unwrap().is_empty());
}
