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

/// 32 random bytes, URL-safe, so it travels in `?secret=` unescaped.
pub fn new_webhook_secret() -> String {
    random_token(32)
}

/// The sealing a new integration's row needs once its id exists.
pub fn seal_new(
    cipher: &Cipher,
    api_secret: &str,
    webhook_secret: &str,
    id: IntegrationId,
) -> SealedSecrets {
    SealedSecrets {
        secret_enc: cipher.encrypt_str(api_secret, api_secret_aad(id).as_bytes()),
        webhook_secret_enc: cipher.encrypt_str(webhook_secret, webhook_aad(id).as_bytes()),
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

/// A fixed-width mask: it reveals neither the secret nor its length.
pub const MASK: &str = "••••••••••••";
