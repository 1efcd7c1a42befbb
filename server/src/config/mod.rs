//! Server settings: defaults in code, then an optional TOML file, then `RELAY_*` environment
//! variables, then command-line flags, all validated before anything starts.

mod error;
mod help;
mod keys;
mod redact;
mod sources;
mod values;

#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use error::{ConfigError, Origin};
pub use redact::redact_database_url;

use crate::crypto::MasterKey;

/// Whether this binary links the simulated tenant (the `demo` cargo feature of `server`).
const DEMO_BUILT: bool = cfg!(feature = "demo");

/// What the command line asked for.
#[derive(Debug)]
// Made once at start, so the size gap to `Help` costs nothing; boxing would only hinder matching.
#[allow(clippy::large_enum_variant)]
pub enum Load {
    Run(Settings),
    /// `--help` was given; print the text and exit successfully.
    Help(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Every field is validated; `Debug` masks the master key and database password.
#[derive(Clone)]
pub struct Settings {
    /// The file the settings were read from, if any (worth logging at start).
    pub config_file: Option<PathBuf>,
    pub bind: SocketAddr,
    /// http(s) URL without a trailing slash.
    pub public_base_url: String,
    /// False while `public_base_url` is the default derived from `bind` (the cross-site
    /// check then also accepts the request's own Host).
    pub public_base_url_configured: bool,
    pub data_dir: PathBuf,
    /// Scheme checked: `sqlite:`, `postgres://` or `postgresql://`.
    pub database_url: String,
    /// `None` means: use or create `<data_dir>/master.key` (see `MasterKey::from_settings`).
    pub master_key: Option<MasterKey>,
    pub log_format: LogFormat,
    /// An `EnvFilter` directive string, e.g. `info` or `info,server=debug`.
    pub log_level: String,
    pub demo: bool,
    /// Port of the demo tenant on 127.0.0.1; 0 lets the OS pick one.
    pub demo_sim_port: u16,
    pub autotask_zone_lookup_url: String,
    /// Plain-http zone URLs are refused unless this is set (the demo sets it for its simulator).
    pub autotask_allow_insecure_http: bool,
    pub session_ttl_hours: u32,
    /// Reverse proxies in front of Relay that append to `X-Forwarded-For` (0: trust none).
    pub trusted_proxies: u8,
    /// Deadline for reading a request's headers, and separately its body.
    pub http_read_timeout_secs: u32,
    /// When set, `/metrics` needs `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    pub sign_in_max_failures: u32,
    pub sign_in_window_minutes: u32,
    pub webhook_body_limit_bytes: usize,
    pub webhook_secret_grace_hours: u32,
    /// Per-integration intake token bucket: refill per second (0 = off) and size.
    pub webhook_rate_per_second: u32,
    pub webhook_rate_burst: u32,
    /// Finished events keep their raw body this long; the row (dedupe key) stays longer.
    pub webhook_body_retention_days: u32,
    /// Finished event rows are deleted after this long (never before their body is cleared).
    pub webhook_event_retention_days: u32,
    /// This replica's share of Autotask's 3 concurrent requests per endpoint.
    pub autotask_max_in_flight: usize,
    /// Set by the demo (not a config key): the fake model endpoint the Agent brain page hints at.
    pub demo_model_endpoint: Option<app::wire::DemoEndpoint>,
    /// Minutes between the periodic checks of the webhook definitions in Autotask.
    pub webhook_check_minutes: u32,
    /// Silence (no event) during business hours that raises an alert; 0 = off.
    pub webhook_silence_alert_minutes: u32,
    /// Per-wake budgets of an agent session.
    pub agent_max_tool_calls: u32,
    pub agent_max_brain_calls: u32,
    pub agent_max_tokens: u32,
    /// Sessions the runner works at once on this replica.
    pub agent_runner_concurrency: usize,
    pub agent_lease_secs: u32,
    /// Hours before a pending approval plan expires.
    pub approval_expiry_hours: u32,
}

impl Default for Settings {
    fn default() -> Self {
        let bind = SocketAddr::from(([127, 0, 0, 1], 3000));
        let data_dir = PathBuf::from("./data");
        Settings {
            config_file: None,
            public_base_url: default_public_base_url(bind),
            public_base_url_configured: false,
            database_url: default_database_url(&data_dir),
            bind,
            data_dir,
            master_key: None,
            log_format: LogFormat::Text,
            log_level: "info".into(),
            demo: false,
            demo_sim_port: 0,
            autotask_zone_lookup_url:
                "https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation".into(),
            autotask_allow_insecure_http: false,
            session_ttl_hours: 12,
            trusted_proxies: 0,
            http_read_timeout_secs: 30,
            metrics_token: None,
            sign_in_max_failures: 5,
            sign_in_window_minutes: 15,
            webhook_body_limit_bytes: 1024 * 1024,
            webhook_secret_grace_hours: 24,
            webhook_rate_per_second: 50,
            webhook_rate_burst: 500,
            webhook_body_retention_days: 30,
            webhook_event_retention_days: 90,
            autotask_max_in_flight: 3,
            demo_model_endpoint: None,
            webhook_check_minutes: 10,
            webhook_silence_alert_minutes: 120,
            agent_max_tool_calls: 12,
            agent_max_brain_calls: 6,
            agent_max_tokens: 60_000,
            agent_runner_concurrency: 4,
            agent_lease_secs: 120,
            approval_expiry_hours: 24,
        }
    }
}

impl Settings {
    /// `args` are the command-line arguments without the program name
    /// (`std::env::args().skip(1)`); `env` reads a variable (`|k| std::env::var(k).ok()`).
    pub fn load(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Load, ConfigError> {
        Self::load_built(args, env, DEMO_BUILT)
    }

    /// `load` for a binary with or without the demo tenant, so tests can check both builds.
    fn load_built(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
        demo_built: bool,
    ) -> Result<Load, ConfigError> {
        let flags = sources::parse_flags(args)?;
        if flags.help {
            return Ok(Load::Help(Self::help_text()));
        }
        let config_file = flags
            .config
            .or_else(|| env(keys::CONFIG_ENV).filter(|v| !v.is_empty()))
            .map(PathBuf::from);

        let mut given = Vec::new();
        if let Some(path) = &config_file {
            given.extend(sources::from_file(path)?);
        }
        given.extend(sources::from_env(&env));
        given.extend(flags.values);

        // Every layer is parsed, not only the winning one, so a bad value in the file is
        // reported even when the environment happens to override it today.
        let mut settings = Settings {
            config_file,
            ..Settings::default()
        };
        for value in &given {
            values::apply(&mut settings, value)?;
        }
        let is_given = |key: &str| given.iter().any(|g| g.key == key);
        settings.public_base_url_configured = is_given("public_base_url");
        if !settings.public_base_url_configured {
            settings.public_base_url = default_public_base_url(settings.bind);
        }
        if !is_given("database_url") {
            settings.database_url = default_database_url(&settings.data_dir);
        }
        refuse_plain_http_zone_lookup(&settings, &given)?;
        if settings.demo && !demo_built {
            // The last source to set `demo` is the one that turned it on.
            if let Some(on) = given.iter().rev().find(|g| g.key == "demo") {
                return Err(ConfigError::DemoNotBuilt {
                    name: on.name.clone(),
                    origin: on.origin.clone(),
                });
            }
        }
        Ok(Load::Run(settings))
    }

    /// Every option with its environment variable, flag, default and meaning.
    pub fn help_text() -> String {
        help::help_text()
    }

    /// An absolute URL for `path` (which starts with `/`) as seen from outside.
    pub fn public_url(&self, path: &str) -> String {
        format!("{}{path}", self.public_base_url)
    }

    pub fn session_ttl(&self) -> Duration {
        Duration::from_secs(u64::from(self.session_ttl_hours) * 3600)
    }

    pub fn sign_in_window(&self) -> Duration {
        Duration::from_secs(u64::from(self.sign_in_window_minutes) * 60)
    }

    /// What the janitor keeps of finished webhook events: bodies for the first horizon, rows
    /// (so Autotask's redeliveries, which stop within minutes, still dedupe) for the longer one.
    pub fn event_retention(&self) -> crate::janitor::EventRetention {
        let day = 24 * 3_600_000_i64;
        let body = i64::from(self.webhook_body_retention_days) * day;
        crate::janitor::EventRetention {
            body_ms: body,
            row_ms: (i64::from(self.webhook_event_retention_days) * day).max(body),
        }
    }

    pub fn http_read_timeout(&self) -> Duration {
        Duration::from_secs(u64::from(self.http_read_timeout_secs))
    }

    pub fn webhook_secret_grace(&self) -> Duration {
        Duration::from_secs(u64::from(self.webhook_secret_grace_hours) * 3600)
    }
}

/// The API user's secret travels in headers, so a plain-http zone lookup is refused at start
/// unless explicitly allowed; demo mode replaces the URL with its own simulator anyway.
fn refuse_plain_http_zone_lookup(
    settings: &Settings,
    given: &[values::Given],
) -> Result<(), ConfigError> {
    let plain = settings.autotask_zone_lookup_url.starts_with("http://");
    if !plain || settings.autotask_allow_insecure_http || settings.demo {
        return Ok(());
    }
    // The default is https, so a plain-http URL was given; name the value that won.
    let winner = given
        .iter()
        .rev()
        .find(|g| g.key == "autotask_zone_lookup_url");
    Err(ConfigError::Invalid {
        name: winner.map_or_else(|| "autotask_zone_lookup_url".into(), |g| g.name.clone()),
        origin: winner.map_or(Origin::Env, |g| g.origin.clone()),
        problem: format!(
            "{:?} is plain http, which would send Autotask credentials unencrypted; use https \
             (autotask_allow_insecure_http = true is only for a local simulator)",
            settings.autotask_zone_lookup_url
        ),
    })
}

/// An unspecified listen address (0.0.0.0, [::]) cannot be browsed to, so localhost stands in.
fn default_public_base_url(bind: SocketAddr) -> String {
    if bind.ip().is_unspecified() {
        format!("http://localhost:{}", bind.port())
    } else {
        format!("http://{bind}")
    }
}

fn default_database_url(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}", data_dir.join("relay.db").display())
}
