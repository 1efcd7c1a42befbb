//! Bad values, unknown keys and unknown schemes are refused with messages naming them.

use super::*;

#[test]
fn bad_env_values_name_their_variable() {
    let cases = [
        (
            "RELAY_BIND",
            "abc",
            r#"invalid value for RELAY_BIND (env): "abc" is not a socket address"#,
        ),
        (
            "RELAY_PUBLIC_BASE_URL",
            "ftp://x.test",
            "RELAY_PUBLIC_BASE_URL (env): \"ftp://x.test\"",
        ),
        (
            "RELAY_PUBLIC_BASE_URL",
            "https://x.test/?a=1",
            "must not carry a query",
        ),
        ("RELAY_DATA_DIR", " ", "RELAY_DATA_DIR (env)"),
        (
            "RELAY_LOG_FORMAT",
            "xml",
            "RELAY_LOG_FORMAT (env): \"xml\" is not a log format",
        ),
        (
            "RELAY_LOG_LEVEL",
            "verbose",
            "RELAY_LOG_LEVEL (env): \"verbose\"",
        ),
        (
            "RELAY_LOG_LEVEL",
            "info,server=loud",
            "RELAY_LOG_LEVEL (env)",
        ),
        (
            "RELAY_DEMO",
            "maybe",
            "RELAY_DEMO (env): \"maybe\" is not a boolean",
        ),
        (
            "RELAY_DEMO_SIM_PORT",
            "65536",
            "RELAY_DEMO_SIM_PORT (env): \"65536\" is out of range (0 to 65535)",
        ),
        (
            "RELAY_AUTOTASK_ZONE_LOOKUP_URL",
            "not a url",
            "RELAY_AUTOTASK_ZONE_LOOKUP_URL (env)",
        ),
        (
            "RELAY_SESSION_TTL_HOURS",
            "0",
            "RELAY_SESSION_TTL_HOURS (env): \"0\" is out of range",
        ),
        (
            "RELAY_SESSION_TTL_HOURS",
            "twelve",
            "\"twelve\" is not a whole number",
        ),
        (
            "RELAY_TRUST_PROXY_HEADERS",
            "2",
            "RELAY_TRUST_PROXY_HEADERS (env)",
        ),
        (
            "RELAY_TRUSTED_PROXIES",
            "11",
            "RELAY_TRUSTED_PROXIES (env): \"11\" is out of range (0 to 10)",
        ),
        (
            "RELAY_TRUSTED_PROXIES",
            "yes",
            "RELAY_TRUSTED_PROXIES (env): \"yes\" is not a whole number",
        ),
        (
            "RELAY_METRICS_TOKEN",
            "short-one",
            "RELAY_METRICS_TOKEN (env): the value (not shown) must be at least 16",
        ),
        (
            "RELAY_SIGN_IN_MAX_FAILURES",
            "-1",
            "RELAY_SIGN_IN_MAX_FAILURES (env): \"-1\" is out of range",
        ),
        (
            "RELAY_SIGN_IN_WINDOW_MINUTES",
            "99999999999",
            "RELAY_SIGN_IN_WINDOW_MINUTES (env)",
        ),
        (
            "RELAY_WEBHOOK_BODY_LIMIT_BYTES",
            "10",
            "RELAY_WEBHOOK_BODY_LIMIT_BYTES (env)",
        ),
        (
            "RELAY_WEBHOOK_SECRET_GRACE_HOURS",
            "1000",
            "RELAY_WEBHOOK_SECRET_GRACE_HOURS (env)",
        ),
        (
            "DATABASE_URL",
            "mysql://db.test/relay",
            "DATABASE_URL (env)",
        ),
    ];
    for (var, value, expected) in cases {
        let message = error(&[], &[(var, value)]);
        assert!(message.contains(expected), "{var}={value}: {message}");
    }
}

#[test]
fn bad_file_and_flag_values_name_their_key() {
    let (_dir, path) = config_file("session_ttl_hours = \"12\"\n");
    let message = error(&["--config", path.to_str().unwrap()], &[]);
    assert!(
        message.starts_with("invalid value for session_ttl_hours (file "),
        "{message}"
    );
    assert!(
        message.contains("expected an integer, found string"),
        "{message}"
    );

    let (_dir, path) = config_file("bind = \"nowhere\"\n");
    let message = error(&["--config", path.to_str().unwrap()], &[]);
    assert!(message.contains("bind (file"), "{message}");
    assert!(
        message.contains("\"nowhere\" is not a socket address"),
        "{message}"
    );

    let message = error(&["--bind", "nowhere"], &[]);
    assert!(
        message.contains("--bind (command line): \"nowhere\""),
        "{message}"
    );
    assert!(error(&["--bind"], &[]).contains("--bind needs a value"));
    assert!(error(&["--bind", "--demo"], &[]).contains("--bind needs a value"));
    assert!(error(&["--demo=yes"], &[]).contains("--demo"));
    assert!(error(&["--bogus"], &[]).contains("unknown command-line argument \"--bogus\""));
    assert!(error(&["serve"], &[]).contains("\"serve\""));
}

#[test]
fn a_bad_file_value_is_refused_even_when_env_overrides_it() {
    let (_dir, path) = config_file("bind = \"nowhere\"\n");
    let message = error(
        &["--config", path.to_str().unwrap()],
        &[("RELAY_BIND", "127.0.0.1:3000")],
    );
    assert!(message.contains("bind (file"), "{message}");
}

