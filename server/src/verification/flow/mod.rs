//! The verification flow (issue 12): before the agent acts on a sensitive ticket, challenge
//! the requester through the MSP's provider and hold the session until the answer.
//!
//! Two halves meet in the database. The runner calls [`Flow::gate`] on every claimed session
//! before its turns: the ticket (and each later message) is classified and the verdict stored;
//! a sensitive one gets a timer row, and a session with a timer is not claimable (the runner's
//! claim query checks `verification_timers`). The gate sits in the runner rather than at wake
//! because only there is it certain to run before any brain turn, for wakes and messages alike.
//! The worker ([`Flow::run`]) leases due timers (SKIP LOCKED on PostgreSQL), and per timer
//! finds the requester and sends the challenge, polls at the configured pace with backoff on
//! outages until the MSP's timeout, then posts the outcome note and wakes the agent with a
//! trusted notice. Every step is a row change under the timer's lease, so a restart or a
//! second replica neither loses nor repeats a challenge.

mod gate;
mod opinion;
mod poll;
mod report;
mod start;
pub mod texts;

use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use tokio::sync::watch;

pub use gate::Gate;
pub use texts::mask_email;

use crate::crypto::Cipher;
use crate::integrations::{Purpose, Tenants};
use crate::state::AppState;
use crate::store::{
    NewActivity, Store, StoreError, VerificationRecord, VerificationSettingsRecord,
    VerificationTimerRecord,
};
use app::states::{VerificationStage, VerificationState};

/// How the worker paces itself.
#[derive(Debug, Clone)]
pub struct FlowConfig {
    /// Between two polls of one pending challenge (Duo's `auth_status` and Traceless alike
    /// answer at once, so the pace is ours; a few seconds keeps the provider's limits far).
    pub poll: Duration,
    /// How often an idle worker looks for due timers.
    pub tick: Duration,
    /// How long a worker holds a timer while it works it.
    pub lease: Duration,
    /// Failed attempts in a row (provider or Autotask unavailable) before the outcome is
    /// `error`; the delay doubles from `poll` up to `max_backoff`.
    pub retries: i64,
    pub max_backoff: Duration,
}

impl FlowConfig {
    pub fn from_settings(settings: &crate::config::Settings) -> Self {
        let poll = Duration::from_millis(settings.verification_poll_ms);
        Self {
            poll,
            tick: poll.min(Duration::from_millis(250)),
            lease: Duration::from_secs(60),
            retries: 5,
            max_backoff: Duration::from_secs(60),
        }
    }

    /// The delay before attempt `attempts + 1` after a failure.
    fn backoff(&self, attempts: i64) -> Duration {
        let factor = 1u32 << attempts.clamp(0, 16) as u32;
        self.poll.saturating_mul(factor).min(self.max_backoff)
    }
}

#[derive(Clone)]
pub struct Flow {
    store: Store,
    cipher: Cipher,
    tenants: Tenants,
    http: reqwest::Client,
    config: Arc<FlowConfig>,
    /// This worker's lease owner name, unique per process.
    owner: String,
    /// Wakes the agent runner once an outcome notice is in and the timer gone.
    pub(crate) wake: crate::agent::wake::AgentWake,
}

/// Why a timer step could not finish now (it is retried under the lease rules).
#[derive(Debug, thiserror::Error)]
pub(crate) enum StepError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the integration of the session is gone")]
    NoIntegration,
    #[error(transparent)]
    Tenant(#[from] crate::integrations::TenantError),
}

impl Flow {
    pub fn new(state: &AppState) -> Self {
        Self {
            store: state.store.clone(),
            cipher: state.cipher.clone(),
            tenants: state.tenants.clone(),
            http: provider_http(),
            config: Arc::new(FlowConfig::from_settings(&state.settings)),
            owner: format!("verify-{}", uuid::Uuid::new_v4()),
            wake: state.agent_wake.clone(),
        }
    }

    pub fn with_config(mut self, config: FlowConfig) -> Self {
        self.config = Arc::new(config);
        self
    }

