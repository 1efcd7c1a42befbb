//! Sealing an integration's secrets at rest. Each value's AAD names its row and column, so a
//! sealed value copied elsewhere does not open; webhook intake opens them with the same AAD.

use crate::crypto::{random_token, Cipher, CryptoError};
use crate::store::{IntegrationRecord, SealedSecrets};
use app::ids::IntegrationId;

pub fn api_secret_aad(id: IntegrationId) -> String {
    format!("integration:{id}:secret")
}

pub fn webhook_aad(id: IntegrationId) -> String {
    format!("integration:{id}:webhook")
}

pub fn webhook_prev_aad(id: IntegrationId) -> String {
    format!("integration:{id}:webhook-prev")
}

pub fn hmac_aad(id: IntegrationId) -> String {
    format!("integration:{id}:hmac")
}

pub fn hmac_prev_aad(id: IntegrationId) -> String {
    format!("integration:{id}:hmac-prev")
}

/// 32 random bytes, URL-safe, so it travels in `?secret=` unescaped.
pub fn new_webhook_secret() -> String {
    random_token(32)
}

/// The key Autotask signs callouts with (its `secretKey`, at most 64 characters): 32 random
/// bytes, 43 characters, drawn independently of the URL token.
pub fn new_hmac_key() -> String {
    random_token(32)
}

/// A new integration's webhook secrets in clear, to seal once the row's id exists.
pub struct NewWebhookSecrets {
    pub url_token: String,
    pub hmac_key: String,
}

impl NewWebhookSecrets {
    pub fn generate() -> Self {
        Self {
            url_token: new_webhook_secret(),
            hmac_key: new_hmac_key(),
        }
    }
}

/// The sealing a new integration's row needs once its id exists.
pub fn seal_new(
    cipher: &Cipher,
    api_secret: &str,
    webhook: &NewWebhookSecrets,
    id: IntegrationId,
) -> SealedSecrets {
    SealedSecrets {
        secret_enc: cipher.encrypt_str(api_secret, api_secret_aad(id).as_bytes()),
        webhook_secret_enc: cipher.encrypt_str(&webhook.url_token, webhook_aad(id).as_bytes()),
        webhook_hmac_key_enc: cipher.encrypt_str(&webhook.hmac_key, hmac_aad(id).as_bytes()),
    }
}

pub fn open_api_secret(cipher: &Cipher, record: &IntegrationRecord) -> Result<String, CryptoError> {
    cipher.decrypt_string(&record.secret_enc, api_secret_aad(record.id).as_bytes())
}

pub fn open_webhook_secret(
    cipher: &Cipher,
    record: &IntegrationRecord,
) -> Result<String, CryptoError> {
    cipher.decrypt_string(
        &record.webhook_secret_enc,
        webhook_aad(record.id).as_bytes(),
    )
}

/// The HMAC key, if the integration has one (older ones may not until rotated).
pub fn open_hmac_key(
    cipher: &Cipher,
    record: &IntegrationRecord,
) -> Result<Option<String>, CryptoError> {
    record
        .webhook_hmac_key_enc
        .as_deref()
        .map(|sealed| cipher.decrypt_string(sealed, hmac_aad(record.id).as_bytes()))
        .transpose()
}

/// A fixed-width mask: it reveals neither the secret nor its length.
pub const MASK: &str = app::wire::SECRET_MASK;
