//! One run of one session: bring the conversation up to date, settle calls a crash left
//! `started`, then turns of brain and tools until the brain stops, a step waits for approval,
//! or a budget ends.

use std::sync::Arc;

use app::ids::CompanyId;
use app::states::{ClientMode, SessionStatus, ToolCallState};
use serde_json::{json, Value};

use super::brain_call::BrainStop;
use super::budget::Spent;
use super::Runner;
use crate::agent::brain::Brain;
use crate::agent::chat::BrainRequest;
use crate::agent::prompt;
use crate::autotask::TenantClient;
use crate::gateway::policy::{Policies, Progress, PLAN_NOTE_TOOL};
use crate::gateway::CallContext;
use crate::integrations::{Purpose, TenantError};
use crate::store::{ClaimedSession, EntryKind, SessionRelease, StoreError};
use crate::verification::flow::Gate;

#[derive(Debug, thiserror::Error)]
pub(super) enum RunError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Tenant(#[from] TenantError),
}

/// How a run ended, before it becomes a release.
pub(super) enum Ended {
    Finished,
    WaitingApproval,
    Budget(String),
    Failed(String),
    Retry(std::time::Duration, String),
    LeaseLost,
    /// Identity verification holds the agent back (waiting, or the requester not verified).
    Held(String),
}

/// What every call of this run shares.
pub(super) struct Run<'a> {
    pub(super) claimed: &'a ClaimedSession,
    pub(super) integration_id: app::ids::IntegrationId,
    mode: ClientMode,
    pub(super) tenant: TenantClient,
    pub(super) company_id: Option<CompanyId>,
    policies: Policies,
}

impl Runner {
    /// `None` when the lease was lost (another runner owns the session now).
    pub(super) async fn work(
        &self,
        claimed: &ClaimedSession,
    ) -> Result<Option<SessionRelease>, RunError> {
        let ended = self.run_session(claimed).await?;
        let id = claimed.id;
        let now = crate::clock::now_ms();
        let done = |status, reason: Option<String>| SessionRelease {
            status,
            reason,
            read_seq: claimed.input_seq,
            not_before: None,
        };
        let (release, stop) = match ended {
            Ended::LeaseLost => return Ok(None),
            Ended::Finished => (done(SessionStatus::Idle, None), None),
            Ended::WaitingApproval => {
                let why = "a step waits for a technician's approval".to_string();
                (
                    done(SessionStatus::WaitingApproval, Some(why.clone())),
                    Some(why),
                )
            }
            Ended::Budget(why) => (
                done(SessionStatus::BudgetExhausted, Some(why.clone())),
                Some(why),
            ),
            Ended::Failed(why) => (done(SessionStatus::Failed, Some(why.clone())), Some(why)),
            Ended::Held(why) => (done(SessionStatus::Idle, Some(why.clone())), Some(why)),
            Ended::Retry(after, why) => (
                SessionRelease {
                    status: SessionStatus::Ready,
                    reason: Some(why.clone()),
                    read_seq: claimed.read_seq,
                    not_before: Some(now + after.as_millis() as i64),
                },
                Some(why),
            ),
        };
        if let Some(reason) = stop {
            let turns = self
                .store
                .agent_session_state(id)
                .await?
                .map_or(0, |s| s.turns);
            let body = json!({ "status": release.status.as_str(), "reason": reason });
            self.store
                .append_session_entry(id, turns, EntryKind::Stop, &body, now)
                .await?;
        }
        Ok(Some(release))
    }

    async fn run_session(&self, claimed: &ClaimedSession) -> Result<Ended, RunError> {
        let Some(integration_id) = claimed.integration_id else {
            return Ok(Ended::Failed("the session has no integration".into()));
        };
        let Some(integration) = self.store.integration(integration_id).await? else {
            return Ok(Ended::Failed(
                "the session's integration no longer exists".into(),
            ));
        };
        let Some(mode) = self.store.client_mode(claimed.client_id).await? else {
            return Ok(Ended::Failed(
                "the session's client no longer exists".into(),
            ));
        };
        let run = Run {
            claimed,
            integration_id,
            mode,
            tenant: self.tenants.tenant(&integration, Purpose::Agent)?,
            company_id: claimed
                .context
                .pointer("/company/id")
                .and_then(Value::as_i64)
                .map(CompanyId),
            // Read per run: an admin's change applies from the next run on.
            policies: crate::gateway::policy::load(&self.store, integration_id).await?,
        };
        self.sync_input(claimed).await?;
        self.settle_started(&run).await?;
        if let Gate::Hold(why) = self
            .verification
            .gate(claimed, self.brains.as_ref())
            .await?
        {
            return Ok(Ended::Held(why));
        }
        if let Some(ended) = self.approvals_first(&run).await? {
            return Ok(ended);
        }
        let brain = match self.brains.brain_for(claimed.msp_id).await {
            Ok(brain) => brain,
            Err(err) => return Ok(Ended::Failed(err.to_string())),
        };
        match self.turns(&run, brain).await? {
            Ended::WaitingApproval => self.issue_plan(&run).await,
            ended => Ok(ended),
        }
    }

