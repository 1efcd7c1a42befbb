//! Webhook callouts: per-webhook ordered queues delivered by background tasks, deactivation
//! (with the call to `deactivationUrl`), the readiness GET, and a log of every attempt.

mod delivery;
mod payload;

pub use payload::{envelope, events_for, webhook_entity};

use super::clock;
use super::config::WebhookTiming;
use super::data::{int_field, str_field, Record};
use super::json_escape::Ordered;
use super::schema::Entity;
use super::signing::hook_signature;
use super::state::SimState;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// How many delivery attempts the log keeps.
const LOG_LIMIT: usize = 5_000;

/// One signed callout waiting for delivery.
#[derive(Clone, Debug)]
pub struct Outbound {
    pub webhooks: Entity,
    pub webhook_id: i64,
    pub url: String,
    pub body: String,
    pub signature: String,
    pub sequence: i64,
}

/// One HTTP attempt made by the simulator (event, deactivation notice or readiness GET).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryRecord {
    pub kind: String,
    pub webhook_entity: Option<String>,
    pub webhook_id: Option<i64>,
    pub sequence_number: Option<i64>,
    pub attempt: u32,
    pub url: String,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub at: String,
}

pub struct Dispatcher {
    pub timing: WebhookTiming,
    client: reqwest::Client,
    runtime: tokio::runtime::Handle,
    queues: Mutex<HashMap<(Entity, i64), mpsc::UnboundedSender<Outbound>>>,
    log: Mutex<VecDeque<DeliveryRecord>>,
}

impl Dispatcher {
    /// Must be created inside the tokio runtime that will run the delivery tasks.
    pub fn new(timing: WebhookTiming) -> Self {
        Dispatcher {
            client: reqwest::Client::builder()
                .timeout(timing.attempt_timeout)
                .build()
                .unwrap_or_default(),
            timing,
            runtime: tokio::runtime::Handle::current(),
            queues: Mutex::default(),
            log: Mutex::default(),
        }
    }

    pub fn record(&self, rec: DeliveryRecord) {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.push_back(rec);
        while log.len() > LOG_LIMIT {
            log.pop_front();
        }
    }

    pub fn log(&self) -> Vec<DeliveryRecord> {
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        log.iter().cloned().collect()
    }

    pub fn clear_log(&self) {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

/// Queues callouts behind any earlier ones for the same webhook.
pub fn enqueue(sim: &Arc<SimState>, events: Vec<Outbound>) {
    for ev in events {
        let key = (ev.webhooks, ev.webhook_id);
        let mut queues = sim.hooks.queues.lock().unwrap_or_else(|p| p.into_inner());
        let tx = queues.entry(key).or_insert_with(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            sim.hooks
                .runtime
                .spawn(delivery::worker(Arc::clone(sim), rx));
            tx
        });
        if let Err(e) = tx.send(ev) {
            tracing::warn!(webhook = key.1, "simulator webhook queue closed: {e}");
        }
    }
}

/// Deactivates a webhook (as after 25 failures) and calls its deactivation URL.
pub fn deactivate(sim: &Arc<SimState>, webhooks: Entity, id: i64) -> bool {
    let rec = {
        let mut t = sim.tenant();
        let Some(rec) = t.get_mut(webhooks, id) else {
            return false;
        };
        rec.insert("isActive".into(), false.into());
        rec.clone()
    };
    notify_deactivated(sim, webhooks, &rec);
    true
}

/// POSTs a signed `Action: Deactivated` notice to the webhook's deactivation URL, in the background.
pub fn notify_deactivated(sim: &Arc<SimState>, webhooks: Entity, rec: &Record) {
    let Some(url) = str_field(rec, "deactivationUrl").filter(|u| !u.is_empty()) else {
        return;
    };
    let id = int_field(rec, "id").unwrap_or(0);
    let watched = webhooks.hook_family().map_or(webhooks, |f| f.watched);
    let sequence = {
        let mut t = sim.tenant();
        let runtime = t.hooks.entry((webhooks, id)).or_default();
        runtime.sequence += 1;
        runtime.sequence
    };
    let body = envelope(
        "Deactivated",
        str_field(rec, "webhookGUID").unwrap_or(""),
        watched.singular(),
        id,
        Ordered::Object(Vec::new()),
        sequence,
        int_field(rec, "ownerResourceID").unwrap_or(0),
    );
    let ev = Outbound {
        webhooks,
        webhook_id: id,
        url: url.to_owned(),
        signature: hook_signature(str_field(rec, "secretKey").unwrap_or(""), body.as_bytes()),
        body,
        sequence,
    };
    let sim2 = Arc::clone(sim);
    sim.hooks.runtime.spawn(async move {
        let result = delivery::post(&sim2, &ev).await;
        delivery::log_attempt(&sim2, "deactivation", &ev, 1, &result);
    });
}

/// Sends Autotask's readiness GET to `url` and returns the status it got.
pub async fn send_readiness(sim: &Arc<SimState>, url: &str) -> Result<u16, String> {
    let result = sim
        .hooks
        .client
        .get(url)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string());
    sim.hooks.record(DeliveryRecord {
        kind: "readiness".into(),
        webhook_entity: None,
        webhook_id: None,
        sequence_number: None,
        attempt: 1,
        url: url.to_owned(),
        status: result.as_ref().ok().copied(),
        error: result.as_ref().err().cloned(),
        at: clock::now_string(),
    });
    result
}
