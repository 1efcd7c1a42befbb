//! The call history: one row per platform call id, moved from live to pending by the
//! end-of-call report (once, however often it arrives), then leased by the retry worker.

use super::sql;
use crate::store::{Millis, Store, StoreError, VoiceCallRecord, VoiceMatch, VoiceReport};
use crate::{db_run, db_write};
use app::ids::{IntegrationId, MspId, VoiceCallId};

impl Store {
    /// The call with this platform id, created (live) on its first message.
    pub async fn open_voice_call(
        &self,
        integration: IntegrationId,
        msp: MspId,
        call_id: &str,
        caller: Option<&str>,
        now: Millis,
    ) -> Result<VoiceCallRecord, StoreError> {
        let by_key = sql::call_by_key();
        Ok(db_write!(self, pool => {
            sqlx::query(sql::INSERT_CALL)
                .bind(integration.get())
                .bind(msp.get())
                .bind(call_id)
                .bind(caller)
                .bind(now)
                .execute(pool)
                .await?;
            sqlx::query_as(&by_key)
                .bind(integration.get())
                .bind(call_id)
                .fetch_one(pool)
                .await?
        }))
    }

    pub async fn voice_call(&self, id: VoiceCallId) -> Result<Option<VoiceCallRecord>, StoreError> {
        let by_id = sql::call_by_id();
        Ok(db_run!(self, pool => {
            sqlx::query_as(&by_id).bind(id.get()).fetch_optional(pool).await?
        }))
    }

    pub async fn set_voice_match(
        &self,
        id: VoiceCallId,
        found: &VoiceMatch,
        now: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::SET_MATCH)
                .bind(id.get())
                .bind(found.contact_id)
                .bind(found.company_id)
                .bind(&found.label)
                .bind(found.confidence)
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Records the call's ticket; false when it already had one (that one stays).
    pub async fn set_voice_ticket(
        &self,
        id: VoiceCallId,
        ticket_id: i64,
        ticket_number: Option<&str>,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SET_TICKET)
                .bind(id.get())
                .bind(ticket_id)
                .bind(ticket_number)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    pub async fn set_voice_status(
        &self,
        id: VoiceCallId,
        status: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::SET_STATUS).bind(id.get()).bind(status).bind(now).execute(pool).await?;
        });
        Ok(())
    }

    pub async fn count_voice_transcript(
        &self,
        id: VoiceCallId,
        now: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::COUNT_TRANSCRIPT).bind(id.get()).bind(now).execute(pool).await?;
        });
        Ok(())
    }

    /// Stores the end-of-call report and makes the call due now; false for a duplicate report.
    pub async fn submit_voice_report(
        &self,
        id: VoiceCallId,
        report: &VoiceReport,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::SUBMIT_REPORT)
                .bind(id.get())
                .bind(&report.caller)
                .bind(&report.ended_reason)
                .bind(report.started_at)
                .bind(report.ended_at)
                .bind(&report.transcript)
                .bind(&report.recording_url)
                .bind(&report.report)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Pending calls whose next attempt is due and that no worker holds, oldest first.
    pub async fn due_voice_calls(
        &self,
        now: Millis,
        limit: i64,
    ) -> Result<Vec<VoiceCallId>, StoreError> {
        let ids: Vec<i64> = db_run!(self, pool => {
            sqlx::query_scalar(sql::DUE_CALLS).bind(now).bind(limit).fetch_all(pool).await?
        });
        Ok(ids.into_iter().map(VoiceCallId::from).collect())
    }

    /// Leases a pending call until `until`; `None` when it is not pending or another holds it.
    pub async fn claim_voice_call(
        &self,
        id: VoiceCallId,
        until: Millis,
        now: Millis,
    ) -> Result<Option<VoiceCallRecord>, StoreError> {
        let claim = sql::claim_call();
        Ok(db_write!(self, pool => {
            sqlx::query_as(&claim).bind(id.get()).bind(until).bind(now).fetch_optional(pool).await?
        }))
    }

    pub async fn set_voice_notes_posted(
        &self,
        id: VoiceCallId,
        count: i64,
        now: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::NOTES_POSTED).bind(id.get()).bind(count).bind(now).execute(pool).await?;
        });
        Ok(())
    }

    pub async fn finish_voice_call(&self, id: VoiceCallId, now: Millis) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::FINISH_CALL).bind(id.get()).bind(now).execute(pool).await?;
        });
        Ok(())
    }

    /// Counts a failed attempt; `retry_at` `None` gives up (state `failed`).
    pub async fn voice_attempt_failed(
        &self,
        id: VoiceCallId,
        error: &str,
        retry_at: Option<Millis>,
        now: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::ATTEMPT_FAILED)
                .bind(id.get())
                .bind(error)
                .bind(retry_at)
                .bind(now)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Records an error seen during the live call (a failed `create_ticket`), so the worker
    /// knows a ticket may exist without the call knowing its id.
    pub async fn note_voice_error(
        &self,
        id: VoiceCallId,
        error: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::NOTE_ERROR).bind(id.get()).bind(error).bind(now).execute(pool).await?;
        });
        Ok(())
    }

    /// An admin's retry of a failed call of their MSP; false when it is not failed.
    pub async fn retry_voice_call(
        &self,
        msp: MspId,
        id: VoiceCallId,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::RETRY_CALL)
                .bind(id.get())
                .bind(msp.get())
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// The MSP's calls, newest first, and how many there are.
    pub async fn list_voice_calls(
        &self,
        msp: MspId,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<VoiceCallRecord>, i64), StoreError> {
        let list = sql::list_calls();
        Ok(db_run!(self, pool => {
            let total: i64 = sqlx::query_scalar(sql::COUNT_CALLS).bind(msp.get()).fetch_one(pool).await?;
            let page = sqlx::query_as(&list)
                .bind(msp.get())
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await?;
            (page, total)
        }))
    }
}
