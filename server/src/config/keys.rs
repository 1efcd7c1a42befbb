//! The table of every setting: its file key, environment variables, flag, default and meaning.
//!
//! One table feeds the loader, the unknown-key check and `--help`, so they cannot drift apart.

/// The TOML type a key must have in the config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Integer,
    Bool,
}

pub(super) struct Spec {
    /// snake_case name, as written in the config file.
    pub key: &'static str,
    pub env: &'static str,
    /// A second, conventional variable consulted before `env` (so `env` wins when both are set).
    pub fallback_env: Option<&'static str>,
    /// Shown in `--help`, e.g. `--bind ADDR`.
    pub flag: Option<&'static str>,
    pub kind: Kind,
    pub default: &'static str,
    pub help: &'static str,
}

/// The flag and variable that choose the config file; not a key inside the file itself.
pub(super) const CONFIG_FLAG: &str = "--config";
pub(super) const CONFIG_ENV: &str = "RELAY_CONFIG";

pub(super) const SPECS: &[Spec] = &[
    Spec {
        key: "bind",
        env: "RELAY_BIND",
        fallback_env: None,
        flag: Some("--bind ADDR"),
        kind: Kind::Text,
        default: "127.0.0.1:3000",
        help: "Socket address the HTTP server listens on.",
    },
    Spec {
        key: "public_base_url",
        env: "RELAY_PUBLIC_BASE_URL",
        fallback_env: None,
        flag: None,
        kind: Kind::Text,
        default: "http://<bind> (localhost when bind is 0.0.0.0 or [::])",
        help: "External http(s) URL of this server, used in the webhook URLs shown to admins.",
    },
    Spec {
        key: "data_dir",
        env: "RELAY_DATA_DIR",
        fallback_env: None,
        flag: Some("--data-dir DIR"),
        kind: Kind::Text,
        default: "./data",
        help: "Directory for the SQLite database and the generated master key.",
    },
    Spec {
        key: "database_url",
        env: "RELAY_DATABASE_URL",
        fallback_env: Some("DATABASE_URL"),
        flag: Some("--database-url URL"),
        kind: Kind::Text,
        default: "sqlite://<data_dir>/relay.db",
        help: "sqlite:PATH, postgres://… or postgresql://…; any other scheme is refused.",
    },
    Spec {
        key: "master_key",
        env: "RELAY_MASTER_KEY",
        fallback_env: None,
        flag: None,
        kind: Kind::Text,
        default: "generated once into <data_dir>/master.key",
        help: "Base64 of 32 random bytes (openssl rand -base64 32) encrypting secrets at rest.",
    },
    Spec {
        key: "log_format",
        env: "RELAY_LOG_FORMAT",
        fallback_env: None,
        flag: None,
        kind: Kind::Text,
        default: "text",
        help: "text or json.",
    },
    Spec {
        key: "log_level",
        env: "RELAY_LOG_LEVEL",
        fallback_env: None,
        flag: None,
        kind: Kind::Text,
        default: "info",
        help: "trace, debug, info, warn, error or off, or directives like info,server=debug.",
    },
    Spec {
        key: "demo",
        env: "RELAY_DEMO",
        fallback_env: None,
        flag: Some("--demo | --no-demo"),
        kind: Kind::Bool,
        default: "false",
        help: "Start the built-in simulated Autotask tenant (needs a build with the demo feature).",
    },
    Spec {
        key: "demo_sim_port",
        env: "RELAY_DEMO_SIM_PORT",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "0 (any free port)",
        help: "Port of the demo tenant on 127.0.0.1, 0 to 65535; fixed ports let browser tests reach it.",
    },
    Spec {
        key: "autotask_zone_lookup_url",
        env: "RELAY_AUTOTASK_ZONE_LOOKUP_URL",
        fallback_env: None,
        flag: None,
        kind: Kind::Text,
        default: "https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation",
        help: "Where the Autotask zone of an API user is looked up.",
    },
    Spec {
        key: "autotask_allow_insecure_http",
        env: "RELAY_AUTOTASK_ALLOW_INSECURE_HTTP",
        fallback_env: None,
        flag: None,
        kind: Kind::Bool,
        default: "false (true in demo mode)",
        help:
            "Let Autotask zone URLs be plain http; only for a local simulator, never a real tenant.",
    },
    Spec {
        key: "session_ttl_hours",
        env: "RELAY_SESSION_TTL_HOURS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "12",
        help: "Lifetime of an admin sign-in session, 1 to 8760 hours.",
    },
    Spec {
        key: "trusted_proxies",
        env: "RELAY_TRUSTED_PROXIES",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "0",
        help: "How many reverse proxies in front of Relay append to X-Forwarded-For, 0 to 10; the \
               client is the address that many hops from the right. 0 ignores X-Forwarded-*.",
    },
    Spec {
        key: "trust_proxy_headers",
        env: "RELAY_TRUST_PROXY_HEADERS",
        fallback_env: None,
        flag: None,
        kind: Kind::Bool,
        default: "false",
        help: "Deprecated: true means trusted_proxies = 1, false means 0.",
    },
    Spec {
        key: "http_read_timeout_secs",
        env: "RELAY_HTTP_READ_TIMEOUT_SECS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "30",
        help: "How long a client may take to send a request's headers, and its body, 1 to 600 seconds.",
    },
    Spec {
        key: "metrics_token",
        env: "RELAY_METRICS_TOKEN",
        fallback_env: None,
        flag: None,
        kind: Kind::Text,
        default: "none (/metrics is open)",
        help: "When set, /metrics answers only requests with Authorization: Bearer <token>.",
    },
    Spec {
        key: "sign_in_max_failures",
        env: "RELAY_SIGN_IN_MAX_FAILURES",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "5",
        help: "Failed sign-ins allowed per account and per address within the window, 1 to 1000.",
    },
    Spec {
        key: "sign_in_window_minutes",
        env: "RELAY_SIGN_IN_WINDOW_MINUTES",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "15",
        help: "The sign-in failure window, 1 to 10080 minutes.",
    },
    Spec {
        key: "webhook_body_limit_bytes",
        env: "RELAY_WEBHOOK_BODY_LIMIT_BYTES",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "1048576 (1 MiB)",
        help: "Largest webhook body accepted, 1024 to 67108864 bytes.",
    },
    Spec {
        key: "webhook_secret_grace_hours",
        env: "RELAY_WEBHOOK_SECRET_GRACE_HOURS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "24",
        help: "How long a rotated webhook secret is still accepted, 0 to 720 hours.",
    },
    Spec {
        key: "webhook_rate_per_second",
        env: "RELAY_WEBHOOK_RATE_PER_SECOND",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "50",
        help: "Sustained webhook deliveries accepted per integration per second (beyond: 429), 0 (off) to 100000.",
    },
    Spec {
        key: "webhook_rate_burst",
        env: "RELAY_WEBHOOK_RATE_BURST",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "500",
        help: "Webhook deliveries one integration may send at once above the sustained rate, 1 to 1000000.",
    },
    Spec {
        key: "webhook_body_retention_days",
        env: "RELAY_WEBHOOK_BODY_RETENTION_DAYS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "30",
        help: "Days a finished webhook event keeps its body before the janitor clears it, 1 to 3650.",
    },
    Spec {
        key: "webhook_event_retention_days",
        env: "RELAY_WEBHOOK_EVENT_RETENTION_DAYS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "90",
        help: "Days a finished event's row (its dedupe key) is kept, at least the body retention.",
    },
    Spec {
        key: "autotask_max_in_flight",
        env: "RELAY_AUTOTASK_MAX_IN_FLIGHT",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "3",
        help: "Concurrent Autotask requests per endpoint from this replica, 1 to 3; Autotask allows 3 in all, so divide 3 among replicas.",
    },
    Spec {
        key: "agent_max_tool_calls",
        env: "RELAY_AGENT_MAX_TOOL_CALLS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "12",
        help: "Tool calls one wake (or message) of an agent session may make before it stops, 1 to 100.",
    },
    Spec {
        key: "agent_max_brain_calls",
        env: "RELAY_AGENT_MAX_BRAIN_CALLS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "6",
        help: "Brain (model) calls one wake of an agent session may make before it stops, 1 to 50.",
    },
    Spec {
        key: "agent_max_tokens",
        env: "RELAY_AGENT_MAX_TOKENS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "60000",
        help: "Model tokens (prompt and reply) one wake of an agent session may spend, 1000 to 2000000.",
    },
    Spec {
        key: "agent_runner_concurrency",
        env: "RELAY_AGENT_RUNNER_CONCURRENCY",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "4",
        help: "Agent sessions this replica works at once, 1 to 64.",
    },
    Spec {
        key: "agent_lease_secs",
        env: "RELAY_AGENT_LEASE_SECS",
        fallback_env: None,
        flag: None,
        kind: Kind::Integer,
        default: "120",
        help: "Seconds a replica holds an agent session between renewals; another replica takes it over after that, 10 to 3600.",
    },
];

pub(super) fn spec(key: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|spec| spec.key == key)
}

/// Maps a command-line flag (without `=value`) to its key; `--demo`/`--no-demo` are handled apart.
pub(super) fn flag_key(flag: &str) -> Option<&'static str> {
    match flag {
        "--bind" => Some("bind"),
        "--data-dir" => Some("data_dir"),
        "--database-url" => Some("database_url"),
        _ => None,
    }
}
