//! Issuing a plan when a run ends waiting for approval: the exact steps with before → after
//! read from the ticket now, the approver (the ticket's assigned resource), a code and a link
//! token, then ONE internal note. The plan is stored before its note, so a crash in between
//! leaves a plan without a note, which `renote` settles (found by reference, or re-issued).

use serde_json::{json, Value};

use super::code::{new_code, new_token, plan_hash};
use super::decide::APPROVAL_ACTIVITY;
use super::post::{find_note, note_ref, post_note, NoteKind, NoteTarget};
use super::words::request_note;
use super::ApprovalError;
use crate::gateway::tools::{self, ToolEnv};
use crate::store::{
    ApprovalPlanRecord, Approver, NewActivity, NewApprovalPlan, Store, StoreError, ToolCallRecord,
};
use app::ids::{ClientId, IntegrationId, MspId, ResourceId, SessionId};

/// Tries with a fresh code and token when the MSP's pending codes clash.
const CODE_ATTEMPTS: usize = 6;

/// Everything issuing a plan for one session needs.
pub struct PlanDesk<'a> {
    pub store: &'a Store,
    pub target: NoteTarget<'a>,
    pub msp_id: MspId,
    pub client_id: ClientId,
    pub session_id: SessionId,
    pub integration_id: IntegrationId,
    pub base_url: &'a str,
    pub expiry_hours: u32,
}

