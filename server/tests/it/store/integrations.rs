//! Contracts for Autotask integrations: sealed create, one active per MSP, credential edits,
//! company types, webhook secret rotation and the webhook timestamps intake writes.

use super::harness::{admin, T0};
use app::ids::{IntegrationId, MspId, ResourceId};
use server::store::{
    CredentialsUpdate, NewIntegration, SealedSecrets, Store, StoreError, WebhookRotation,
};

pub fn new_integration(msp_id: MspId) -> NewIntegration {
    NewIntegration {
        msp_id,
        username: "relay-api@northwind.example".into(),
        tracking_id: "FAKETRACKINGIDENTIFIER0001".into(),
        zone_url: "https://webservices5.autotask.net/ATServicesRest/".into(),
        web_url: "https://ww5.autotask.net/".into(),
        api_user_resource_id: ResourceId(29_682_885),
        now: T0,
    }
}

/// Stands in for the Cipher: marks each value with the id it was sealed for.
pub fn fake_seal(id: IntegrationId) -> SealedSecrets {
    SealedSecrets {
        secret_enc: format!("sealed-secret-for-{id}"),
        webhook_secret_enc: format!("sealed-webhook-for-{id}"),
        webhook_hmac_key_enc: format!("sealed-hmac-for-{id}"),
    }
}

pub async fn create_seals_for_the_new_id(store: Store) {
    let msp = admin(&store).await.msp_id;
    let created = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    assert_eq!(created.kind, "autotask");
    assert_eq!(
        created.secret_enc,
        format!("sealed-secret-for-{}", created.id)
    );
    assert_eq!(
        created.webhook_secret_enc,
        format!("sealed-webhook-for-{}", created.id)
    );
    assert_eq!(
        created.webhook_hmac_key_enc,
        Some(format!("sealed-hmac-for-{}", created.id))
    );
    assert_eq!(created.webhook_prev_hmac_key_enc, None);
    assert!(
        created.webhook_require_signature,
        "an HMAC key means signed"
    );
    assert_eq!(created.api_user_resource_id, ResourceId(29_682_885));
    assert!(created.company_types.is_empty());
    assert_eq!(created.webhook_connected_at, None);
    assert_eq!((created.created_at, created.updated_at), (T0, T0));
    let by_id = store.integration(created.id).await.unwrap();
    assert_eq!(by_id.as_ref(), Some(&created));
    assert_eq!(
        store
            .integration(IntegrationId(created.id.get() + 1000))
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.active_integration(msp).await.unwrap(), Some(created));
}

pub async fn one_active_integration_per_msp(store: Store) {
    let msp = admin(&store).await.msp_id;
    let first = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    let second = store
        .create_integration(new_integration(msp), &fake_seal)
        .await;
    assert!(matches!(second, Err(StoreError::Conflict(_))), "{second:?}");

    assert!(store
        .disconnect_integration(first.id, T0 + 5)
        .await
        .unwrap());
    assert!(!store
        .disconnect_integration(first.id, T0 + 6)
        .await
        .unwrap());
    assert_eq!(store.active_integration(msp).await.unwrap(), None);
    let kept = store.integration(first.id).await.unwrap().unwrap();
    assert_eq!(kept.disconnected_at, Some(T0 + 5), "history is kept");

    let again = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    assert_ne!(again.id, first.id);
    assert_eq!(store.active_integration(msp).await.unwrap(), Some(again));
}

pub async fn credentials_and_types_update(store: Store) {
    let msp = admin(&store).await.msp_id;
    let created = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    let update = CredentialsUpdate {
        username: "relay-api2@northwind.example".into(),
        secret_enc: "sealed-other".into(),
        tracking_id: "FAKETRACKINGIDENTIFIER0002".into(),
        zone_url: "https://webservices15.autotask.net/ATServicesRest/".into(),
        web_url: "https://ww15.autotask.net/".into(),
        api_user_resource_id: ResourceId(7),
        now: T0 + 10,
    };
    assert!(store
        .update_integration_credentials(created.id, update)
        .await
        .unwrap());
    assert!(store
        .set_integration_company_types(created.id, vec![1, 3], T0 + 20)
        .await
        .unwrap());
    let got = store.integration(created.id).await.unwrap().unwrap();
    assert_eq!(got.username, "relay-api2@northwind.example");
    assert_eq!(got.secret_enc, "sealed-other");
    assert_eq!(got.api_user_resource_id, ResourceId(7));
    assert_eq!(got.company_types, vec![1, 3]);
    assert_eq!(got.updated_at, T0 + 20);
    assert_eq!(got.webhook_secret_enc, created.webhook_secret_enc);

    store
        .disconnect_integration(created.id, T0 + 30)
        .await
        .unwrap();
    assert!(
        !store
            .set_integration_company_types(created.id, vec![2], T0 + 40)
            .await
            .unwrap(),
        "a disconnected integration is not edited"
    );
}

