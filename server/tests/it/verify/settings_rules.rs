//! The settings form's rules through the service: each refusal names its field and stores
//! nothing; loopback http is accepted; switching provider needs its own secret; "no provider"
//! forgets the address and the secret.

use super::settings::{duo, env, field, traceless};
use app::states::UnverifiedPolicy;
use app::verification::VerificationSettingsService;

#[tokio::test]
async fn bad_input_names_its_field_and_changes_nothing() {
    let env = env().await;
    let svc = &env.app.state.verification_settings;
    let save = |input| svc.save_verification_settings(&env.user, input);
    // Plain http only on loopback, for Traceless and Duo alike.
    assert_eq!(
        field(save(traceless("http://traceless.example", "fake-s")).await),
        "traceless_url"
    );
    assert_eq!(
        field(save(traceless("ftp://127.0.0.1", "fake-s")).await),
        "traceless_url"
    );
    assert_eq!(
        field(save(traceless("https://u:p@traceless.example", "fake-s")).await),
        "traceless_url"
    );
    assert_eq!(
        field(save(duo("http://api-1a2b3c4d.duosecurity.com", "fake-s")).await),
        "duo_host"
    );
    assert_eq!(field(save(duo("api duo", "fake-s")).await), "duo_host");
    assert_eq!(
        field(save(duo("https://api-1.duosecurity.com/auth", "fake-s")).await),
        "duo_host"
    );
    let mut no_org = traceless("https://traceless.example", "fake-s");
    no_org.organization_id = " ".into();
    assert_eq!(field(save(no_org).await), "organization_id");
    let mut bad_path = traceless("https://traceless.example", "fake-s");
    bad_path.path_status = "/v1/verifications".into();
    assert_eq!(field(save(bad_path).await), "path_status");
    let mut relative = traceless("https://traceless.example", "fake-s");
    relative.path_check = "v1/ping".into();
    assert_eq!(field(save(relative).await), "path_check");
    for timeout in ["29", "3601", "five"] {
        let mut t = traceless("https://traceless.example", "fake-s");
        t.timeout_secs = timeout.into();
        assert_eq!(field(save(t).await), "timeout_secs", "{timeout}");
    }
    assert_eq!(
        field(save(traceless("https://traceless.example", "fake secret")).await),
        "traceless_secret"
    );
    assert_eq!(
        field(save(traceless("https://traceless.example", "")).await),
        "traceless_secret",
        "no secret stored yet"
    );
    let mut unknown = traceless("https://traceless.example", "fake-s");
    unknown.provider = "okta".into();
    assert_eq!(field(save(unknown).await), "provider");
    assert_eq!(
        env.app
            .state
            .store
            .verification_settings(env.user.msp_id)
            .await
            .unwrap(),
        None,
        "nothing stored"
    );

    // Loopback http is accepted (the simulated provider); custom paths are kept.
    let mut custom = traceless("http://localhost:9/base", "fake-s");
    custom.path_start = "/v2/challenges".into();
    let view = save(custom).await.unwrap();
    assert_eq!(
        (view.traceless_url.as_str(), view.paths.start.as_str()),
        ("http://localhost:9/base", "/v2/challenges")
    );
    // Switching to Duo needs Duo's secret: Traceless's is not reused.
    assert_eq!(
        field(save(duo("api-1a2b3c4d.duosecurity.com", "")).await),
        "duo_secret"
    );
    // No provider forgets the address and the secret but keeps the policy.
    let mut none = traceless("", "");
    none.provider = "none".into();
    none.without_provider = UnverifiedPolicy::LeaveAlone;
    let view = save(none).await.unwrap();
    assert_eq!(
        (view.provider, view.secret_stored_for, view.without_provider),
        (None, None, UnverifiedPolicy::LeaveAlone)
    );
    let stored = env
        .app
        .state
        .store
        .verification_settings(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.secret_enc, stored.base_url.as_str(), stored.paths),
        (None, "", None)
    );
}
