//! The Autotask secret is unreadable at rest and never leaves the server once saved.

use super::harness::{demo_input, env};
use app::ids::IntegrationId;
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
        .integrations
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
        id: IntegrationId(record.id.get() + 1),
        ..record
    };
    assert!(server::integrations::secrets::open_api_secret(cipher, &moved).is_err());
}

/// Collects every formatted log line of the test's thread.
#[derive(Clone, Default)]
struct Lines(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Single-threaded runtime, so the thread-local subscriber sees everything the calls log,
/// down to TRACE (HTTP client internals included).
#[tokio::test(flavor = "current_thread")]
async fn secret_never_reaches_a_log_line() {
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let env = env(0).await;
    let svc = &env.app.state.integrations;
    let mut wrong = demo_input(&env.sim);
    wrong.secret = "wrong-secret-not-real".into();
    let _ = svc.save_credentials(&env.user, wrong).await;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    svc.recheck(&env.user).await.unwrap();
    svc.company_types(&env.user).await.unwrap();

    let text = String::from_utf8_lossy(&lines.0.lock().unwrap()).into_owned();
    assert!(!text.is_empty(), "the subscriber captured the calls' logs");
    assert!(!text.contains(SECRET), "secret in a log line");
    assert!(
        !text.contains("wrong-secret-not-real"),
        "rejected secret in a log line"
    );
}
