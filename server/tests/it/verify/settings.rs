//! The Settings → Identity verification service: secrets sealed and never shown, bad input
//! refused without a change, the loopback rule, and the connection test against the simulated
//! provider over HTTP (right and wrong secrets, both providers).

use super::provider;
use app::states::{PushMethod, UnverifiedPolicy, VerifierKind};
use app::verification::{VerificationSettingsInput, VerificationSettingsService};
use app::wire::CurrentUser;
use relay_sim::verify::{FAKE_DUO_IKEY, FAKE_DUO_SKEY, FAKE_ORGANIZATION_ID, FAKE_SIGNING_SECRET};
use server::verification::connect::secret_aad;

pub(super) struct Env {
    pub app: crate::support::TestApp,
    pub user: CurrentUser,
}

pub(super) async fn env() -> Env {
    let app = crate::support::test_app(&[]).await;
    let admin = app
        .state
        .store
        .create_msp_with_admin(server::store::NewMspAdmin {
            msp_name: "Harbour IT".into(),
            name: "Ada".into(),
            email: "ada@harbour-it.example".into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            now: 1_750_000_000_000,
        })
        .await
        .expect("admin");
    let user = CurrentUser {
        user_id: admin.id,
        msp_id: admin.msp_id,
        msp_name: "Harbour IT".into(),
        name: admin.name,
        email: admin.email,
    };
    Env { app, user }
}

pub(super) fn traceless(base_url: &str, secret: &str) -> VerificationSettingsInput {
    VerificationSettingsInput {
        provider: "traceless".into(),
        traceless_url: base_url.into(),
        organization_id: FAKE_ORGANIZATION_ID.into(),
        traceless_secret: secret.into(),
        path_check: "/v1/ping".into(),
        path_start: "/v1/verifications".into(),
        path_status: "/v1/verifications/{id}".into(),
        path_cancel: "/v1/verifications/{id}".into(),
        default_push: PushMethod::Duo,
        duo_host: String::new(),
        integration_key: String::new(),
        duo_secret: String::new(),
        timeout_secs: "300".into(),
        without_provider: UnverifiedPolicy::FlagForTechnician,
    }
}

pub(super) fn duo(host: &str, secret: &str) -> VerificationSettingsInput {
    VerificationSettingsInput {
        provider: "duo".into(),
        traceless_url: String::new(),
        organization_id: String::new(),
        traceless_secret: String::new(),
        duo_host: host.into(),
        integration_key: FAKE_DUO_IKEY.into(),
        duo_secret: secret.into(),
        ..traceless("", "")
    }
}

pub(super) fn field(r: Result<impl std::fmt::Debug, app::error::AppError>) -> String {
    r.unwrap_err().field.unwrap_or_default()
}

#[tokio::test]
async fn defaults_then_traceless_sealed_never_shown_and_tested_over_http() {
    let sim = provider().await;
    let env = env().await;
    let svc = &env.app.state.verification_settings;
    let before = svc.verification_settings(&env.user).await.unwrap();
    assert_eq!(before.provider, None);
    assert_eq!(
        (before.timeout_secs, before.without_provider),
        (300, UnverifiedPolicy::FlagForTechnician)
    );
    assert_eq!(before.paths.status, "/v1/verifications/{id}");
    assert!(before
        .builtin_terms
        .iter()
        .any(|g| g.terms.iter().any(|t| t == "duo")));
    let refused = svc.test_verification(&env.user).await;
    assert_eq!(field(refused), "provider", "nothing to test yet");

    let view = svc
        .save_verification_settings(
            &env.user,
            traceless(&format!("{}/", sim.base_url()), FAKE_SIGNING_SECRET),
        )
        .await
        .unwrap();
    assert_eq!(view.provider, Some(VerifierKind::Traceless));
    assert_eq!(view.traceless_url, sim.base_url(), "no trailing slash");
    assert_eq!(view.secret_stored_for, Some(VerifierKind::Traceless));
    assert!(view.updated.as_deref().unwrap().starts_with("by Ada, "));
    let shown =
        serde_json::to_string(&svc.verification_settings(&env.user).await.unwrap()).unwrap();
    assert!(!shown.contains(FAKE_SIGNING_SECRET), "{shown}");

    let store = &env.app.state.store;
    let sealed = store
        .verification_settings(env.user.msp_id)
        .await
        .unwrap()
        .unwrap()
        .secret_enc
        .unwrap();
    assert!(!sealed.contains(FAKE_SIGNING_SECRET));
    let cipher = &env.app.state.cipher;
    assert_eq!(
        cipher
            .decrypt_string(&sealed, &secret_aad(env.user.msp_id))
            .unwrap(),
        FAKE_SIGNING_SECRET
    );
    assert!(cipher
        .decrypt_string(&sealed, &secret_aad(app::ids::MspId(999)))
        .is_err());

    let report = svc.test_verification(&env.user).await.unwrap();
    assert!(report.ok, "{report:?}");
    assert!(
        report.message.contains("Traceless (127.0.0.1) accepted"),
        "{report:?}"
    );
    assert_eq!(
        svc.verification_settings(&env.user)
            .await
            .unwrap()
            .last_test,
        Some(report)
    );

    // An empty secret keeps the stored one; the test still passes. Saving drops the old report.
    let mut edit = traceless(&sim.base_url(), "");
    edit.timeout_secs = " 90 ".into();
    let view = svc
        .save_verification_settings(&env.user, edit)
        .await
        .unwrap();
    assert_eq!((view.timeout_secs, view.last_test), (90, None));
    assert!(svc.test_verification(&env.user).await.unwrap().ok);

    // A wrong secret: the provider's refusal, plainly.
    svc.save_verification_settings(&env.user, traceless(&sim.base_url(), "fake-wrong-secret"))
        .await
        .unwrap();
    let report = svc.test_verification(&env.user).await.unwrap();
    assert!(!report.ok);
    assert!(
        report.message.contains("rejected Relay's credentials")
            && report.message.contains("bad signature"),
        "{report:?}"
    );
}

#[tokio::test]
async fn duo_against_the_simulator_right_and_wrong_secret_key() {
    let sim = provider().await;
    let env = env().await;
    let svc = &env.app.state.verification_settings;
    let view = svc
        .save_verification_settings(&env.user, duo(&sim.base_url(), FAKE_DUO_SKEY))
        .await
        .unwrap();
    assert_eq!(
        (view.duo_host.as_str(), view.integration_key.as_str()),
        (sim.base_url().as_str(), FAKE_DUO_IKEY)
    );
    let report = svc.test_verification(&env.user).await.unwrap();
    assert!(report.ok && report.message.starts_with("Duo"), "{report:?}");

    svc.save_verification_settings(&env.user, duo(&sim.base_url(), "fake-wrong-duo-secret"))
        .await
        .unwrap();
    let report = svc.test_verification(&env.user).await.unwrap();
    assert!(!report.ok);
    assert!(report.message.contains("Invalid signature"), "{report:?}");

    // A Duo hostname as Duo shows it is stored as https; the page shows it back as typed.
    let view = svc
        .save_verification_settings(&env.user, duo("API-1A2B3C4D.duosecurity.com", ""))
        .await
        .unwrap();
    assert_eq!(view.duo_host, "api-1a2b3c4d.duosecurity.com");
    let stored = env
        .app
        .state
        .store
        .verification_settings(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.base_url, "https://api-1a2b3c4d.duosecurity.com");
}
