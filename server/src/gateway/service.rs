//! `PolicyService`: the Tool policies card, the MSP's default mode, and the client page with
//! its mode switch, each scoped to the caller's MSP. Words from forms are checked here.

use super::policy::load;
use super::tools::catalog::{Access, ToolInfo, CATALOG};
use crate::clock::{fmt_utc, now_ms};
use crate::pipeline::ticket_url;
use crate::store::{IntegrationRecord, PolicyChange, PolicyEditor, SetToolPolicy, Store};
use app::error::AppError;
use app::ids::{ClientId, IntegrationId};
use app::service::PolicyService;
use app::states::{ClientMode, ToolPolicy};
use app::wire::*;

/// How much history the card shows.
const RECENT_CHANGES: i64 = 20;
/// How many sessions the client page lists.
const RECENT_SESSIONS: i64 = 25;

#[derive(Clone)]
pub struct PolicyDesk {
    store: Store,
}

impl PolicyDesk {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    async fn active(&self, user: &CurrentUser) -> Result<IntegrationRecord, AppError> {
        self.store
            .active_integration(user.msp_id)
            .await?
            .ok_or_else(|| AppError::not_found("A connected Autotask integration"))
    }

    /// The integration named by a form, only if it is the caller's MSP's.
    async fn own(&self, user: &CurrentUser, id: IntegrationId) -> Result<(), AppError> {
        match self.store.integration(id).await? {
            Some(i) if i.msp_id == user.msp_id => Ok(()),
            _ => Err(AppError::not_found("That integration")),
        }
    }

    async fn view(
        &self,
        user: &CurrentUser,
        id: IntegrationId,
    ) -> Result<ToolPoliciesView, AppError> {
        let policies = load(&self.store, id).await?;
        let tools = CATALOG
            .iter()
            .map(|t| ToolPolicyRow {
                name: t.name.to_string(),
                writes: t.access == Access::Write,
                policy: policies.of(t.name).unwrap_or(t.default_policy),
                default: t.default_policy,
            })
            .collect();
        let changes = self
            .store
            .tool_policy_changes(id, RECENT_CHANGES)
            .await?
            .into_iter()
            .map(|c| {
                let (old, new, reverted) = match c.change {
                    PolicyChange::Set { old, new } => (Some(old), Some(new), 0),
                    PolicyChange::Reset { reverted } => (None, None, reverted),
                };
                PolicyChangeView {
                    who: c.user_email,
                    tool: c.tool,
                    old,
                    new,
                    reverted,
                    at: fmt_utc(c.at),
                }
            })
            .collect();
        Ok(ToolPoliciesView {
            integration_id: id,
            tools,
            changes,
            default_mode: self.store.msp_default_mode(user.msp_id).await?,
        })
    }
}

fn editor(user: &CurrentUser) -> PolicyEditor {
    PolicyEditor {
        user_id: user.user_id,
        email: user.email.clone(),
    }
}

fn parse_mode(mode: &str) -> Result<ClientMode, AppError> {
    mode.trim()
        .parse()
        .map_err(|_| AppError::validation("mode", "Choose plan or execute."))
}

#[async_trait::async_trait]
impl PolicyService for PolicyDesk {
    async fn tool_policies(&self, user: &CurrentUser) -> Result<ToolPoliciesView, AppError> {
        let integration = self.active(user).await?;
        self.view(user, integration.id).await
    }

    async fn set_tool_policy(
        &self,
        user: &CurrentUser,
        integration: IntegrationId,
        tool: &str,
        policy: &str,
    ) -> Result<ToolPoliciesView, AppError> {
        let info = ToolInfo::named(tool.trim()).ok_or_else(|| {
            AppError::validation("tool", format!("There is no tool named {:?}.", tool.trim()))
        })?;
        let policy: ToolPolicy = policy.trim().parse().map_err(|_| {
            AppError::validation("policy", "Choose auto, approval_needed or disabled.")
        })?;
        self.own(user, integration).await?;
        self.store
            .set_tool_policy(SetToolPolicy {
                integration_id: integration,
                tool: info.name.to_string(),
                policy,
                default: info.default_policy,
                by: editor(user),
                now: now_ms(),
            })
            .await?;
        self.view(user, integration).await
    }

    async fn reset_tool_policies(
        &self,
        user: &CurrentUser,
        integration: IntegrationId,
    ) -> Result<ToolPoliciesView, AppError> {
        self.own(user, integration).await?;
        self.store
            .reset_tool_policies(integration, &editor(user), now_ms())
            .await?;
        self.view(user, integration).await
    }

    async fn set_default_mode(&self, user: &CurrentUser, mode: &str) -> Result<(), AppError> {
        let mode = parse_mode(mode)?;
        Ok(self.store.set_msp_default_mode(user.msp_id, mode).await?)
    }

    async fn client_page(
        &self,
        user: &CurrentUser,
        client: ClientId,
    ) -> Result<ClientPageView, AppError> {
        let detail = self
            .store
            .client_detail(user.msp_id, client)
            .await?
            .ok_or_else(|| AppError::not_found("That client"))?;
        let web_url = self
            .store
            .active_integration(user.msp_id)
            .await?
            .map(|i| i.web_url);
        let sessions = self
            .store
            .client_sessions(client, RECENT_SESSIONS)
            .await?
            .into_iter()
            .map(|s| ClientSessionView {
                id: s.id,
                ticket_id: s.ticket_id,
                ticket_url: web_url.as_deref().and_then(|w| ticket_url(w, s.ticket_id)),
                status: s.status,
                status_reason: s.status_reason,
                created_at: fmt_utc(s.created_at),
            })
            .collect();
        Ok(ClientPageView {
            id: detail.id,
            name: detail.name,
            autotask_id: detail.autotask_id,
            company_type: detail.company_type_label,
            agent_status: detail.agent_status,
            mode: detail.mode,
            sessions,
        })
    }

    async fn set_client_mode(
        &self,
        user: &CurrentUser,
        client: ClientId,
        mode: &str,
    ) -> Result<ClientMode, AppError> {
        let mode = parse_mode(mode)?;
        if self
            .store
            .set_client_mode(user.msp_id, client, mode, now_ms())
            .await?
        {
            Ok(mode)
        } else {
            Err(AppError::not_found("That client"))
        }
    }
}
