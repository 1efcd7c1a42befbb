//! The periodic webhook check: every few minutes each connected integration's definitions are
//! read (one request per entity, background lane), a deactivation nobody announced is found,
//! the tenant's usage is sampled for the budget chart, and a webhook silent for too long
//! during business hours while tickets change raises an alert (`silence.rs`). A backfill runs
//! on the first round after a start and when a silence is found, so what webhooks missed
//! meanwhile still reaches the agents.

use super::{WebhookRegistrar, ALERTS};
use crate::clock::now_ms;
use crate::metrics::Metrics;
use crate::store::{IntegrationRecord, Millis, Store};
use app::ids::IntegrationId;
use std::collections::HashSet;
use std::time::Duration;
use tokio::sync::watch;

/// How the watch runs; `silence: None` turns the silence alert off.
#[derive(Debug, Clone, Copy)]
pub struct WatchConfig {
    pub every: Duration,
    pub silence: Option<Duration>,
    /// When a silence is news (see `silence.rs`).
    pub hours: super::silence::BusinessHours,
}

pub async fn run(
    registrar: WebhookRegistrar,
    store: Store,
    metrics: Metrics,
    config: WatchConfig,
    alert_mail: crate::mail::alerts::AlertMail,
    mut stop: watch::Receiver<bool>,
) {
    // The first round comes one period after the start, not at once: after a restart
    // Autotask is still retrying the deliveries that failed meanwhile (for about two minutes),
    // and a backfill racing those retries would fetch what they are about to deliver.
    let mut tick =
        tokio::time::interval_at(tokio::time::Instant::now() + config.every, config.every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Integrations backfilled since this process started (the restart catch-up).
    let mut caught_up: HashSet<IntegrationId> = HashSet::new();
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|stopped| *stopped) => return,
        }
        let ids = match store.connected_integration_ids().await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, "webhook check: cannot list integrations");
                continue;
            }
        };
        for id in ids {
            if *stop.borrow() {
                return;
            }
            let Ok(Some(record)) = store.integration(id).await else {
                continue;
            };
            let silence_began =
                check_one(&registrar, &metrics, &config, &record, &alert_mail).await;
            sample_usage(&registrar, &store, &record).await;
            let connected =
                record.webhook_connected_at.is_some() && record.deactivated_at.is_none();
            if connected && (caught_up.insert(record.id) || silence_began) {
                match registrar.backfill(&record).await {
                    Ok(report) if report.queued > 0 => tracing::info!(
                        integration = id.get(),
                        queued = report.queued,
                        "backfill caught up on missed changes"
                    ),
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(integration = id.get(), error = %e, "backfill failed; retried next round");
                        caught_up.remove(&record.id);
                    }
                }
            }
        }
    }
}

/// Records a ThresholdInformation reading (one request) with Relay's own hourly count; keeps
/// a day of samples for the chart.
async fn sample_usage(registrar: &WebhookRegistrar, store: &Store, record: &IntegrationRecord) {
    let Ok(tenant) = registrar
        .tenants
        .tenant(record, crate::integrations::Purpose::Checks)
    else {
        return;
    };
    match registrar
        .tenants
        .governor()
        .refresh(record.id, &tenant)
        .await
    {
        Ok(reading) => {
            let now = now_ms();
            let sample = crate::store::UsageSample {
                at: now,
                tenant_used: reading.used,
                tenant_threshold: reading.threshold,
                relay_used: i64::try_from(tenant.requests_last_hour()).unwrap_or(i64::MAX),
            };
            if let Err(e) = store
                .record_usage_sample(record.id, sample, now - DAY_MS)
                .await
            {
                tracing::warn!(integration = record.id.get(), error = %e, "usage sample not stored");
            }
        }
        Err(e) => {
            tracing::warn!(integration = record.id.get(), error = %e, "ThresholdInformation unreadable")
        }
    }
}

const DAY_MS: Millis = 86_400_000;

/// True when this round is the first to find the webhook silent.
async fn check_one(
    registrar: &WebhookRegistrar,
    metrics: &Metrics,
    config: &WatchConfig,
    record: &IntegrationRecord,
    alert_mail: &crate::mail::alerts::AlertMail,
) -> bool {
    match registrar.check(record).await {
        Ok(true) => {
            tracing::warn!(
                integration = record.id.get(),
                "webhook found deactivated in Autotask"
            );
            metrics.counter(ALERTS, &[("reason", "deactivated")]).inc();
            alert_mail.webhook_alert(record.id, crate::store::AlertReason::Deactivated);
        }
        Ok(false) => {}
        Err(e) => tracing::warn!(integration = record.id.get(), error = %e, "webhook check failed"),
    }
    let Some(limit) = config.silence else {
        return false;
    };
    // Raised once per silence (the store remembers it across restarts); cleared by an event.
    let now = now_ms();
    let in_hours = config.hours.contains(now);
    match super::silence::observe(registrar, record, limit, in_hours, now).await {
        Ok(super::silence::Silence::Alert(alert, true)) => {
            tracing::warn!(
                integration = record.id.get(),
                tickets_changed = alert.tickets_changed,
                "no webhook event for too long while tickets changed"
            );
            metrics.counter(ALERTS, &[("reason", "silent")]).inc();
            alert_mail.webhook_alert(record.id, crate::store::AlertReason::Silent);
            true
        }
        Ok(_) => false,
        Err(e) => {
            tracing::warn!(integration = record.id.get(), error = %e, "webhook silence check failed");
            false
        }
    }
}
