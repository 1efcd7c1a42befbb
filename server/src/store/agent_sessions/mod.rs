//! Agent sessions (one per client and ticket), the messages delivered to them, and the
//! per-ticket wake budget.

pub(super) mod records;
mod sql;

use super::{AgentSessionRecord, Millis, NewAgentSession, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::{ClientId, EventId, IntegrationId, SessionId, TicketId};
use sqlx::types::Json;

impl Store {
    /// The (client, ticket) session and whether this call created it; idempotent. A second
    /// wake of the same ticket, or a replay of the waking event, finds the first session.
    pub async fn create_agent_session(
        &self,
        new: NewAgentSession,
    ) -> Result<(AgentSessionRecord, bool), StoreError> {
        let inserted: Option<AgentSessionRecord> = db_write!(self, pool => {
            sqlx::query_as(sql::INSERT_AGENT_SESSION)
                .bind(new.msp_id.get())
                .bind(new.client_id.get())
                .bind(new.ticket_id.get())
                .bind(new.source_event_id.get())
                .bind(Json(&new.context))
                .bind(new.created_at)
                .fetch_optional(pool)
                .await?
        });
        if let Some(session) = inserted {
            return Ok((session, true));
        }
        match self
            .agent_session_for_ticket(new.client_id, new.ticket_id)
            .await?
        {
            Some(session) => Ok((session, false)),
            None => Err(StoreError::Conflict(format!(
                "agent session for ticket {} vanished while being created",
                new.ticket_id
            ))),
        }
    }

    pub async fn agent_session_for_ticket(
        &self,
        client_id: ClientId,
        ticket_id: TicketId,
    ) -> Result<Option<AgentSessionRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::AGENT_SESSION_FOR_TICKET)
                .bind(client_id.get())
                .bind(ticket_id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// False when `source_event_id` already delivered a message. A new message marks the
    /// session as having unread input in the same transaction, so a replayed event never
    /// counts twice.
    pub async fn add_session_message(
        &self,
        session_id: SessionId,
        source_event_id: EventId,
        body: serde_json::Value,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let inserted = sqlx::query(sql::INSERT_SESSION_MESSAGE)
                .bind(session_id.get())
                .bind(source_event_id.get())
                .bind(Json(&body))
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if inserted == 1 {
                sqlx::query(sql::MARK_UNREAD)
                    .bind(session_id.get())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            inserted
        });
        Ok(done == 1)
    }

    /// How many wakes (and messages) the ticket's current window has used, without spending.
    pub async fn wake_budget_used(
        &self,
        integration_id: IntegrationId,
        ticket_id: TicketId,
        now: Millis,
        window_ms: i64,
    ) -> Result<i64, StoreError> {
        let used: Option<i64> = db_run!(self, pool => {
            sqlx::query_scalar(sql::WAKE_BUDGET_USED)
                .bind(integration_id.get())
                .bind(ticket_id.get())
                .bind(now)
                .bind(window_ms)
                .fetch_optional(pool)
                .await?
        });
        Ok(used.unwrap_or(0))
    }

    /// Counts one wake (or message) against the ticket's budget; returns how many the current
    /// window has used, this one included. Called only once the effect has happened.
    pub async fn take_wake_budget(
        &self,
        integration_id: IntegrationId,
        ticket_id: TicketId,
        now: Millis,
        window_ms: i64,
    ) -> Result<i64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query_scalar(sql::TAKE_WAKE_BUDGET)
                .bind(integration_id.get())
                .bind(ticket_id.get())
                .bind(now)
                .bind(window_ms)
                .fetch_one(pool)
                .await?
        }))
    }
}
