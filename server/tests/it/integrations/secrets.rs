//! The Autotask secret is unreadable at rest and never leaves the server once saved.

use super::harness::{demo_input, env};
use app::service::IntegrationService;

const SECRET: &str = "demo-secret-not-real";

#[tokio::test]
async fn secret_not_in_database_file_nor_responses() {
    let env = env(0).await;
    let svc = &env.app.state.integrations;
    let saved = svc
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let page = svc.autotask_page(&env.user).await.unwrap();
    let card = env
        .app
        .state
        .services
        .admin
        .autotask_card(&env.user)
        .await
        .unwrap();
    for body in [
        serde_json::to_string(&saved).unwrap(),
        serde_json::to_string(&page).unwrap(),
        format!("{card:?}"),
    ] {
        assert!(
            !body.contains(SECRET),
            "secret leaked into a response: {body}"
        );
    }
    let record = env
        .app
        .state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !format!("{record:?}").contains(&record.secret_enc),
        "Debug hides sealed values"
    );

    // Every file of the SQLite database (main file and WAL), byte for byte.
    let url = &env.app.state.settings.database_url;
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap();
    let mut checked = 0;
    for suffix in ["", "-wal", "-shm"] {
        if let Ok(bytes) = std::fs::read(format!("{path}{suffix}")) {
            checked += 1;
            let found = bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes());
            assert!(!found, "secret readable in {path}{suffix}");
        }
    }
    assert!(checked >= 1, "database file not found at {path}");
}

#[tokio::test]
async fn sealed_secret_is_bound_to_its_integration() {
    let env = env(0).await;
    env.app
        .state
        .integrations
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let record = env
        .app
        .state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    let cipher = &env.app.state.cipher;
    let opened = server::integrations::secrets::open_api_secret(cipher, &record).unwrap();
    assert_eq!(opened, SECRET);
    let moved = server::store::IntegrationRecord {
        id: record.id + 1,
        ..record
    };
    assert!(server::integrations::secrets::open_api_secret(cipher, &moved).is_err());
}
