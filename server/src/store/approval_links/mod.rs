//! Approval links: the one-time codes mailed to an approver (stored hashed, single use,
//! counted for rate limits) and the admin's link-only switch per integration.

pub(super) mod records;
mod sql;

use super::{ApprovalCodeCounts, ApprovalCodeRecord, Millis, NewApprovalCode, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::{ApprovalPlanId, IntegrationId, MspId, UserId};

impl Store {
    /// Stores a new code for the plan, voiding its unused older ones in the same transaction.
    pub async fn issue_approval_code(&self, code: &NewApprovalCode<'_>) -> Result<i64, StoreError> {
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(sql::VOID_LIVE)
                .bind(code.plan_id.get())
                .bind(code.now)
                .execute(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(sql::INSERT_CODE)
                .bind(code.msp_id.get())
                .bind(code.plan_id.get())
                .bind(code.decision)
                .bind(code.code_hash)
                .bind(code.sent_to_masked)
                .bind(code.now)
                .bind(code.expires_at)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        }))
    }

    /// The plan's usable code: not used, not replaced, not expired at `now`.
    pub async fn live_approval_code(
        &self,
        plan_id: ApprovalPlanId,
        now: Millis,
    ) -> Result<Option<ApprovalCodeRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::LIVE_CODE)
                .bind(plan_id.get())
                .bind(now)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Codes sent since `since` and wrong answers ever, for the plan.
    pub async fn approval_code_counts(
        &self,
        plan_id: ApprovalPlanId,
        since: Millis,
    ) -> Result<ApprovalCodeCounts, StoreError> {
        let (sent_since, failures): (i64, i64) = db_run!(self, pool => {
            sqlx::query_as(sql::COUNTS)
                .bind(plan_id.get())
                .bind(since)
                .fetch_one(pool)
                .await?
        });
        Ok(ApprovalCodeCounts {
            sent_since,
            failures,
        })
    }

    /// One wrong answer against the code.
    pub async fn record_wrong_approval_code(&self, code_id: i64) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::RECORD_FAILURE)
                .bind(code_id)
                .execute(pool)
                .await
                .map(drop)?
        });
        Ok(())
    }

    /// Uses the code up; false when it was already used, replaced or expired.
    pub async fn use_approval_code(&self, code_id: i64, now: Millis) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::USE_CODE)
                .bind(code_id)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Whether a link may decide without a mailed code (false until the admin says so).
    pub async fn approval_link_only(
        &self,
        integration_id: IntegrationId,
    ) -> Result<bool, StoreError> {
        let value: Option<bool> = db_run!(self, pool => {
            sqlx::query_scalar(sql::LINK_ONLY)
                .bind(integration_id.get())
                .fetch_optional(pool)
                .await?
        });
        Ok(value.unwrap_or(false))
    }

    /// Sets the switch for an integration of `msp_id`; false when it is not theirs.
    pub async fn set_approval_link_only(
        &self,
        msp_id: MspId,
        integration_id: IntegrationId,
        link_only: bool,
        by: UserId,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SET_LINK_ONLY)
                .bind(integration_id.get())
                .bind(msp_id.get())
                .bind(link_only)
                .bind(by.get())
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}
