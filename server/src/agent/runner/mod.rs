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

pub use budget::Budgets;

use super::brain::BrainSource;
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

    /// Works sessions until `stop`; a run in progress finishes its turn's calls first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            let worked = self.run_once().await;
            if worked == 0 {
                tokio::select! {
                    _ = stop.wait_for(|s| *s) => return,
                    _ = tokio::time::sleep(self.config.poll) => {}
                }
            }
        }
    }

    /// Claims up to `concurrency` sessions and works them all; returns how many it claimed.
    pub async fn run_once(&self) -> usize {
        let now = crate::clock::now_ms();
        let lease_ms = self.config.lease.as_millis() as i64;
        let claimed = match self
            .store
            .claim_agent_sessions(&self.owner, now, lease_ms, self.config.concurrency as i64)
            .await
        {
            Ok(claimed) => claimed,
            Err(err) => {
                tracing::warn!(error = %err, "agent runner could not claim sessions");
                return 0;
            }
        };
        let count = claimed.len();
        futures::future::join_all(claimed.into_iter().map(|s| self.work_and_release(s))).await;
        count
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