    /// Works due timers until `stop`.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            if self.run_once().await == 0 {
                tokio::select! {
                    _ = stop.wait_for(|s| *s) => return,
                    _ = tokio::time::sleep(self.config.tick) => {}
                }
            }
        }
    }

    /// Leases the due timers and works each one step; returns how many it leased.
    pub async fn run_once(&self) -> usize {
        let now = crate::clock::now_ms();
        let lease = self.config.lease.as_millis() as i64;
        let timers = match self
            .store
            .claim_verification_timers(&self.owner, now, lease, 16)
            .await
        {
            Ok(timers) => timers,
            Err(err) => {
                tracing::warn!(error = %err, "verification worker could not claim timers");
                return 0;
            }
        };
        let count = timers.len();
        join_all(timers.into_iter().map(|t| self.step(t))).await;
        count
    }

    async fn step(&self, timer: VerificationTimerRecord) {
        let id = timer.verification_id;
        let result = async {
            let Some(v) = self.store.verification(id).await? else {
                self.store
                    .finish_verification_timer(id, &self.owner)
                    .await?;
                return Ok(());
            };
            match timer.stage {
                VerificationStage::Start => self.start(&v, &timer).await,
                VerificationStage::Poll => self.poll(&v, &timer).await,
                VerificationStage::Report => self.report(&v, &timer).await,
            }
        }
        .await;
        if let Err(err) = result {
            // The lease ends on its own; the next claim after it retries the step.
            tracing::warn!(verification = %id, error = %err, "verification step failed");
        }
    }

    /// The MSP's settings; none saved means no provider and the defaults.
    async fn settings(
        &self,
        v: &VerificationRecord,
    ) -> Result<Option<VerificationSettingsRecord>, StoreError> {
        self.store.verification_settings(v.msp_id).await
    }

    async fn tenant(
        &self,
        v: &VerificationRecord,
    ) -> Result<crate::autotask::TenantClient, StepError> {
        let integration = self
            .store
            .integration(v.integration_id)
            .await?
            .ok_or(StepError::NoIntegration)?;
        Ok(self.tenants.tenant(&integration, Purpose::Background)?)
    }

    /// A failed attempt: retry later, or give up with `error` after too many in a row.
    async fn retry_or_fail(
        &self,
        v: &VerificationRecord,
        timer: &VerificationTimerRecord,
        why: &str,
    ) -> Result<(), StepError> {
        let attempts = timer.attempts + 1;
        if attempts >= self.config.retries {
            let reason = format!("{why} (gave up after {attempts} attempts)");
            return self
                .decide(v, VerificationState::Failed, Some(&reason))
                .await;
        }
        let next = crate::clock::now_ms() + self.config.backoff(timer.attempts).as_millis() as i64;
        self.store
            .reschedule_verification_timer(v.id, &self.owner, next, attempts, Some(why))
            .await?;
        Ok(())
    }

    /// Records an outcome (once) and leaves the note and the notice to the report stage.
    async fn decide(
        &self,
        v: &VerificationRecord,
        state: VerificationState,
        reason: Option<&str>,
    ) -> Result<(), StepError> {
        let now = crate::clock::now_ms();
        if self
            .store
            .decide_verification(v.id, &self.owner, state, reason, now)
            .await?
        {
            let summary = texts::outcome_summary(state, reason);
            self.trail(v, "verification.outcome", &summary, state.as_str(), now)
                .await;
            // The timer is free and due at once: the worker's next round reports it.
        }
        Ok(())
    }

    /// One activity entry; a failure to write it is logged, never fatal to the flow.
    async fn trail(
        &self,
        v: &VerificationRecord,
        kind: &str,
        summary: &str,
        outcome: &str,
        at: i64,
    ) {
        let entry = NewActivity {
            msp_id: v.msp_id,
            client_id: Some(v.client_id),
            at,
            kind: kind.to_owned(),
            summary: summary.to_owned(),
            outcome: outcome.to_owned(),
            detail: serde_json::json!({
                "verification_id": v.id.get(),
                "session_id": v.session_id.get(),
                "ticket_id": v.ticket_id.get(),
            }),
        };
        if let Err(err) = self.store.append_activity(entry).await {
            tracing::warn!(verification = %v.id, error = %err, "activity entry not written");
        }
    }
}

/// One client for every provider call: short timeouts, since a slow provider is retried.
fn provider_http() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .build()
        .expect("a reqwest client with timeouts builds")
}
