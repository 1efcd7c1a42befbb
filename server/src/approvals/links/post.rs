//! POST on a link page: the only way a link decides. The form's anti-forgery value must be
//! this server's for this token; then, by the MSP's settings, a mailed one-time code is asked
//! for and checked, or (link-only) the decision is taken at once. `decide` is one conditional
//! update, so a reply racing this POST cannot both win; the loser is shown the recorded one.

use super::code::{self, MAX_FAILURES, MAX_SENDS, RESEND_WINDOW_MS};
use super::view::LinkDecision;
use super::{closed, guard, html, load, open_page, respond, LinkMode};
use crate::mail::Mail;
use crate::state::AppState;
use crate::store::{ApprovalPlanRecord, DecideResult, Decider, NewApprovalCode};
use app::wire::RequestMeta;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Form};
use http::StatusCode;

/// The fields every link form posts; all optional so a bad post gets a page, not a 422.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LinkForm {
    ts: Option<String>,
    mac: Option<String>,
    code: Option<String>,
    reason: Option<String>,
}

pub async fn approve(
    state: State<AppState>,
    token: Path<String>,
    meta: Option<Extension<RequestMeta>>,
    form: Form<LinkForm>,
) -> Response {
    decide(state, token, meta, form, LinkDecision::Approve).await
}

pub async fn deny(
    state: State<AppState>,
    token: Path<String>,
    meta: Option<Extension<RequestMeta>>,
    form: Form<LinkForm>,
) -> Response {
    decide(state, token, meta, form, LinkDecision::Deny).await
}

async fn decide(
    State(state): State<AppState>,
    Path(token): Path<String>,
    meta: Option<Extension<RequestMeta>>,
    Form(form): Form<LinkForm>,
    decision: LinkDecision,
) -> Response {
    let now = crate::clock::now_ms();
    let plan = match load::find(&state.store, &token).await {
        Err(e) => return respond::failed("lookup", e),
        Ok(None) => return respond::neutral(),
        Ok(Some(plan)) => plan,
    };
    let issued = form.ts.as_deref().and_then(|t| t.parse::<i64>().ok());
    let mac = form.mac.as_deref().unwrap_or_default();
    if !issued.is_some_and(|ts| guard::form_ok(&state.cipher, &plan.token_hash, ts, mac, now)) {
        return respond::page(
            StatusCode::FORBIDDEN,
            html::frame(
                "Open the link again",
                &html::notice(
                    "stale-form",
                    "This form did not come from Relay's page, or the page is more than an hour old. Nothing was decided: open the link again.",
                ),
            ),
        );
    }
    if plan.state != app::states::ApprovalState::Pending {
        return closed(&plan);
    }
    if plan.expires_at <= now {
        return respond::neutral();
    }
    let address = meta.and_then(|Extension(m)| m.client_ip);
    let reason: Option<String> = form
        .reason
        .as_deref()
        .map(|r| r.trim().chars().take(500).collect::<String>())
        .filter(|r| !r.is_empty() && decision == LinkDecision::Deny);
    let step = Step {
        state: &state,
        plan: &plan,
        token: &token,
        decision,
        now,
    };
    match super::link_mode(&state, &plan).await {
        Err(e) => respond::failed("link mode", e),
        Ok(LinkMode::ReplyOnly) => {
            let extra = html::notice("reply-only", &super::reply_instructions(&plan));
            open_page(&state, &plan, &token, decision, Some(extra), now).await
        }
        Ok(LinkMode::LinkOnly) => {
            let decider = Decider {
                resource_id: None,
                name: Some("someone with the approval link (no code required)".into()),
                email: None,
            };
            step.finish(decider, reason, address).await
        }
        Ok(LinkMode::Code) => step.with_code(form.code.as_deref(), reason, address).await,
    }
}

/// One POST's plan and decision.
struct Step<'a> {
    state: &'a AppState,
    plan: &'a ApprovalPlanRecord,
    token: &'a str,
    decision: LinkDecision,
    now: i64,
}

