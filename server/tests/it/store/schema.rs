//! Store checks that do not need a database: the two migration folders agree, and unknown
//! URL schemes are refused by name.

use server::store::{self, StoreError};
use std::path::Path;

fn migrations(dialect: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(dialect);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn migration_folders_hold_the_same_versions_and_names() {
    let sqlite = migrations("sqlite");
    let postgres = migrations("postgres");
    assert!(!sqlite.is_empty(), "no migrations found");
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres differ"
    );
    for (i, name) in sqlite.iter().enumerate() {
        // Versions are consecutive from 0001 so a missing file in one folder cannot hide.
        let expected = format!("{:04}_", i + 1);
        assert!(
            name.starts_with(&expected) && name.ends_with(".sql"),
            "unexpected migration file {name}"
        );
    }
}

#[tokio::test]
async fn unknown_scheme_is_refused_by_name() {
    let err = store::connect("mysql://x")
        .await
        .expect_err("mysql is not supported");
    assert!(
        matches!(&err, StoreError::UnsupportedScheme(s) if s == "mysql"),
        "got {err:?}"
    );
    assert!(err.to_string().contains("mysql"), "{err}");
}

#[tokio::test]
async fn in_memory_sqlite_opens_and_migrates() {
    let store = store::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    assert_eq!(store.count_users().await.unwrap(), 0);
    store.ping().await.unwrap();
}
