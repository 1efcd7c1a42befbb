//! Which of an integration's webhook secrets (current, or previous during its grace period)
//! a caller presented, compared in constant time.

use crate::crypto::{constant_time_eq, Cipher};
use crate::store::{IntegrationRecord, Millis};

/// The matching secret in clear, so the signature can be checked with the same key.
pub fn matching_secret(
    cipher: &Cipher,
    integration: &IntegrationRecord,
    candidate: &str,
    now: Millis,
) -> Option<String> {
    let current = open(
        cipher,
        &integration.webhook_secret_enc,
        &format!("integration:{}:webhook", integration.id),
    );
    let previous = match (
        &integration.webhook_prev_secret_enc,
        integration.webhook_prev_expires_at,
    ) {
        (Some(sealed), Some(expires)) if expires > now => open(
            cipher,
            sealed,
            &format!("integration:{}:webhook-prev", integration.id),
        ),
        _ => None,
    };
    // Both comparisons always run, so timing does not reveal which one matched.
    let current_ok = current
        .as_deref()
        .is_some_and(|s| constant_time_eq(s, candidate));
    let previous_ok = previous
        .as_deref()
        .is_some_and(|s| constant_time_eq(s, candidate));
    match (current_ok, previous_ok) {
        (true, _) => current,
        (false, true) => previous,
        _ => None,
    }
}

fn open(cipher: &Cipher, sealed: &str, aad: &str) -> Option<String> {
    match cipher.decrypt_string(sealed, aad.as_bytes()) {
        Ok(secret) => Some(secret),
        Err(err) => {
            // A sealed value that does not open is a key or data problem, not a bad caller.
            tracing::error!(error = %err, aad, "cannot open a stored webhook secret");
            None
        }
    }
}
