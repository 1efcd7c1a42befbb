//! Parsing and checking one setting's text into its typed field of `Settings`.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::error::{ConfigError, Origin};
use super::redact::redact_database_url;
use super::{LogFormat, Settings};
use crate::crypto::MasterKey;

/// One value as given by a source, before it is parsed.
pub(super) struct Given {
    /// The canonical snake_case key.
    pub key: &'static str,
    /// The key as spelled in its origin, for messages.
    pub name: String,
    pub value: String,
    pub origin: Origin,
}

/// Parses `given` into its field of `settings`; a bad value names its key and origin.
pub(super) fn apply(settings: &mut Settings, given: &Given) -> Result<(), ConfigError> {
    let v = given.value.as_str();
    let result = match given.key {
        "bind" => parse_bind(v).map(|x| settings.bind = x),
        "public_base_url" => parse_base_url(v).map(|x| settings.public_base_url = x),
        "data_dir" => parse_dir(v).map(|x| settings.data_dir = x),
        "database_url" => parse_database_url(v).map(|x| settings.database_url = x),
        "master_key" => parse_master_key(v).map(|x| settings.master_key = Some(x)),
        "log_format" => parse_log_format(v).map(|x| settings.log_format = x),
        "log_level" => parse_log_level(v).map(|x| settings.log_level = x),
        "demo" => parse_bool(v).map(|x| settings.demo = x),
        "demo_sim_port" => parse_port(v).map(|x| settings.demo_sim_port = x),
        "autotask_zone_lookup_url" => {
            parse_http_url(v).map(|x| settings.autotask_zone_lookup_url = x)
        }
        "autotask_allow_insecure_http" => {
            parse_bool(v).map(|x| settings.autotask_allow_insecure_http = x)
        }
        "session_ttl_hours" => parse_int(v, 1, 8760).map(|x| settings.session_ttl_hours = x),
        "trusted_proxies" => parse_int(v, 0, 10).map(|x| settings.trusted_proxies = x as u8),
        "trust_proxy_headers" => parse_bool(v).map(|x| settings.trusted_proxies = u8::from(x)),
        "http_read_timeout_secs" => {
            parse_int(v, 1, 600).map(|x| settings.http_read_timeout_secs = x)
        }
        "metrics_token" => parse_token(v).map(|x| settings.metrics_token = x),
        "sign_in_max_failures" => parse_int(v, 1, 1000).map(|x| settings.sign_in_max_failures = x),
        "sign_in_window_minutes" => {
            parse_int(v, 1, 10080).map(|x| settings.sign_in_window_minutes = x)
        }
        "webhook_body_limit_bytes" => parse_int(v, 1024, 64 * 1024 * 1024)
            .map(|x| settings.webhook_body_limit_bytes = x as usize),
        "webhook_secret_grace_hours" => {
            parse_int(v, 0, 720).map(|x| settings.webhook_secret_grace_hours = x)
        }
        "webhook_rate_per_second" => {
            parse_int(v, 0, 100_000).map(|x| settings.webhook_rate_per_second = x)
        }
        "webhook_rate_burst" => parse_int(v, 1, 1_000_000).map(|x| settings.webhook_rate_burst = x),
        "webhook_body_retention_days" => {
            parse_int(v, 1, 3650).map(|x| settings.webhook_body_retention_days = x)
        }
        "webhook_event_retention_days" => {
            parse_int(v, 1, 3650).map(|x| settings.webhook_event_retention_days = x)
        }
        "autotask_max_in_flight" => {
            parse_int(v, 1, 3).map(|x| settings.autotask_max_in_flight = x as usize)
        }
        "webhook_check_minutes" => {
            parse_int(v, 1, 1440).map(|x| settings.webhook_check_minutes = x)
        }
        "webhook_silence_alert_minutes" => {
            parse_int(v, 0, 10_080).map(|x| settings.webhook_silence_alert_minutes = x)
        }
        "agent_max_tool_calls" => parse_int(v, 1, 100).map(|x| settings.agent_max_tool_calls = x),
        "agent_max_brain_calls" => parse_int(v, 1, 50).map(|x| settings.agent_max_brain_calls = x),
        "agent_max_tokens" => parse_int(v, 1000, 2_000_000).map(|x| settings.agent_max_tokens = x),
        "agent_runner_concurrency" => {
            parse_int(v, 1, 64).map(|x| settings.agent_runner_concurrency = x as usize)
        }
        "agent_lease_secs" => parse_int(v, 10, 3600).map(|x| settings.agent_lease_secs = x),
        "approval_expiry_hours" => parse_int(v, 1, 720).map(|x| settings.approval_expiry_hours = x),
        other => Err(format!("is not a setting ({other})")),
    };
    result.map_err(|reason| ConfigError::Invalid {
        name: given.name.clone(),
        origin: given.origin.clone(),
        problem: describe(given, &reason),
    })
}

