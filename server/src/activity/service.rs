//! `ActivityService`: the Activity page, MSP-wide or per client, and retrying parked events.

use crate::clock::fmt_utc;
use crate::crypto::AuditKey;
use crate::store::{ActivityFilter, Store};
use app::error::AppError;
use app::ids::EventId;
use app::service::ActivityService;
use app::wire::{ActivityPage, ActivityQuery, ActivityRow, ChainStatus, CurrentUser};

pub const ACTIVITY_PER_PAGE: i64 = 50;

#[derive(Clone)]
pub struct Activity {
    store: Store,
    key: AuditKey,
}

impl Activity {
    pub fn new(store: Store, key: AuditKey) -> Self {
        Self { store, key }
    }

    /// The chain's head and last checkpoint; with `verify`, the whole chain checked too.
    async fn chain_status(
        &self,
        user: &CurrentUser,
        verify: bool,
    ) -> Result<ChainStatus, AppError> {
        let head = self.store.activity_head(user.msp_id).await?;
        let checkpoint = self.store.latest_activity_checkpoint(user.msp_id).await?;
        let mut status = ChainStatus {
            entries: head.map_or(0, |h| h.seq),
            last_checkpoint: checkpoint.as_ref().map(|c| fmt_utc(c.at)),
            checkpoint_seq: checkpoint.map(|c| c.seq),
            verified: None,
            report: None,
        };
        if verify {
            let report = super::verify::verify(&self.store, &self.key, user.msp_id).await?;
            if !report.is_ok() {
                tracing::error!(msp_id = %user.msp_id, report = %report.summary(), "activity chain verification failed");
            }
            status.verified = Some(report.is_ok());
            status.report = Some(report.summary());
        }
        Ok(status)
    }
}

/// The store's filter for a page query; blank choices mean "any".
pub fn filter_of(query: &ActivityQuery) -> ActivityFilter {
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    ActivityFilter {
        client_id: query.client,
        tool: given(&query.tool),
        outcome: given(&query.outcome),
    }
}

#[async_trait::async_trait]
impl ActivityService for Activity {
    async fn activity_page(
        &self,
        user: &CurrentUser,
        query: &ActivityQuery,
    ) -> Result<ActivityPage, AppError> {
        let page = query.page.max(1);
        let offset = (page - 1).saturating_mul(ACTIVITY_PER_PAGE);
        let (rows, total) = self
            .store
            .list_activity_filtered(user.msp_id, &filter_of(query), ACTIVITY_PER_PAGE, offset)
            .await?;
        let (tools, outcomes) = self.store.activity_facets(user.msp_id).await?;
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
            tools,
            outcomes,
            chain: self.chain_status(user, query.verify).await?,
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
