//! Keeping secrets out of logs: `Settings`' `Debug` and the database URL password mask.

use std::fmt;

use super::Settings;

const MASK: &str = "***";

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Settings are logged at start, so every field that can hold a secret is masked here.
        f.debug_struct("Settings")
            .field("config_file", &self.config_file)
            .field("bind", &self.bind)
            .field("public_base_url", &self.public_base_url)
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact_database_url(&self.database_url))
            .field("master_key", &self.master_key.as_ref().map(|_| MASK))
            .field("log_format", &self.log_format)
            .field("log_level", &self.log_level)
            .field("demo", &self.demo)
            .field("demo_sim_port", &self.demo_sim_port)
            .field("autotask_zone_lookup_url", &self.autotask_zone_lookup_url)
            .field(
                "autotask_allow_insecure_http",
                &self.autotask_allow_insecure_http,
            )
            .field("session_ttl_hours", &self.session_ttl_hours)
            .field(
                "public_base_url_configured",
                &self.public_base_url_configured,
            )
            .field("trusted_proxies", &self.trusted_proxies)
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "<set>"),
            )
            .field("sign_in_max_failures", &self.sign_in_max_failures)
            .field("sign_in_window_minutes", &self.sign_in_window_minutes)
            .field("webhook_body_limit_bytes", &self.webhook_body_limit_bytes)
            .field(
                "webhook_secret_grace_hours",
                &self.webhook_secret_grace_hours,
            )
            .field("webhook_rate_per_second", &self.webhook_rate_per_second)
            .field("webhook_rate_burst", &self.webhook_rate_burst)
            .finish()
    }
}

/// Masks the password in `scheme://user:password@host/…` and any `password=` query parameter.
/// Works on text rather than `url::Url` so that even a URL that fails to parse is masked.
pub fn redact_database_url(url: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (url, None),
    };
    let mut out = redact_userinfo(head);
    if let Some(query) = query {
        out.push('?');
        let params: Vec<String> = query
            .split('&')
            .map(|param| match param.split_once('=') {
                Some((name, _)) if name.eq_ignore_ascii_case("password") => {
                    format!("{name}={MASK}")
                }
                _ => param.to_owned(),
            })
            .collect();
        out.push_str(&params.join("&"));
    }
    out
}

fn redact_userinfo(head: &str) -> String {
    let Some((scheme, rest)) = head.split_once("://") else {
        return head.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    // The last '@' ends the userinfo, so an unescaped '@' inside the password is masked too.
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return head.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:{MASK}@{host}{path}"),
        None => head.to_owned(),
    }
}
