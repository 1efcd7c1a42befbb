//! The binary refuses to start on bad configuration, naming what is wrong.

use std::process::Command;

fn start(env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.env_clear().env("RELAY_DATA_DIR", dir.path()).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("server binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn unknown_database_scheme_stops_the_start() {
    let (code, _, err) = start(&[("DATABASE_URL", "mysql://relay@db/relay")], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("DATABASE_URL") && err.contains("mysql"),
        "{err}"
    );
}

#[test]
fn malformed_values_name_their_key() {
    let (code, _, err) = start(&[("RELAY_BIND", "not-an-address")], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("RELAY_BIND"), "{err}");
    let (code, _, err) = start(&[("RELAY_SESSION_TTL_HOURS", "forever")], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("RELAY_SESSION_TTL_HOURS"), "{err}");
}

#[test]
fn help_lists_the_options() {
    let (code, out, _) = start(&[], &["--help"]);
    assert_eq!(code, 0);
    for key in [
        "RELAY_BIND",
        "DATABASE_URL",
        "RELAY_DATA_DIR",
        "RELAY_MASTER_KEY",
        "--config",
    ] {
        assert!(out.contains(key), "help mentions {key}:\n{out}");
    }
}
