//! The agent runtime's storage: leasing sessions with unread input, their conversation, the
//! gateway's journal of tool calls, and pending approval requests.

mod logged;
pub(super) mod records;
mod sql;
mod sweep;

use super::{Backend, Millis, SessionMessageRecord, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::{ClientId, SessionId, ToolCallId};
use app::states::ClientMode;
use records::{
    ApprovalRequestRecord, ClaimedSession, EntryKind, NewApprovalRequest, NewToolCall,
    SessionEntryRecord, SessionRelease, SessionState, ToolCallFinish, ToolCallRecord,
};
use sqlx::types::Json;

impl Store {
    /// Leases up to `limit` sessions with unread input whose lease is free or expired and that
    /// wait for no approval. Two claimers never get the same session.
    pub async fn claim_agent_sessions(
        &self,
        owner: &str,
        now: Millis,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<ClaimedSession>, StoreError> {
        let query = match self.backend() {
            Backend::Sqlite => sql::CLAIM_SQLITE,
            Backend::Postgres => sql::CLAIM_POSTGRES,
        };
        let mut claimed: Vec<ClaimedSession> = db_write!(self, pool => {
            sqlx::query_as(query)
                .bind(owner)
                .bind(now)
                .bind(lease_ms)
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        });
        claimed.sort_by_key(|s| s.id);
        Ok(claimed)
    }

    /// False when the lease is no longer `owner`'s.
    pub async fn renew_agent_session(
        &self,
        id: SessionId,
        owner: &str,
        now: Millis,
        lease_ms: i64,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::RENEW)
                .bind(id.get())
                .bind(owner)
                .bind(now)
                .bind(lease_ms)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    /// Ends a run; false when the lease was no longer `owner`'s (nothing changes then).
    pub async fn release_agent_session(
        &self,
        id: SessionId,
        owner: &str,
        release: &SessionRelease,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::RELEASE)
                .bind(id.get())
                .bind(owner)
                .bind(release.read_seq)
                .bind(release.status.as_str())
                .bind(release.reason.as_deref())
                .bind(release.not_before)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }

    pub async fn agent_session_state(
        &self,
        id: SessionId,
    ) -> Result<Option<SessionState>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SESSION_STATE)
                .bind(id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Counts one more turn and returns its number (turns are numbered across the session).
    pub async fn next_session_turn(&self, id: SessionId) -> Result<i64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query_scalar(sql::NEXT_TURN)
                .bind(id.get())
                .fetch_one(pool)
                .await?
        }))
    }

    /// The client's mode; `None` when the client is gone.
    pub async fn client_mode(&self, client_id: ClientId) -> Result<Option<ClientMode>, StoreError> {
        let mode: Option<String> = db_run!(self, pool => {
            sqlx::query_scalar(sql::CLIENT_MODE)
                .bind(client_id.get())
                .fetch_optional(pool)
                .await?
        });
        mode.map(|m| {
            m.parse()
                .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
        })
        .transpose()
    }

    pub async fn append_session_entry(
        &self,
        session_id: SessionId,
        turn: i64,
        kind: EntryKind,
        body: &serde_json::Value,
        now: Millis,
    ) -> Result<i64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query_scalar(sql::INSERT_ENTRY)
                .bind(session_id.get())
                .bind(turn)
                .bind(kind.as_str())
                .bind(Json(body))
                .bind(now)
                .fetch_one(pool)
                .await?
        }))
    }

    /// Adds a notice from Relay itself (not ticket data: the brain sees it as trusted) to the
    /// conversation and makes it unread input in one transaction, ending any wait (approval,
    /// verification). The notice is stored as `{"notice": ...}` in a `message` entry.
    pub async fn add_session_notice(
        &self,
        session_id: SessionId,
        notice: &serde_json::Value,
        now: Millis,
    ) -> Result<i64, StoreError> {
        let body = serde_json::json!({ "notice": notice });
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let turns: i64 = sqlx::query_scalar(sql::NOTICE_UNREAD)
                .bind(session_id.get())
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(sql::INSERT_ENTRY)
                .bind(session_id.get())
                .bind(turns)
                .bind(EntryKind::Message.as_str())
                .bind(Json(&body))
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        }))
    }

    /// The session's conversation, oldest first.
    pub async fn session_entries(
        &self,
        session_id: SessionId,
    ) -> Result<Vec<SessionEntryRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::LIST_ENTRIES)
                .bind(session_id.get())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Journals a call under its key; a second begin with the same (session, turn, call index)
    /// returns the row already there and `false`, never a second row.
    pub async fn begin_tool_call(
        &self,
        new: &NewToolCall,
    ) -> Result<(ToolCallRecord, bool), StoreError> {
        let inserted: Option<ToolCallRecord> = db_write!(self, pool => {
            sqlx::query_as(sql::BEGIN_CALL)
                .bind(new.msp_id.get())
                .bind(new.client_id.get())
                .bind(new.session_id.get())
                .bind(new.turn)
                .bind(new.call_index)
                .bind(&new.brain_call_id)
                .bind(&new.tool)
                .bind(Json(&new.arguments))
                .bind(new.state.as_str())
                .bind(&new.decision)
                .bind(&new.relay_ref)
                .bind(new.started_at)
                .fetch_optional(pool)
                .await?
        });
        if let Some(row) = inserted {
            return Ok((row, true));
        }
        let existing: Option<ToolCallRecord> = db_run!(self, pool => {
            sqlx::query_as(sql::CALL_BY_KEY)
                .bind(new.session_id.get())
                .bind(new.turn)
                .bind(new.call_index)
                .fetch_optional(pool)
                .await?
        });
        existing.map(|row| (row, false)).ok_or_else(|| {
            StoreError::Conflict(format!(
                "tool call {} vanished while journalled",
                new.relay_ref
            ))
        })
    }

    pub async fn finish_tool_call(
        &self,
        id: ToolCallId,
        finish: &ToolCallFinish,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::FINISH_CALL)
                .bind(id.get())
                .bind(finish.state.as_str())
                .bind(&finish.decision)
                .bind(finish.result.as_ref().map(Json))
                .bind(finish.error.as_deref())
                .bind(finish.requests)
                .bind(finish.finished_at)
                .execute(pool)
                .await
                .map(|_| ())?
        });
        Ok(())
    }

    /// Calls journalled `started` and never finished (a crash), of one session or of all.
    pub async fn started_tool_calls(
        &self,
        session_id: Option<SessionId>,
    ) -> Result<Vec<ToolCallRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::STARTED_CALLS)
                .bind(session_id.map(SessionId::get))
                .fetch_all(pool)
                .await?
        }))
    }

    /// Every journalled call of a session, oldest first.
    pub async fn session_tool_calls(
        &self,
        session_id: SessionId,
    ) -> Result<Vec<ToolCallRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SESSION_CALLS)
                .bind(session_id.get())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Stores a pending approval for a journalled call (once per call).
    pub async fn insert_approval_request(
        &self,
        new: &NewApprovalRequest,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::INSERT_APPROVAL)
                .bind(new.msp_id.get())
                .bind(new.client_id.get())
                .bind(new.session_id.get())
                .bind(new.tool_call_id.get())
                .bind(new.ticket_id.get())
                .bind(&new.tool)
                .bind(Json(&new.arguments))
                .bind(new.created_at)
                .execute(pool)
                .await
                .map(|_| ())?
        });
        Ok(())
    }

    /// The messages delivered to a session after message `after_id` (0: all), oldest first.
    pub async fn session_messages_after(
        &self,
        session_id: SessionId,
        after_id: i64,
    ) -> Result<Vec<SessionMessageRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::MESSAGES_AFTER)
                .bind(session_id.get())
                .bind(after_id)
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn pending_approvals(
        &self,
        session_id: SessionId,
    ) -> Result<Vec<ApprovalRequestRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::PENDING_APPROVALS)
                .bind(session_id.get())
                .fetch_all(pool)
                .await?
        }))
    }
}
