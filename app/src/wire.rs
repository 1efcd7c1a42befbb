//! Request and response types shared by server functions, services and the UI.

use crate::ids::{ClientId, EventId, ImportJobId, IntegrationId, MspId, ResourceId, UserId};
use crate::states::{AgentStatus, ClientMode, ImportState};
use serde::{Deserialize, Serialize};

/// The signed-in admin, resolved from the session cookie on every request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: UserId,
    pub msp_id: MspId,
    pub msp_name: String,
    pub name: String,
    pub email: String,
}

/// Where the request came from, for rate limiting and audit.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub secure: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupInput {
    pub msp_name: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInInput {
    pub email: String,
    pub password: String,
}

/// A freshly minted session; `token` goes only into the HttpOnly cookie.
#[derive(Debug, Clone)]
pub struct IssuedSession {
    pub token: String,
    pub max_age_secs: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConnectionState {
    NotConnected,
    WaitingForAutotask,
    Connected { since: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutotaskCardView {
    pub state: ConnectionState,
    pub username: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: ClientId,
    pub name: String,
    pub slug: String,
    pub autotask_id: Option<String>,
    pub mode: ClientMode,
    /// The Autotask company type label the client was imported as.
    pub company_type: Option<String>,
    /// `None` when the client has no agent.
    pub agent_status: Option<AgentStatus>,
    /// Its company type is no longer selected for import: kept, but marked.
    pub type_deselected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPage {
    pub rows: Vec<ClientRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MspSettingsView {
    pub msp_name: String,
    pub admins: Vec<AdminRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRow {
    pub name: String,
    pub email: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub at: String,
    pub client: Option<String>,
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    /// What the entry is about (for webhook events: the loaded context), as indented JSON;
    /// empty when there is nothing more to show.
    #[serde(default)]
    pub detail: String,
    /// A parked webhook event the admin may send through the pipeline again.
    #[serde(default)]
    pub retry_event: Option<EventId>,
    /// `kind` in words (`ticket.event` is "Autotask ticket").
    #[serde(default)]
    pub kind_label: String,
    /// The Autotask ticket the entry is about, linked to Autotask.
    #[serde(default)]
    pub ticket: Option<ActivityTicket>,
}

/// A ticket as a technician knows it: its number (or `#id` when unknown) and where it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityTicket {
    /// `T20240101.0001`, or `#41215` when Autotask gave no number.
    pub label: String,
    /// The ticket in Autotask's web UI.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub rows: Vec<ActivityRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// The tools and outcomes the MSP's log holds, for the filter choices.
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub chain: ChainStatus,
}

/// What the Activity page lists: filters (all optional), page, and whether to verify the chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityQuery {
    pub client: Option<ClientId>,
    pub tool: Option<String>,
    pub outcome: Option<String>,
    #[serde(default)]
    pub page: i64,
    #[serde(default)]
    pub verify: bool,
}

impl ActivityQuery {
    /// The query string of these filters (without page and verify), `""` when there are none.
    pub fn filter_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(c) = self.client {
            pairs.push(("client", c.to_string()));
        }
        if let Some(t) = &self.tool {
            pairs.push(("tool", t.clone()));
        }
        if let Some(o) = &self.outcome {
            pairs.push(("outcome", o.clone()));
        }
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::api::form_encode(&pairs)
    }
}

/// The MSP's tamper-evident chain as the Activity page shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainStatus {
    /// Entries chained so far (the head's seq).
    pub entries: i64,
    /// When the chain head was last signed, e.g. `2026-11-30 18:40 UTC`.
    pub last_checkpoint: Option<String>,
    /// The seq that checkpoint covers.
    pub checkpoint_seq: Option<i64>,
    /// Set after a Verify: whether it passed, and its one-line report.
    pub verified: Option<bool>,
    pub report: Option<String>,
}

/// The Autotask connect form. On edit the secret must be entered again: it is never sent back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutotaskCredentialsInput {
    pub username: String,
    pub secret: String,
    pub tracking_id: String,
}

/// The checks a save runs, in order; the page shows the one in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConnectStep {
    FindZone,
    CheckCredentials,
    FindApiUser,
    Save,
}

impl ConnectStep {
    pub const ALL: [ConnectStep; 4] = [
        Self::FindZone,
        Self::CheckCredentials,
        Self::FindApiUser,
        Self::Save,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::FindZone => "Finding your Autotask zone",
            Self::CheckCredentials => "Checking the credentials against Companies",
            Self::FindApiUser => "Finding the API user's resource",
            Self::Save => "Saving (secret encrypted)",
        }
    }
}

