//! Records of approval plans: the steps of one agent turn that wait for one technician's
//! decision, who may decide, the decision and its outcome.

use crate::store::{Millis, NullableId, NullableText};
use app::ids::{
    ApprovalPlanId, ClientId, IntegrationId, MspId, ResourceId, SessionId, TicketId, ToolCallId,
};
use app::states::{ApprovalState, DecisionChannel, UnknownState};

impl TryFrom<NullableText> for Option<DecisionChannel> {
    type Error = UnknownState;
    fn try_from(value: NullableText) -> Result<Self, Self::Error> {
        value.0.map(DecisionChannel::try_from).transpose()
    }
}

/// The ticket's assigned resource when a plan is issued: the only person who may decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approver {
    pub resource_id: ResourceId,
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewApprovalPlan {
    pub msp_id: MspId,
    pub client_id: ClientId,
    pub session_id: SessionId,
    pub integration_id: IntegrationId,
    pub ticket_id: TicketId,
    pub turn: i64,
    pub intent: String,
    /// `[{tool_call_id, tool, arguments, changes: [{field, before, after}]}]`.
    pub steps: serde_json::Value,
    pub plan_hash: String,
    pub code: String,
    /// `None`: the ticket has no assigned resource; the plan waits for one.
    pub approver: Option<Approver>,
    pub token_hash: String,
    pub created_at: Millis,
    pub expires_at: Millis,
    /// The journalled calls this plan decides (their `approval_requests` rows get its id).
    pub tool_call_ids: Vec<ToolCallId>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApprovalPlanRecord {
    #[sqlx(try_from = "i64")]
    pub id: ApprovalPlanId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "i64")]
    pub client_id: ClientId,
    #[sqlx(try_from = "i64")]
    pub session_id: SessionId,
    #[sqlx(try_from = "i64")]
    pub integration_id: IntegrationId,
    #[sqlx(try_from = "i64")]
    pub ticket_id: TicketId,
    pub turn: i64,
    pub intent: String,
    #[sqlx(json)]
    pub steps: serde_json::Value,
    pub plan_hash: String,
    pub code: String,
    #[sqlx(try_from = "NullableId")]
    pub approver_resource_id: Option<ResourceId>,
    pub approver_name: Option<String>,
    pub approver_email: Option<String>,
    pub token_hash: String,
    pub created_at: Millis,
    pub expires_at: Millis,
    #[sqlx(try_from = "String")]
    pub state: ApprovalState,
    #[sqlx(try_from = "NullableId")]
    pub replaces_plan_id: Option<ApprovalPlanId>,
    pub note_id: Option<i64>,
    pub decided_at: Option<Millis>,
    #[sqlx(try_from = "NullableText")]
    pub decision_channel: Option<DecisionChannel>,
    #[sqlx(try_from = "NullableId")]
    pub decider_resource_id: Option<ResourceId>,
    pub decider_name: Option<String>,
    pub decider_email: Option<String>,
    pub decision_reason: Option<String>,
    pub decision_address: Option<String>,
    pub settled_at: Option<Millis>,
    #[sqlx(json(nullable))]
    pub outcome: Option<serde_json::Value>,
}

impl ApprovalPlanRecord {
    /// Pending and not past its expiry at `now`: the only plan a decision can change.
    pub fn is_open(&self, now: Millis) -> bool {
        self.state == ApprovalState::Pending && self.expires_at > now
    }
}

/// A new plan, and the session's pending plan it replaced (if any).
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedPlan {
    pub plan: ApprovalPlanRecord,
    pub superseded: Option<ApprovalPlanRecord>,
}

/// A pending plan as the admin lists show it: with its client's name.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PendingPlanRecord {
    #[sqlx(flatten)]
    pub plan: ApprovalPlanRecord,
    pub client_name: String,
}

/// What a person decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanDecision {
    Approve,
    Deny,
    /// An admin withdrew the plan (allowed without an approver).
    Cancel,
}

impl PlanDecision {
    pub fn state(self) -> ApprovalState {
        match self {
            Self::Approve => ApprovalState::Approved,
            Self::Deny => ApprovalState::Denied,
            Self::Cancel => ApprovalState::Cancelled,
        }
    }
}

/// Who decided: a resource (reply, link) or an admin (e-mail only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decider {
    pub resource_id: Option<ResourceId>,
    pub name: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanDecisionInput {
    pub decision: PlanDecision,
    pub channel: DecisionChannel,
    pub decider: Decider,
    pub reason: Option<String>,
    /// The client IP of a link or admin decision, `note:{id}` for a reply.
    pub address: Option<String>,
    pub now: Millis,
}

/// The result of the one conditional update a decision is.
#[derive(Debug, Clone, PartialEq)]
pub enum DecideResult {
    /// This decision won; the plan as it is now.
    Decided(ApprovalPlanRecord),
    /// Someone decided first, or the plan lapsed, was superseded or waits for an approver:
    /// the plan as it is (the loser shows this).
    AlreadyDecided(ApprovalPlanRecord),
    NotFound,
}
