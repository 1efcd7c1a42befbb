//! Shared simulator state (tenant data, paging, limits, faults, webhook queues) and the write path
//! that both the API and the control API go through, so both fire webhooks the same way.

use super::config::SimConfig;
use super::data::{Actor, Tenant, WriteOp};
use super::error::ApiResult;
use super::faults::Faults;
use super::limits::{Counters, Limits};
use super::query::PageStore;
use super::webhooks::{self, Dispatcher};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::watch;

pub struct SimState {
    pub cfg: SimConfig,
    pub base_url: String,
    tenant: Mutex<Tenant>,
    pages: Mutex<PageStore>,
    faults: Mutex<Faults>,
    pub limits: Arc<Limits>,
    pub counters: Counters,
    pub hooks: Dispatcher,
    pub shutdown: watch::Receiver<bool>,
}

/// Locks ignore poisoning: a panicking handler must not take the whole fake down with it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl SimState {
    pub fn new(
        cfg: SimConfig,
        base_url: String,
        tenant: Tenant,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        SimState {
            limits: Arc::new(Limits::new(cfg.thread_limit, cfg.hourly_limit)),
            hooks: Dispatcher::new(cfg.webhooks.clone()),
            cfg,
            base_url,
            tenant: Mutex::new(tenant),
            pages: Mutex::default(),
            faults: Mutex::default(),
            counters: Counters::default(),
            shutdown,
        }
    }

    pub fn tenant(&self) -> MutexGuard<'_, Tenant> {
        lock(&self.tenant)
    }

    pub fn pages(&self) -> MutexGuard<'_, PageStore> {
        lock(&self.pages)
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        lock(&self.faults)
    }

    /// REST base as zoneInformation reports it (trailing slash, clients append `v1.0/...`).
    pub fn rest_base(&self) -> String {
        format!("{}/ATServicesRest/", self.base_url)
    }

    /// Applies a write, then queues the webhook events it caused (delivered in the background).
    pub fn apply_write(self: &Arc<Self>, op: WriteOp<'_>, actor: Actor) -> ApiResult<i64> {
        let (outcome, events) = {
            let mut t = self.tenant();
            let outcome = t.write(op, actor)?;
            let events = match &outcome.change {
                Some(change) => webhooks::events_for(&mut t, change),
                None => Vec::new(),
            };
            (outcome, events)
        };
        webhooks::enqueue(self, events);
        if let Some((entity, rec)) = outcome.removed_webhook {
            webhooks::notify_deactivated(self, entity, &rec);
        }
        Ok(outcome.item_id)
    }
}
