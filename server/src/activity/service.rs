//! `ActivityService`: the Activity page, MSP-wide or per client, and retrying parked events.

use crate::clock::fmt_utc;
use crate::store::Store;
use app::error::AppError;
use app::ids::{ClientId, EventId};
use app::service::ActivityService;
use app::wire::{ActivityPage, ActivityRow, CurrentUser};

pub const ACTIVITY_PER_PAGE: i64 = 50;

#[derive(Clone)]
pub struct Activity {
    store: Store,
}

impl Activity {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

#[async_trait::async_trait]
impl ActivityService for Activity {
    async fn activity(
        &self,
        user: &CurrentUser,
        client: Option<ClientId>,
        page: i64,
    ) -> Result<ActivityPage, AppError> {
        let offset = (page - 1).saturating_mul(ACTIVITY_PER_PAGE);
        let (rows, total) = self
            .store
            .list_activity(user.msp_id, client, ACTIVITY_PER_PAGE, offset)
            .await?;
        Ok(ActivityPage {
            rows: rows
                .into_iter()
                .map(|a| ActivityRow {
                    at: fmt_utc(a.at),
                    client: a.client_name,
                    kind_label: kind_label(&a.kind),
                    ticket: activity_ticket(&a.detail),
                    kind: a.kind,
                    summary: a.summary,
                    outcome: a.outcome.clone(),
                    detail: activity_detail(&a.detail),
                    retry_event: retryable_event(&a.outcome, &a.detail),
                })
                .collect(),
            total,
            page,
            per_page: ACTIVITY_PER_PAGE,
        })
    }

    async fn retry_event(&self, user: &CurrentUser, event_id: EventId) -> Result<bool, AppError> {
        crate::pipeline::RetryService::new(self.store.clone())
            .retry(user.msp_id, event_id)
            .await
            .map_err(AppError::from)
    }

    async fn dismiss_event(&self, user: &CurrentUser, event_id: EventId) -> Result<bool, AppError> {
        crate::pipeline::RetryService::new(self.store.clone())
            .dismiss(user.msp_id, event_id)
            .await
            .map_err(AppError::from)
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

/// Indented JSON for the page; nothing for an empty object.
fn activity_detail(detail: &serde_json::Value) -> String {
    match detail {
        serde_json::Value::Object(map) if map.is_empty() => String::new(),
        serde_json::Value::Null => String::new(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// Parked webhook events carry their id in the detail; only those get a retry button.
fn retryable_event(outcome: &str, detail: &serde_json::Value) -> Option<EventId> {
    (outcome == "parked")
        .then(|| detail.get("event_id").and_then(serde_json::Value::as_i64))
        .flatten()
        .map(EventId::from)
}