/// A stored Autotask integration as the admin sees it: the API secret only masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationView {
    pub id: IntegrationId,
    pub username: String,
    pub secret_masked: String,
    pub tracking_id: String,
    pub zone_url: String,
    pub web_url: String,
    pub api_user_resource_id: ResourceId,
    pub company_types: Vec<i64>,
    pub connected_at: String,
    pub webhook: WebhookCardView,
}

/// The webhook card. Its secrets travel to the browser only in `revealed`: in the answer to
/// their creation, a rotation or a reveal (a POST), never on a page load or a poll otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookCardView {
    /// `{public_base_url}/hooks/autotask/{id}?secret=` with the token masked.
    pub url: String,
    pub state: ConnectionState,
    pub last_event_at: Option<String>,
    pub deactivated_at: Option<String>,
    /// While a rotated-out secret still works: until when.
    pub previous_secret_until: Option<String>,
    pub grace_hours: u32,
    /// Whether a callout without a valid `X-Hook-Signature` is refused.
    pub signature_required: bool,
    /// False on an integration connected before the HMAC key was its own secret, until the
    /// secrets are rotated.
    pub has_hmac_key: bool,
    pub revealed: Option<WebhookSecrets>,
    /// Callouts stored in the last hour and the last 24 hours.
    pub events_last_hour: i64,
    pub events_last_day: i64,
    /// Why Autotask stopped sending, when it did (deactivation URL or periodic check).
    pub deactivation_reason: Option<String>,
    /// The definitions in Autotask posting to this integration, as last seen.
    pub definitions: Vec<WebhookDefinitionView>,
    /// No event for too long during business hours while tickets changed (gone once an event
    /// arrives).
    pub silence: Option<SilenceView>,
}

/// The silence alert on the webhook card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SilenceView {
    /// The last event (or the connection) before the silence.
    pub since: String,
    /// When Relay's check first noticed.
    pub raised_at: String,
    /// Why it is an alert rather than a quiet tenant.
    pub reason: String,
}

/// One Autotask webhook definition (`TicketWebhooks` or `TicketNoteWebhooks`) on the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDefinitionView {
    /// "Tickets" or "Ticket notes".
    pub label: String,
    pub autotask_id: i64,
    pub active: bool,
    pub ready: bool,
    pub fields: Vec<String>,
    pub excluded_resources: Vec<i64>,
    /// True when Relay registered it; false when it was found by its URL (set up by hand).
    pub by_relay: bool,
    pub inactive_reason: Option<String>,
    pub checked_at: String,
}

/// What stands in for a secret that is not shown: fixed width, so it reveals nothing.
pub const SECRET_MASK: &str = "••••••••••••";

/// The webhook's secrets in clear, shown once with a Copy button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSecrets {
    /// The full URL, token included: Autotask's Webhook URL.
    pub url: String,
    /// Autotask's Deactivation URL, authenticated like an event.
    pub deactivation_url: String,
    pub url_token: String,
    /// Autotask's `Secret Key`: signs every callout (`X-Hook-Signature`).
    pub hmac_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyTypeOption {
    pub value: i64,
    pub label: String,
    pub active_companies: u64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub job_id: ImportJobId,
    pub state: ImportState,
    /// Companies Autotask counted when the import started (0 when unknown).
    pub expected: i64,
    pub pages_done: i64,
    pub companies_seen: i64,
    pub clients_created: i64,
    pub error: Option<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// This run replaced one that a server restart interrupted.
    pub resumed: bool,
}

/// Everything the Autotask page renders; also what the browser polls for live updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutotaskPageView {
    pub integration: Option<IntegrationView>,
    pub import: Option<ImportProgress>,
    /// The Autotask request budget, once connected.
    pub budget: Option<BudgetView>,
}

/// The tenant's hourly Autotask budget and Relay's part of it (the budget panel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetView {
    /// From the last ThresholdInformation reading (None before the first).
    pub tenant_used: Option<i64>,
    pub tenant_threshold: Option<i64>,
    /// Requests Relay sent in the last 60 minutes (this replica's count).
    pub relay_used: u64,
    /// The admin's ceiling for Relay's own requests per hour, if set.
    pub relay_ceiling: Option<u64>,
    /// What background work does now: "normal", "slowed" or "paused".
    pub background: String,
    pub slowed_total: u64,
    pub paused_total: u64,
    /// The last 24 hours, oldest first: the highest tenant count and Relay's count each hour.
    pub hours: Vec<BudgetHour>,
    /// `relay_used` split by what the requests were for, largest first (purposes with none
    /// left out).
    pub by_purpose: Vec<PurposeCount>,
}

