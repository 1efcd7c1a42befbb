//! `ApprovalService`: the admin's pending lists (MSP-wide and per client), cancelling a plan
//! (channel admin, through the same atomic decision as replies and links), and the
//! integration's link-only switch. Everything is scoped to the caller's MSP.

use super::load;
use crate::clock::{fmt_utc, now_ms};
use crate::mail::Outbox;
use crate::pipeline::ticket_url;
use crate::store::{DecideResult, Decider, PendingPlanRecord, PlanDecision, Store};
use app::approvals_wire::{ApprovalLinkSettingsView, PendingApprovalView};
use app::error::{AppError, ErrorCode};
use app::ids::{ApprovalPlanId, ClientId, IntegrationId};
use app::service::ApprovalService;
use app::states::DecisionChannel;
use app::wire::CurrentUser;
use std::sync::Arc;

/// The most pending plans a list shows (a pending plan per ticket; more means a backlog that
/// the admin should see counted elsewhere, not scroll through).
const LIST_LIMIT: i64 = 500;

#[derive(Clone)]
pub struct ApprovalDesk {
    store: Store,
    outbox: Arc<dyn Outbox>,
    wake: crate::agent::wake::AgentWake,
}

impl ApprovalDesk {
    pub fn new(store: Store, outbox: Arc<dyn Outbox>, wake: crate::agent::wake::AgentWake) -> Self {
        Self {
            store,
            outbox,
            wake,
        }
    }

    async fn row(&self, web_url: Option<&str>, r: PendingPlanRecord) -> PendingApprovalView {
        let p = r.plan;
        let session = self
            .store
            .agent_session_for_ticket(p.client_id, p.ticket_id)
            .await
            .ok()
            .flatten();
        let ticket = session.as_ref().map(|s| &s.context["ticket"]);
        let number = ticket.and_then(|t| t["number"].as_str()).map(str::to_owned);
        let title = ticket.and_then(|t| t["title"].as_str()).map(str::to_owned);
        let label = match (number, title) {
            (Some(n), Some(t)) => format!("{n} {t}"),
            (Some(n), None) => n,
            (None, Some(t)) => format!("#{} {t}", p.ticket_id),
            (None, None) => format!("#{}", p.ticket_id),
        };
        PendingApprovalView {
            id: p.id,
            plan_code: p.code.clone(),
            client_id: p.client_id,
            client_name: r.client_name,
            ticket_id: p.ticket_id.get(),
            ticket_label: label,
            ticket_url: web_url.and_then(|w| ticket_url(w, p.ticket_id)),
            steps: load::steps(&p.steps)
                .into_iter()
                .map(|s| {
                    let changes: Vec<String> = s
                        .changes
                        .iter()
                        .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
                        .collect();
                    if changes.is_empty() {
                        s.summary
                    } else {
                        format!("{} ({})", s.summary, changes.join("; "))
                    }
                })
                .collect(),
            approver: p.approver_name.clone(),
            expires_at: fmt_utc(p.expires_at),
        }
    }

    async fn settings(&self, user: &CurrentUser) -> Result<ApprovalLinkSettingsView, AppError> {
        let integration = self.store.active_integration(user.msp_id).await?;
        let link_only = match &integration {
            Some(i) => self.store.approval_link_only(i.id).await?,
            None => false,
        };
        Ok(ApprovalLinkSettingsView {
            integration: integration.map(|i| i.id),
            link_only,
            mail_configured: self.outbox.configured(user.msp_id).await,
        })
    }
}

#[async_trait::async_trait]
impl ApprovalService for ApprovalDesk {
    async fn pending(
        &self,
        user: &CurrentUser,
        client: Option<ClientId>,
    ) -> Result<Vec<PendingApprovalView>, AppError> {
        let rows = self
            .store
            .pending_approval_plans(user.msp_id, client, LIST_LIMIT)
            .await?;
        let web_url = self
            .store
            .active_integration(user.msp_id)
            .await?
            .map(|i| i.web_url);
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.row(web_url.as_deref(), r).await);
        }
        Ok(out)
    }

    async fn cancel(&self, user: &CurrentUser, id: ApprovalPlanId) -> Result<(), AppError> {
        let plan = match self.store.approval_plan(id).await? {
            Some(p) if p.msp_id == user.msp_id => p,
            _ => return Err(AppError::not_found("That approval")),
        };
        let decider = Decider {
            resource_id: None,
            name: Some(user.name.clone()),
            email: Some(user.email.clone()),
        };
        let request = crate::approvals::DecisionRequest {
            decision: PlanDecision::Cancel,
            channel: DecisionChannel::Admin,
            decider,
            reason: Some(format!("cancelled by {} in Relay", user.name)),
            address: None,
        };
        let result = crate::approvals::decide(&self.store, plan.id, request).await?;
        match result {
            DecideResult::Decided(_) => {
                self.wake.notify();
                Ok(())
            }
            DecideResult::AlreadyDecided(p) => Err(AppError::new(
                ErrorCode::Conflict,
                format!("Plan {} is no longer pending (it is {}).", p.code, p.state),
            )),
            DecideResult::NotFound => Err(AppError::not_found("That approval")),
        }
    }

    async fn link_settings(
        &self,
        user: &CurrentUser,
    ) -> Result<ApprovalLinkSettingsView, AppError> {
        self.settings(user).await
    }

    async fn set_link_only(
        &self,
        user: &CurrentUser,
        integration: IntegrationId,
        link_only: bool,
    ) -> Result<ApprovalLinkSettingsView, AppError> {
        let saved = self
            .store
            .set_approval_link_only(user.msp_id, integration, link_only, user.user_id, now_ms())
            .await?;
        if !saved {
            return Err(AppError::not_found("That integration"));
        }
        self.settings(user).await
    }
}
