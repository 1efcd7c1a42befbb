//! The one way a plan is decided (reply, link or admin): the atomic update, the activity
//! entry, and a trusted notice that wakes the session so the runner acts on the decision.

use serde_json::json;

use app::ids::ApprovalPlanId;
use app::states::DecisionChannel;

use crate::store::{
    ApprovalPlanRecord, DecideResult, Decider, NewActivity, PlanDecision, PlanDecisionInput, Store,
    StoreError,
};

/// The activity kind of every plan, decision and outcome.
pub const APPROVAL_ACTIVITY: &str = "approval";

/// What a person decided, through which channel, and from where.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRequest {
    pub decision: PlanDecision,
    pub channel: DecisionChannel,
    pub decider: Decider,
    pub reason: Option<String>,
    /// The client IP (link, admin) or `note:{id}` (reply).
    pub address: Option<String>,
}

/// Decides `plan` if it is still pending and unexpired. Exactly one of racing decisions gets
/// `Decided`; it alone writes the activity entry and wakes the session. The others get
/// `AlreadyDecided` with the plan as it stands (to show the recorded decision).
pub async fn decide(
    store: &Store,
    plan: ApprovalPlanId,
    request: DecisionRequest,
) -> Result<DecideResult, StoreError> {
    let now = crate::clock::now_ms();
    let input = PlanDecisionInput {
        decision: request.decision,
        channel: request.channel,
        decider: request.decider,
        reason: request
            .reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
        address: request.address,
        now,
    };
    let result = store.decide_approval_plan(plan, &input).await?;
    if let DecideResult::Decided(plan) = &result {
        store.append_activity(decision_activity(plan, now)).await?;
        store
            .add_session_notice(plan.session_id, &decision_notice(plan), now)
            .await?;
    }
    Ok(result)
}

/// Who decided, in words: the resource's name, an admin's e-mail, or the sweeper.
pub fn decider_words(plan: &ApprovalPlanRecord) -> String {
    match plan.decision_channel {
        Some(DecisionChannel::Sweeper) => "nobody (it expired)".to_string(),
        _ => plan
            .decider_name
            .clone()
            .or_else(|| plan.decider_email.clone())
            .unwrap_or_else(|| "an unnamed person".to_string()),
    }
}

/// The activity entry of a decision (also used by the sweeper for expiry).
pub fn decision_activity(plan: &ApprovalPlanRecord, at: crate::store::Millis) -> NewActivity {
    let channel = plan.decision_channel.map(|c| c.as_str());
    NewActivity {
        msp_id: plan.msp_id,
        client_id: Some(plan.client_id),
        at,
        kind: APPROVAL_ACTIVITY.into(),
        summary: format!(
            "plan {} on ticket {}: {} by {} ({})",
            plan.code,
            plan.ticket_id.get(),
            plan.state.as_str(),
            decider_words(plan),
            channel.unwrap_or("unknown channel"),
        ),
        outcome: plan.state.as_str().into(),
        detail: json!({
            "plan_id": plan.id.get(),
            "code": plan.code,
            "plan_hash": plan.plan_hash,
            "session_id": plan.session_id.get(),
            "ticket_id": plan.ticket_id.get(),
            "decision": plan.state.as_str(),
            "channel": channel,
            "decider_resource_id": plan.decider_resource_id.map(|r| r.get()),
            "decider_name": plan.decider_name,
            "decider_email": plan.decider_email,
            "reason": plan.decision_reason,
            "address": plan.decision_address,
        }),
    }
}

/// What the brain is told when a plan is decided; the runner acts on the decision itself
/// before the brain's next turn (the notice only wakes the session and explains).
pub fn decision_notice(plan: &ApprovalPlanRecord) -> serde_json::Value {
    json!({
        "approval": {
            "plan_id": plan.id.get(),
            "code": plan.code,
            "decision": plan.state.as_str(),
            "channel": plan.decision_channel.map(|c| c.as_str()),
            "decider": decider_words(plan),
            "reason": plan.decision_reason,
        }
    })
}
