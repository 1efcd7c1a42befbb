//! Checking what the settings form posted: a clear error naming the field, nothing stored. The
//! URL rule is `connect.rs`'s (https, or http on loopback), so what saves also connects.

use super::super::connect::{paths_from, provider_url, StoredPaths};
use super::super::traceless::TracelessPaths;
use app::error::AppError;
use app::states::VerifierKind;
use app::verification::VerificationSettingsInput;

pub(super) const MIN_TIMEOUT_SECS: i64 = 30;
pub(super) const MAX_TIMEOUT_SECS: i64 = 3600;

/// The provider as chosen on the form.
pub(super) fn provider(raw: &str) -> Result<Option<VerifierKind>, AppError> {
    match raw.trim() {
        "none" | "" => Ok(None),
        other => other
            .parse()
            .map(Some)
            .map_err(|_| AppError::validation("provider", "Choose no provider, Traceless or Duo.")),
    }
}

pub(super) fn timeout_secs(raw: &str) -> Result<i64, AppError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|s| (MIN_TIMEOUT_SECS..=MAX_TIMEOUT_SECS).contains(s))
        .ok_or_else(|| {
            AppError::validation(
                "timeout_secs",
                "Enter a number of seconds from 30 to 3600 (300 is five minutes).",
            )
        })
}

/// The Traceless base URL as stored: no trailing slash (the paths bring their own).
pub(super) fn traceless_url(raw: &str) -> Result<String, AppError> {
    let url = web_url(raw, "traceless_url", "https://api.traceless.example")?;
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// Duo's API hostname as Duo shows it (`api-XXXXXXXX.duosecurity.com`, https implied), or the
/// full URL of a local server (the demo's simulated provider); stored as `https://host`.
pub(super) fn duo_url(raw: &str) -> Result<String, AppError> {
    let raw = raw.trim();
    let bad = |why: &str| AppError::validation("duo_host", why);
    if raw.contains("://") {
        let url = web_url(raw, "duo_host", "https://api-XXXXXXXX.duosecurity.com")?;
        if url.path() != "/" {
            return Err(bad("Enter only the hostname, without a path."));
        }
        return Ok(url.as_str().trim_end_matches('/').to_string());
    }
    let host = raw.trim_end_matches('/').to_ascii_lowercase();
    // A port is rare but possible (a proxy in front of Duo): `host:8443`.
    let (name, port) = host.split_once(':').unwrap_or((&host, ""));
    let shape_ok = name.contains('.')
        && name.len() <= 253
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && (port.is_empty() || port.parse::<u16>().is_ok_and(|p| p > 0));
    if host.is_empty() {
        return Err(bad(
            "Enter the API hostname from Duo, e.g. api-1a2b3c4d.duosecurity.com.",
        ));
    }
    if !shape_ok {
        return Err(bad(
            "The API hostname looks like api-1a2b3c4d.duosecurity.com (a local test server needs its full http:// URL).",
        ));
    }
    Ok(format!("https://{host}"))
}

fn web_url(raw: &str, field: &str, example: &str) -> Result<url::Url, AppError> {
    let raw = raw.trim();
    let bad = |why: String| AppError::validation(field, why);
    if raw.is_empty() {
        return Err(bad(format!("Enter the URL, e.g. {example}.")));
    }
    let url = provider_url(raw).map_err(|_| {
        bad(format!(
            "Use an https:// URL such as {example} (plain http only for a server on this machine: localhost, 127.0.0.1)."
        ))
    })?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad(format!("The URL needs a host, e.g. {example}.")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "Put credentials in their own fields, not in the URL.".into()
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "The URL must not have a query (?…) or a fragment (#…).".into(),
        ));
    }
    if url.as_str().len() > 500 {
        return Err(bad("The URL must be at most 500 characters.".into()));
    }
    Ok(url)
}

/// An identifier pasted from the provider: one word, no control characters.
pub(super) fn token(raw: &str, field: &str, what: &str) -> Result<String, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::validation(field, format!("Enter the {what}.")));
    }
    if value.chars().count() > 200 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AppError::validation(
            field,
            format!("The {what} is one word of at most 200 characters, without spaces."),
        ));
    }
    Ok(value.to_string())
}

/// A typed secret (empty: none typed). Secrets are never echoed, so the message names no value.
pub(super) fn secret(raw: &str, field: &str) -> Result<Option<String>, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > 1000 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AppError::validation(
            field,
            "The secret is one word of at most 1,000 characters, without spaces; type it again.",
        ));
    }
    Ok(Some(value.to_string()))
}

/// The Traceless paths as stored: JSON of the ones that differ from the defaults, or None.
pub(super) fn paths(input: &VerificationSettingsInput) -> Result<Option<String>, AppError> {
    let defaults = TracelessPaths::default();
    let mut stored = StoredPaths::default();
    for (field, raw, default, needs_id, slot) in [
        (
            "path_check",
            &input.path_check,
            &defaults.check,
            false,
            &mut stored.check,
        ),
        (
            "path_start",
            &input.path_start,
            &defaults.start,
            false,
            &mut stored.start,
        ),
        (
            "path_status",
            &input.path_status,
            &defaults.status,
            true,
            &mut stored.status,
        ),
        (
            "path_cancel",
            &input.path_cancel,
            &defaults.cancel,
            true,
            &mut stored.cancel,
        ),
    ] {
        let path = raw.trim();
        if path.is_empty() || path == default {
            continue;
        }
        let bad = |why: &str| AppError::validation(field, why);
        if !path.starts_with('/') || path.starts_with("//") {
            return Err(bad(
                "A path starts with a single /, e.g. /v1/verifications.",
            ));
        }
        if path.len() > 200
            || path
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '#')
        {
            return Err(bad(
                "A path is at most 200 characters, without spaces, ? or #.",
            ));
        }
        if needs_id && !path.contains("{id}") {
            return Err(bad(
                "This path must contain {id}, where the challenge id goes.",
            ));
        }
        *slot = Some(path.to_string());
    }
    let all_default = [&stored.check, &stored.start, &stored.status, &stored.cancel]
        .iter()
        .all(|p| p.is_none());
    if all_default {
        return Ok(None);
    }
    let json = serde_json::to_string(&stored).map_err(crate::errors::internal)?;
    // The same check the flow makes when it connects, so a saved path always connects.
    paths_from(Some(&json)).map_err(|e| AppError::validation("path_check", e.to_string()))?;
    Ok(Some(json))
}

#[cfg(test)]
mod tests;
