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
    /// The client's identity verifications of sensitive tickets, newest first.
    async fn verifications(
        &self,
        user: &CurrentUser,
        client: ClientId,
    ) -> Result<Vec<ClientVerificationView>, AppError>;
}

/// The activity log: what Relay did and why.
#[async_trait::async_trait]
pub trait ActivityService: Send + Sync {
    /// MSP-wide, or what `query` narrows it to; with `query.verify` the whole chain is checked.
    async fn activity_page(
        &self,
        user: &CurrentUser,
        query: &ActivityQuery,
    ) -> Result<ActivityPage, AppError>;
    /// MSP-wide, or one client's when `client` is given.
    async fn activity(
        &self,
        user: &CurrentUser,
        client: Option<ClientId>,
        page: i64,
    ) -> Result<ActivityPage, AppError> {
        let query = ActivityQuery {
            client,
            page,
            ..ActivityQuery::default()
        };
        self.activity_page(user, &query).await
    }
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
    /// "Register in Autotask for me": creates or repairs the ticket and note webhook
    /// definitions (idempotent).
    async fn register_webhooks(&self, user: &CurrentUser) -> Result<WebhookCardView, AppError>;
    /// Deletes the definitions posting to this integration from Autotask.
    async fn unregister_webhooks(&self, user: &CurrentUser) -> Result<WebhookCardView, AppError>;
    /// Turns Relay's deactivated definitions back on (`isActive: true`).
    async fn reactivate_webhooks(&self, user: &CurrentUser) -> Result<WebhookCardView, AppError>;
    /// Sets (or, with `None`, removes) Relay's own hourly ceiling of Autotask requests.
    async fn set_relay_hourly_ceiling(
        &self,
        user: &CurrentUser,
        ceiling: Option<u64>,
    ) -> Result<BudgetView, AppError>;
}

/// Settings → Agent brain: the rule agent or an OpenAI-compatible endpoint, per MSP.
#[async_trait::async_trait]
pub trait BrainSettingsService: Send + Sync {
    async fn brain_settings(&self, user: &CurrentUser) -> Result<BrainSettingsView, AppError>;
    /// Validates and stores; bad input changes nothing.
    async fn save_brain_settings(
        &self,
        user: &CurrentUser,
        input: BrainSettingsInput,
    ) -> Result<BrainSettingsView, AppError>;
    /// Sends one tool-calling request with the saved settings and reports what works; the
    /// report is also kept for the caller's next page view.
    async fn test_brain(&self, user: &CurrentUser) -> Result<BrainTestView, AppError>;
}

/// Tool policies per integration, the MSP's default mode, and each client's page and mode.
/// Policy and mode words arrive as typed in a form and are checked here.
#[async_trait::async_trait]
pub trait PolicyService: Send + Sync {
    async fn tool_policies(&self, user: &CurrentUser) -> Result<ToolPoliciesView, AppError>;
    /// `integration` must be the caller's MSP's; an unknown tool or policy changes nothing.
    async fn set_tool_policy(
        &self,
        user: &CurrentUser,
        integration: crate::ids::IntegrationId,
        tool: &str,
        policy: &str,
    ) -> Result<ToolPoliciesView, AppError>;
    async fn reset_tool_policies(
        &self,
        user: &CurrentUser,
        integration: crate::ids::IntegrationId,
    ) -> Result<ToolPoliciesView, AppError>;
    /// The mode clients created by later imports start in.
    async fn set_default_mode(&self, user: &CurrentUser, mode: &str) -> Result<(), AppError>;
    async fn client_page(
        &self,
        user: &CurrentUser,
        client: ClientId,
    ) -> Result<ClientPageView, AppError>;
    async fn set_client_mode(
        &self,
        user: &CurrentUser,
        client: ClientId,
        mode: &str,
    ) -> Result<crate::states::ClientMode, AppError>;
}

