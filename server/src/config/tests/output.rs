//! What settings show of themselves: redacted `Debug` and the `--help` text.

use super::*;

#[test]
fn debug_redacts_secrets() {
    let s = load(
        &[],
        &[
            ("RELAY_MASTER_KEY", FAKE_KEY),
            (
                "DATABASE_URL",
                "postgres://relay:not-a-real-password@db.test/relay?password=alsofake",
            ),
        ],
    )
    .unwrap();
    let debug = format!("{s:?}");
    assert!(!debug.contains(FAKE_KEY), "{debug}");
    assert!(!debug.contains("QkJC"), "{debug}");
    assert!(!debug.contains("not-a-real-password"), "{debug}");
    assert!(!debug.contains("alsofake"), "{debug}");
    assert!(
        debug.contains("postgres://relay:***@db.test/relay?password=***"),
        "{debug}"
    );
    assert!(debug.contains("master_key: Some(\"***\")"), "{debug}");
}

#[test]
fn redaction_handles_odd_urls() {
    assert_eq!(
        redact_database_url("sqlite://data/relay.db"),
        "sqlite://data/relay.db"
    );
    assert_eq!(
        redact_database_url("postgres://user@h/db"),
        "postgres://user@h/db"
    );
    assert_eq!(
        redact_database_url("postgres://u:p@ss@h/db"),
        "postgres://u:***@h/db"
    );
    assert_eq!(
        redact_database_url("postgres://h/db?sslmode=require&PASSWORD=x"),
        "postgres://h/db?sslmode=require&PASSWORD=***"
    );
}

#[test]
fn help_lists_every_option() {
    let Load::Help(text) = Settings::load(args(&["--bind", "x", "--help"]), env_of(&[])).unwrap()
    else {
        panic!("expected help");
    };
    for spec in keys::SPECS {
        assert!(text.contains(spec.key), "{} missing", spec.key);
        assert!(text.contains(spec.env), "{} missing", spec.env);
        assert!(text.contains(spec.default), "{} default missing", spec.key);
    }
    for needle in [
        "--config PATH",
        "RELAY_CONFIG",
        "--bind ADDR",
        "--data-dir DIR",
        "--no-demo",
        "DATABASE_URL",
    ] {
        assert!(text.contains(needle), "{needle} missing");
    }
}