/// Quotes the offending value, except where the value itself is (or contains) a secret.
fn describe(given: &Given, reason: &str) -> String {
    match given.key {
        "master_key" | "metrics_token" => format!("the value (not shown) {reason}"),
        "database_url" => format!("{:?} {reason}", redact_database_url(&given.value)),
        _ => format!("{:?} {reason}", given.value),
    }
}

fn parse_bind(v: &str) -> Result<SocketAddr, String> {
    v.trim()
        .parse()
        .map_err(|_| "is not a socket address (expected e.g. 127.0.0.1:3000 or [::]:3000)".into())
}

fn parse_dir(v: &str) -> Result<PathBuf, String> {
    if v.trim().is_empty() {
        return Err("is empty; name a directory".into());
    }
    Ok(PathBuf::from(v))
}

fn parse_http_url(v: &str) -> Result<String, String> {
    let url = url::Url::parse(v.trim()).map_err(|e| format!("is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
        return Err("is not an http:// or https:// URL".into());
    }
    Ok(url.to_string())
}

/// Kept without a trailing slash so paths can be appended with `format!("{base}/hooks/…")`.
fn parse_base_url(v: &str) -> Result<String, String> {
    let url = parse_http_url(v)?;
    if url.contains(['?', '#']) {
        return Err("must not carry a query or fragment".into());
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn parse_database_url(v: &str) -> Result<String, String> {
    let v = v.trim();
    if let Some(rest) = v.strip_prefix("sqlite:") {
        if rest.trim_start_matches('/').is_empty() {
            return Err("names no database file (e.g. sqlite://data/relay.db)".into());
        }
        return Ok(v.to_owned());
    }
    if v.starts_with("postgres://") || v.starts_with("postgresql://") {
        url::Url::parse(v).map_err(|e| format!("is not a valid PostgreSQL URL ({e})"))?;
        return Ok(v.to_owned());
    }
    let scheme = v.split_once(':').map_or(v, |(scheme, _)| scheme);
    Err(format!(
        "has an unknown scheme {scheme:?}; use sqlite:, postgres:// or postgresql://"
    ))
}

fn parse_master_key(v: &str) -> Result<MasterKey, String> {
    MasterKey::from_base64(v.trim()).map_err(|_| {
        "is not base64 of exactly 32 bytes (make one with: openssl rand -base64 32)".into()
    })
}

fn parse_log_format(v: &str) -> Result<LogFormat, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        _ => Err("is not a log format (text or json)".into()),
    }
}

const LEVELS: [&str; 6] = ["trace", "debug", "info", "warn", "error", "off"];

/// Stricter than `EnvFilter`, which would take a typo such as "verbose" as a target name and
/// silently log nothing useful: every directive must end in a level.
fn parse_log_level(v: &str) -> Result<String, String> {
    let v = v.trim();
    let bad = || {
        format!(
            "is not a log level ({}) or directives like info,server=debug",
            LEVELS.join(", ")
        )
    };
    if v.is_empty() {
        return Err(bad());
    }
    for directive in v.split(',') {
        let level = directive
            .rsplit_once('=')
            .map_or(directive, |(_, level)| level);
        if !LEVELS.contains(&level.trim().to_ascii_lowercase().as_str()) {
            return Err(bad());
        }
    }
    tracing_subscriber::EnvFilter::try_new(v).map_err(|e| format!("is not a log filter ({e})"))?;
    Ok(v.to_owned())
}

/// A bearer token: visible ASCII (it travels in a header), long enough not to be guessed.
fn parse_token(v: &str) -> Result<Option<String>, String> {
    let v = v.trim();
    if v.len() < 16 || !v.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            "must be at least 16 visible ASCII characters (e.g. openssl rand -hex 24)".into(),
        );
    }
    Ok(Some(v.to_owned()))
}

fn parse_bool(v: &str) -> Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err("is not a boolean (true or false)".into()),
    }
}

fn parse_port(v: &str) -> Result<u16, String> {
    parse_int(v, 0, u32::from(u16::MAX)).map(|x| x as u16)
}

fn parse_int(v: &str, min: u32, max: u32) -> Result<u32, String> {
    let out_of_range = || format!("is out of range ({min} to {max})");
    let n: u64 = v.trim().parse().map_err(|_| {
        if v.trim().starts_with('-') {
            out_of_range()
        } else {
            "is not a whole number".to_owned()
        }
    })?;
    u32::try_from(n)
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(out_of_range)
}