/// Agent sessions as the admin reads them: the session page and the recent list.
#[async_trait::async_trait]
pub trait SessionService: Send + Sync {
    /// One session of the caller's MSP; another MSP's session is not found.
    async fn session(
        &self,
        user: &CurrentUser,
        id: crate::ids::SessionId,
    ) -> Result<crate::session_wire::SessionView, AppError>;
    async fn recent_sessions(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<crate::session_wire::SessionListItem>, AppError>;
}

/// The demo console: acting inside the simulated Autotask tenant (demo builds with the demo
/// tenant on only; `Services::demo` is `None` otherwise).
#[async_trait::async_trait]
pub trait DemoService: Send + Sync {
    /// `ticket`: the ticket whose notes to show.
    async fn console(
        &self,
        user: &CurrentUser,
        ticket: Option<i64>,
    ) -> Result<crate::demo_wire::DemoConsoleView, AppError>;
    /// Raises a ticket as a contact of one of the MSP's clients; its Autotask id.
    async fn raise_ticket(
        &self,
        user: &CurrentUser,
        contact: i64,
        title: String,
        description: String,
    ) -> Result<i64, AppError>;
    /// A note on the ticket by its contact (visible to all) or by a technician.
    async fn reply(
        &self,
        user: &CurrentUser,
        ticket: i64,
        by: crate::demo_wire::DemoActor,
        text: String,
    ) -> Result<(), AppError>;
    /// Assigns the ticket to a technician, as a dispatcher would in Autotask.
    async fn reassign(
        &self,
        user: &CurrentUser,
        ticket: i64,
        resource: i64,
    ) -> Result<(), AppError>;
}

/// The rule agent's triage mapping per MSP (Settings).
#[async_trait::async_trait]
pub trait RuleAgentService: Send + Sync {
    async fn mapping(
        &self,
        user: &CurrentUser,
    ) -> Result<crate::rules_wire::RuleMappingView, AppError>;
    /// Replaces one category's row (the other rows stay as they are).
    async fn save_rule(
        &self,
        user: &CurrentUser,
        rule: crate::rules_wire::TriageRuleView,
    ) -> Result<crate::rules_wire::RuleMappingView, AppError>;
    /// Back to the built-in defaults.
    async fn reset(
        &self,
        user: &CurrentUser,
    ) -> Result<crate::rules_wire::RuleMappingView, AppError>;
}

/// Settings → Outgoing mail: the MSP's SMTP server (one-time codes, alerts) and a test mail.
#[async_trait::async_trait]
pub trait MailSettingsService: Send + Sync {
    async fn mail_settings(
        &self,
        user: &CurrentUser,
    ) -> Result<crate::mail_wire::MailSettingsView, AppError>;
    /// Validates and stores; bad input changes nothing.
    async fn save_mail_settings(
        &self,
        user: &CurrentUser,
        input: crate::mail_wire::MailSettingsInput,
    ) -> Result<crate::mail_wire::MailSettingsView, AppError>;
    /// Forgets the server and its password; mail stops until one is saved again.
    async fn remove_mail_settings(
        &self,
        user: &CurrentUser,
    ) -> Result<crate::mail_wire::MailSettingsView, AppError>;
    /// Sends one message to `to` with the saved settings. A refusal or an unreachable server
    /// is a report (`ok: false`), kept for the caller's next page view; a bad address is an
    /// error.
    async fn send_test_mail(
        &self,
        user: &CurrentUser,
        to: String,
    ) -> Result<crate::mail_wire::MailTestView, AppError>;
}

/// Approval plans as the admin manages them: the pending lists, cancelling one, and whether
/// a link may decide without a mailed code.
#[async_trait::async_trait]
pub trait ApprovalService: Send + Sync {
    /// Pending plans of the caller's MSP, soonest expiry first; `client` narrows to one client.
    async fn pending(
        &self,
        user: &CurrentUser,
        client: Option<ClientId>,
    ) -> Result<Vec<crate::approvals_wire::PendingApprovalView>, AppError>;
    /// Cancels a pending plan (channel admin); the agent is told. Not pending: a 409.
    async fn cancel(
        &self,
        user: &CurrentUser,
        id: crate::ids::ApprovalPlanId,
    ) -> Result<(), AppError>;
    async fn link_settings(
        &self,
        user: &CurrentUser,
    ) -> Result<crate::approvals_wire::ApprovalLinkSettingsView, AppError>;
    async fn set_link_only(
        &self,
        user: &CurrentUser,
        integration: crate::ids::IntegrationId,
        link_only: bool,
    ) -> Result<crate::approvals_wire::ApprovalLinkSettingsView, AppError>;
}

/// Everything the UI can ask of the server, handed over in one context value.
#[derive(Clone)]
pub struct Services {
    pub auth: Arc<dyn AuthService>,
    pub integrations: Arc<dyn IntegrationService>,
    pub clients: Arc<dyn ClientService>,
    pub activity: Arc<dyn ActivityService>,
    pub brain: Arc<dyn BrainSettingsService>,
    pub policies: Arc<dyn PolicyService>,
    pub sessions: Arc<dyn SessionService>,
    pub rules: Arc<dyn RuleAgentService>,
    /// Only when the demo tenant runs.
    pub demo: Option<Arc<dyn DemoService>>,
    pub voice: Arc<dyn crate::voice::VoiceAdminService>,
    pub verification: Arc<dyn crate::verification::VerificationSettingsService>,
    pub mail: Arc<dyn MailSettingsService>,
    pub approvals: Arc<dyn ApprovalService>,
}
