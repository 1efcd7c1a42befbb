//! The verification flow's storage: a session's verdict and outcome, and the leased timers
//! that start, poll and report challenges.

pub(super) mod records;
mod sql;

use super::{Backend, Millis, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::{ClientId, SessionId, VerificationId};
use app::states::VerificationState;
use records::{NewVerdict, SentChallenge, VerificationRecord, VerificationTimerRecord};
use sqlx::types::Json;

impl Store {
    pub async fn session_verification(
        &self,
        session_id: SessionId,
    ) -> Result<Option<VerificationRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::BY_SESSION)
                .bind(session_id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    pub async fn verification(
        &self,
        id: VerificationId,
    ) -> Result<Option<VerificationRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::BY_ID)
                .bind(id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// A client's verifications of sensitive tickets, newest first.
    pub async fn client_verifications(
        &self,
        client_id: ClientId,
        limit: i64,
    ) -> Result<Vec<VerificationRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::OF_CLIENT)
                .bind(client_id.get())
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        }))
    }

    /// Stores the classifier's verdict; a sensitive one (new, or raised from `not_sensitive`)
    /// gets its timer in the same transaction, which holds the session until the outcome.
    /// Returns the verification as it now stands (an earlier outcome is never overwritten).
    pub async fn record_verdict(
        &self,
        verdict: &NewVerdict,
    ) -> Result<VerificationRecord, StoreError> {
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let row: VerificationRecord = sqlx::query_as(sql::UPSERT_VERDICT)
                .bind(verdict.msp_id.get())
                .bind(verdict.client_id.get())
                .bind(verdict.session_id.get())
                .bind(verdict.ticket_id.get())
                .bind(verdict.state.as_str())
                .bind(verdict.reason.as_deref())
                .bind(Json(&verdict.findings))
                .bind(verdict.classified_through)
                .bind(verdict.now)
                .bind(verdict.integration_id.get())
                .fetch_one(&mut *tx)
                .await?;
            if row.state == VerificationState::Starting {
                sqlx::query(sql::INSERT_TIMER)
                    .bind(row.id.get())
                    .bind(row.session_id.get())
                    .bind(verdict.now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            row
        }))
    }

    /// Leases up to `limit` due timers whose lease is free or expired; two workers never get
    /// the same timer.
    pub async fn claim_verification_timers(
        &self,
        owner: &str,
        now: Millis,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<VerificationTimerRecord>, StoreError> {
        let query = match self.backend() {
            Backend::Sqlite => sql::CLAIM_TIMERS_SQLITE,
            Backend::Postgres => sql::CLAIM_TIMERS_POSTGRES,
        };
        let mut claimed: Vec<VerificationTimerRecord> = db_write!(self, pool => {
            sqlx::query_as(query)
                .bind(owner)
                .bind(now)
                .bind(lease_ms)
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        });
        claimed.sort_by_key(|t| t.verification_id);
        Ok(claimed)
    }

    pub async fn verification_timer(
        &self,
        id: VerificationId,
    ) -> Result<Option<VerificationTimerRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::TIMER_OF)
                .bind(id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The challenge went out: the verification is `pending` and the timer polls it. False
    /// (nothing changes) unless `owner` still leases the timer and the verification was
    /// `starting`.
    pub async fn verification_sent(
        &self,
        id: VerificationId,
        owner: &str,
        sent: &SentChallenge,
        now: Millis,
    ) -> Result<bool, StoreError> {
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let timer = sqlx::query(sql::TIMER_POLLS)
                .bind(id.get())
                .bind(owner)
                .bind(&sent.provider_ref)
                .bind(sent.deadline)
                .bind(sent.next_poll_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let row = sqlx::query(sql::SENT)
                .bind(id.get())
                .bind(&sent.provider)
                .bind(&sent.push_method)
                .bind(&sent.email_masked)
                .bind(&sent.provider_ref)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let done = timer == 1 && row == 1;
            if done {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            done
        }))
    }

    /// Records the outcome and turns the timer to reporting it. False (nothing changes) unless
    /// `owner` still leases the timer and the verification had no outcome yet: an answer
    /// after the outcome (a late approval after expiry) is ignored.
    pub async fn decide_verification(
        &self,
        id: VerificationId,
        owner: &str,
        state: VerificationState,
        reason: Option<&str>,
        now: Millis,
    ) -> Result<bool, StoreError> {
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let timer = sqlx::query(sql::TIMER_REPORTS)
                .bind(id.get())
                .bind(owner)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let row = sqlx::query(sql::DECIDE)
                .bind(id.get())
                .bind(state.as_str())
                .bind(reason)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let done = timer == 1 && row == 1;
            if done {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            done
        }))
    }

    /// Frees the timer until `next_poll_at` (a pending answer, or a retry after a failure).
    pub async fn reschedule_verification_timer(
        &self,
        id: VerificationId,
        owner: &str,
        next_poll_at: Millis,
        attempts: i64,
        last_error: Option<&str>,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::RESCHEDULE)
                .bind(id.get())
                .bind(owner)
                .bind(next_poll_at)
                .bind(attempts)
                .bind(last_error)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// The outcome is reported: the timer goes, and with it the hold on the session.
    pub async fn finish_verification_timer(
        &self,
        id: VerificationId,
        owner: &str,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::FINISH_TIMER)
                .bind(id.get())
                .bind(owner)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}
