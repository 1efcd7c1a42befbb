//! The services the server provides to server functions through Leptos context.
//! Defined here so `app` never links the database or HTTP client.

use crate::error::AppError;
use crate::ids::{ClientId, EventId};
use crate::wire::*;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait AuthService: Send + Sync {
    /// True while no MSP admin exists: the setup page is the only way in.
    async fn needs_setup(&self) -> Result<bool, AppError>;
    async fn setup(&self, input: SetupInput, meta: &RequestMeta)
        -> Result<IssuedSession, AppError>;
    async fn sign_in(
        &self,
        input: SignInInput,
        meta: &RequestMeta,
    ) -> Result<IssuedSession, AppError>;
    async fn sign_out(&self, token: &str) -> Result<(), AppError>;
    async fn session_user(&self, token: &str) -> Result<Option<CurrentUser>, AppError>;
    /// The caller's MSP and its administrators.
    async fn msp_settings(&self, user: &CurrentUser) -> Result<MspSettingsView, AppError>;
}

/// The clients of the caller's MSP, one per imported Autotask company.
#[async_trait::async_trait]
pub trait ClientService: Send + Sync {
    async fn clients(
        &self,
        user: &CurrentUser,
        search: &str,
        page: i64,
    ) -> Result<ClientPage, AppError>;
}

/// The activity log: what Relay did and why.
#[async_trait::async_trait]
pub trait ActivityService: Send + Sync {
    /// MSP-wide, or one client's when `client` is given.
    async fn activity(
        &self,
        user: &CurrentUser,
        client: Option<ClientId>,
        page: i64,
    ) -> Result<ActivityPage, AppError>;
    /// Queues a parked webhook event of the caller's MSP again; false if it is not parked.
    async fn retry_event(&self, user: &CurrentUser, event_id: EventId) -> Result<bool, AppError>;
    /// Gives up on a parked webhook event of the caller's MSP so later events of its ticket
    /// go on; false if it is not parked.
    async fn dismiss_event(&self, user: &CurrentUser, event_id: EventId) -> Result<bool, AppError>;
}

/// Connecting Autotask: credentials, company-type import and the webhook card.
#[async_trait::async_trait]
pub trait IntegrationService: Send + Sync {
    /// The Autotask card on the Integrations page.
    async fn autotask_card(&self, user: &CurrentUser) -> Result<AutotaskCardView, AppError>;
    async fn autotask_page(&self, user: &CurrentUser) -> Result<AutotaskPageView, AppError>;
    /// Validates (zone, Companies, API user) and stores, creating or replacing the credentials.
    async fn save_credentials(
        &self,
        user: &CurrentUser,
        input: AutotaskCredentialsInput,
    ) -> Result<IntegrationView, AppError>;
    /// The step a save of this user is running now, if any.
    async fn connect_step(&self, user: &CurrentUser) -> Result<Option<ConnectStep>, AppError>;
    /// Runs the checks again with the stored credentials.
    async fn recheck(&self, user: &CurrentUser) -> Result<IntegrationView, AppError>;
    async fn disconnect(&self, user: &CurrentUser) -> Result<(), AppError>;
    async fn company_types(&self, user: &CurrentUser) -> Result<Vec<CompanyTypeOption>, AppError>;
    /// `include_own_company`: also import Autotask company 0, the MSP's own organisation.
    async fn start_import(
        &self,
        user: &CurrentUser,
        types: Vec<i64>,
        include_own_company: bool,
    ) -> Result<ImportProgress, AppError>;
    /// New URL token and HMAC key (the old ones work for the grace period); the answer, and
    /// the caller's next page view, carry them in clear.
    async fn rotate_webhook_secret(&self, user: &CurrentUser) -> Result<WebhookCardView, AppError>;
    /// The current secrets in clear, in the answer and the caller's next page view only.
    async fn reveal_webhook_secrets(&self, user: &CurrentUser)
        -> Result<WebhookCardView, AppError>;
    /// The admin's switch: refuse unsigned callouts (true) or accept them (false).
    async fn set_signature_required(
        &self,
        user: &CurrentUser,
        required: bool,
    ) -> Result<WebhookCardView, AppError>;
}

/// Everything the UI can ask of the server, handed over in one context value.
#[derive(Clone)]
pub struct Services {
    pub auth: Arc<dyn AuthService>,
    pub integrations: Arc<dyn IntegrationService>,
    pub clients: Arc<dyn ClientService>,
    pub activity: Arc<dyn ActivityService>,
    pub voice: Arc<dyn crate::voice::VoiceAdminService>,
}