/// Relay's requests of the last 60 minutes for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeCount {
    pub purpose: crate::states::RequestPurpose,
    pub requests: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetHour {
    /// `HH:00` UTC.
    pub label: String,
    pub tenant_used: i64,
    pub relay_used: i64,
    pub threshold: i64,
}

/// Settings → Agent brain: what is configured (the key only as a mask) and the last test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrainSettingsView {
    pub kind: crate::states::BrainKind,
    pub base_url: String,
    pub model: String,
    /// `None` when no key is stored; otherwise a mask that reveals nothing of it.
    pub key_masked: Option<String>,
    pub token_param: crate::states::TokenParam,
    pub tool_choice: bool,
    pub parallel_tool_calls: bool,
    /// "by Ada Lovelace, 2026-11-30 18:00 UTC", once saved.
    pub updated: Option<String>,
    /// The result of this MSP's last "Test connection" since the server started.
    pub last_test: Option<BrainTestView>,
    /// In the demo only: the fake model endpoint's base URL and key, to try the page with.
    pub demo_endpoint: Option<DemoEndpoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoEndpoint {
    pub base_url: String,
    pub api_key: String,
}

/// What the form posts. An empty `api_key` keeps the stored key; `clear_key` removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrainSettingsInput {
    pub kind: crate::states::BrainKind,
    pub base_url: String,
    pub model: String,
    pub api_key: String,
    pub clear_key: bool,
    pub token_param: crate::states::TokenParam,
    pub tool_choice: bool,
    pub parallel_tool_calls: bool,
}

/// "Test connection" in plain words: one line per point checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrainTestView {
    /// Everything needed for the agent works.
    pub ok: bool,
    pub lines: Vec<String>,
    pub tested_at: String,
}

/// One tool on the Tool policies card, in catalog order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolPolicyRow {
    pub name: String,
    /// True when the tool changes Autotask, false when it only reads.
    pub writes: bool,
    /// The policy in force (the admin's, or the default).
    pub policy: crate::states::ToolPolicy,
    pub default: crate::states::ToolPolicy,
}

/// One line of the policies' history: who changed what when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyChangeView {
    pub who: String,
    /// `None` for a reset of every tool.
    pub tool: Option<String>,
    pub old: Option<crate::states::ToolPolicy>,
    pub new: Option<crate::states::ToolPolicy>,
    /// For a reset: how many tools had been changed.
    pub reverted: i64,
    pub at: String,
}

/// The Tool policies card and the MSP's default mode, for the Autotask page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolPoliciesView {
    pub integration_id: IntegrationId,
    pub tools: Vec<ToolPolicyRow>,
    pub changes: Vec<PolicyChangeView>,
    pub default_mode: ClientMode,
}

/// A session on the client page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSessionView {
    pub id: crate::ids::SessionId,
    pub ticket_id: crate::ids::TicketId,
    /// The ticket in Autotask's web UI, when the integration's web address is known.
    pub ticket_url: Option<String>,
    pub status: crate::states::SessionStatus,
    pub status_reason: Option<String>,
    pub created_at: String,
}

/// An identity verification of a sensitive ticket on the client page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientVerificationView {
    pub id: crate::ids::VerificationId,
    pub session_id: crate::ids::SessionId,
    pub ticket_id: crate::ids::TicketId,
    pub ticket_url: Option<String>,
    pub state: crate::states::VerificationState,
    /// Why the ticket is sensitive (the classifier's finding).
    pub reason: Option<String>,
    /// The outcome in words (an error's cause, why nobody could be verified).
    pub state_reason: Option<String>,
    /// "Traceless, Microsoft Authenticator push to j***@example.com" once a challenge went out.
    pub challenge: Option<String>,
    pub created_at: String,
    pub decided_at: Option<String>,
}

/// The client page: who the client is, its agent, its mode, its recent sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPageView {
    pub id: ClientId,
    pub name: String,
    pub autotask_id: Option<String>,
    pub company_type: Option<String>,
    pub agent_status: Option<AgentStatus>,
    pub mode: ClientMode,
    pub sessions: Vec<ClientSessionView>,
}
