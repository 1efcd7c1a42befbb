//! The demo's identity verification: the simulated provider connected as the MSP's Traceless
//! the first time the console is used (only when the MSP saved no settings of its own), so a
//! reset ticket raised here is verified end to end without typing anything.

use crate::crypto::Cipher;
use crate::store::{KeyChange, Store, StoreError, VerificationSettingsUpdate};
use crate::verification::connect::{secret_aad, DEFAULT_TIMEOUT_SECS};
use app::states::{PushMethod, UnverifiedPolicy, VerifierKind};
use app::wire::CurrentUser;

/// The simulated provider the demo connects.
#[derive(Clone)]
pub struct DemoVerifier {
    pub base_url: String,
    /// Where a person answers pushes (linked from the console).
    pub page_url: String,
    pub cipher: Cipher,
}

impl DemoVerifier {
    /// Saves the simulated provider as the MSP's, unless the MSP has settings already.
    pub async fn seed(&self, store: &Store, user: &CurrentUser) -> Result<(), StoreError> {
        if store.verification_settings(user.msp_id).await?.is_some() {
            return Ok(());
        }
        let sealed = self.cipher.encrypt_str(
            relay_sim::verify::FAKE_SIGNING_SECRET,
            &secret_aad(user.msp_id),
        );
        let update = VerificationSettingsUpdate {
            provider: Some(VerifierKind::Traceless),
            base_url: self.base_url.clone(),
            account_id: relay_sim::verify::FAKE_ORGANIZATION_ID.into(),
            secret: KeyChange::Set(sealed),
            paths: None,
            default_push: PushMethod::MicrosoftAuthenticator,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            without_provider: UnverifiedPolicy::FlagForTechnician,
            updated_by: user.user_id,
            now: crate::clock::now_ms(),
        };
        store
            .save_verification_settings(user.msp_id, update)
            .await?;
        tracing::info!(msp_id = %user.msp_id, "demo: simulated verification provider connected");
        Ok(())
    }
}
