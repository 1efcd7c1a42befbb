//! Defaults, and each source overriding the one before it.

use std::path::PathBuf;

use super::*;

#[test]
fn defaults_apply_without_any_source() {
    let s = load(&[], &[]).unwrap();
    assert_eq!(s.bind.to_string(), "127.0.0.1:3000");
    assert_eq!(s.public_base_url, "http://127.0.0.1:3000");
    assert_eq!(s.data_dir, PathBuf::from("./data"));
    assert_eq!(s.database_url, "sqlite://./data/relay.db");
    assert!(s.master_key.is_none());
    assert_eq!(s.log_format, LogFormat::Text);
    assert_eq!(s.log_level, "info");
    assert!(!s.demo);
    assert_eq!(s.demo_sim_port, 0);
    assert_eq!(
        s.autotask_zone_lookup_url,
        "https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation"
    );
    assert_eq!(s.session_ttl().as_secs(), 12 * 3600);
    assert_eq!(s.trusted_proxies, 0);
    assert_eq!(s.metrics_token, None);
    assert_eq!(s.sign_in_max_failures, 5);
    assert_eq!(s.sign_in_window().as_secs(), 15 * 60);
    assert_eq!(s.webhook_body_limit_bytes, 1024 * 1024);
    assert_eq!(s.webhook_secret_grace().as_secs(), 24 * 3600);
    assert_eq!(s.autotask_max_in_flight, 3);
    let day = 24 * 3_600_000;
    assert_eq!(
        s.event_retention(),
        crate::janitor::EventRetention {
            body_ms: 30 * day,
            row_ms: 90 * day
        }
    );
    assert!(s.config_file.is_none());
}

#[test]
fn replica_shares_and_retention_are_set_and_checked() {
    let env = [
        ("RELAY_AUTOTASK_MAX_IN_FLIGHT", "1"),
        ("RELAY_WEBHOOK_BODY_RETENTION_DAYS", "60"),
        ("RELAY_WEBHOOK_EVENT_RETENTION_DAYS", "7"),
    ];
    let s = load(&[], &env).unwrap();
    assert_eq!(s.autotask_max_in_flight, 1);
    let r = s.event_retention();
    assert_eq!(r.body_ms, 60 * 24 * 3_600_000);
    assert_eq!(r.row_ms, r.body_ms, "rows never go before their body");
    for bad in ["0", "4"] {
        assert!(
            load(&[], &[("RELAY_AUTOTASK_MAX_IN_FLIGHT", bad)]).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn derived_defaults_follow_bind_and_data_dir() {
    let s = load(&["--bind", "0.0.0.0:8080", "--data-dir", "/srv/relay"], &[]).unwrap();
    assert_eq!(s.public_base_url, "http://localhost:8080");
    assert_eq!(s.database_url, "sqlite:///srv/relay/relay.db");
    assert_eq!(
        s.public_url("/hooks/autotask/7"),
        "http://localhost:8080/hooks/autotask/7"
    );
}

#[test]
fn file_overrides_defaults() {
    let (_dir, path) = config_file(
        "bind = \"127.0.0.1:4000\"\n\
         public_base_url = \"https://relay.example.test/\"\n\
         log_format = \"json\"\n\
         demo = true\n\
         demo_sim_port = 4100\n\
         session_ttl_hours = 8\n\
         master_key = \"QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=\"\n",
    );
    let s = load(&["--config", path.to_str().unwrap()], &[]).unwrap();
    assert_eq!(s.config_file.as_deref(), Some(path.as_path()));
    assert_eq!(s.bind.port(), 4000);
    assert_eq!(s.public_base_url, "https://relay.example.test");
    assert_eq!(s.log_format, LogFormat::Json);
    assert!(s.demo);
    assert_eq!(s.demo_sim_port, 4100);
    assert_eq!(s.session_ttl_hours, 8);
    assert!(s.master_key.is_some());
}

#[test]
fn env_overrides_file_and_names_the_file_through_relay_config() {
    let (_dir, path) = config_file("bind = \"127.0.0.1:4000\"\nsign_in_max_failures = 3\n");
    let s = load(
        &[],
        &[
            ("RELAY_CONFIG", path.to_str().unwrap()),
            ("RELAY_BIND", "127.0.0.1:5000"),
            ("RELAY_TRUST_PROXY_HEADERS", "yes"),
            ("RELAY_DEMO_SIM_PORT", "4200"),
        ],
    )
    .unwrap();
    assert_eq!(s.bind.port(), 5000);
    assert_eq!(s.demo_sim_port, 4200);
    assert_eq!(
        s.sign_in_max_failures, 3,
        "file value kept where env is silent"
    );
    assert_eq!(
        s.trusted_proxies, 1,
        "the deprecated boolean means one proxy"
    );
}

#[test]
fn flags_override_env() {
    let s = load(
        &[
            "--bind=127.0.0.1:6000",
            "--no-demo",
            "--database-url",
            "postgres://db.test/relay",
        ],
        &[
            ("RELAY_BIND", "127.0.0.1:5000"),
            ("RELAY_DEMO", "true"),
            ("DATABASE_URL", "sqlite://env.db"),
        ],
    )
    .unwrap();
    assert_eq!(s.bind.port(), 6000);
    assert!(!s.demo);
    assert_eq!(s.database_url, "postgres://db.test/relay");
}

#[test]
fn relay_database_url_wins_over_database_url_and_empty_env_is_unset() {
    let s = load(
        &[],
        &[
            ("DATABASE_URL", "postgres://other.test/db"),
            ("RELAY_DATABASE_URL", "postgresql://relay.test/db"),
            ("RELAY_BIND", ""),
        ],
    )
    .unwrap();
    assert_eq!(s.database_url, "postgresql://relay.test/db");
    assert_eq!(s.bind.port(), 3000);
}

#[test]
fn config_flag_wins_over_relay_config() {
    let (_dir, path) = config_file("demo = true\n");
    let s = load(
        &["--config", path.to_str().unwrap()],
        &[("RELAY_CONFIG", "/nonexistent/relay.toml")],
    )
    .unwrap();
    assert!(s.demo);
}

#[test]
fn trusted_proxies_and_the_metrics_token_load() {
    let s = load(
        &[],
        &[
            ("RELAY_TRUSTED_PROXIES", "2"),
            ("RELAY_METRICS_TOKEN", "test-only-metrics-token"),
        ],
    )
    .unwrap();
    assert_eq!(s.trusted_proxies, 2);
    assert_eq!(s.metrics_token.as_deref(), Some("test-only-metrics-token"));
    assert!(
        !format!("{s:?}").contains("test-only-metrics-token"),
        "Debug masks the token"
    );
}

#[test]
fn business_hours_offset_loads_and_bad_offsets_are_refused() {
    assert_eq!(load(&[], &[]).unwrap().business_hours_utc_offset_minutes, 0);
    let key = "RELAY_BUSINESS_HOURS_UTC_OFFSET";
    for (given, minutes) in [("+01:00", 60), ("-05:30", -330), ("Z", 0), ("+14:00", 840)] {
        let s = load(&[], &[(key, given)]).unwrap();
        assert_eq!(s.business_hours_utc_offset_minutes, minutes, "{given}");
    }
    for bad in ["1", "+1:00", "+01:60", "+15:00", "-12:30", "CET"] {
        let err = load(&[], &[(key, bad)]).unwrap_err().to_string();
        assert!(err.contains(key), "{bad}: {err}");
    }
}
