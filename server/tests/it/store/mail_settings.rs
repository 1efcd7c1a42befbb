//! Contracts for the outgoing mail settings: none until saved, one row per MSP, the sealed
//! password kept, replaced or cleared as asked, removal; and alert-mail claims that let exactly
//! one caller mail each occurrence.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use app::ids::UserId;
use app::states::MailTls;
use server::store::{AlertReason, KeyChange, MailSettingsUpdate, Store};

fn update(by: UserId, password: KeyChange, now: i64) -> MailSettingsUpdate {
    MailSettingsUpdate {
        host: "smtp.example.com".into(),
        port: 587,
        tls: MailTls::StartTls,
        username: "relay@northwind.example".into(),
        password,
        from_address: "relay@northwind.example".into(),
        from_name: "Northwind Relay".into(),
        alert_to: "noc@northwind.example".into(),
        updated_by: by,
        now,
    }
}

pub async fn mail_settings_save_password_changes_and_remove(store: Store) {
    let ada = admin(&store).await;
    assert_eq!(store.mail_settings(ada.msp_id).await.unwrap(), None);
    assert!(!store.delete_mail_settings(ada.msp_id).await.unwrap());

    // A first save with Keep stores no password.
    let first = store
        .save_mail_settings(ada.msp_id, update(ada.id, KeyChange::Keep, T0))
        .await
        .unwrap();
    assert_eq!(first.password_enc, None);
    let saved = store
        .save_mail_settings(
            ada.msp_id,
            update(ada.id, KeyChange::Set("sealed-1".into()), T0 + 1),
        )
        .await
        .unwrap();
    assert_eq!(saved.host, "smtp.example.com");
    assert_eq!((saved.port, saved.tls), (587, MailTls::StartTls));
    assert_eq!(saved.password_enc.as_deref(), Some("sealed-1"));
    assert_eq!(saved.alert_to, "noc@northwind.example");
    assert_eq!((saved.updated_by, saved.updated_at), (Some(ada.id), T0 + 1));
    assert_eq!(store.mail_settings(ada.msp_id).await.unwrap(), Some(saved));

    // Keep: the password stays while the rest changes.
    let mut next = update(ada.id, KeyChange::Keep, T0 + 2);
    next.host = "127.0.0.1".into();
    next.port = 2525;
    next.tls = MailTls::Plain;
    next.username = String::new();
    let kept = store.save_mail_settings(ada.msp_id, next).await.unwrap();
    assert_eq!(kept.password_enc.as_deref(), Some("sealed-1"));
    assert_eq!((kept.port, kept.tls), (2525, MailTls::Plain));
    assert_eq!(kept.username, "");

    let cleared = store
        .save_mail_settings(ada.msp_id, update(ada.id, KeyChange::Clear, T0 + 3))
        .await
        .unwrap();
    assert_eq!(cleared.password_enc, None);

    assert!(store.delete_mail_settings(ada.msp_id).await.unwrap());
    assert_eq!(store.mail_settings(ada.msp_id).await.unwrap(), None);
}

pub async fn alert_mail_claims_are_once_per_occurrence(store: Store) {
    let msp = admin(&store).await.msp_id;
    let integration = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id;
    let claim = |reason, episode| store.claim_alert_mail(integration, reason, episode, T0);
    assert!(claim(AlertReason::Deactivated, 100).await.unwrap());
    assert!(!claim(AlertReason::Deactivated, 100).await.unwrap());
    // Another reason or another occurrence is its own claim.
    assert!(claim(AlertReason::Silent, 100).await.unwrap());
    assert!(claim(AlertReason::Deactivated, 200).await.unwrap());

    // Racing callers: exactly one wins.
    let racers = (0..8).map(|_| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .claim_alert_mail(integration, AlertReason::Silent, 300, T0)
                .await
                .unwrap()
        })
    });
    let wins = futures::future::join_all(racers)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count();
    assert_eq!(wins, 1);
}
