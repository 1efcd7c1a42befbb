//! Contracts for identity-verification settings and classifier phrase changes: none until saved,
//! one row per MSP, the sealed secret kept/replaced/cleared as asked, phrases switch between
//! added and removed, MSPs isolated.

use super::harness::{admin, T0};
use app::ids::MspId;
use app::states::{PhraseChange, PushMethod, UnverifiedPolicy, VerifierKind};
use server::store::{KeyChange, Pool, Store, VerificationSettingsUpdate};

fn update(by: app::ids::UserId, secret: KeyChange, now: i64) -> VerificationSettingsUpdate {
    VerificationSettingsUpdate {
        provider: Some(VerifierKind::Traceless),
        base_url: "https://traceless.example.invalid".into(),
        account_id: "00000000-fake-0000-0000-000000000001".into(),
        secret,
        paths: Some(r#"{"start":"/v2/challenges"}"#.into()),
        default_push: PushMethod::MicrosoftAuthenticator,
        timeout_secs: 300,
        without_provider: UnverifiedPolicy::FlagForTechnician,
        updated_by: by,
        now,
    }
}

pub async fn verification_settings_save_and_secret_changes(store: Store) {
    let ada = admin(&store).await;
    assert_eq!(store.verification_settings(ada.msp_id).await.unwrap(), None);

    let saved = store
        .save_verification_settings(
            ada.msp_id,
            update(ada.id, KeyChange::Set("sealed-1".into()), T0),
        )
        .await
        .unwrap();
    assert_eq!(saved.provider, Some(VerifierKind::Traceless));
    assert_eq!(saved.secret_enc.as_deref(), Some("sealed-1"));
    assert_eq!(
        saved.paths.as_deref(),
        Some(r#"{"start":"/v2/challenges"}"#)
    );
    assert_eq!(
        (saved.timeout_secs, saved.updated_by, saved.updated_at),
        (300, Some(ada.id), T0)
    );
    assert_eq!(
        store.verification_settings(ada.msp_id).await.unwrap(),
        Some(saved)
    );

    // Disconnecting the provider keeps nothing of it but what the form says.
    let mut next = update(ada.id, KeyChange::Keep, T0 + 5);
    next.provider = None;
    next.default_push = PushMethod::Duo;
    next.timeout_secs = 120;
    next.without_provider = UnverifiedPolicy::LeaveAlone;
    next.paths = None;
    let kept = store
        .save_verification_settings(ada.msp_id, next)
        .await
        .unwrap();
    assert_eq!(kept.provider, None);
    assert_eq!(
        kept.secret_enc.as_deref(),
        Some("sealed-1"),
        "an empty secret field keeps it"
    );
    assert_eq!(
        (kept.default_push, kept.timeout_secs),
        (PushMethod::Duo, 120)
    );
    assert_eq!(kept.without_provider, UnverifiedPolicy::LeaveAlone);
    assert_eq!((kept.paths, kept.updated_at), (None, T0 + 5));

    let mut duo = update(ada.id, KeyChange::Set("sealed-2".into()), T0 + 6);
    duo.provider = Some(VerifierKind::Duo);
    let replaced = store
        .save_verification_settings(ada.msp_id, duo)
        .await
        .unwrap();
    assert_eq!(
        (replaced.provider, replaced.secret_enc.as_deref()),
        (Some(VerifierKind::Duo), Some("sealed-2"))
    );
    let cleared = store
        .save_verification_settings(ada.msp_id, update(ada.id, KeyChange::Clear, T0 + 7))
        .await
        .unwrap();
    assert_eq!(cleared.secret_enc, None);

    // The database refuses a timeout outside the allowed range.
    let mut silly = update(ada.id, KeyChange::Keep, T0 + 8);
    silly.timeout_secs = 5;
    assert!(store
        .save_verification_settings(ada.msp_id, silly)
        .await
        .is_err());
}

async fn second_msp(store: &Store) -> MspId {
    const SQL: &str = "INSERT INTO msps (name, created_at) VALUES ('Contoso IT', 0) RETURNING id";
    let id: i64 = match store.writer() {
        Pool::Sqlite(p) => sqlx::query_scalar(SQL).fetch_one(p).await.unwrap(),
        Pool::Postgres(p) => sqlx::query_scalar(SQL).fetch_one(p).await.unwrap(),
    };
    MspId(id)
}

pub async fn phrase_changes_switch_delete_and_stay_per_msp(store: Store) {
    let ada = admin(&store).await;
    let other = second_msp(&store).await;
    assert!(store.phrase_changes(ada.msp_id).await.unwrap().is_empty());

    store
        .set_phrase(ada.msp_id, "badge access", PhraseChange::Add, T0)
        .await
        .unwrap();
    store
        .set_phrase(ada.msp_id, "duo", PhraseChange::Remove, T0 + 1)
        .await
        .unwrap();
    store
        .set_phrase(ada.msp_id, "vault", PhraseChange::Add, T0 + 2)
        .await
        .unwrap();
    store
        .set_phrase(other, "duo", PhraseChange::Add, T0 + 3)
        .await
        .unwrap();

    let mine: Vec<(String, PhraseChange)> = store
        .phrase_changes(ada.msp_id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.phrase, p.change))
        .collect();
    assert_eq!(
        mine,
        vec![
            ("badge access".to_string(), PhraseChange::Add),
            ("vault".to_string(), PhraseChange::Add),
            ("duo".to_string(), PhraseChange::Remove),
        ]
    );

    // The same phrase again switches its change rather than duplicating it.
    store
        .set_phrase(ada.msp_id, "vault", PhraseChange::Remove, T0 + 4)
        .await
        .unwrap();
    let vault = store.phrase_changes(ada.msp_id).await.unwrap();
    let vault = vault.iter().find(|p| p.phrase == "vault").unwrap();
    assert_eq!(
        (vault.change, vault.created_at),
        (PhraseChange::Remove, T0 + 4)
    );

    assert!(store.delete_phrase(ada.msp_id, "duo").await.unwrap());
    assert!(!store.delete_phrase(ada.msp_id, "duo").await.unwrap());
    assert_eq!(store.phrase_changes(ada.msp_id).await.unwrap().len(), 2);
    let theirs = store.phrase_changes(other).await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(
        (theirs[0].phrase.as_str(), theirs[0].change),
        ("duo", PhraseChange::Add)
    );
}
