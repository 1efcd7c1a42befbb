//! The worker loop: claim due events, process them concurrently (they have distinct order
//! keys), record each outcome, and retry or park failures. Stops between batches on request.

use super::activity;
use super::error::PipelineError;
use super::outcome::Outcome;
use super::process::Processor;
use super::WorkerConfig;
use crate::intake::metric_names as names;
use crate::metrics::Metrics;
use crate::store::{DynStore, EventFinish, EventState, Millis, WebhookEventRecord};
use futures::future::join_all;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct Worker {
    store: DynStore,
    processor: Processor,
    metrics: Metrics,
    config: WorkerConfig,
}

/// Starts the worker; it finishes its current batch and returns once `stop` becomes true.
pub fn spawn(worker: Worker, stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(Arc::new(worker).run(stop))
}

impl Worker {
    pub fn new(
        store: DynStore,
        processor: Processor,
        metrics: Metrics,
        config: WorkerConfig,
    ) -> Self {
        Self {
            store,
            processor,
            metrics,
            config,
        }
    }

    async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        tracing::info!(owner = %self.config.owner, "webhook worker started");
        while !*stop.borrow() {
            let worked = match self.run_once().await {
                Ok(n) => n > 0,
                Err(err) => {
                    tracing::warn!(error = %err, "webhook worker cannot claim events");
                    false
                }
            };
            if !worked {
                tokio::select! {
                    _ = tokio::time::sleep(self.config.idle_poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }
        tracing::info!("webhook worker stopped");
    }

    /// One claim and its processing; returns how many events were handled. Tests drive the
    /// worker with this directly.
    pub async fn run_once(&self) -> Result<usize, crate::store::StoreError> {
        let now = crate::clock::now_ms();
        let lease = self.config.lease.as_millis() as i64;
        let batch = self
            .store
            .claim_webhook_events(&self.config.owner, now, lease, self.config.batch)
            .await?;
        let n = batch.len();
        join_all(batch.iter().map(|event| self.handle(event))).await;
        Ok(n)
    }

    async fn handle(&self, event: &WebhookEventRecord) {
        let now = crate::clock::now_ms();
        let result = self.processor.process(event, now).await;
        let done_at = crate::clock::now_ms();
        let (finish, entry) = match result {
            Ok(outcome) => {
                self.count(event, &outcome, done_at);
                let state = if matches!(outcome, Outcome::Skipped { .. }) {
                    EventState::Skipped
                } else {
                    EventState::Done
                };
                let label = match &outcome {
                    Outcome::Woke { .. } => "woke".to_string(),
                    Outcome::Delivered { .. } => "message".to_string(),
                    Outcome::Skipped { reason, .. } => format!("skipped: {}", reason.label()),
                };
                let finish = EventFinish::Final {
                    state,
                    outcome: label,
                    error: None,
                };
                (finish, activity::for_outcome(event, &outcome, done_at))
            }
            Err(err) => self.failure(event, &err, done_at),
        };
        // Log first: if we crash in between, the replay repeats the entry, never loses it.
        if let Err(err) = self.store.append_activity(entry).await {
            tracing::warn!(error = %err, event = event.id, "cannot write the activity entry");
        }
        match self
            .store
            .finish_webhook_event(event.id, &self.config.owner, finish, done_at)
            .await
        {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                event = event.id,
                "lease lost before finishing; another worker has it"
            ),
            Err(err) => {
                tracing::warn!(error = %err, event = event.id, "cannot record the outcome; the lease will expire")
            }
        }
    }

    fn failure(
        &self,
        event: &WebhookEventRecord,
        err: &PipelineError,
        now: Millis,
    ) -> (EventFinish, crate::store::NewActivity) {
        let message = err.to_string();
        let park = !err.is_transient() || event.attempts >= self.config.max_attempts;
        let parked = if park { "true" } else { "false" };
        self.metrics
            .counter(names::FAILED, &[("parked", parked)])
            .inc();
        tracing::warn!(event = event.id, attempts = event.attempts, park, error = %message, "webhook event failed");
        let finish = if park {
            self.metrics
                .counter(names::PROCESSED, &[("outcome", "parked")])
                .inc();
            EventFinish::Final {
                state: EventState::Parked,
                outcome: "failed".into(),
                error: Some(message.clone()),
            }
        } else {
            EventFinish::RetryAt {
                next_attempt_at: now + self.backoff(event.attempts, err).as_millis() as i64,
                error: message.clone(),
            }
        };
        (finish, activity::for_failure(event, &message, park, now))
    }

    /// Exponential from `base_backoff`, capped, and never sooner than Autotask asked.
    fn backoff(&self, attempts: i64, err: &PipelineError) -> Duration {
        let exp = self
            .config
            .base_backoff
            .saturating_mul(1 << attempts.clamp(0, 16) as u32 >> 1);
        exp.min(self.config.max_backoff)
            .max(err.retry_after().unwrap_or_default())
    }

    fn count(&self, event: &WebhookEventRecord, outcome: &Outcome, now: Millis) {
        let label = match outcome {
            Outcome::Woke { .. } => "woke",
            Outcome::Delivered { .. } => "message",
            Outcome::Skipped { reason, .. } => {
                self.metrics
                    .counter(names::SKIPPED, &[("reason", reason.label())])
                    .inc();
                "skipped"
            }
        };
        self.metrics
            .counter(names::PROCESSED, &[("outcome", label)])
            .inc();
        if label != "skipped" {
            let waited = Duration::from_millis((now - event.received_at).max(0) as u64);
            self.metrics
                .histogram(names::EVENT_TO_WAKE_SECONDS, &[])
                .observe_duration(waited);
        }
    }
}