    /// The wake context once, then every message not in the conversation yet.
    async fn sync_input(&self, claimed: &ClaimedSession) -> Result<(), StoreError> {
        let id = claimed.id;
        let now = crate::clock::now_ms();
        let entries = self.store.session_entries(id).await?;
        if !entries.iter().any(|e| e.kind == "context") {
            self.store
                .append_session_entry(id, claimed.turns, EntryKind::Context, &claimed.context, now)
                .await?;
        }
        let seen = entries
            .iter()
            .filter(|e| e.kind == "message")
            .filter_map(|e| e.body.get("message_id").and_then(Value::as_i64))
            .max()
            .unwrap_or(0);
        for message in self.store.session_messages_after(id, seen).await? {
            let body = json!({ "message_id": message.id, "message": message.body });
            self.store
                .append_session_entry(id, claimed.turns, EntryKind::Message, &body, now)
                .await?;
        }
        Ok(())
    }

    /// Calls a crash left `started`: reconciled, and their results added to the conversation.
    async fn settle_started(&self, run: &Run<'_>) -> Result<(), StoreError> {
        for row in self.store.started_tool_calls(Some(run.claimed.id)).await? {
            let ctx = self.context(run, row.turn, row.call_index);
            let outcome = self.gateway.resolve_started(&ctx, &row).await?;
            let body = json!({ "call_id": row.brain_call_id, "name": row.tool, "content": outcome.for_model });
            self.store
                .append_session_entry(
                    run.claimed.id,
                    row.turn,
                    EntryKind::Tool,
                    &body,
                    crate::clock::now_ms(),
                )
                .await?;
        }
        Ok(())
    }

    pub(super) fn context<'a>(
        &self,
        run: &'a Run<'_>,
        turn: i64,
        call_index: i64,
    ) -> CallContext<'a> {
        CallContext {
            msp_id: run.claimed.msp_id,
            client_id: run.claimed.client_id,
            session_id: run.claimed.id,
            ticket_id: run.claimed.ticket_id,
            company_id: run.company_id,
            mode: run.mode,
            turn,
            call_index,
            tenant: &run.tenant,
        }
    }

    /// What the session has done in this run, from its journal (not from what the brain said).
    async fn progress(&self, run: &Run<'_>) -> Result<Progress, StoreError> {
        let calls = self.store.session_tool_calls(run.claimed.id).await?;
        Ok(Progress {
            plan_note_posted: calls.iter().any(|c| {
                c.turn > run.claimed.turns
                    && c.tool == PLAN_NOTE_TOOL
                    && c.state == ToolCallState::Done
            }),
        })
    }

    async fn turns(&self, run: &Run<'_>, brain: Arc<dyn Brain>) -> Result<Ended, RunError> {
        let budgets = self.config.budgets;
        let id = run.claimed.id;
        let lease_ms = self.config.lease.as_millis() as i64;
        let mut spent = Spent::default();
        loop {
            if let Some(why) = spent.brain_exhausted(&budgets) {
                return Ok(Ended::Budget(why));
            }
            let now = crate::clock::now_ms();
            if !self
                .store
                .renew_agent_session(id, &self.owner, now, lease_ms)
                .await?
            {
                return Ok(Ended::LeaseLost);
            }
            let progress = self.progress(run).await?;
            let entries = self.store.session_entries(id).await?;
            let request = BrainRequest {
                messages: prompt::build(run.mode, &entries),
                tools: self.gateway.offered(&run.policies, run.mode, progress),
                max_tokens: spent.reply_tokens(&budgets),
            };
            let reply = match self.ask(brain.as_ref(), request).await {
                Ok(reply) => reply,
                Err(BrainStop::Failed(why)) => return Ok(Ended::Failed(why)),
                Err(BrainStop::RetryAfter(after, why)) => return Ok(Ended::Retry(after, why)),
            };
            spent.brain_call(reply.usage);
            let turn = self.store.next_session_turn(id).await?;
            let body = json!({
                "brain": brain.label(),
                "content": reply.content,
                "tool_calls": reply.tool_calls,
                "finish": reply.finish,
                "usage": reply.usage,
            });
            self.store
                .append_session_entry(id, turn, EntryKind::Brain, &body, crate::clock::now_ms())
                .await?;
            if reply.tool_calls.is_empty() {
                return Ok(Ended::Finished);
            }
            let mut waiting = false;
            for (index, call) in reply.tool_calls.iter().enumerate() {
                if let Some(why) = spent.tool_exhausted(&budgets) {
                    return Ok(Ended::Budget(why));
                }
                // Progress again per call: the plan note of this very turn counts.
                let progress = self.progress(run).await?;
                let ctx = self.context(run, turn, index as i64);
                let outcome = self
                    .gateway
                    .call(&ctx, &run.policies, progress, call)
                    .await?;
                spent.tool_calls += 1;
                waiting |= outcome.state == ToolCallState::WaitingApproval;
                let body =
                    json!({ "call_id": call.id, "name": call.name, "content": outcome.for_model });
                self.store
                    .append_session_entry(id, turn, EntryKind::Tool, &body, crate::clock::now_ms())
                    .await?;
            }
            if waiting {
                return Ok(Ended::WaitingApproval);
            }
        }
    }
}
