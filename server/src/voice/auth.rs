//! How the voice platform proves itself (reference §3.5): the shared secret in `x-vapi-secret`
//! (or `Authorization: Bearer`), compared in constant time, and/or the HMAC plan
//! `x-signature = hex(HMAC-SHA256(secret, "{x-timestamp}.{body}"))` with a freshness window.
//! Whatever is presented must be valid; at least one of them must be presented.

use super::error::VoiceError;
use crate::crypto::constant_time_eq;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The platform's timestamp unit and replay window are undocumented: accept seconds or
/// milliseconds, five minutes either way (duplicates are deduped on the call id anyway).
pub const FRESHNESS_SECONDS: i64 = 300;

/// The credentials a request carried.
#[derive(Debug, Default, Clone)]
pub struct Presented {
    pub secret: Option<String>,
    pub signature: Option<String>,
    pub timestamp: Option<String>,
}

/// Checks `presented` against the integration's voice secret for this raw body.
pub fn check(
    secret: &str,
    presented: &Presented,
    body: &[u8],
    now_ms: i64,
) -> Result<(), VoiceError> {
    if presented.secret.is_none() && presented.signature.is_none() {
        return Err(VoiceError::BadCredentials);
    }
    if let Some(candidate) = presented.secret.as_deref() {
        let candidate = candidate
            .strip_prefix("Bearer ")
            .unwrap_or(candidate)
            .trim();
        if !constant_time_eq(secret, candidate) {
            return Err(VoiceError::BadCredentials);
        }
    }
    if let Some(signature) = presented.signature.as_deref() {
        let stamp = presented
            .timestamp
            .as_deref()
            .ok_or(VoiceError::Stale(FRESHNESS_SECONDS))?
            .trim();
        let millis = stamp_millis(stamp).ok_or(VoiceError::Stale(FRESHNESS_SECONDS))?;
        if (now_ms - millis).abs() > FRESHNESS_SECONDS * 1000 {
            return Err(VoiceError::Stale(FRESHNESS_SECONDS));
        }
        if !signature_valid(secret, stamp, body, signature) {
            return Err(VoiceError::BadCredentials);
        }
    }
    Ok(())
}

/// Seconds or milliseconds since the epoch (told apart by size) to milliseconds.
fn stamp_millis(stamp: &str) -> Option<i64> {
    let value: i64 = stamp.parse().ok()?;
    Some(if value < 100_000_000_000 {
        value * 1000
    } else {
        value
    })
}

fn signature_valid(secret: &str, stamp: &str, body: &[u8], header: &str) -> bool {
    let header = header.trim();
    let hex = header.strip_prefix("sha256=").unwrap_or(header);
    let Some(expected) = decode_hex(hex) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(stamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    // `verify_slice` compares in constant time.
    mac.verify_slice(&expected).is_ok()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The header value a platform sends for `body` at `stamp` (tests and the simulated platform
/// compute the same thing independently; this one serves the server's own unit tests).
pub fn sign(secret: &str, stamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(stamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "test-voice-secret-not-real";
    const NOW: i64 = 1_764_500_000_000;

    fn signed(stamp: &str, body: &[u8]) -> Presented {
        Presented {
            signature: Some(sign(SECRET, stamp, body)),
            timestamp: Some(stamp.to_owned()),
            ..Presented::default()
        }
    }

    #[test]
    fn secret_header_alone_or_bearer() {
        let ok = |s: &str| Presented {
            secret: Some(s.into()),
            ..Presented::default()
        };
        assert!(check(SECRET, &ok(SECRET), b"{}", NOW).is_ok());
        assert!(check(SECRET, &ok(&format!("Bearer {SECRET}")), b"{}", NOW).is_ok());
        assert!(check(SECRET, &ok("nope"), b"{}", NOW).is_err());
        assert!(check(SECRET, &Presented::default(), b"{}", NOW).is_err());
    }

    #[test]
    fn hmac_in_seconds_or_millis_within_the_window() {
        let body = br#"{"message":{"type":"status-update"}}"#;
        let secs = (NOW / 1000).to_string();
        assert!(check(SECRET, &signed(&secs, body), body, NOW).is_ok());
        assert!(check(SECRET, &signed(&NOW.to_string(), body), body, NOW).is_ok());
        let old = ((NOW / 1000) - FRESHNESS_SECONDS - 1).to_string();
        assert!(matches!(
            check(SECRET, &signed(&old, body), body, NOW),
            Err(VoiceError::Stale(_))
        ));
        let mut tampered = signed(&secs, body);
        tampered.timestamp = Some((NOW / 1000 + 1).to_string());
        assert!(
            check(SECRET, &tampered, body, NOW).is_err(),
            "timestamp is signed"
        );
        assert!(
            check(SECRET, &signed(&secs, body), b"{}", NOW).is_err(),
            "body is signed"
        );
        let mut prefixed = signed(&secs, body);
        prefixed.signature = prefixed.signature.map(|s| format!("sha256={s}"));
        assert!(check(SECRET, &prefixed, body, NOW).is_ok());
    }
}
