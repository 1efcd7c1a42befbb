//! The budget panel's view: the tenant's usage from ThresholdInformation, Relay's own count
//! and ceiling, what background work does now, and the last 24 hours by hour.

use super::governor::{Governor, Pace};
use super::tenants::{Purpose, Tenants};
use crate::store::{IntegrationRecord, Millis, Store, StoreError, UsageSample};
use app::states::RequestPurpose;
use app::wire::{BudgetHour, BudgetView, PurposeCount};

const HOUR_MS: Millis = 3_600_000;

/// 24 buckets ending with the current hour; each holds the hour's highest reading.
pub fn hours(samples: &[UsageSample], now: Millis) -> Vec<BudgetHour> {
    let current = now.div_euclid(HOUR_MS);
    (0..24)
        .rev()
        .map(|back| {
            let hour = current - back;
            let within = samples.iter().filter(|s| s.at.div_euclid(HOUR_MS) == hour);
            let (mut tenant_used, mut relay_used, mut threshold) = (0, 0, 0);
            for s in within {
                tenant_used = tenant_used.max(s.tenant_used);
                relay_used = relay_used.max(s.relay_used);
                threshold = threshold.max(s.tenant_threshold);
            }
            BudgetHour {
                label: format!("{:02}:00", hour.rem_euclid(24)),
                tenant_used,
                relay_used,
                threshold,
            }
        })
        .collect()
}

pub async fn budget_view(
    store: &Store,
    tenants: &Tenants,
    record: &IntegrationRecord,
    now: Millis,
) -> Result<BudgetView, StoreError> {
    let governor: &Governor = tenants.governor();
    let ceiling = store.autotask_budget(record.id).await?.relay_hourly_ceiling;
    let (relay_used, by_purpose) = tenants
        .tenant(record, Purpose::Wizard)
        .map(|t| {
            (
                t.requests_last_hour(),
                purposes(&t.requests_last_hour_by_purpose()),
            )
        })
        .unwrap_or_default();
    let reading = governor.reading(record.id);
    let background = match governor.pace(reading, relay_used, ceiling) {
        Pace::Go => "normal",
        Pace::Slow(_) => "slowed",
        Pace::Pause => "paused",
    };
    let turns = governor.turns(record.id);
    let samples = store
        .usage_samples_since(record.id, now - 24 * HOUR_MS)
        .await?;
    Ok(BudgetView {
        tenant_used: reading.map(|r| r.used),
        tenant_threshold: reading.map(|r| r.threshold),
        relay_used,
        relay_ceiling: ceiling,
        background: background.into(),
        slowed_total: turns.slowed,
        paused_total: turns.paused,
        hours: hours(&samples, now),
        by_purpose,
    })
}

/// The limiter's counts per label as the panel lists them: largest first, then by name.
pub fn purposes(counts: &[(&str, u64)]) -> Vec<PurposeCount> {
    let mut out: Vec<PurposeCount> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| PurposeCount {
            // Every label comes from `RequestPurpose::as_str`; anything else is "other".
            purpose: label.parse().unwrap_or(RequestPurpose::Other),
            requests: *n,
        })
        .collect();
    out.sort_by(|a, b| {
        b.requests
            .cmp(&a.requests)
            .then(a.purpose.as_str().cmp(b.purpose.as_str()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_keep_each_hours_peak_and_end_now() {
        let now = 1_795_996_800_000 + 10 * HOUR_MS + 5 * 60_000;
        let s = |at, tenant_used| UsageSample {
            at,
            tenant_used,
            tenant_threshold: 10_000,
            relay_used: 7,
        };
        let h = hours(
            &[
                s(now - 60_000, 400),
                s(now - 120_000, 900),
                s(now - HOUR_MS, 50),
            ],
            now,
        );
        assert_eq!(h.len(), 24);
        assert_eq!((h[23].label.as_str(), h[23].tenant_used), ("10:00", 900));
        assert_eq!((h[22].label.as_str(), h[22].tenant_used), ("09:00", 50));
        assert_eq!(h[0].tenant_used, 0);
    }

    #[test]
    fn purposes_are_listed_largest_first() {
        let p = purposes(&[("agent", 3), ("import", 40), ("pipeline", 3), ("checks", 0)]);
        let got: Vec<_> = p.iter().map(|c| (c.purpose, c.requests)).collect();
        assert_eq!(
            got,
            vec![
                (RequestPurpose::Import, 40),
                (RequestPurpose::Agent, 3),
                (RequestPurpose::Pipeline, 3),
            ]
        );
    }
}
