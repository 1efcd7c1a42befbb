//! An integration's webhook secrets, opened once per cached record: the `?secret=` URL tokens
//! and the `X-Hook-Signature` HMAC keys (current, and previous during the rotation grace).

use crate::autotask::webhook::verify_signature;
use crate::crypto::{constant_time_eq, Cipher};
use crate::integrations::secrets::{hmac_aad, hmac_prev_aad, webhook_aad, webhook_prev_aad};
use crate::store::{IntegrationRecord, Millis};

/// The opened secrets of one integration. The previous ones carry their expiry, judged on
/// every request so a cached copy never extends the grace.
pub struct WebhookKeys {
    token: Option<String>,
    prev_token: Option<String>,
    hmac: Option<String>,
    prev_hmac: Option<String>,
    prev_expires_at: Option<Millis>,
}

/// Sealed values stay out of logs; opened ones even more so.
impl std::fmt::Debug for WebhookKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookKeys").finish_non_exhaustive()
    }
}

impl WebhookKeys {
    pub fn open(cipher: &Cipher, record: &IntegrationRecord) -> Self {
        let id = record.id;
        let sealed =
            |value: Option<&String>, aad: String| value.and_then(|s| open(cipher, s, &aad));
        Self {
            token: sealed(Some(&record.webhook_secret_enc), webhook_aad(id)),
            prev_token: sealed(
                record.webhook_prev_secret_enc.as_ref(),
                webhook_prev_aad(id),
            ),
            hmac: sealed(record.webhook_hmac_key_enc.as_ref(), hmac_aad(id)),
            prev_hmac: sealed(record.webhook_prev_hmac_key_enc.as_ref(), hmac_prev_aad(id)),
            prev_expires_at: record.webhook_prev_expires_at,
        }
    }

    fn in_grace(&self, now: Millis) -> bool {
        self.prev_expires_at.is_some_and(|until| until > now)
    }

    /// Whether `candidate` is the current URL token or the previous one within its grace.
    /// Both comparisons always run, so timing does not reveal which one matched.
    pub fn token_matches(&self, candidate: &str, now: Millis) -> bool {
        let current = self
            .token
            .as_deref()
            .is_some_and(|s| constant_time_eq(s, candidate));
        let previous = self
            .prev_token
            .as_deref()
            .is_some_and(|s| constant_time_eq(s, candidate));
        current | (previous & self.in_grace(now))
    }

    /// Whether the integration has its own HMAC key (older ones may not until rotated).
    pub fn has_hmac_key(&self) -> bool {
        self.hmac.is_some()
    }

    /// Checks `X-Hook-Signature` with the HMAC key (or the previous one within the grace).
    /// An integration without a key was set up when Autotask's `secretKey` was the URL token,
    /// so its signatures are checked with the token(s) instead.
    pub fn signature_valid(&self, body: &[u8], header: &str, now: Millis) -> bool {
        let (current, previous) = if self.has_hmac_key() {
            (&self.hmac, &self.prev_hmac)
        } else {
            (&self.token, &self.prev_token)
        };
        let check = |key: &Option<String>| {
            key.as_deref()
                .is_some_and(|k| verify_signature(k.as_bytes(), body, header))
        };
        check(current) || (self.in_grace(now) && check(previous))
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
