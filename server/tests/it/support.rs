//! Shared test scaffolding: a complete `AppState` on a fresh SQLite database per test.

use server::config::{Load, Settings};
use server::crypto::{Cipher, MasterKey};
use server::AppState;
use std::collections::HashMap;

pub struct TestApp {
    pub state: AppState,
    pub router: axum::Router,
    _dir: tempfile::TempDir,
}

/// A fresh Relay with its own data directory; `env` overrides settings like real variables.
pub async fn test_app(env: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut vars: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    vars.entry("RELAY_DATA_DIR".into())
        .or_insert_with(|| dir.path().display().to_string());
    // Every test's Autotask is a simulator on loopback http; a test of the https rule says "false".
    vars.entry("RELAY_AUTOTASK_ALLOW_INSECURE_HTTP".into())
        .or_insert_with(|| "true".into());
    let settings =
        match Settings::load(Vec::<String>::new(), |k| vars.get(k).cloned()).expect("settings") {
            Load::Run(s) => s,
            Load::Help(_) => unreachable!("no --help given"),
        };
    let store = server::store::connect(&settings.database_url)
        .await
        .expect("store");
    let cipher = Cipher::new(&MasterKey::generate());
    let leptos = server::web::leptos_options(settings.bind);
    let state = AppState::new(settings, store, cipher, leptos);
    let router = server::router(state.clone());
    TestApp {
        state,
        router,
        _dir: dir,
    }
}
