//! The worker loop: claim due events, process them concurrently (they have distinct order
//! keys), record each outcome, and retry or park failures. A panic or an overrun fails only its
//! event; a loop that dies anyway is restarted. Stops between batches on request.

use super::activity;
use super::config::BUSY_BEAT;
use super::error::PipelineError;
use super::liveness::Liveness;
use super::outcome::Outcome;
use super::process::Processor;
use super::supervise::{panic_message, supervise};
use super::WorkerConfig;
use crate::intake::metric_names as names;
use crate::metrics::{Counter, Gauge, Metrics};
use crate::store::{EventFinish, EventState, Millis, Store, WebhookEventRecord};
use futures::future::join_all;
use futures::FutureExt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Unix time of the worker loop's last turn; `time() - this` is how long it has been silent.
pub const LAST_LOOP_METRIC: &str = "relay_worker_last_loop_timestamp_seconds";
/// Worker loops that died of a panic and were started again.
pub const RESTARTS_METRIC: &str = "relay_worker_restarts_total";
/// Event attempts that panicked (each is also counted as a failed attempt).
pub const PANICS_METRIC: &str = "relay_webhook_event_panics_total";

/// What the worker does with one event: [`Processor`] in production. The worker is generic
/// over it so its own guarantees (a panic or an overrun fails only that event) can be tested
/// with a processor that misbehaves on purpose.
pub trait ProcessEvent: Send + Sync + 'static {
    fn process(
        &self,
        event: &WebhookEventRecord,
        now: Millis,
    ) -> impl Future<Output = Result<Outcome, PipelineError>> + Send;
}

impl ProcessEvent for Processor {
    fn process(
        &self,
        event: &WebhookEventRecord,
        now: Millis,
    ) -> impl Future<Output = Result<Outcome, PipelineError>> + Send {
        Processor::process(self, event, now)
    }
}

pub struct Worker<P = Processor> {
    store: Store,
    processor: P,
    metrics: Metrics,
    liveness: Liveness,
    last_loop: Gauge,
    panics: Counter,
    config: WorkerConfig,
}

/// Runs the worker under a supervisor that restarts its loop after a panic; it finishes its
/// current batch and returns once `stop` becomes true.
pub async fn supervised<P: ProcessEvent>(worker: Worker<P>, stop: watch::Receiver<bool>) {
    let worker = Arc::new(worker);
    let restarts = worker.metrics.counter(RESTARTS_METRIC, &[]);
    let pause = worker.config.idle_poll.max(Duration::from_secs(1));
    let loop_stop = stop.clone();
    let make = move || worker.clone().run(loop_stop.clone());
    supervise(make, stop, pause, restarts).await
}

impl<P: ProcessEvent> Worker<P> {
    pub fn new(
        store: Store,
        processor: P,
        metrics: Metrics,
        liveness: Liveness,
        config: WorkerConfig,
    ) -> Self {
        for (name, help) in [
            (
                LAST_LOOP_METRIC,
                "Unix time of the webhook worker loop's last turn.",
            ),
            (
                RESTARTS_METRIC,
                "Webhook worker loops restarted after a panic.",
            ),
            (
                PANICS_METRIC,
                "Webhook event attempts that panicked and were failed.",
            ),
        ] {
            metrics.describe(name, help);
        }
        Self {
            last_loop: metrics.gauge(LAST_LOOP_METRIC, &[]),
            panics: metrics.counter(PANICS_METRIC, &[]),
            store,
            processor,
            metrics,
            liveness,
            config,
        }
    }

    /// Claims and processes events until `stop` becomes true; the current batch finishes first.
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        tracing::info!(owner = %self.config.owner, "webhook worker started");
        self.liveness.start(self.config.stale_after());
        while !*stop.borrow() {
            self.beat();
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
        self.beating(join_all(batch.iter().map(|event| self.handle(event))))
            .await;
        Ok(n)
    }

    /// Runs `work` while still beating, so a long batch is told apart from a stuck loop.
    async fn beating<F: Future>(&self, work: F) -> F::Output {
        let mut work = std::pin::pin!(work);
        let mut ticks = tokio::time::interval(BUSY_BEAT);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                out = &mut work => return out,
                _ = ticks.tick() => self.beat(),
            }
        }
    }

    fn beat(&self) {
        self.liveness.beat();
        self.last_loop.set(crate::clock::now_ms() as f64 / 1000.0);
    }

    /// One processing attempt, bounded: a panic or an overrun becomes this event's failure
    /// (retried, then parked) instead of the worker's.
    async fn attempt(
        &self,
        event: &WebhookEventRecord,
        now: Millis,
    ) -> Result<Outcome, PipelineError> {
        let deadline = self.config.effective_event_deadline();
        // Unwind safety: the processor's shared state is caches behind poison-tolerant locks
        // and the store, whose writes are transactions; a half-done attempt leaves nothing
        // that a retry would trip over.
        let guarded = AssertUnwindSafe(self.processor.process(event, now)).catch_unwind();
        match tokio::time::timeout(deadline, guarded).await {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => {
                self.panics.inc();
                let message = panic_message(panic.as_ref());
                tracing::error!(event = event.id.get(), panic = %message, "processing an event panicked");
                Err(PipelineError::Panicked(message))
            }
            Err(_) => Err(PipelineError::Deadline(deadline)),
        }
    }

    async fn handle(&self, event: &WebhookEventRecord) {
        let now = crate::clock::now_ms();
        let result = self.attempt(event, now).await;
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
                    Outcome::Decided { .. } => "approval decided".to_string(),
                    Outcome::Skipped { reason, .. } => format!("skipped: {}", reason.label()),
                };
                let finish = EventFinish::Final {
                    state,
                    outcome: label,
                    error: None,
                };
                (finish, activity::for_outcome(event, &outcome, done_at))
            }
            Err(PipelineError::Reordered(ticket)) => {
                tracing::debug!(
                    event = event.id.get(),
                    ticket = ticket.get(),
                    "note joined its ticket's order"
                );
                let finish = EventFinish::Requeue {
                    next_attempt_at: done_at,
                };
                self.finish(event, finish, done_at).await;
                return;
            }
            Err(err) => self.failure(event, &err, done_at),
        };
        // Log first: if we crash in between, the replay repeats the entry, never loses it.
        if let Err(err) = self.store.append_activity(entry).await {
            tracing::warn!(error = %err, event = event.id.get(), "cannot write the activity entry");
        }
        self.finish(event, finish, done_at).await;
    }

    async fn finish(&self, event: &WebhookEventRecord, finish: EventFinish, done_at: Millis) {
        match self
            .store
            .finish_webhook_event(event.id, &self.config.owner, finish, done_at)
            .await
        {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                event = event.id.get(),
                "lease lost before finishing; another worker has it"
            ),
            Err(err) => {
                tracing::warn!(error = %err, event = event.id.get(), "cannot record the outcome; the lease will expire")
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
        tracing::warn!(event = event.id.get(), attempts = event.attempts, park, error = %message, "webhook event failed");
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
            Outcome::Decided { .. } => "decided",
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
