//! Stored settings → a working provider: the sealed secret opens only for its MSP, both providers
//! pass their connection check against the simulator, and bad URLs or paths are refused.

use super::provider;
use app::ids::{MspId, UserId};
use app::states::{PhraseChange, PushMethod, UnverifiedPolicy, VerifierKind};
use relay_sim::verify::{FAKE_DUO_IKEY, FAKE_DUO_SKEY, FAKE_ORGANIZATION_ID, FAKE_SIGNING_SECRET};
use server::crypto::{Cipher, MasterKey};
use server::store::{PhraseRecord, VerificationSettingsRecord};
use server::verification::connect::{
    paths_from, phrase_changes, provider_for, provider_url, secret_aad, ConnectError,
};

fn record(
    cipher: &Cipher,
    kind: VerifierKind,
    base_url: String,
    account: &str,
    secret: &str,
) -> VerificationSettingsRecord {
    VerificationSettingsRecord {
        msp_id: MspId(7),
        provider: Some(kind),
        base_url,
        account_id: account.to_string(),
        secret_enc: Some(cipher.encrypt_str(secret, &secret_aad(MspId(7)))),
        paths: None,
        default_push: PushMethod::MicrosoftAuthenticator,
        timeout_secs: 300,
        without_provider: UnverifiedPolicy::FlagForTechnician,
        updated_by: Some(UserId(1)),
        updated_at: 0,
    }
}

#[tokio::test]
async fn stored_settings_connect_both_providers_to_the_simulator() {
    let sim = provider().await;
    let cipher = Cipher::new(&MasterKey::generate());
    let http = reqwest::Client::new();
    let t = record(
        &cipher,
        VerifierKind::Traceless,
        sim.base_url(),
        FAKE_ORGANIZATION_ID,
        FAKE_SIGNING_SECRET,
    );
    let traceless = provider_for(&t, &cipher, http.clone()).unwrap().unwrap();
    traceless.check().await.unwrap();
    assert!(traceless.label().starts_with("Traceless"));
    let d = record(
        &cipher,
        VerifierKind::Duo,
        sim.base_url(),
        FAKE_DUO_IKEY,
        FAKE_DUO_SKEY,
    );
    provider_for(&d, &cipher, http.clone())
        .unwrap()
        .unwrap()
        .check()
        .await
        .unwrap();

    let mut none = t.clone();
    none.provider = None;
    assert!(provider_for(&none, &cipher, http.clone())
        .unwrap()
        .is_none());
    // A sealed secret copied to another MSP's row does not open.
    let mut moved = t.clone();
    moved.msp_id = MspId(8);
    assert_eq!(
        provider_for(&moved, &cipher, http.clone()).err(),
        Some(ConnectError::Undecryptable)
    );
    let mut bare = t.clone();
    bare.secret_enc = None;
    assert_eq!(
        provider_for(&bare, &cipher, http).err(),
        Some(ConnectError::MissingSecret)
    );
}

#[test]
fn urls_and_paths_are_checked() {
    assert!(provider_url("https://api-fake1234.duosecurity.com").is_ok());
    assert!(provider_url("http://127.0.0.1:4102").is_ok());
    assert!(matches!(
        provider_url("http://traceless.example.com"),
        Err(ConnectError::BadUrl(_))
    ));
    assert!(matches!(
        provider_url("not a url"),
        Err(ConnectError::BadUrl(_))
    ));
    let p = paths_from(Some(
        r#"{"start":"/v2/challenges","status":"/v2/challenges/{id}/state"}"#,
    ))
    .unwrap();
    assert_eq!(
        (p.start.as_str(), p.status.as_str(), p.check.as_str()),
        ("/v2/challenges", "/v2/challenges/{id}/state", "/v1/ping")
    );
    assert!(matches!(
        paths_from(Some(r#"{"status":"/v2/x"}"#)),
        Err(ConnectError::BadPaths(_))
    ));
    assert!(matches!(
        paths_from(Some(r#"{"start":"v2"}"#)),
        Err(ConnectError::BadPaths(_))
    ));
    assert!(matches!(
        paths_from(Some("[")),
        Err(ConnectError::BadPaths(_))
    ));
}

#[test]
fn stored_phrases_become_classifier_changes() {
    let rows = [
        PhraseRecord {
            phrase: "badge access".into(),
            change: PhraseChange::Add,
            created_at: 0,
        },
        PhraseRecord {
            phrase: "duo".into(),
            change: PhraseChange::Remove,
            created_at: 0,
        },
    ];
    let changes = phrase_changes(&rows);
    assert_eq!(
        (changes.added, changes.removed),
        (vec!["badge access".to_string()], vec!["duo".to_string()])
    );
}