#[test]
fn unknown_file_key_is_refused_by_name() {
    let (_dir, path) = config_file("bind = \"127.0.0.1:3000\"\nbnid = \"x\"\n");
    let message = error(&["--config", path.to_str().unwrap()], &[]);
    assert!(message.contains("unknown key \"bnid\""), "{message}");
    assert!(message.contains("known keys: bind,"), "{message}");
}

#[test]
fn missing_or_malformed_file_is_refused() {
    let message = error(&["--config", "/nonexistent/relay.toml"], &[]);
    assert!(
        message.contains("cannot read config file /nonexistent/relay.toml"),
        "{message}"
    );
    let (_dir, path) = config_file("bind = \n");
    assert!(error(&["--config", path.to_str().unwrap()], &[]).contains("is not valid TOML"));
}

#[test]
fn unknown_database_scheme_is_refused_and_known_ones_accepted() {
    let message = error(
        &["--database-url", "mysql://user:hunter2@db.test/relay"],
        &[],
    );
    assert!(message.contains("unknown scheme \"mysql\""), "{message}");
    assert!(message.contains("--database-url"), "{message}");
    assert!(!message.contains("hunter2"), "password leaked: {message}");
    assert!(error(&["--database-url", "data/relay.db"], &[]).contains("unknown scheme"));
    assert!(error(&["--database-url", "sqlite:"], &[]).contains("names no database file"));
    for ok in [
        "sqlite::memory:",
        "sqlite:relay.db",
        "postgres://u@h/db",
        "postgresql://h/db",
    ] {
        assert_eq!(load(&["--database-url", ok], &[]).unwrap().database_url, ok);
    }
}

#[test]
fn master_key_must_be_32_bytes_and_is_never_echoed() {
    let message = error(&[], &[("RELAY_MASTER_KEY", "c2hvcnQta2V5")]);
    assert!(message.contains("RELAY_MASTER_KEY (env)"), "{message}");
    assert!(!message.contains("c2hvcnQta2V5"), "key leaked: {message}");
    let s = load(&[], &[("RELAY_MASTER_KEY", FAKE_KEY)]).unwrap();
    assert!(s.master_key.is_some());
}

#[test]
fn plain_http_zone_lookup_is_refused_unless_explicitly_allowed() {
    const SIM: &str = "http://127.0.0.1:4010/atservicesrest/v1.0/zoneInformation";
    let err = error(&[], &[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", SIM)]);
    assert!(
        err.contains("RELAY_AUTOTASK_ZONE_LOOKUP_URL (env)") && err.contains("plain http"),
        "{err}"
    );
    let (_dir, path) = config_file(&format!("autotask_zone_lookup_url = \"{SIM}\"\n"));
    let err = error(&["--config", path.to_str().unwrap()], &[]);
    assert!(err.contains("autotask_zone_lookup_url (file"), "{err}");

    let allowed = load(
        &[],
        &[
            ("RELAY_AUTOTASK_ZONE_LOOKUP_URL", SIM),
            ("RELAY_AUTOTASK_ALLOW_INSECURE_HTTP", "true"),
        ],
    )
    .unwrap();
    assert!(allowed.autotask_allow_insecure_http);
    // Demo mode swaps in its own simulator, so a leftover URL does not stop it.
    assert!(load(&["--demo"], &[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", SIM)]).is_ok());
    let https = load(&[], &[]).unwrap();
    assert!(!https.autotask_allow_insecure_http);
}

/// Loads as a binary built without the `demo` feature (`--no-default-features`).
fn error_without_demo(list: &[&str], env: &[(&str, &str)]) -> String {
    Settings::load_built(args(list), env_of(env), false)
        .expect_err("should be refused")
        .to_string()
}

#[test]
fn demo_is_refused_by_a_binary_built_without_it() {
    let message = error_without_demo(&[], &[("RELAY_DEMO", "true")]);
    assert!(
        message.starts_with("RELAY_DEMO (env) turns on demo, but this binary was built without"),
        "{message}"
    );
    assert!(message.contains("demo feature"), "{message}");

    let (_dir, path) = config_file("demo = true\n");
    let message = error_without_demo(&["--config", path.to_str().unwrap()], &[]);
    assert!(message.starts_with("demo (file "), "{message}");

    let message = error_without_demo(&["--demo"], &[("RELAY_DEMO", "false")]);
    assert!(message.starts_with("--demo (command line)"), "{message}");
}

#[test]
fn demo_off_loads_in_a_binary_built_without_it() {
    let off = |list: &[&str], env: &[(&str, &str)]| match Settings::load_built(
        args(list),
        env_of(env),
        false,
    )
    .expect("loads")
    {
        Load::Run(s) => s.demo,
        Load::Help(_) => panic!("unexpected help"),
    };
    assert!(!off(&[], &[]));
    // The last word wins: a file or variable turning it on is overridden by --no-demo.
    assert!(!off(&["--no-demo"], &[("RELAY_DEMO", "true")]));
    assert!(!off(
        &[],
        &[("RELAY_DEMO", "false"), ("RELAY_DEMO_SIM_PORT", "4100")]
    ));
}
