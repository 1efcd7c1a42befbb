//! The Settings → Identity verification service: validate, seal the secret, store, show only
//! "stored"; test the saved provider with one signed call and keep its report for the page;
//! the MSP's classifier phrases and the "try it" verdict.

mod phrases;
mod save;
mod validate;
mod view;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;

use super::connect::{phrase_changes, provider_for};
use super::Classifier;
use crate::clock::{fmt_utc, now_ms};
use crate::crypto::Cipher;
use crate::store::{Store, VerificationSettingsRecord};
use app::error::AppError;
use app::ids::MspId;
use app::states::PhraseChange;
use app::verification::{
    ClassifyView, DemoVerifier, VerificationSettingsInput, VerificationSettingsService,
    VerificationSettingsView, VerificationTestView,
};
use app::wire::CurrentUser;

#[derive(Clone)]
pub struct VerificationSettings {
    store: Store,
    cipher: Cipher,
    http: reqwest::Client,
    /// The last test report per MSP, for the page a plain form post returns to.
    tests: Arc<Mutex<HashMap<MspId, VerificationTestView>>>,
    demo: Option<DemoVerifier>,
}

impl VerificationSettings {
    pub fn new(store: Store, cipher: Cipher, demo: Option<DemoVerifier>) -> Self {
        VerificationSettings {
            store,
            cipher,
            http: http_client(),
            tests: Arc::default(),
            demo,
        }
    }

    fn reports(&self) -> std::sync::MutexGuard<'_, HashMap<MspId, VerificationTestView>> {
        self.tests.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn view(
        &self,
        user: &CurrentUser,
        record: Option<VerificationSettingsRecord>,
    ) -> Result<VerificationSettingsView, AppError> {
        let updated_by = match record.as_ref().and_then(|r| r.updated_by) {
            Some(id) => self
                .store
                .list_users(user.msp_id)
                .await?
                .into_iter()
                .find(|u| u.id == id)
                .map(|u| u.name),
            None => None,
        };
        let phrases = self.store.phrase_changes(user.msp_id).await?;
        let last_test = self.reports().get(&user.msp_id).cloned();
        let extras = view::Extras {
            updated_by,
            last_test,
            phrases,
            demo: self.demo.clone(),
        };
        Ok(view::settings_view(record, extras))
    }
}

/// For the connection test: no redirects (a signed request is never replayed elsewhere), and
/// an answer within seconds, as an admin waits for it.
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap_or_default()
}

#[async_trait]
impl VerificationSettingsService for VerificationSettings {
    async fn verification_settings(
        &self,
        user: &CurrentUser,
    ) -> Result<VerificationSettingsView, AppError> {
        let record = self.store.verification_settings(user.msp_id).await?;
        self.view(user, record).await
    }

    async fn save_verification_settings(
        &self,
        user: &CurrentUser,
        input: VerificationSettingsInput,
    ) -> Result<VerificationSettingsView, AppError> {
        let stored = self.store.verification_settings(user.msp_id).await?;
        let update = save::update(&input, stored.as_ref(), &self.cipher, user, now_ms())?;
        let record = self
            .store
            .save_verification_settings(user.msp_id, update)
            .await?;
        // A report about the settings just replaced would mislead.
        self.reports().remove(&user.msp_id);
        tracing::info!(msp = %user.msp_id, provider = ?record.provider, "verification settings saved");
        self.view(user, Some(record)).await
    }

    async fn test_verification(
        &self,
        user: &CurrentUser,
    ) -> Result<VerificationTestView, AppError> {
        let record = self.store.verification_settings(user.msp_id).await?;
        let Some(record) = record.filter(|r| r.provider.is_some()) else {
            return Err(AppError::validation(
                "provider",
                "Connect a provider and save before testing it.",
            ));
        };
        let (ok, message) = match provider_for(&record, &self.cipher, self.http.clone()) {
            Err(e) => (false, format!("The saved settings cannot be used: {e}.")),
            Ok(None) => (false, "No provider is connected.".to_string()),
            Ok(Some(provider)) => match provider.check().await {
                Ok(()) => (
                    true,
                    format!("{} accepted Relay's signed check.", provider.label()),
                ),
                Err(e) => (false, format!("{}: {e}.", provider.label())),
            },
        };
        tracing::info!(msp = %user.msp_id, ok, "verification provider tested");
        let view = VerificationTestView {
            ok,
            message,
            tested_at: fmt_utc(now_ms()),
        };
        self.reports().insert(user.msp_id, view.clone());
        Ok(view)
    }

    async fn change_phrase(
        &self,
        user: &CurrentUser,
        phrase: String,
        change: PhraseChange,
    ) -> Result<(), AppError> {
        let phrase = phrases::checked(&phrase, change)?;
        let current = self.store.phrase_changes(user.msp_id).await?;
        if current.len() >= phrases::MAX_CHANGES && !current.iter().any(|p| p.phrase == phrase) {
            return Err(AppError::validation(
                "phrase",
                format!(
                    "An MSP can keep at most {} changes; undo one first.",
                    phrases::MAX_CHANGES
                ),
            ));
        }
        self.store
            .set_phrase(user.msp_id, &phrase, change, now_ms())
            .await?;
        tracing::info!(msp = %user.msp_id, change = %change, "classifier phrase changed");
        Ok(())
    }

    async fn undo_phrase(&self, user: &CurrentUser, phrase: String) -> Result<(), AppError> {
        if !self.store.delete_phrase(user.msp_id, &phrase).await? {
            return Err(AppError::not_found("phrase change"));
        }
        Ok(())
    }

    async fn classify_sample(
        &self,
        user: &CurrentUser,
        title: String,
        description: String,
    ) -> Result<ClassifyView, AppError> {
        let records = self.store.phrase_changes(user.msp_id).await?;
        let classifier = Classifier::new(&phrase_changes(&records));
        Ok(phrases::classify(&classifier, &title, &description))
    }
}
