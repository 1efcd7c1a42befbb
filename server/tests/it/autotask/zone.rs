//! Zone discovery: lookup without auth, caching per username, the one re-resolve after a 401,
//! and unknown users as `ZoneNotFound`.

use relay_sim::{DemoCredentials, SimConfig};
use server::autotask::{AutotaskClient, AutotaskError, Company, Credentials, ZoneInformation};

use super::{env, test_config};

#[tokio::test]
async fn zone_is_looked_up_once_and_normalised() {
    let env = env().await;
    let zone = env.tenant.zone().await.unwrap();
    let expected = format!("{}/v1.0", env.sim.rest_base().trim_end_matches('/'));
    assert_eq!(zone.api_base.as_str(), expected);
    assert_eq!(zone.info.url, env.sim.rest_base());
    for _ in 0..3 {
        env.tenant.get::<Company>(0).await.unwrap().unwrap();
    }
    assert_eq!(env.sim.stats().zone_lookups, 1, "cached per username");
    assert_eq!(
        env.client.cached_zone("RELAY-API@demo-msp.example").await,
        Some(zone)
    );
}

#[tokio::test]
async fn concurrent_first_calls_share_one_lookup() {
    let env = env().await;
    let calls = (0..6).map(|_| env.tenant.get::<Company>(612));
    for result in futures::future::join_all(calls).await {
        assert!(result.unwrap().is_some());
    }
    assert_eq!(env.sim.stats().zone_lookups, 1);
}

#[tokio::test]
async fn unknown_user_is_zone_not_found_with_autotasks_message() {
    let env = env().await;
    let err = env
        .client
        .resolve_zone("nobody@unknown.example")
        .await
        .unwrap_err();
    match err {
        AutotaskError::ZoneNotFound { username, messages } => {
            assert_eq!(username, "nobody@unknown.example");
            assert_eq!(messages, vec!["Zone information could not be determined"]);
        }
        other => panic!("expected ZoneNotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn zone_service_outage_is_a_transient_server_error() {
    let env = env().await;
    env.sim.set_faults(relay_sim::Faults {
        zone_down: true,
        ..Default::default()
    });
    let err = env.tenant.get::<Company>(0).await.unwrap_err();
    assert!(
        matches!(err, AutotaskError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert!(err.is_transient());
}

#[tokio::test]
async fn a_401_on_a_cached_zone_re_resolves_once_and_succeeds() {
    // The tenant "moved": the cached zone is another server that no longer knows these credentials.
    let home = relay_sim::start(SimConfig::default()).await.unwrap();
    let old_zone = relay_sim::start(SimConfig {
        credentials: DemoCredentials {
            username: "someone-else@other-msp.example".into(),
            secret: "other-fake-secret".into(),
            tracking_id: "OTHERTRACKINGIDENTIFIER0001".into(),
        },
        ..Default::default()
    })
    .await
    .unwrap();
    let client = AutotaskClient::new(test_config(&home));
    let tenant = client.tenant(super::credentials(&home));
    let username = &tenant.credentials().username;
    client
        .remember_zone(
            username,
            ZoneInformation {
                zone_name: "old".into(),
                url: old_zone.rest_base(),
                web_url: String::new(),
                ci: 1,
            },
        )
        .await
        .unwrap();

    let company = tenant.get::<Company>(612).await.unwrap().unwrap();
    assert_eq!(
        company.company_name.as_deref(),
        Some("Contoso Dental Group")
    );
    assert_eq!(old_zone.stats().unauthorized, 1);
    assert_eq!(home.stats().zone_lookups, 1);
    let cached = client.cached_zone(username).await.unwrap();
    assert_eq!(cached.info.url, home.rest_base());
}

#[tokio::test]
async fn bad_credentials_are_unauthorized_and_re_resolve_only_once() {
    let env = env().await;
    let demo = env.sim.demo_credentials();
    let wrong = env.client.tenant(Credentials::new(
        demo.username,
        "wrong-fake-secret-77",
        demo.tracking_id,
    ));

    // Fresh zone: a 401 is just bad credentials, no second lookup.
    let err = wrong.get::<Company>(0).await.unwrap_err();
    assert!(matches!(err, AutotaskError::Unauthorized { .. }), "{err:?}");
    assert_eq!(env.sim.stats().zone_lookups, 1);
    assert_eq!(env.sim.stats().unauthorized, 1);

    // Cached zone: one re-resolve, one retry, then the 401 stands.
    let err = wrong.get::<Company>(0).await.unwrap_err();
    assert!(matches!(err, AutotaskError::Unauthorized { .. }), "{err:?}");
    assert_eq!(env.sim.stats().zone_lookups, 2);
    assert_eq!(env.sim.stats().unauthorized, 3);

    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{wrong:?}"),
        format!("{:?}", wrong.credentials()),
    ] {
        assert!(
            !text.contains("wrong-fake-secret-77"),
            "secret leaked: {text}"
        );
    }
    assert!(!err.messages().is_empty(), "Autotask's message is kept");
}
