//! Backfill: after a deactivation, a restart or a long silence, the tickets and notes that
//! changed since the last event are read from Autotask (paged, at the governor's pace) and
//! stored as synthetic events for the same pipeline. A record a webhook already delivered (an
//! event about it received at or after its change) is left alone, and a synthetic event's key
//! is its record and change time, so running a backfill twice stores nothing twice.

use super::iso;
use crate::autotask::{AutotaskError, Filter, Query, TenantClient, Ticket, TicketNote};
use crate::integrations::governor::Governor;
use crate::store::{IntegrationRecord, Millis, NewWebhookEvent, Store, StoreError};
use serde_json::json;

/// The `Guid` of synthetic events; their dedupe keys start with it (`relay-backfill:…`).
pub const BACKFILL_GUID: &str = "relay-backfill";

/// Whether a stored event came from a backfill rather than a webhook delivery.
pub fn is_backfill(dedupe_key: &str) -> bool {
    dedupe_key.starts_with(BACKFILL_GUID) && dedupe_key[BACKFILL_GUID.len()..].starts_with(':')
}

/// How far before `since` the queries start.
const CLOCK_MARGIN_MS: Millis = 5 * 60_000;

/// What a backfill found and did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackfillReport {
    pub since: Millis,
    pub pages: u64,
    pub tickets: u64,
    pub notes: u64,
    /// Synthetic events stored for the pipeline.
    pub queued: u64,
    /// Records a webhook (or an earlier backfill) had already brought in.
    pub already_delivered: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackfillError {
    #[error(transparent)]
    Autotask(#[from] AutotaskError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where a backfill starts: the last event received, else when the webhook connected, else a
/// day back; never more than a week back (older changes are not news to an agent).
pub fn start_from(record: &IntegrationRecord, now: Millis) -> Millis {
    const DAY: Millis = 86_400_000;
    let since = record
        .last_event_at
        .or(record.webhook_connected_at)
        .unwrap_or(now - DAY);
    since.max(now - 7 * DAY)
}

/// Runs one backfill from `since` with a background-lane `tenant`.
pub async fn backfill(
    store: &Store,
    tenant: &TenantClient,
    governor: &Governor,
    record: &IntegrationRecord,
    since: Millis,
) -> Result<BackfillReport, BackfillError> {
    let mut report = BackfillReport {
        since,
        ..Default::default()
    };
    let ceiling = store.autotask_budget(record.id).await?.relay_hourly_ceiling;
    // Autotask's clock and ours differ a little: look a few minutes further back; what a
    // webhook delivered in that margin is recognised and left alone.
    let after = iso::format(since - CLOCK_MARGIN_MS);
    let tickets = Query::new()
        .filter(Filter::gt("lastActivityDate", after.as_str()))
        .include_fields([
            "id",
            "createDate",
            "lastActivityDate",
            "lastActivityResourceID",
        ]);
    let mut cursor = tenant.query_pages::<Ticket>(&tickets)?;
    loop {
        governor.wait_turn(record.id, tenant, ceiling).await;
        let Some(page) = cursor.next_page().await? else {
            break;
        };
        report.pages += 1;
        for ticket in page.items {
            report.tickets += 1;
            let Some(changed) = ticket.last_activity_date.as_deref().and_then(iso::parse) else {
                continue;
            };
            let created = ticket.create_date.as_deref().and_then(iso::parse);
            let action = if created.is_some_and(|c| c > since) {
                "Create"
            } else {
                "Update"
            };
            let id = ticket.id.get();
            let person = ticket.last_activity_resource_id.map(|r| r.get());
            let event = Synthetic {
                entity: "Ticket",
                id,
                ticket: id,
                action,
                changed,
                person,
            };
            queue(store, record, event, &mut report).await?;
        }
    }
    let notes = Query::new()
        .filter(Filter::gt("createDateTime", after.as_str()))
        .include_fields(["id", "ticketID", "createDateTime", "creatorResourceID"]);
    let mut cursor = tenant.query_pages::<TicketNote>(&notes)?;
    loop {
        governor.wait_turn(record.id, tenant, ceiling).await;
        let Some(page) = cursor.next_page().await? else {
            break;
        };
        report.pages += 1;
        for note in page.items {
            report.notes += 1;
            let (Some(changed), Some(ticket)) = (
                note.create_date_time.as_deref().and_then(iso::parse),
                note.ticket_id,
            ) else {
                continue;
            };
            let person = note.creator_resource_id.map(|r| r.get());
            let event = Synthetic {
                entity: "TicketNote",
                id: note.id,
                ticket: ticket.get(),
                action: "Create",
                changed,
                person,
            };
            queue(store, record, event, &mut report).await?;
        }
    }
    tracing::info!(integration = record.id.get(), ?report, "backfill finished");
    Ok(report)
}

struct Synthetic {
    entity: &'static str,
    id: i64,
    ticket: i64,
    action: &'static str,
    changed: Millis,
    person: Option<i64>,
}

async fn queue(
    store: &Store,
    record: &IntegrationRecord,
    e: Synthetic,
    report: &mut BackfillReport,
) -> Result<(), StoreError> {
    if store
        .has_webhook_event_since(record.id, e.entity, e.id, e.changed)
        .await?
    {
        report.already_delivered += 1;
        return Ok(());
    }
    // Shaped as Autotask's callout, so the worker treats it like any other event; the change
    // time stands in for the sequence number, which makes the key stable across backfills.
    let mut fields = serde_json::Map::new();
    if e.entity == "TicketNote" {
        fields.insert("ticketID".into(), e.ticket.into());
    }
    let body = json!({
        "Action": e.action,
        "Guid": BACKFILL_GUID,
        "EntityType": e.entity,
        "Id": e.id,
        "Fields": fields,
        "EventTime": iso::format(e.changed),
        "SequenceNumber": e.changed,
        "PersonID": e.person,
    });
    let stored = store
        .insert_webhook_event(NewWebhookEvent {
            integration_id: record.id,
            msp_id: record.msp_id,
            dedupe_key: format!("{BACKFILL_GUID}:{}:{}:{}", e.entity, e.id, e.changed),
            entity_type: e.entity.to_owned(),
            entity_id: e.id,
            action: e.action.to_owned(),
            person_id: e.person,
            order_key: format!("ticket:{}", e.ticket),
            raw_body: body.to_string(),
            received_at: crate::clock::now_ms(),
        })
        .await?;
    if stored.is_some() {
        report.queued += 1;
    } else {
        report.already_delivered += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backfill_keys_are_told_apart_from_deliveries() {
        assert!(is_backfill("relay-backfill:Ticket:7:1795996800000"));
        assert!(!is_backfill("relay-backfillx:Ticket:7:1"));
        assert!(!is_backfill("3b2a-guid:Ticket:7:12"));
    }
}
