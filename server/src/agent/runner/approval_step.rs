//! The runner's part in approvals: before any turn it acts on plans decided since the last
//! run (executes approved steps exactly once, or ends them refused) and keeps a pending plan's
//! note right; after a run that ended waiting it issues the plan of that turn.

use serde_json::{json, Value};

use super::session::RunError;
use super::session::{Ended, Run};
use super::Runner;
use crate::approvals::decide::{decider_words, APPROVAL_ACTIVITY};
use crate::approvals::issue::PlanDesk;
use crate::approvals::post::{note_ref, post_note, NoteKind, NoteTarget};
use crate::approvals::words::{result_note, step_words};
use crate::approvals::ApprovalError;
use crate::gateway::journal::short_name;
use crate::store::{ApprovalPlanRecord, EntryKind, NewActivity, ToolCallRecord};
use app::states::{ApprovalState, DecisionChannel, ToolCallState};

impl Runner {
    fn desk<'a>(&'a self, run: &'a Run<'_>) -> PlanDesk<'a> {
        let claimed = run.claimed;
        PlanDesk {
            store: &self.store,
            target: NoteTarget {
                tenant: &run.tenant,
                ticket_id: claimed.ticket_id,
                company_id: run.company_id,
            },
            msp_id: claimed.msp_id,
            client_id: claimed.client_id,
            session_id: claimed.id,
            integration_id: run.integration_id,
            base_url: &self.settings.public_base_url,
            expiry_hours: self.settings.approval_expiry_hours,
        }
    }

    /// A run stops here when Autotask could not be reached (retried later).
    fn approval_stop(&self, err: ApprovalError) -> Result<Ended, RunError> {
        match err {
            ApprovalError::Store(err) => Err(err.into()),
            ApprovalError::Tool(err) => Ok(Ended::Retry(
                self.config.retry_later,
                format!("approval step could not reach Autotask: {err}"),
            )),
        }
    }

    /// Before any turn. `Some` ends the run there (a plan still waits).
    pub(super) async fn approvals_first(&self, run: &Run<'_>) -> Result<Option<Ended>, RunError> {
        let id = run.claimed.id;
        for plan in self.store.unsettled_approval_plans(id).await? {
            if let Err(err) = self.settle_plan(run, &plan).await {
                return self.approval_stop(err).map(Some);
            }
        }
        let pending = self
            .store
            .session_approval_plans(id)
            .await?
            .into_iter()
            .rfind(|p| p.state == ApprovalState::Pending);
        let Some(plan) = pending else {
            return Ok(None);
        };
        let desk = self.desk(run);
        let kept = if plan.note_id.is_none() {
            desk.renote(&plan).await.map(|_| ())
        } else {
            // Woken by a change of assignee: only the assigned resource may decide, so the
            // plan is re-issued for them (or says that someone must be assigned first).
            match desk.approver().await {
                Ok(now) if now.as_ref().map(|a| a.resource_id) != plan.approver_resource_id => {
                    desk.reissue(&plan).await.map(|_| ())
                }
                Ok(_) => Ok(()),
                Err(err) => Err(err),
            }
        };
        match kept {
            Ok(()) => Ok(Some(Ended::WaitingApproval)),
            Err(err) => self.approval_stop(err).map(Some),
        }
    }

    /// After a run ended waiting: the plan of the last turn with waiting steps.
    pub(super) async fn issue_plan(&self, run: &Run<'_>) -> Result<Ended, RunError> {
        let id = run.claimed.id;
        let waiting: Vec<ToolCallRecord> = self
            .store
            .session_tool_calls(id)
            .await?
            .into_iter()
            .filter(|c| c.state == ToolCallState::WaitingApproval)
            .collect();
        let Some(turn) = waiting.iter().map(|c| c.turn).max() else {
            return Ok(Ended::WaitingApproval);
        };
        let plans = self.store.session_approval_plans(id).await?;
        let issued = plans
            .iter()
            .any(|p| p.turn == turn && p.state == ApprovalState::Pending);
        if !issued {
            let (current, older): (Vec<_>, Vec<_>) =
                waiting.into_iter().partition(|c| c.turn == turn);
            let intent = self.intent_of(id, turn).await?;
            if let Err(err) = self.desk(run).issue(turn, &intent, &current).await {
                return self.approval_stop(err);
            }
            for row in older {
                let ctx = self.context(run, row.turn, row.call_index);
                self.gateway
                    .refuse_waiting(&ctx, &row, "replaced by a newer plan")
                    .await?;
            }
        }
        // A crash after the plan but before its note: the next claim re-notes it.
        Ok(Ended::WaitingApproval)
    }

    /// What the brain said in that turn (the plan's "why"), or where to look for it.
    async fn intent_of(&self, id: app::ids::SessionId, turn: i64) -> Result<String, RunError> {
        let entries = self.store.session_entries(id).await?;
        let said = entries
            .iter()
            .filter(|e| e.kind == "brain" && e.turn <= turn)
            .filter_map(|e| e.body["content"].as_str())
            .map(str::trim)
            .rfind(|c| !c.is_empty() && *c != "Done.")
            .map(str::to_string);
        Ok(said.unwrap_or_else(|| {
            "The agent gave no reason beyond the steps; its earlier notes on this ticket explain \
             its diagnosis."
                .into()
        }))
    }

    async fn plan_rows(
        &self,
        plan: &ApprovalPlanRecord,
    ) -> Result<Vec<ToolCallRecord>, crate::store::StoreError> {
        let mut rows = Vec::new();
        for step in plan.steps.as_array().cloned().unwrap_or_default() {
            let id = app::ids::ToolCallId(step["tool_call_id"].as_i64().unwrap_or_default());
            if let Some(row) = self.store.tool_call(id).await? {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// The fields an approved plan changes whose value is no longer its "before".
    async fn drift(
        &self,
        run: &Run<'_>,
        plan: &ApprovalPlanRecord,
    ) -> Result<Vec<Value>, ApprovalError> {
        let changes: Vec<Value> = plan
            .steps
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["changes"].as_array())
            .flatten()
            .cloned()
            .collect();
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let ticket = run
            .tenant
            .get_json("Tickets", plan.ticket_id.get())
            .await
            .map_err(crate::gateway::tools::ToolError::from)?
            .unwrap_or(Value::Null);
        Ok(changes
            .iter()
            .filter_map(|c| {
                let field = c["field"].as_str()?;
                let now = ticket.get(field).cloned().unwrap_or(Value::Null);
                (now != c["before"])
                    .then(|| json!({ "field": field, "before": c["before"], "now": now }))
            })
            .collect())
    }

    /// Acts on one decided plan, once: approved steps run (unless the ticket drifted), others
    /// end refused; one result note, the plan settled, the brain told, the trail written.
    async fn settle_plan(
        &self,
        run: &Run<'_>,
        plan: &ApprovalPlanRecord,
    ) -> Result<(), ApprovalError> {
        let rows = self.plan_rows(plan).await?;
        let by = decider_words(plan);
        let via = plan.decision_channel.map_or("", DecisionChannel::as_str);
        let mut lines = Vec::new();
        let (headline, new_state, outcome) = match plan.state {
            ApprovalState::Approved => {
                let drift = self.drift(run, plan).await?;
                if drift.is_empty() {
                    let mut results = Vec::new();
                    for (i, row) in rows.iter().enumerate() {
                        let ctx = self.context(run, row.turn, row.call_index);
                        let done = self.gateway.run_approved(&ctx, row).await?;
                        let word = match done.state {
                            ToolCallState::Done => "done",
                            ToolCallState::Failed => "FAILED",
                            ToolCallState::Refused => "refused",
                            _ => "outcome unknown (a person must check)",
                        };
                        let step = plan.steps.get(i).cloned().unwrap_or(Value::Null);
                        lines.push(format!("{} — {word}", step_words(i, &step)));
                        if done.state != ToolCallState::Done {
                            lines.push(format!("   {}", cut(&done.for_model, 500)));
                        }
                        results.push(
                            json!({ "tool_call_id": row.id.get(), "tool": short_name(&row.tool),
                            "state": done.state.as_str(), "result": cut(&done.for_model, 2000) }),
                        );
                    }
                    let failed = results.iter().filter(|r| r["state"] != "done").count();
                    let headline = match failed {
                        0 => format!(
                            "Plan {} was approved by {by} ({via}); every step was carried out.",
                            plan.code
                        ),
                        n => format!(
                            "Plan {} was approved by {by} ({via}); {n} step(s) did not succeed.",
                            plan.code
                        ),
                    };
                    (headline, None, json!({ "executed": results }))
                } else {
                    for row in &rows {
                        let ctx = self.context(run, row.turn, row.call_index);
                        self.gateway
                            .refuse_waiting(&ctx, row, "the ticket changed after the plan was made")
                            .await?;
                    }
                    for d in &drift {
                        lines.push(format!(
                            "- {}: was {} when planned, now {}",
                            d["field"].as_str().unwrap_or_default(),
                            d["before"],
                            d["now"]
                        ));
                    }
                    let headline = format!(
                        "Plan {} was approved by {by}, but the ticket changed since the plan was made, so nothing was carried out. The agent will look again.",
                        plan.code
                    );
                    (
                        headline,
                        Some(ApprovalState::Superseded),
                        json!({ "drift": drift }),
                    )
                }
            }
            state => {
                let reason = match state {
                    ApprovalState::Denied => format!(
                        "denied by {by}{}",
                        plan.decision_reason
                            .as_deref()
                            .map(|r| format!(": {r}"))
                            .unwrap_or_default()
                    ),
                    ApprovalState::Expired => {
                        "the approval expired; nobody decided in time".to_string()
                    }
                    ApprovalState::Cancelled => format!("cancelled by {by}"),
                    _ => "superseded by a newer plan".to_string(),
                };
                for row in &rows {
                    let ctx = self.context(run, row.turn, row.call_index);
                    self.gateway.refuse_waiting(&ctx, row, &reason).await?;
                }
                let headline = format!(
                    "Plan {} was not carried out: {reason}. Nothing was changed.",
                    plan.code
                );
                (headline, None, json!({ "refused": reason }))
            }
        };
        let (title, text) = result_note(plan, &lines, &headline);
        let target = NoteTarget {
            tenant: &run.tenant,
            ticket_id: plan.ticket_id,
            company_id: run.company_id,
        };
        let reference = note_ref(plan.id, NoteKind::Result);
        let note_id = post_note(&target, &reference, &title, &text, true).await?;
        let now = crate::clock::now_ms();
        let mut outcome = outcome;
        outcome["note_id"] = json!(note_id);
        if !self
            .store
            .settle_approval_plan(plan.id, new_state, &outcome, now)
            .await?
        {
            return Ok(());
        }
        let state = new_state.unwrap_or(plan.state);
        let notice = json!({ "approval": { "plan_id": plan.id.get(), "code": plan.code,
            "decision": plan.state.as_str(), "result": headline, "outcome": outcome } });
        self.store
            .append_session_entry(
                run.claimed.id,
                run.claimed.turns,
                EntryKind::Message,
                &json!({ "notice": notice }),
                now,
            )
            .await?;
        self.store
            .append_activity(NewActivity {
                msp_id: plan.msp_id,
                client_id: Some(plan.client_id),
                at: now,
                kind: APPROVAL_ACTIVITY.into(),
                summary: format!("plan {} on ticket {}: {}", plan.code, plan.ticket_id.get(), headline),
                outcome: match state {
                    ApprovalState::Approved => "executed".into(),
                    other => other.as_str().into(),
                },
                detail: json!({ "plan_id": plan.id.get(), "code": plan.code, "session_id": plan.session_id.get(),
                    "ticket_id": plan.ticket_id.get(), "outcome": outcome, "decided_by": by, "channel": via }),
            })
            .await?;
        Ok(())
    }
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
