//! `SessionService`: the session page and the recent-sessions list, per MSP.

use super::view::{session_view, status_label, ticket_label};
use crate::clock::fmt_utc;
use crate::store::Store;
use app::error::AppError;
use app::ids::SessionId;
use app::service::SessionService;
use app::session_wire::{SessionListItem, SessionView};
use app::wire::CurrentUser;

/// How many sessions the list shows.
const RECENT: i64 = 50;

#[derive(Clone)]
pub struct Sessions {
    store: Store,
}

impl Sessions {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

#[async_trait::async_trait]
impl SessionService for Sessions {
    async fn session(&self, user: &CurrentUser, id: SessionId) -> Result<SessionView, AppError> {
        // The header is the tenant check: the other reads are only made for a session it found.
        let Some(header) = self.store.session_header(user.msp_id, id).await? else {
            return Err(AppError::not_found("The session"));
        };
        let entries = self.store.session_entry_rows(id).await?;
        let calls = self.store.session_call_rows(id).await?;
        let approvals = self.store.session_approval_rows(id).await?;
        Ok(session_view(header, entries, calls, approvals))
    }

    async fn recent_sessions(&self, user: &CurrentUser) -> Result<Vec<SessionListItem>, AppError> {
        let rows = self.store.recent_session_rows(user.msp_id, RECENT).await?;
        Ok(rows
            .into_iter()
            .map(|r| SessionListItem {
                id: r.id,
                client: r.client_name,
                ticket: ticket_label(&serde_json::Value::Null, r.ticket_id),
                status: r.status,
                status_label: status_label(r.status).to_owned(),
                updated_at: fmt_utc(r.updated_at.max(r.created_at)),
            })
            .collect())
    }
}
