//! "Register in Autotask for me" against the simulated tenant: both definitions created with
//! the fields Relay needs and the API user excluded, a second press creating nothing, a field
//! deleted by hand put back, a definition made by hand adopted, and unregistering.

use super::harness::{demo_input, env, Env};
use app::service::IntegrationService;
use serde_json::Value;

const ENTITIES: [&str; 2] = ["TicketWebhooks", "TicketNoteWebhooks"];

fn int(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// The definitions the simulated tenant holds for `entity`.
fn definitions(env: &Env, entity: &str) -> Vec<Value> {
    env.sim.records(entity)
}

/// (field ids, excluded resource ids) of one definition, straight from the tenant.
fn children(env: &Env, entity: &str, id: i64) -> (Vec<i64>, Vec<i64>) {
    let singular = entity.trim_end_matches('s');
    let of = |child: &str, key: &str| -> Vec<i64> {
        let mut v: Vec<i64> = env
            .sim
            .records(&format!("{singular}{child}"))
            .iter()
            .filter(|r| int(r, "webhookID") == id)
            .map(|r| int(r, key))
            .collect();
        v.sort_unstable();
        v
    };
    (
        of("Fields", "fieldID"),
        of("ExcludedResources", "resourceID"),
    )
}

async fn connected() -> Env {
    let env = env(0).await;
    env.app
        .state
        .integrations
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .expect("connected");
    env
}

#[tokio::test]
async fn register_creates_both_definitions_and_a_second_press_creates_nothing() {
    let env = connected().await;
    let svc = &env.app.state.integrations;
    let api_user = env.sim.api_user_resource_id();
    let card = svc.register_webhooks(&env.user).await.expect("registered");

    let secrets = svc
        .reveal_webhook_secrets(&env.user)
        .await
        .unwrap()
        .revealed
        .unwrap();
    let mut first = Vec::new();
    for entity in ENTITIES {
        let defs = definitions(&env, entity);
        assert_eq!(defs.len(), 1, "{entity}: {defs:?}");
        let d = &defs[0];
        assert_eq!(d["webhookUrl"], secrets.url.as_str());
        assert_eq!(d["deactivationUrl"], secrets.deactivation_url.as_str());
        assert_eq!(
            d["secretKey"],
            secrets.hmac_key.clone().unwrap().as_str(),
            "signs with the HMAC key"
        );
        assert_eq!(d["isActive"], true);
        assert_eq!(d["isReady"], true, "a subscribed field makes it ready");
        assert_eq!(d["isSubscribedToCreateEvents"], true);
        assert_eq!(d["isSubscribedToUpdateEvents"], true);
        let (fields, excluded) = children(&env, entity, int(d, "id"));
        assert!(fields.len() >= 5, "{entity} fields {fields:?}");
        assert_eq!(
            excluded,
            vec![api_user],
            "the API user's writes must not echo back"
        );
        first.push((int(d, "id"), fields));
    }
    // Ticket field ids in the simulator: status 5, priority 6, queueID 7, assignedResourceID 8,
    // companyID 10; note ticketID 2.
    for id in [5, 6, 7, 8, 10] {
        assert!(
            first[0].1.contains(&id),
            "ticket field {id} missing: {:?}",
            first[0].1
        );
    }
    assert!(first[1].1.contains(&2), "note ticketID missing");

    assert_eq!(card.definitions.len(), 2);
    for d in &card.definitions {
        assert!(d.by_relay && d.active && d.ready, "{d:?}");
        assert_eq!(d.excluded_resources, vec![api_user]);
        assert!(
            d.fields.iter().any(|f| f == "status" || f == "ticketID"),
            "{d:?}"
        );
    }

    // Again: nothing new in Autotask, the same ids, still Relay's.
    let again = svc.register_webhooks(&env.user).await.expect("idempotent");
    for (i, entity) in ENTITIES.into_iter().enumerate() {
        let defs = definitions(&env, entity);
        assert_eq!(defs.len(), 1, "no duplicate {entity}");
        assert_eq!(int(&defs[0], "id"), first[i].0);
        assert_eq!(
            children(&env, entity, first[i].0),
            (first[i].1.clone(), vec![api_user])
        );
    }
    assert!(again.definitions.iter().all(|d| d.by_relay));
}

#[tokio::test]
async fn register_repairs_a_field_deleted_by_hand_and_unregister_removes_everything() {
    let env = connected().await;
    let svc = &env.app.state.integrations;
    svc.register_webhooks(&env.user).await.unwrap();
    let id = int(&definitions(&env, "TicketWebhooks")[0], "id");
    let (before, _) = children(&env, "TicketWebhooks", id);
    let status_field = env
        .sim
        .records("TicketWebhookFields")
        .into_iter()
        .find(|r| int(r, "webhookID") == id && int(r, "fieldID") == 5)
        .expect("status subscribed");
    assert!(env
        .sim
        .remove_record("TicketWebhookFields", int(&status_field, "id")));
    assert!(!children(&env, "TicketWebhooks", id).0.contains(&5));

    let card = svc.register_webhooks(&env.user).await.unwrap();
    assert_eq!(
        children(&env, "TicketWebhooks", id).0,
        before,
        "status put back, nothing doubled"
    );
    assert_eq!(definitions(&env, "TicketWebhooks").len(), 1);
    assert!(card
        .definitions
        .iter()
        .any(|d| d.fields.iter().any(|f| f == "status")));

    let card = svc.unregister_webhooks(&env.user).await.unwrap();
    for entity in ENTITIES {
        assert!(definitions(&env, entity).is_empty(), "{entity} left behind");
    }
    assert!(
        env.sim.records("TicketWebhookFields").is_empty(),
        "children go with it"
    );
    assert!(card.definitions.is_empty());
}

#[tokio::test]
async fn a_definition_made_by_hand_is_adopted_and_shown_as_such() {
    let env = connected().await;
    let svc = &env.app.state.integrations;
    let secrets = svc
        .reveal_webhook_secrets(&env.user)
        .await
        .unwrap()
        .revealed
        .unwrap();
    // A person followed the manual steps for tickets only, with an older URL token.
    let stale = secrets.url.replace(&secrets.url_token, "an-old-token-0000");
    let tenant = env
        .app
        .state
        .tenants
        .tenant(
            &env.app
                .state
                .store
                .active_integration(env.user.msp_id)
                .await
                .unwrap()
                .unwrap(),
            server::integrations::Purpose::Interactive,
        )
        .unwrap();
    let by_hand = server::autotask::TicketWebhook {
        name: Some("Relay (by hand)".into()),
        webhook_url: Some(stale),
        deactivation_url: Some(secrets.deactivation_url.clone()),
        is_active: Some(true),
        is_subscribed_to_create_events: Some(true),
        ..Default::default()
    };
    let hand_id = tenant
        .create::<server::autotask::TicketWebhook>(&by_hand)
        .await
        .unwrap();

    let card = svc.register_webhooks(&env.user).await.unwrap();
    let defs = definitions(&env, "TicketWebhooks");
    assert_eq!(defs.len(), 1, "adopted, not duplicated");
    assert_eq!(int(&defs[0], "id"), hand_id);
    assert_eq!(
        defs[0]["webhookUrl"],
        secrets.url.as_str(),
        "repaired to the current URL"
    );
    assert_eq!(defs[0]["isReady"], true);
    let tickets = card
        .definitions
        .iter()
        .find(|d| d.label == "Tickets")
        .unwrap();
    assert!(!tickets.by_relay, "found by URL: set up by hand");
    let notes = card
        .definitions
        .iter()
        .find(|d| d.label == "Ticket notes")
        .unwrap();
    assert!(notes.by_relay);
}
