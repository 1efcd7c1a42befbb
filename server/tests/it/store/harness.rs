//! Fresh stores for the contracts: a SQLite file in a temp dir, or a throwaway PostgreSQL
//! database created from `RELAY_TEST_PG_URL` and dropped afterwards.

use futures::FutureExt;
use server::store::{self, Backend, NewMspAdmin, Store, UserRecord};
use sqlx::{Connection, Executor, PgConnection};
use std::future::Future;
use std::panic::AssertUnwindSafe;

pub async fn on_sqlite<F, Fut>(contract: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    // The parent directory does not exist yet: opening the store must create it.
    let file = dir.path().join("data").join("relay.db");
    let store = store::connect(&format!("sqlite://{}", file.display()))
        .await
        .expect("open a fresh SQLite store");
    assert!(file.exists(), "the SQLite file is created on connect");
    assert_eq!(store.backend(), Backend::Sqlite);
    contract(store).await;
}

pub async fn on_postgres<F, Fut>(contract: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    with_pg_database(|url| async move {
        let store = store::connect(&url)
            .await
            .expect("open a fresh PostgreSQL store");
        assert_eq!(store.backend(), Backend::Postgres);
        contract(store).await;
    })
    .await;
}

/// Runs `test` with the URL of a new, empty database, then drops it, pass or panic.
pub async fn with_pg_database<F, Fut>(test: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(admin_url) = pg_admin_url() else {
        return;
    };
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to RELAY_TEST_PG_URL: {e}"));
    let name = format!("relay_test_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a throwaway test database");
    let mut url = url::Url::parse(&admin_url).expect("RELAY_TEST_PG_URL is a URL");
    url.set_path(&name);

    let outcome = AssertUnwindSafe(test(url.to_string())).catch_unwind().await;
    // FORCE: pooled connections close in the background after their store is dropped.
    let dropped = admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
    dropped.expect("drop the throwaway test database");
}

/// The PostgreSQL admin URL, or `None` only when skipping was asked for explicitly, so CI
/// cannot pass without ever touching PostgreSQL.
fn pg_admin_url() -> Option<String> {
    match std::env::var("RELAY_TEST_PG_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var("RELAY_TEST_SKIP_PG").as_deref() == Ok("1") => {
            eprintln!("RELAY_TEST_SKIP_PG=1: PostgreSQL contract skipped");
            None
        }
        _ => panic!(
            "RELAY_TEST_PG_URL is not set, so the store contracts cannot run on PostgreSQL. \
             Run `eval \"$(scripts/pg-test-server.sh)\"` first (it installs and starts a test \
             server), or set RELAY_TEST_SKIP_PG=1 to skip PostgreSQL deliberately."
        ),
    }
}

/// Test times: a fixed, realistic epoch keeps expectations readable.
pub const T0: i64 = 1_750_000_000_000;

pub fn new_admin(email: &str) -> NewMspAdmin {
    NewMspAdmin {
        msp_name: "Northwind IT".into(),
        name: "Ada Admin".into(),
        email: email.into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        now: T0,
    }
}

/// Most contracts need a tenant to hang data on.
pub async fn admin(store: &Store) -> UserRecord {
    store
        .create_msp_with_admin(new_admin("ada@northwind.example"))
        .await
        .expect("first admin")
}
