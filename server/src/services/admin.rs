//! `AdminService`: the reads behind the admin pages, always scoped to the caller's MSP.

use crate::errors::store_err;
use crate::store::Store;
use crate::timefmt::fmt_utc;
use app::error::AppError;
use app::service::AdminService;
use app::wire::*;

pub const CLIENTS_PER_PAGE: i64 = 50;
pub const ACTIVITY_PER_PAGE: i64 = 50;

#[derive(Clone)]
pub struct AdminServiceImpl {
    store: Store,
}

impl AdminServiceImpl {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

#[async_trait::async_trait]
impl AdminService for AdminServiceImpl {
    async fn autotask_card(&self, user: &CurrentUser) -> Result<AutotaskCardView, AppError> {
        let integration = self
            .store
            .active_integration(user.msp_id)
            .await
            .map_err(store_err)?;
        Ok(match integration {
            None => AutotaskCardView {
                state: ConnectionState::NotConnected,
                username: None,
            },
            Some(i) => AutotaskCardView {
                state: match i.webhook_connected_at {
                    Some(at) => ConnectionState::Connected { since: fmt_utc(at) },
                    None => ConnectionState::WaitingForAutotask,
                },
                username: Some(i.username),
            },
        })
    }

    async fn clients(
        &self,
        user: &CurrentUser,
        search: &str,
        page: i64,
    ) -> Result<ClientPage, AppError> {
        let search = search.trim();
        if search.len() > 200 {
            return Err(AppError::validation(
                "q",
                "Search for at most 200 characters.",
            ));
        }
        let offset = (page - 1).saturating_mul(CLIENTS_PER_PAGE);
        let (rows, total) = self
            .store
            .list_client_rows(user.msp_id, search, CLIENTS_PER_PAGE, offset)
            .await
            .map_err(store_err)?;
        // Clients of a type no longer selected are kept and marked, never deleted.
        let selected = self
            .store
            .active_integration(user.msp_id)
            .await
            .map_err(store_err)?
            .map(|i| i.company_types);
        Ok(ClientPage {
            rows: rows
                .into_iter()
                .map(|c| ClientRow {
                    type_deselected: match (&selected, c.company_type) {
                        (Some(types), Some(t)) => !types.contains(&t),
                        _ => false,
                    },
                    id: c.id,
                    name: c.name,
                    slug: c.slug,
                    autotask_id: c.autotask_id,
                    mode: c.mode,
                    company_type: c.company_type_label,
                    agent_status: c.agent_status,
                })
                .collect(),
            total,
            page,
            per_page: CLIENTS_PER_PAGE,
        })
    }

    async fn msp_settings(&self, user: &CurrentUser) -> Result<MspSettingsView, AppError> {
        let msp = self
            .store
            .msp(user.msp_id)
            .await
            .map_err(store_err)?
            .ok_or_else(|| AppError::not_found("Your MSP"))?;
        let admins = self
            .store
            .list_users(user.msp_id)
            .await
            .map_err(store_err)?;
        Ok(MspSettingsView {
            msp_name: msp.name,
            admins: admins
                .into_iter()
                .map(|u| AdminRow {
                    name: u.name,
                    email: u.email,
                    created_at: fmt_utc(u.created_at),
                })
                .collect(),
        })
    }

    async fn activity(
        &self,
        user: &CurrentUser,
        client: Option<i64>,
        page: i64,
    ) -> Result<ActivityPage, AppError> {
        let offset = (page - 1).saturating_mul(ACTIVITY_PER_PAGE);
        let (rows, total) = self
            .store
            .list_activity(user.msp_id, client, ACTIVITY_PER_PAGE, offset)
            .await
            .map_err(store_err)?;
        Ok(ActivityPage {
            rows: rows
                .into_iter()
                .map(|a| ActivityRow {
                    at: fmt_utc(a.at),
                    client: a.client_name,
                    kind_label: kind_label(&a.kind),
                    kind: a.kind,
                    summary: a.summary,
                    outcome: a.outcome.clone(),
                    detail: activity_detail(&a.detail),
                    retry_event: retryable_event(&a.outcome, &a.detail),
                    ticket: activity_ticket(&a.detail),
                })
                .collect(),
            total,
            page,
            per_page: ACTIVITY_PER_PAGE,
        })
    }

    async fn retry_event(&self, user: &CurrentUser, event_id: i64) -> Result<bool, AppError> {
        crate::pipeline::RetryService::new(self.store.clone())
            .retry(user.msp_id, event_id)
            .await
            .map_err(store_err)
    }

    async fn dismiss_event(&self, user: &CurrentUser, event_id: i64) -> Result<bool, AppError> {
        crate::pipeline::RetryService::new(self.store.clone())
            .dismiss(user.msp_id, event_id)
            .await
            .map_err(store_err)
    }
}

/// Indented JSON for the page; nothing for an empty object.
fn activity_detail(detail: &serde_json::Value) -> String {
    match detail {
        serde_json::Value::Object(map) if map.is_empty() => String::new(),
        serde_json::Value::Null => String::new(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// A kind code in words for the page.
fn kind_label(kind: &str) -> String {
    match kind {
        crate::pipeline::ACTIVITY_KIND => "Autotask ticket".into(),
        other => {
            let words = other.replace(['.', '_'], " ");
            let mut chars = words.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// The ticket an entry is about (the pipeline stores it under `ticket`), by number and link.
fn activity_ticket(detail: &serde_json::Value) -> Option<app::wire::ActivityTicket> {
    let ticket = detail.get("ticket")?;
    let label = match ticket["number"].as_str().filter(|n| !n.is_empty()) {
        Some(number) => number.to_owned(),
        None => format!("#{}", ticket["id"].as_i64()?),
    };
    Some(app::wire::ActivityTicket {
        label,
        url: ticket["url"].as_str().map(str::to_owned),
    })
}

/// Parked webhook events carry their id in the detail; only those get a retry button.
fn retryable_event(outcome: &str, detail: &serde_json::Value) -> Option<i64> {
    (outcome == "parked")
        .then(|| detail.get("event_id").and_then(serde_json::Value::as_i64))
        .flatten()
}
