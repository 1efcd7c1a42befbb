//! From a link's token to its plan and the page that shows it: the lookup is by the token's
//! SHA-256 hash, and what the page says comes from the plan, its session's ticket facts, the
//! client and the integration's Autotask web address.

use super::view::{FieldChange, OutcomeView, PlanPage, StepView};
use crate::clock::fmt_utc;
use crate::crypto::{constant_time_eq, sha256_hex};
use crate::pipeline::ticket_url;
use crate::store::{ApprovalPlanRecord, Store, StoreError};
use app::states::ApprovalState;
use serde_json::Value;

/// What a token leads to.
pub enum Lookup {
    /// Unknown, used (decided through a link) or expired: the neutral page.
    Neutral,
    /// Pending and open: the plan page with its forms.
    Open(Box<ApprovalPlanRecord>),
    /// Decided some other way, superseded or cancelled: what happened, without the plan.
    Closed(Box<ApprovalPlanRecord>),
}

/// The token's plan, sorted by what a GET may show of it.
pub async fn lookup(store: &Store, token: &str, now: i64) -> Result<Lookup, StoreError> {
    Ok(match find(store, token).await? {
        Some(plan) => sort(plan, now),
        None => Lookup::Neutral,
    })
}

/// The plan whose link carries `token`, whatever its state.
pub async fn find(store: &Store, token: &str) -> Result<Option<ApprovalPlanRecord>, StoreError> {
    // Tokens are 43 URL-safe characters; anything else cannot be one (and is not hashed).
    if token.len() != 43
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Ok(None);
    }
    let hash = sha256_hex(token);
    let plan = store.approval_plan_by_token(&hash).await?;
    // The database matched by index; the stored hash is compared once more in constant time.
    Ok(plan.filter(|p| constant_time_eq(&p.token_hash, &hash)))
}

pub fn sort(plan: ApprovalPlanRecord, now: i64) -> Lookup {
    let used = plan.decision_channel == Some(app::states::DecisionChannel::Link);
    let expired = plan.state == ApprovalState::Expired
        || (plan.state == ApprovalState::Pending && plan.expires_at <= now);
    if used || expired {
        Lookup::Neutral
    } else if plan.state == ApprovalState::Pending {
        Lookup::Open(Box::new(plan))
    } else {
        Lookup::Closed(Box::new(plan))
    }
}

/// The page of a plan: ticket number and title from its session, the client's name, the link
/// into Autotask.
pub async fn plan_page(store: &Store, plan: &ApprovalPlanRecord) -> Result<PlanPage, StoreError> {
    let session = store
        .agent_session_for_ticket(plan.client_id, plan.ticket_id)
        .await?;
    let ticket = session.as_ref().map(|s| &s.context["ticket"]);
    let text = |key: &str| {
        ticket
            .and_then(|t| t[key].as_str())
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
    };
    let client = store.client_detail(plan.msp_id, plan.client_id).await?;
    let web_url = store
        .integration(plan.integration_id)
        .await?
        .map(|i| i.web_url);
    Ok(PlanPage {
        ticket_number: text("number").unwrap_or_else(|| format!("#{}", plan.ticket_id)),
        ticket_title: text("title").unwrap_or_default(),
        ticket_url: web_url.and_then(|w| ticket_url(&w, plan.ticket_id)),
        client_name: client.map(|c| c.name).unwrap_or_default(),
        plan_code: plan.code.clone(),
        steps: steps(&plan.steps),
        approver: plan.approver_name.clone(),
        expires_at: fmt_utc(plan.expires_at),
        state: plan.state.as_str().to_string(),
    })
}

/// `[{tool, arguments, changes: [{field, before, after}], summary?}]` in plain words.
pub fn steps(steps: &Value) -> Vec<StepView> {
    let Some(list) = steps.as_array() else {
        return Vec::new();
    };
    list.iter()
        .map(|step| {
            let changes: Vec<FieldChange> = step["changes"]
                .as_array()
                .map(|cs| {
                    cs.iter()
                        .map(|c| FieldChange {
                            field: plain(&c["field"]),
                            before: plain(&c["before"]),
                            after: plain(&c["after"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let summary = step["summary"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| describe(step, changes.is_empty()));
            StepView { summary, changes }
        })
        .collect()
}

/// A step without its own summary: the tool, and its arguments when no change lists them.
fn describe(step: &Value, with_arguments: bool) -> String {
    let tool = step["tool"].as_str().unwrap_or("a tool");
    let tool = tool
        .strip_prefix("autotask-")
        .unwrap_or(tool)
        .replace('-', " ");
    let mut out = format!(
        "{}{}",
        tool[..1.min(tool.len())].to_uppercase(),
        &tool[1.min(tool.len())..]
    );
    if with_arguments && !step["arguments"].is_null() {
        out.push_str(": ");
        out.push_str(&step["arguments"].to_string());
    }
    out
}

/// A JSON value as a person reads it: strings bare, nothing as an em dash.
fn plain(value: &Value) -> String {
    match value {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What happened to a plan that no longer waits.
pub fn outcome(plan: &ApprovalPlanRecord) -> OutcomeView {
    let by = plan
        .decider_name
        .clone()
        .or_else(|| plan.decider_email.clone());
    OutcomeView {
        state: plan.state.as_str().to_string(),
        channel: plan.decision_channel.map(|c| c.as_str().to_string()),
        by,
        at: plan.decided_at.map(fmt_utc),
        reason: plan.decision_reason.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn steps_read_in_plain_words() {
        let v = json!([
            {"tool": "autotask-update-ticket", "arguments": {"ticketId": 5, "status": 5},
             "changes": [{"field": "status", "before": "New", "after": "Complete"},
                         {"field": "queue", "before": null, "after": 8}]},
            {"tool": "autotask-api-post", "arguments": {"path": "/Tickets"}},
            {"tool": "x", "summary": "Close the ticket"}
        ]);
        let s = steps(&v);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].summary, "Update ticket");
        assert_eq!(s[0].changes[1].before, "—");
        assert_eq!(s[0].changes[1].after, "8");
        assert_eq!(s[1].summary, "Api post: {\"path\":\"/Tickets\"}");
        assert_eq!(s[2].summary, "Close the ticket");
        assert!(steps(&json!({})).is_empty());
    }
}