impl Step<'_> {
    /// Without a code: mail one. With one: check it and decide.
    async fn with_code(
        &self,
        typed: Option<&str>,
        reason: Option<String>,
        address: Option<String>,
    ) -> Response {
        let (store, plan) = (&self.state.store, self.plan);
        let Some(email) = plan.approver_email.clone() else {
            return self
                .page_with(html::notice("no-approver-email", &super::reply_hint(plan)))
                .await;
        };
        let counts = match store
            .approval_code_counts(plan.id, self.now - RESEND_WINDOW_MS)
            .await
        {
            Ok(c) => c,
            Err(e) => return respond::failed("code counts", e),
        };
        if counts.failures >= MAX_FAILURES {
            return self.locked().await;
        }
        let reason_text = reason.clone().unwrap_or_default();
        let typed = typed.map(str::trim).filter(|c| !c.is_empty());
        let Some(typed) = typed else {
            if counts.sent_since >= MAX_SENDS {
                let msg = format!(
                    "{MAX_SENDS} codes have been sent for this plan in the last hour; use the latest one, or wait. {}",
                    super::reply_hint(plan)
                );
                return self
                    .code_page(&msg, &reason_text, StatusCode::TOO_MANY_REQUESTS)
                    .await;
            }
            return self.send_code(&email, &reason_text).await;
        };
        let live = match store.live_approval_code(plan.id, self.now).await {
            Ok(live) => live,
            Err(e) => return respond::failed("live code", e),
        };
        let expected = code::code_hash(&self.state.cipher, plan.id, self.decision, typed);
        let Some(live) = live else {
            let msg = format!(
                "That code has expired or was replaced. Press {} again for a new one.",
                self.decision.verb()
            );
            let mut extra = html::notice("code-expired", &msg);
            extra.push_str(&super::decision_part(
                self.state,
                plan,
                self.token,
                self.decision,
                LinkMode::Code,
                self.now,
            ));
            return with_status(self.page_with(extra).await, StatusCode::FORBIDDEN);
        };
        if !crate::crypto::constant_time_eq(&live.code_hash, &expected) {
            if let Err(e) = store.record_wrong_approval_code(live.id).await {
                return respond::failed("wrong code", e);
            }
            let left = MAX_FAILURES - counts.failures - 1;
            if left <= 0 {
                return self.locked().await;
            }
            let msg = format!("That code is not right. {left} attempts left for this plan.");
            return self
                .code_page(&msg, &reason_text, StatusCode::FORBIDDEN)
                .await;
        }
        match store.use_approval_code(live.id, self.now).await {
            Err(e) => return respond::failed("use code", e),
            // A second submission of the same code lost the race: show where the plan is.
            Ok(false) => return self.reread().await,
            Ok(true) => {}
        }
        let decider = Decider {
            resource_id: plan.approver_resource_id,
            name: plan.approver_name.clone(),
            email: Some(email),
        };
        self.finish(decider, reason, address).await
    }

    async fn send_code(&self, email: &str, reason: &str) -> Response {
        let plan = self.plan;
        let digits = code::new_code();
        let masked = code::mask_email(email);
        let hash = code::code_hash(&self.state.cipher, plan.id, self.decision, &digits);
        let new = NewApprovalCode {
            msp_id: plan.msp_id,
            plan_id: plan.id,
            decision: self.decision.as_str(),
            code_hash: &hash,
            sent_to_masked: &masked,
            now: self.now,
            expires_at: self.now + code::CODE_TTL_MS,
        };
        if let Err(e) = self.state.store.issue_approval_code(&new).await {
            return respond::failed("issue code", e);
        }
        let ticket = format!("#{}", plan.ticket_id);
        let (subject, text) = code::code_mail(&plan.code, self.decision, &digits, &ticket);
        let mail = Mail {
            to: email.to_string(),
            subject,
            text,
        };
        if let Err(e) = self.state.outbox.send(plan.msp_id, mail).await {
            tracing::warn!(plan = %plan.id, error = %e, "approval code not sent");
            let msg = format!(
                "Relay could not send the code ({e}). Try again in a minute, or {}",
                super::reply_hint(plan)
            );
            return self.page_with(html::notice("code-not-sent", &msg)).await;
        }
        let msg = format!(
            "A one-time code was mailed to the approver ({masked}). It works for 10 minutes, once, only to {} this plan.",
            self.decision.as_str()
        );
        self.code_page(&msg, reason, StatusCode::OK).await
    }

    /// The atomic decision through the approvals service (channel link).
    async fn finish(
        &self,
        decider: Decider,
        reason: Option<String>,
        address: Option<String>,
    ) -> Response {
        let decision = match self.decision {
            LinkDecision::Approve => crate::store::PlanDecision::Approve,
            LinkDecision::Deny => crate::store::PlanDecision::Deny,
        };
        let request = crate::approvals::DecisionRequest {
            decision,
            channel: app::states::DecisionChannel::Link,
            decider,
            reason,
            address,
        };
        let result = crate::approvals::decide(&self.state.store, self.plan.id, request).await;
        match result {
            Err(e) => respond::failed("decide", e),
            Ok(DecideResult::Decided(plan)) => {
                // The session is unread now: its runner settles the plan without waiting.
                self.state.agent_wake.notify();
                closed(&plan)
            }
            Ok(DecideResult::AlreadyDecided(plan)) => closed(&plan),
            Ok(DecideResult::NotFound) => respond::neutral(),
        }
    }

    async fn reread(&self) -> Response {
        match self.state.store.approval_plan(self.plan.id).await {
            Ok(Some(plan)) => closed(&plan),
            Ok(None) => respond::neutral(),
            Err(e) => respond::failed("reread", e),
        }
    }

    async fn locked(&self) -> Response {
        let msg = format!(
            "Too many wrong codes: this link no longer takes codes for plan {}. {}",
            self.plan.code,
            super::reply_hint(self.plan)
        );
        let res = self.page_with(html::notice("code-locked", &msg)).await;
        with_status(res, StatusCode::TOO_MANY_REQUESTS)
    }

    async fn code_page(&self, message: &str, reason: &str, status: StatusCode) -> Response {
        let guard = super::guard_fields(self.state, self.plan, self.now);
        let form = html::code_form(self.token, self.decision, &guard, message, reason);
        with_status(self.page_with(form).await, status)
    }

    async fn page_with(&self, extra: String) -> Response {
        open_page(
            self.state,
            self.plan,
            self.token,
            self.decision,
            Some(extra),
            self.now,
        )
        .await
    }
}

fn with_status(mut res: Response, status: StatusCode) -> Response {
    if res.status().is_success() {
        *res.status_mut() = status;
    }
    res
}
