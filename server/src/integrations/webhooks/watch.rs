//! The periodic webhook check: every few minutes each connected integration's definitions are
//! read (one request per entity, background lane), a deactivation nobody announced is found,
//! the tenant's usage is sampled for the budget chart, and a webhook silent for too long
//! during business hours raises an alert. A backfill runs on the first round after a start
//! and when a silence is found, so what webhooks missed meanwhile still reaches the agents.

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
}

/// Monday to Friday, 08:00 to 18:00 UTC: when a silent webhook is news rather than a quiet
/// night.
pub fn business_hours(at: Millis) -> bool {
    let secs = at.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    // 1970-01-01 was a Thursday: day 0 → weekday 3 (Monday = 0).
    let weekday = (days + 3).rem_euclid(7);
    let hour = secs.rem_euclid(86_400) / 3600;
    weekday < 5 && (8..18).contains(&hour)
}

/// Silent for longer than `silence`, counted from the last event (or from Connected when none
/// came yet); a webhook never connected is not silent, it is not set up.
pub fn is_silent(record: &IntegrationRecord, silence: Duration, now: Millis) -> bool {
    let since = record.last_event_at.or(record.webhook_connected_at);
    since.is_some_and(|at| now - at > silence.as_millis() as i64)
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
    // Alerted once per silence: cleared when an event arrives.
    let mut silent: HashSet<IntegrationId> = HashSet::new();
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
            let silence_began = check_one(
                &registrar,
                &metrics,
                &config,
                &record,
                &mut silent,
                &alert_mail,
            )
            .await;
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
        .tenant(record, crate::integrations::Purpose::Background)
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
    silent: &mut HashSet<IntegrationId>,
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
    let now = now_ms();
    match config.silence {
        Some(limit) if business_hours(now) && is_silent(record, limit, now) => {
            if silent.insert(record.id) {
                tracing::warn!(
                    integration = record.id.get(),
                    "no webhook event for too long"
                );
                metrics.counter(ALERTS, &[("reason", "silent")]).inc();
                alert_mail.webhook_alert(record.id, crate::store::AlertReason::Silent);
                return true;
            }
            false
        }
        _ => {
            silent.remove(&record.id);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_hours_are_weekdays_eight_to_six_utc() {
        // 2026-11-30 is a Monday.
        let monday = 1_795_996_800_000; // 2026-11-30T00:00:00Z
        assert!(!business_hours(monday + 7 * 3_600_000));
        assert!(business_hours(monday + 8 * 3_600_000));
        assert!(business_hours(monday + 17 * 3_600_000 + 59 * 60_000));
        assert!(!business_hours(monday + 18 * 3_600_000));
        assert!(!business_hours(monday - 12 * 3_600_000), "Sunday noon");
        assert!(
            business_hours(monday + 4 * 86_400_000 + 9 * 3_600_000),
            "Friday"
        );
        assert!(
            !business_hours(monday + 5 * 86_400_000 + 9 * 3_600_000),
            "Saturday"
        );
    }
}
