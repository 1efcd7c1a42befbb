//! What the admin's approval pages show: pending plans (MSP-wide and per client) and the
//! link settings card on the integration page.

use crate::ids::{ApprovalPlanId, ClientId, IntegrationId};
use serde::{Deserialize, Serialize};

/// One pending plan in the admin lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingApprovalView {
    pub id: ApprovalPlanId,
    pub plan_code: String,
    pub client_id: ClientId,
    pub client_name: String,
    pub ticket_id: i64,
    pub ticket_label: String,
    pub ticket_url: Option<String>,
    /// One line per step, in plain words.
    pub steps: Vec<String>,
    /// None: the ticket has no assigned resource yet (the plan waits for one).
    pub approver: Option<String>,
    pub expires_at: String,
}

/// The "Approvals" card on the integration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalLinkSettingsView {
    /// None until Autotask is connected (the card then has nothing to set).
    pub integration: Option<IntegrationId>,
    /// Links decide without a mailed code (only while no mail server is configured).
    pub link_only: bool,
    /// An outgoing mail server is configured: links always need a mailed code.
    pub mail_configured: bool,
}