impl PlanDesk<'_> {
    /// Issues the plan of `turn` for `calls` (the turn's waiting steps) and posts its note.
    pub async fn issue(
        &self,
        turn: i64,
        intent: &str,
        calls: &[ToolCallRecord],
    ) -> Result<ApprovalPlanRecord, ApprovalError> {
        let mut steps = Vec::with_capacity(calls.len());
        for call in calls {
            steps.push(
                self.step(call.id.get(), &call.tool, &call.arguments)
                    .await?,
            );
        }
        let ids = calls.iter().map(|c| c.id).collect();
        self.create_and_note(turn, intent, steps, ids).await
    }

    /// A new plan (new code, token and note) for the steps of `old`: the ticket was assigned,
    /// or the old plan's note never made it.
    pub async fn reissue(
        &self,
        old: &ApprovalPlanRecord,
    ) -> Result<ApprovalPlanRecord, ApprovalError> {
        let mut steps = Vec::new();
        let mut ids = Vec::new();
        for step in old.steps.as_array().cloned().unwrap_or_default() {
            let id = step["tool_call_id"].as_i64().unwrap_or_default();
            let tool = step["tool"].as_str().unwrap_or_default().to_string();
            steps.push(self.step(id, &tool, &step["arguments"]).await?);
            ids.push(app::ids::ToolCallId(id));
        }
        self.create_and_note(old.turn, &old.intent, steps, ids)
            .await
    }

    /// A pending plan without a recorded note: the note is looked up by its reference (a crash
    /// after posting) or, when absent, the plan is re-issued (its token was never shown).
    pub async fn renote(
        &self,
        plan: &ApprovalPlanRecord,
    ) -> Result<ApprovalPlanRecord, ApprovalError> {
        let reference = note_ref(plan.id, NoteKind::Request);
        match find_note(&self.target, &reference).await? {
            Some(id) => {
                self.store
                    .set_approval_plan_note(plan.id, id.unwrap_or(0))
                    .await?;
                Ok(self
                    .store
                    .approval_plan(plan.id)
                    .await?
                    .unwrap_or(plan.clone()))
            }
            None => self.reissue(plan).await,
        }
    }

    async fn step(&self, id: i64, tool: &str, arguments: &Value) -> Result<Value, ApprovalError> {
        let reference = format!("RLY-AP-preview-{id}");
        let env = ToolEnv {
            tenant: self.target.tenant,
            ticket_id: self.target.ticket_id,
            company_id: self.target.company_id,
            relay_ref: &reference,
        };
        let mut step = json!({ "tool_call_id": id, "tool": tool, "arguments": arguments });
        match tools::preview(tool, arguments, &env).await {
            Ok(Some(changes)) => step["changes"] = changes,
            Ok(None) => {}
            // Autotask is unreachable: try the whole run again later.
            Err(tools::ToolError::Autotask(err)) if err.is_transient() => {
                return Err(ApprovalError::Tool(tools::ToolError::Autotask(err)))
            }
            // Bad arguments: the step will fail when run; the approver should see why now.
            Err(err) => step["preview_error"] = err.to_string().into(),
        }
        Ok(step)
    }

    /// The ticket's assigned resource now, with name and e-mail (`None`: nobody assigned).
    pub async fn approver(&self) -> Result<Option<Approver>, ApprovalError> {
        let tenant = self.target.tenant;
        let ticket = tenant
            .get_json("Tickets", self.target.ticket_id.get())
            .await
            .map_err(tools::ToolError::from)?;
        let Some(id) = ticket.and_then(|t| t["assignedResourceID"].as_i64()) else {
            return Ok(None);
        };
        let resource = tenant
            .get_json("Resources", id)
            .await
            .map_err(tools::ToolError::from)?
            .unwrap_or(Value::Null);
        let name = format!(
            "{} {}",
            resource["firstName"].as_str().unwrap_or_default(),
            resource["lastName"].as_str().unwrap_or_default()
        );
        let name = match name.trim() {
            "" => format!("resource {id}"),
            n => n.to_string(),
        };
        Ok(Some(Approver {
            resource_id: ResourceId(id),
            name,
            email: resource["email"].as_str().map(str::to_string),
        }))
    }

    async fn create_and_note(
        &self,
        turn: i64,
        intent: &str,
        steps: Vec<Value>,
        tool_call_ids: Vec<app::ids::ToolCallId>,
    ) -> Result<ApprovalPlanRecord, ApprovalError> {
        let approver = self.approver().await?;
        let canonical: Vec<(String, Value)> = steps
            .iter()
            .map(|s| {
                (
                    s["tool"].as_str().unwrap_or_default().to_string(),
                    s["arguments"].clone(),
                )
            })
            .collect();
        let now = crate::clock::now_ms();
        let mut attempt = 0;
        let (created, token) = loop {
            attempt += 1;
            let (token, token_hash) = new_token();
            let new = NewApprovalPlan {
                msp_id: self.msp_id,
                client_id: self.client_id,
                session_id: self.session_id,
                integration_id: self.integration_id,
                ticket_id: self.target.ticket_id,
                turn,
                intent: intent.to_string(),
                steps: Value::Array(steps.clone()),
                plan_hash: plan_hash(&canonical),
                code: new_code(),
                approver: approver.clone(),
                token_hash,
                created_at: now,
                expires_at: now + i64::from(self.expiry_hours) * 3_600_000,
                tool_call_ids: tool_call_ids.clone(),
            };
            match self.store.create_approval_plan(&new).await {
                Ok(created) => break (created, token),
                Err(StoreError::Conflict(_)) if attempt < CODE_ATTEMPTS => continue,
                Err(err) => return Err(err.into()),
            }
        };
        let plan = created.plan;
        let replaces = created.superseded.as_ref().map(|p| p.code.as_str());
        self.store
            .append_activity(issued_activity(&plan, replaces, now))
            .await?;
        let (title, text) = request_note(&plan, &token, self.base_url, replaces);
        let reference = note_ref(plan.id, NoteKind::Request);
        if let Some(id) = post_note(&self.target, &reference, &title, &text, false).await? {
            self.store.set_approval_plan_note(plan.id, id).await?;
        }
        Ok(self.store.approval_plan(plan.id).await?.unwrap_or(plan))
    }
}

fn issued_activity(plan: &ApprovalPlanRecord, replaces: Option<&str>, at: i64) -> NewActivity {
    let who = plan
        .approver_name
        .clone()
        .unwrap_or_else(|| "nobody yet (no assigned resource)".into());
    NewActivity {
        msp_id: plan.msp_id,
        client_id: Some(plan.client_id),
        at,
        kind: APPROVAL_ACTIVITY.into(),
        summary: format!(
            "plan {} on ticket {}: {} step(s) wait for {who}",
            plan.code,
            plan.ticket_id.get(),
            plan.steps.as_array().map_or(0, Vec::len)
        ),
        outcome: "pending".into(),
        detail: json!({
            "plan_id": plan.id.get(),
            "code": plan.code,
            "plan_hash": plan.plan_hash,
            "session_id": plan.session_id.get(),
            "ticket_id": plan.ticket_id.get(),
            "steps": plan.steps,
            "approver_resource_id": plan.approver_resource_id.map(|r| r.get()),
            "approver_name": plan.approver_name,
            "expires_at": plan.expires_at,
            "replaces": replaces,
        }),
    }
}