pub async fn webhook_rotation_and_timestamps(store: Store) {
    let msp = admin(&store).await.msp_id;
    let id = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id;
    let rotation = WebhookRotation {
        secret_enc: "sealed-new".into(),
        prev_secret_enc: format!("sealed-webhook-for-{id}"),
        hmac_key_enc: "sealed-hmac-new".into(),
        prev_hmac_key_enc: Some(format!("sealed-hmac-for-{id}")),
        prev_expires_at: T0 + 86_400_000,
        now: T0 + 1,
    };
    assert!(store.rotate_webhook_secret(id, rotation).await.unwrap());
    assert!(store.mark_webhook_deactivated(id, T0 + 2).await.unwrap());
    assert!(store.mark_webhook_connected(id, T0 + 3).await.unwrap());
    assert!(store.record_webhook_event_at(id, T0 + 9).await.unwrap());
    assert!(
        !store.record_webhook_event_at(id, T0 + 4).await.unwrap(),
        "last_event_at never moves backwards"
    );
    let got = store.integration(id).await.unwrap().unwrap();
    assert_eq!(got.webhook_secret_enc, "sealed-new");
    assert_eq!(
        got.webhook_prev_secret_enc,
        Some(format!("sealed-webhook-for-{id}"))
    );
    assert_eq!(got.webhook_prev_expires_at, Some(T0 + 86_400_000));
    assert_eq!(got.webhook_hmac_key_enc.as_deref(), Some("sealed-hmac-new"));
    assert_eq!(
        got.webhook_prev_hmac_key_enc,
        Some(format!("sealed-hmac-for-{id}"))
    );
    assert_eq!(got.webhook_connected_at, Some(T0 + 3));
    assert_eq!(got.deactivated_at, None, "a readiness ping re-activates");
    assert_eq!(got.last_event_at, Some(T0 + 9));
    assert!(!store
        .mark_webhook_connected(IntegrationId(id.get() + 99), T0)
        .await
        .unwrap());
}

/// The admin's switch for signatures, which a rotation keeps.
pub async fn signature_switch_and_first_hmac_key(store: Store) {
    let msp = admin(&store).await.msp_id;
    let id = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id;
    let required = |store: &Store| {
        let store = store.clone();
        async move {
            store
                .integration(id)
                .await
                .unwrap()
                .unwrap()
                .webhook_require_signature
        }
    };
    assert!(store
        .set_signature_required(id, false, T0 + 1)
        .await
        .unwrap());
    assert!(!required(&store).await);
    let rotation = |n: i64, prev: Option<String>| WebhookRotation {
        secret_enc: format!("sealed-new-{n}"),
        prev_secret_enc: "sealed-old".into(),
        hmac_key_enc: format!("sealed-hmac-{n}"),
        prev_hmac_key_enc: prev,
        prev_expires_at: T0 + 100,
        now: T0 + n,
    };
    assert!(store
        .rotate_webhook_secret(id, rotation(2, Some("sealed-hmac-old".into())))
        .await
        .unwrap());
    assert!(
        !required(&store).await,
        "a rotation keeps the admin's choice"
    );
    assert!(store
        .set_signature_required(id, true, T0 + 3)
        .await
        .unwrap());
    assert!(required(&store).await);
    assert!(!store
        .set_signature_required(IntegrationId::from(id.get() + 99), false, T0)
        .await
        .unwrap());
    assert!(store.disconnect_integration(id, T0 + 4).await.unwrap());
    assert!(
        !store
            .set_signature_required(id, false, T0 + 5)
            .await
            .unwrap(),
        "a disconnected integration is not edited"
    );
}

/// The first verified callout marks Connected; later ones leave the time alone.
pub async fn connected_once_keeps_the_first_time(store: Store) {
    let msp = admin(&store).await.msp_id;
    let id = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id;
    assert!(store.mark_webhook_connected_once(id, T0 + 1).await.unwrap());
    assert!(!store.mark_webhook_connected_once(id, T0 + 2).await.unwrap());
    let got = store.integration(id).await.unwrap().unwrap();
    assert_eq!(got.webhook_connected_at, Some(T0 + 1));
}
