//! Approval plans: issuing one (superseding the session's pending plan), finding it by id, link
//! token or ticket, the atomic decision, expiry and settling after the runner acted on it.

pub(super) mod records;
mod sql;

use super::error::conflict_on_unique;
use super::ToolCallRecord;
use super::{Millis, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::{ApprovalPlanId, ClientId, MspId, SessionId, TicketId, ToolCallId};
use app::states::ApprovalState;
use app::states::ToolCallState;
use records::{
    ApprovalPlanRecord, CreatedPlan, DecideResult, NewApprovalPlan, PendingPlanRecord,
    PlanDecisionInput,
};
use sqlx::types::Json;

impl Store {
    /// Stores a new pending plan in one transaction: the session's pending plan (if any) is
    /// superseded first and its requests with it, then the plan's calls are linked to it. A
    /// `Conflict` means the code or token clashed (or another plan won the session): the caller
    /// retries with a new code and token.
    pub async fn create_approval_plan(
        &self,
        new: &NewApprovalPlan,
    ) -> Result<CreatedPlan, StoreError> {
        let clash = conflict_on_unique("approval plan code or token");
        let approver = new.approver.as_ref();
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let superseded: Option<ApprovalPlanRecord> = sqlx::query_as(sql::SUPERSEDE_PENDING)
                .bind(new.session_id.get())
                .bind(new.created_at)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(old) = &superseded {
                sqlx::query(sql::REQUESTS_OF_PLAN)
                    .bind(old.id.get())
                    .bind(ApprovalState::Superseded.as_str())
                    .bind(new.created_at)
                    .execute(&mut *tx)
                    .await?;
            }
            let plan: ApprovalPlanRecord = sqlx::query_as(sql::INSERT_PLAN)
                .bind(new.msp_id.get())
                .bind(new.client_id.get())
                .bind(new.session_id.get())
                .bind(new.integration_id.get())
                .bind(new.ticket_id.get())
                .bind(new.turn)
                .bind(&new.intent)
                .bind(Json(&new.steps))
                .bind(&new.plan_hash)
                .bind(&new.code)
                .bind(approver.map(|a| a.resource_id.get()))
                .bind(approver.map(|a| a.name.as_str()))
                .bind(approver.and_then(|a| a.email.as_deref()))
                .bind(&new.token_hash)
                .bind(new.created_at)
                .bind(new.expires_at)
                .bind(superseded.as_ref().map(|p| p.id.get()))
                .fetch_one(&mut *tx)
                .await
                .map_err(&clash)?;
            for call in &new.tool_call_ids {
                sqlx::query(sql::LINK_REQUEST)
                    .bind(plan.id.get())
                    .bind(call.get())
                    .bind(new.session_id.get())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            CreatedPlan { plan, superseded }
        }))
    }

    pub async fn approval_plan(
        &self,
        id: ApprovalPlanId,
    ) -> Result<Option<ApprovalPlanRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::BY_ID).bind(id.get()).fetch_optional(pool).await?
        }))
    }

    /// The plan a link token names (`token_hash` = `sha256_hex(token)`), in whatever state.
    pub async fn approval_plan_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<ApprovalPlanRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::BY_TOKEN).bind(token_hash).fetch_optional(pool).await?
        }))
    }

    /// The ticket's pending plan (expired or not yet swept included), if any.
    pub async fn pending_plan_for_ticket(
        &self,
        msp_id: MspId,
        ticket_id: TicketId,
    ) -> Result<Option<ApprovalPlanRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::PENDING_FOR_TICKET)
                .bind(msp_id.get())
                .bind(ticket_id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Every plan of a session, oldest first.
    pub async fn session_approval_plans(
        &self,
        session_id: SessionId,
    ) -> Result<Vec<ApprovalPlanRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::OF_SESSION).bind(session_id.get()).fetch_all(pool).await?
        }))
    }

    /// Plans decided (approved, denied, expired, cancelled) whose result the runner has not
    /// acted on yet, oldest first.
    pub async fn unsettled_approval_plans(
        &self,
        session_id: SessionId,
    ) -> Result<Vec<ApprovalPlanRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::UNSETTLED).bind(session_id.get()).fetch_all(pool).await?
        }))
    }

    /// Pending plans whose note was never recorded (a crash between the plan and its note).
    pub async fn unnoted_approval_plans(
        &self,
        session_id: SessionId,
    ) -> Result<Vec<ApprovalPlanRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::UNNOTED).bind(session_id.get()).fetch_all(pool).await?
        }))
    }

    /// Pending plans of the MSP (or of one client), soonest expiry first, with client names.
    pub async fn pending_approval_plans(
        &self,
        msp_id: MspId,
        client_id: Option<ClientId>,
        limit: i64,
    ) -> Result<Vec<PendingPlanRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::PENDING_LIST)
                .bind(msp_id.get())
                .bind(client_id.map(ClientId::get))
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        }))
    }

    /// Decides a pending, unexpired plan in ONE conditional update (with its requests): of
    /// decisions racing (a reply and a link), exactly one gets `Decided`, the others see it.
    pub async fn decide_approval_plan(
        &self,
        id: ApprovalPlanId,
        input: &PlanDecisionInput,
    ) -> Result<DecideResult, StoreError> {
        let state = input.decision.state();
        let decider = &input.decider;
        let won: Option<ApprovalPlanRecord> = db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let won: Option<ApprovalPlanRecord> = sqlx::query_as(sql::DECIDE)
                .bind(id.get())
                .bind(state.as_str())
                .bind(input.now)
                .bind(input.channel.as_str())
                .bind(decider.resource_id.map(|r| r.get()))
                .bind(decider.name.as_deref())
                .bind(decider.email.as_deref())
                .bind(input.reason.as_deref())
                .bind(input.address.as_deref())
                .fetch_optional(&mut *tx)
                .await?;
            if won.is_some() {
                sqlx::query(sql::REQUESTS_OF_PLAN)
                    .bind(id.get())
                    .bind(state.as_str())
                    .bind(input.now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            won
        });
        if let Some(plan) = won {
            return Ok(DecideResult::Decided(plan));
        }
        Ok(match self.approval_plan(id).await? {
            Some(plan) => DecideResult::AlreadyDecided(plan),
            None => DecideResult::NotFound,
        })
    }

    /// Marks every pending plan past its expiry `expired` (channel sweeper) and returns them.
    pub async fn expire_due_approval_plans(
        &self,
        now: Millis,
    ) -> Result<Vec<ApprovalPlanRecord>, StoreError> {
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let expired: Vec<ApprovalPlanRecord> = sqlx::query_as(sql::EXPIRE_DUE)
                .bind(now)
                .fetch_all(&mut *tx)
                .await?;
            for plan in &expired {
                sqlx::query(sql::REQUESTS_OF_PLAN)
                    .bind(plan.id.get())
                    .bind(ApprovalState::Expired.as_str())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            expired
        }))
    }

    /// Records the Autotask note that asks for the decision (once; false if already set).
    pub async fn set_approval_plan_note(
        &self,
        id: ApprovalPlanId,
        note_id: i64,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SET_NOTE)
                .bind(id.get())
                .bind(note_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Records what the runner did with a decided plan, once: false when it was settled
    /// already (another run got there first). `state` changes it too (an approved plan the
    /// ticket drifted from becomes `superseded`).
    pub async fn settle_approval_plan(
        &self,
        id: ApprovalPlanId,
        state: Option<ApprovalState>,
        outcome: &serde_json::Value,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SETTLE)
                .bind(id.get())
                .bind(now)
                .bind(Json(outcome))
                .bind(state.map(|s| s.as_str()))
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Moves a journalled call from `waiting_approval` to `to` (`started` to run an approved
    /// step, `refused` for a denied one); false when it had moved already.
    pub async fn move_waiting_tool_call(
        &self,
        id: ToolCallId,
        to: ToolCallState,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::MOVE_WAITING_CALL)
                .bind(id.get())
                .bind(to.as_str())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    pub async fn tool_call(&self, id: ToolCallId) -> Result<Option<ToolCallRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::CALL_BY_ID).bind(id.get()).fetch_optional(pool).await?
        }))
    }
}
