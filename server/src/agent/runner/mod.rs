//! The agent runner: a background task that leases sessions with unread input, works them turn
//! by turn through the brain and the gateway, and releases them with a status saying why the
//! run ended.

mod approval_step;
mod brain_call;
mod budget;
mod session;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;

pub use budget::Budgets;

use super::brain::BrainSource;
use super::wake::AgentWake;
use crate::config::Settings;
use crate::gateway::Gateway;
use crate::integrations::Tenants;
use crate::state::AppState;
use crate::store::{ClaimedSession, SessionRelease, Store};
use app::states::SessionStatus;

/// How the runner works: budgets per wake, parallelism, leases and retries.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    pub budgets: Budgets,
    pub concurrency: usize,
    pub lease: Duration,
    /// How long an idle runner waits before looking for work again.
    pub poll: Duration,
    /// Retries of a transient brain failure within one run, and the first delay (doubling).
    pub transient_retries: u32,
    pub transient_backoff: Duration,
    /// How long a session that failed for a passing reason (Autotask down) waits.
    pub retry_later: Duration,
}

impl RunnerConfig {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            budgets: Budgets {
                tool_calls: settings.agent_max_tool_calls,
                brain_calls: settings.agent_max_brain_calls,
                tokens: settings.agent_max_tokens,
            },
            concurrency: settings.agent_runner_concurrency.max(1),
            lease: Duration::from_secs(u64::from(settings.agent_lease_secs)),
            poll: Duration::from_millis(250),
            transient_retries: 3,
            transient_backoff: Duration::from_millis(500),
            retry_later: Duration::from_secs(30),
        }
    }
}

#[derive(Clone)]
pub struct Runner {
    store: Store,
    tenants: Tenants,
    brains: Arc<dyn BrainSource>,
    gateway: Gateway,
    config: RunnerConfig,
    /// Notified when a session gets unread input, so a wake never waits for the poll.
    wake: AgentWake,
    /// Checks every claimed session for a sensitive request before the brain sees it.
    verification: crate::verification::flow::Flow,
    /// For approvals: the public base URL of links and the plans' expiry.
    settings: Arc<Settings>,
    /// This runner's lease owner name, unique per process.
    owner: String,
}

impl Runner {
    pub fn new(state: &AppState, config: RunnerConfig) -> Self {
        Self {
            store: state.store.clone(),
            tenants: state.tenants.clone(),
            brains: state.brains.clone(),
            gateway: Gateway::new(state.store.clone()),
            config,
            wake: state.agent_wake.clone(),
            verification: crate::verification::flow::Flow::new(state),
            settings: state.settings.clone(),
            owner: format!("runner-{}", uuid::Uuid::new_v4()),
        }
    }

    /// The same runner with another source of brains (tests, benchmarks).
    pub fn with_brains(mut self, brains: Arc<dyn BrainSource>) -> Self {
        self.brains = brains;
        self
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Works sessions until `stop`; runs in progress finish their turn's calls first. A slot
    /// that frees up is filled at once, and an idle runner looks again when woken (a session
    /// got unread input here) or after its poll interval (another replica's wake, a retry
    /// that came due, a session whose lease expired).
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        self.sweep_unsettled().await;
        let mut running = JoinSet::new();
        while !*stop.borrow() {
            let free = self.config.concurrency.saturating_sub(running.len());
            if free > 0 {
                for session in self.claim(free).await {
                    let runner = self.clone();
                    running.spawn(async move { runner.work_and_release(session).await });
                }
            }
            tokio::select! {
                _ = stop.wait_for(|s| *s) => break,
                // A run ended: its slot is free, and its session may have input left.
                Some(ended) = running.join_next(), if !running.is_empty() => log_panic(ended),
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.config.poll) => {}
            }
        }
        while let Some(ended) = running.join_next().await {
            log_panic(ended);
        }
    }

    /// Claims up to `concurrency` sessions and works them all; returns how many it claimed.
    pub async fn run_once(&self) -> usize {
        let claimed = self.claim(self.config.concurrency).await;
        let count = claimed.len();
        futures::future::join_all(claimed.into_iter().map(|s| self.work_and_release(s))).await;
        count
    }

    /// At start: sessions a crash left with a `started` call (and no lease) are made ready, so
    /// the write is reconciled now and not only when the ticket next changes. Sessions another
    /// replica still leases are its own; an expired lease is claimed again anyway.
    pub async fn sweep_unsettled(&self) {
        match self
            .store
            .ready_sessions_with_started_calls(crate::clock::now_ms())
            .await
        {
            Ok(ready) if !ready.is_empty() => {
                tracing::info!(
                    sessions = ready.len(),
                    "sessions with calls a crash left unsettled are ready to reconcile"
                );
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "cannot look for unsettled tool calls"),
        }
    }

    /// Leases up to `limit` sessions with unread input (none when the store fails).
    async fn claim(&self, limit: usize) -> Vec<ClaimedSession> {
        let now = crate::clock::now_ms();
        let lease_ms = self.config.lease.as_millis() as i64;
        match self
            .store
            .claim_agent_sessions(&self.owner, now, lease_ms, limit as i64)
            .await
        {
            Ok(claimed) => claimed,
            Err(err) => {
                tracing::warn!(error = %err, "agent runner could not claim sessions");
                Vec::new()
            }
        }
    }

    async fn work_and_release(&self, claimed: ClaimedSession) {
        let id = claimed.id;
        let release = match self.work(&claimed).await {
            Ok(Some(release)) => release,
            // The lease went to another runner: it owns the session now.
            Ok(None) => return,
            Err(err) => {
                tracing::warn!(session = %id, error = %err, "agent run failed; retrying later");
                SessionRelease {
                    status: SessionStatus::Ready,
                    reason: Some(format!("retrying after an error: {err}")),
                    read_seq: claimed.read_seq,
                    not_before: Some(
                        crate::clock::now_ms() + self.config.retry_later.as_millis() as i64,
                    ),
                }
            }
        };
        let now = crate::clock::now_ms();
        if let Err(err) = self
            .store
            .release_agent_session(id, &self.owner, &release, now)
            .await
        {
            tracing::warn!(session = %id, error = %err, "agent session not released; its lease will expire");
        }
    }
}

/// A run that panicked loses only its session's run: the lease expires and the session is
/// claimed again.
fn log_panic(ended: Result<(), tokio::task::JoinError>) {
    if let Err(err) = ended {
        tracing::error!(error = %err, "an agent run panicked; its lease will expire");
    }
}
