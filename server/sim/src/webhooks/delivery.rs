//! The per-webhook delivery task: up to 5 attempts per event with a delay between them, events
//! kept in order, failures written to WebhookEventErrorLogs, deactivation after 25 consecutive
//! failed attempts.

use super::{deactivate, DeliveryRecord, Outbound};
use crate::clock;
use crate::data::{bool_field, make};
use crate::schema::Entity;
use crate::state::SimState;
use serde_json::json;
use std::sync::Arc;
use tokio::sync::mpsc;

pub async fn worker(sim: Arc<SimState>, mut rx: mpsc::UnboundedReceiver<Outbound>) {
    let mut shutdown = sim.shutdown.clone();
    loop {
        tokio::select! {
            ev = rx.recv() => match ev {
                Some(ev) => deliver(&sim, ev).await,
                None => return,
            },
            _ = shutdown.changed() => return,
        }
    }
}

async fn deliver(sim: &Arc<SimState>, ev: Outbound) {
    let timing = sim.hooks.timing.clone();
    let mut last_error = String::new();
    for attempt in 1..=timing.max_attempts.max(1) {
        if !is_active(sim, &ev) {
            tracing::info!(
                webhook = ev.webhook_id,
                seq = ev.sequence,
                "simulator dropped callout: webhook inactive"
            );
            return;
        }
        let result = post(sim, &ev).await;
        log_attempt(sim, "event", &ev, attempt, &result);
        if result.as_ref().is_ok_and(|s| (200..300).contains(s)) {
            sim.tenant()
                .hooks
                .entry((ev.webhooks, ev.webhook_id))
                .or_default()
                .consecutive_failures = 0;
            return;
        }
        last_error = match &result {
            Ok(status) => format!("The callout URL returned HTTP {status}."),
            Err(e) => format!("The callout failed: {e}"),
        };
        tracing::warn!(
            webhook = ev.webhook_id,
            seq = ev.sequence,
            attempt,
            "simulator webhook delivery failed: {last_error}"
        );
        let failures = {
            let mut t = sim.tenant();
            let rt = t.hooks.entry((ev.webhooks, ev.webhook_id)).or_default();
            rt.consecutive_failures += 1;
            rt.consecutive_failures
        };
        if failures >= timing.deactivate_after {
            tracing::warn!(
                webhook = ev.webhook_id,
                "simulator deactivating webhook after {failures} consecutive failures"
            );
            deactivate(sim, ev.webhooks, ev.webhook_id);
            break;
        }
        if attempt < timing.max_attempts {
            let mut shutdown = sim.shutdown.clone();
            tokio::select! {
                _ = tokio::time::sleep(timing.retry_delay) => {}
                _ = shutdown.changed() => return,
            }
        }
    }
    write_error_log(sim, &ev, &last_error);
}

fn is_active(sim: &SimState, ev: &Outbound) -> bool {
    sim.tenant()
        .get(ev.webhooks, ev.webhook_id)
        .is_some_and(|r| bool_field(r, "isActive"))
}

pub async fn post(sim: &SimState, ev: &Outbound) -> Result<u16, String> {
    sim.hooks
        .client
        .post(&ev.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Hook-Signature", &ev.signature)
        .body(ev.body.clone())
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string())
}

pub fn log_attempt(
    sim: &SimState,
    kind: &str,
    ev: &Outbound,
    attempt: u32,
    result: &Result<u16, String>,
) {
    sim.hooks.record(DeliveryRecord {
        kind: kind.into(),
        webhook_entity: Some(ev.webhooks.path_name().into()),
        webhook_id: Some(ev.webhook_id),
        sequence_number: Some(ev.sequence),
        attempt,
        url: ev.url.clone(),
        status: result.as_ref().ok().copied(),
        error: result.as_ref().err().cloned(),
        at: clock::now_string(),
    });
}

fn write_error_log(sim: &SimState, ev: &Outbound, error: &str) {
    let column = ev
        .webhooks
        .hook_family()
        .map_or("ticketWebhookID", |f| f.log_column);
    let mut rec = make(
        Entity::WebhookEventErrorLogs,
        json!({
            "createDateTime": clock::now_string(),
            "errorMessage": error,
            "payload": ev.body,
            "sequenceNumber": ev.sequence,
        }),
    );
    rec.insert(column.into(), ev.webhook_id.into());
    sim.tenant().insert(Entity::WebhookEventErrorLogs, rec);
}
