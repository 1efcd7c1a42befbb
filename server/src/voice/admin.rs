//! What the admin does with the voice agent: turn it on (a secret is generated and shown
//! once), rotate the secret, set the ticket defaults, re-sync the contact index.

use super::service::{now_ms, secret_aad, VoiceService};
use crate::crypto::random_token;
use crate::store::{IntegrationRecord, StoreError, VoiceDefaults, VoiceSettingsRecord};

impl VoiceService {
    /// The settings of `record`, created disabled with a fresh secret on first use.
    pub async fn settings_for(
        &self,
        record: &IntegrationRecord,
    ) -> Result<VoiceSettingsRecord, StoreError> {
        if let Some(settings) = self.store.voice_settings(record.id).await? {
            return Ok(settings);
        }
        let sealed = self
            .cipher
            .encrypt_str(&random_token(32), secret_aad(record.id).as_bytes());
        self.store
            .ensure_voice_settings(record.id, record.msp_id, &sealed, now_ms())
            .await
    }

    /// A new secret replaces the old one at once; the answer is the only time it is shown.
    pub async fn rotate_secret(&self, record: &IntegrationRecord) -> Result<String, StoreError> {
        self.settings_for(record).await?;
        let secret = random_token(32);
        let sealed = self
            .cipher
            .encrypt_str(&secret, secret_aad(record.id).as_bytes());
        self.store
            .set_voice_secret(record.id, &sealed, now_ms())
            .await?;
        Ok(secret)
    }

    pub async fn save_defaults(
        &self,
        record: &IntegrationRecord,
        defaults: &VoiceDefaults,
    ) -> Result<(), StoreError> {
        self.settings_for(record).await?;
        self.store
            .set_voice_defaults(record.id, defaults, now_ms())
            .await?;
        Ok(())
    }
}

/// `abcd…wxyz`: enough to recognise a secret, not to use it.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 8 {
        return "••••".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}
