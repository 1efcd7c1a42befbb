//! Settings → Identity verification as the browser sees it: the provider form, the connection
//! test, the MSP's classifier phrases and the "try it" box, and the service the server
//! implements behind the server functions in `api::verification`.

use crate::states::{PhraseChange, PushMethod, UnverifiedPolicy, VerifierKind};
use serde::{Deserialize, Serialize};

/// The page. Secrets never appear in it: only whether one is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerificationSettingsView {
    /// None: no provider connected (`without_provider` decides).
    pub provider: Option<VerifierKind>,
    /// Traceless: the base URL (empty unless Traceless is connected).
    pub traceless_url: String,
    pub organization_id: String,
    pub paths: VerificationPaths,
    pub default_push: PushMethod,
    /// Duo: the API hostname (`api-XXXXXXXX.duosecurity.com`), or the full URL of a local
    /// (loopback) server such as the demo's simulated provider.
    pub duo_host: String,
    pub integration_key: String,
    /// Which provider's secret is stored, if any.
    pub secret_stored_for: Option<VerifierKind>,
    pub timeout_secs: i64,
    pub without_provider: UnverifiedPolicy,
    /// "by Ada, 2026-11-30 10:01 UTC", or None while the defaults apply.
    pub updated: Option<String>,
    pub last_test: Option<VerificationTestView>,
    pub phrases: Vec<PhraseRow>,
    /// Built-in terms by what they detect, for the "remove a term" field.
    pub builtin_terms: Vec<BuiltinTerms>,
    /// Only in the demo: where the simulated provider answers and the fake credentials.
    pub demo: Option<DemoVerifier>,
}

/// The Traceless paths under its base URL; `{id}` stands for the challenge id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationPaths {
    pub check: String,
    pub start: String,
    pub status: String,
    pub cancel: String,
}

/// One change the MSP made to the classifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhraseRow {
    pub phrase: String,
    pub change: PhraseChange,
    pub since: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuiltinTerms {
    /// "password reset", "MFA / authenticator change", …
    pub reason: String,
    pub terms: Vec<String>,
}

/// The simulated provider the demo runs (fake credentials, shown on the page on purpose).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoVerifier {
    pub base_url: String,
    pub organization_id: String,
    pub signing_secret: String,
    pub duo_integration_key: String,
    pub duo_secret_key: String,
}

/// The outcome of "Test connection", in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationTestView {
    pub ok: bool,
    /// "Traceless (verify.example.com) accepted Relay's signed check." or the provider's error.
    pub message: String,
    pub tested_at: String,
}

/// What the settings form posts. Empty secrets keep the stored one (for the same provider).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationSettingsInput {
    /// "none", "traceless" or "duo".
    pub provider: String,
    pub traceless_url: String,
    pub organization_id: String,
    pub traceless_secret: String,
    pub path_check: String,
    pub path_start: String,
    pub path_status: String,
    pub path_cancel: String,
    pub default_push: PushMethod,
    pub duo_host: String,
    pub integration_key: String,
    pub duo_secret: String,
    /// Seconds, as typed.
    pub timeout_secs: String,
    pub without_provider: UnverifiedPolicy,
}

/// The classifier's answer for a sample ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassifyView {
    pub sensitive: bool,
    /// One line per finding: "password reset (\"reset my password\")".
    pub reasons: Vec<String>,
}

#[cfg(feature = "ssr")]
pub use service::VerificationSettingsService;

#[cfg(feature = "ssr")]
mod service {
    use super::*;
    use crate::error::AppError;
    use crate::wire::CurrentUser;

    /// What an admin can do on Settings → Identity verification for their MSP.
    #[async_trait::async_trait]
    pub trait VerificationSettingsService: Send + Sync {
        async fn verification_settings(
            &self,
            user: &CurrentUser,
        ) -> Result<VerificationSettingsView, AppError>;
        async fn save_verification_settings(
            &self,
            user: &CurrentUser,
            input: VerificationSettingsInput,
        ) -> Result<VerificationSettingsView, AppError>;
        /// One signed call to the saved provider; the report is kept for the page.
        async fn test_verification(
            &self,
            user: &CurrentUser,
        ) -> Result<VerificationTestView, AppError>;
        /// Adds a phrase, or removes a built-in term.
        async fn change_phrase(
            &self,
            user: &CurrentUser,
            phrase: String,
            change: PhraseChange,
        ) -> Result<(), AppError>;
        /// Undoes a change: back to the built-in behaviour for that phrase.
        async fn undo_phrase(&self, user: &CurrentUser, phrase: String) -> Result<(), AppError>;
        /// Classifies a sample ticket with the MSP's phrases.
        async fn classify_sample(
            &self,
            user: &CurrentUser,
            title: String,
            description: String,
        ) -> Result<ClassifyView, AppError>;
    }
}
