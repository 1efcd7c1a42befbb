//! Read-only queries behind the session page: one session of an MSP with its conversation,
//! the gateway's journal of its tool calls and its approval requests.

pub(super) mod records;
mod sql;

use super::{
    SessionApprovalRow, SessionCallRow, SessionEntryRow, SessionHeaderRow, SessionListRow, Store,
    StoreError,
};
use crate::db_run;
use app::ids::{MspId, SessionId};

impl Store {
    /// The session if it belongs to `msp` (another MSP's session is simply not found).
    pub async fn session_header(
        &self,
        msp: MspId,
        session: SessionId,
    ) -> Result<Option<SessionHeaderRow>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SESSION_HEADER)
                .bind(session.get())
                .bind(msp.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The conversation in the order it was written. Callers check the session's MSP first.
    pub async fn session_entry_rows(
        &self,
        session: SessionId,
    ) -> Result<Vec<SessionEntryRow>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SESSION_ENTRIES)
                .bind(session.get())
                .fetch_all(pool)
                .await?
        }))
    }

    /// The tool calls by turn and call index.
    pub async fn session_call_rows(
        &self,
        session: SessionId,
    ) -> Result<Vec<SessionCallRow>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SESSION_CALLS)
                .bind(session.get())
                .fetch_all(pool)
                .await?
        }))
    }

    pub async fn session_approval_rows(
        &self,
        session: SessionId,
    ) -> Result<Vec<SessionApprovalRow>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SESSION_APPROVALS)
                .bind(session.get())
                .fetch_all(pool)
                .await?
        }))
    }

    /// The MSP's most recently active sessions, newest first.
    pub async fn recent_session_rows(
        &self,
        msp: MspId,
        limit: i64,
    ) -> Result<Vec<SessionListRow>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::RECENT_SESSIONS)
                .bind(msp.get())
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }
}
