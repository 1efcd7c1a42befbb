//! Store operations for agent sessions, their messages and per-ticket wake budgets.

/// Expands to free functions over `$pool`; see `impl_store!`.
macro_rules! agent_session_ops {
    ($pool:ty) => {
        use sqlx::types::Json;
        use $crate::store::event_sql as sql;
        use $crate::store::{
            AgentSessionRecord, Millis, NewAgentSession, SessionMessageRecord, StoreError,
        };

        /// The session for (client, ticket), and whether this call created it. A second wake
        /// of the same ticket, or a replay of the waking event, finds the first session.
        pub(crate) async fn create_agent_session(
            pool: &$pool,
            new: NewAgentSession,
        ) -> Result<(AgentSessionRecord, bool), StoreError> {
            let inserted: Option<AgentSessionRecord> = sqlx::query_as(sql::INSERT_AGENT_SESSION)
                .bind(new.msp_id)
                .bind(new.client_id)
                .bind(new.ticket_id)
                .bind(new.source_event_id)
                .bind(Json(&new.context))
                .bind(new.created_at)
                .fetch_optional(pool)
                .await?;
            if let Some(session) = inserted {
                return Ok((session, true));
            }
            match agent_session_for_ticket(pool, new.client_id, new.ticket_id).await? {
                Some(session) => Ok((session, false)),
                None => Err(StoreError::Conflict(format!(
                    "agent session for ticket {} vanished while being created",
                    new.ticket_id
                ))),
            }
        }

        pub(crate) async fn agent_session_for_ticket(
            pool: &$pool,
            client_id: i64,
            ticket_id: i64,
        ) -> Result<Option<AgentSessionRecord>, StoreError> {
            Ok(sqlx::query_as(sql::AGENT_SESSION_FOR_TICKET)
                .bind(client_id)
                .bind(ticket_id)
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn agent_sessions_of_msp(
            pool: &$pool,
            msp_id: i64,
        ) -> Result<Vec<AgentSessionRecord>, StoreError> {
            Ok(sqlx::query_as(sql::AGENT_SESSIONS_OF_MSP)
                .bind(msp_id)
                .fetch_all(pool)
                .await?)
        }

        /// False when the event already delivered its message.
        pub(crate) async fn add_session_message(
            pool: &$pool,
            session_id: i64,
            source_event_id: i64,
            body: serde_json::Value,
            now: Millis,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(sql::INSERT_SESSION_MESSAGE)
                .bind(session_id)
                .bind(source_event_id)
                .bind(Json(&body))
                .bind(now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn session_messages(
            pool: &$pool,
            session_id: i64,
        ) -> Result<Vec<SessionMessageRecord>, StoreError> {
            Ok(sqlx::query_as(sql::SESSION_MESSAGES)
                .bind(session_id)
                .fetch_all(pool)
                .await?)
        }

        /// Counts one wake (or message) against the ticket's budget; returns how many the
        /// current window has used, this one included.
        pub(crate) async fn take_wake_budget(
            pool: &$pool,
            integration_id: i64,
            ticket_id: i64,
            now: Millis,
            window_ms: i64,
        ) -> Result<i64, StoreError> {
            Ok(sqlx::query_scalar(sql::TAKE_WAKE_BUDGET)
                .bind(integration_id)
                .bind(ticket_id)
                .bind(now)
                .bind(window_ms)
                .fetch_one(pool)
                .await?)
        }
    };
}
pub(crate) use agent_session_ops;
