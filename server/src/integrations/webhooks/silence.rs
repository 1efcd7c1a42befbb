//! The silence alert: a webhook that delivered nothing for the configured time during business
//! hours while tickets kept changing in Autotask has most likely stopped working without a
//! deactivation notice (a proxy, a certificate, a definition edited by hand). A quiet tenant is
//! not an alert: the check asks Autotask how many tickets changed since the last event (one
//! count request; changes by Relay's own API user are left out, Autotask never sends those).
//! The alert is stored for the card and clears once an event arrives again.

use super::{iso, WebhookError, WebhookRegistrar};
use crate::autotask::{Filter, Query, Ticket};
use crate::integrations::Purpose;
use crate::store::{IntegrationRecord, Millis, SilenceAlert, Store, StoreError};
use std::time::Duration;

/// Monday to Friday, 08:00 to 18:00 at a fixed offset from UTC (the `business_hours_utc_offset`
/// key): when a silent webhook is news rather than a quiet night.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BusinessHours {
    pub utc_offset_minutes: i32,
}

impl BusinessHours {
    pub fn contains(&self, at: Millis) -> bool {
        let local = at.div_euclid(1000) + i64::from(self.utc_offset_minutes) * 60;
        let days = local.div_euclid(86_400);
        // 1970-01-01 was a Thursday: day 0 → weekday 3 (Monday = 0).
        let weekday = (days + 3).rem_euclid(7);
        let hour = local.rem_euclid(86_400) / 3600;
        weekday < 5 && (8..18).contains(&hour)
    }
}

/// What one check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Silence {
    /// Events arrive (or the webhook is not connected yet): nothing to say; any alert cleared.
    Heard,
    /// Autotask deactivated the webhook: that alert says more (and has its Reactivate button);
    /// any silence alert cleared, no request spent.
    Deactivated,
    /// Silent, but outside business hours: an alert already raised stays.
    AfterHours,
    /// Silent, and no ticket changed meanwhile: a quiet tenant, not a broken webhook.
    Quiet,
    /// Silent while tickets changed: `true` when this check is the first to find it.
    Alert(SilenceAlert, bool),
}

/// Since when the webhook is silent: the last event, else when it connected.
pub fn silent_since(record: &IntegrationRecord) -> Option<Millis> {
    record.last_event_at.or(record.webhook_connected_at)
}

/// The stored alert, if it is still about the current silence (an event since clears it at
/// once, before the next check deletes the row).
pub async fn current(
    store: &Store,
    record: &IntegrationRecord,
) -> Result<Option<SilenceAlert>, StoreError> {
    let alert = store.silence_alert(record.id).await?;
    Ok(alert.filter(|a| silent_since(record) == Some(a.silent_since)))
}

/// One check of `record` at `now` against `limit` of silence; `in_hours` says whether `now`
/// is within business hours (`BusinessHours::contains`).
pub async fn observe(
    registrar: &WebhookRegistrar,
    record: &IntegrationRecord,
    limit: Duration,
    in_hours: bool,
    now: Millis,
) -> Result<Silence, WebhookError> {
    let store = &registrar.store;
    let since = silent_since(record).filter(|at| now - at > limit.as_millis() as i64);
    let Some(since) = since else {
        store.clear_silence_alert(record.id).await?;
        return Ok(Silence::Heard);
    };
    if record.deactivated_at.is_some() {
        store.clear_silence_alert(record.id).await?;
        return Ok(Silence::Deactivated);
    }
    if current(store, record).await?.is_none() {
        // An alert about an earlier silence: events came in between.
        store.clear_silence_alert(record.id).await?;
    }
    if !in_hours {
        return Ok(Silence::AfterHours);
    }
    let tenant = registrar
        .tenants
        .tenant(record, Purpose::Checks)
        .map_err(|e| WebhookError::Secrets(e.to_string()))?;
    let changed = Query::new().filter(Filter::and([
        Filter::gt("lastActivityDate", iso::format(since).as_str()),
        Filter::or([
            Filter::noteq("lastActivityResourceID", record.api_user_resource_id.get()),
            Filter::not_exist("lastActivityResourceID"),
        ]),
    ]));
    let tickets_changed = tenant.count::<Ticket>(&changed).await?;
    if tickets_changed == 0 {
        store.clear_silence_alert(record.id).await?;
        return Ok(Silence::Quiet);
    }
    let alert = SilenceAlert {
        silent_since: since,
        raised_at: now,
        tickets_changed: i64::try_from(tickets_changed).unwrap_or(i64::MAX),
        checked_at: now,
    };
    let news = store.raise_silence_alert(record.id, alert).await?;
    // As stored: a silence raised before keeps when it was first raised.
    let stored = store.silence_alert(record.id).await?.unwrap_or(alert);
    Ok(Silence::Alert(stored, news))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-30 is a Monday.
    const MONDAY: Millis = 1_795_996_800_000; // 2026-11-30T00:00:00Z
    const HOUR: Millis = 3_600_000;

    #[test]
    fn business_hours_are_weekdays_eight_to_six_at_the_offset() {
        let utc = BusinessHours::default();
        assert!(!utc.contains(MONDAY + 7 * HOUR));
        assert!(utc.contains(MONDAY + 8 * HOUR));
        assert!(utc.contains(MONDAY + 17 * HOUR + 59 * 60_000));
        assert!(!utc.contains(MONDAY + 18 * HOUR));
        assert!(!utc.contains(MONDAY - 12 * HOUR), "Sunday noon");
        assert!(utc.contains(MONDAY + 4 * 24 * HOUR + 9 * HOUR), "Friday");
        assert!(!utc.contains(MONDAY + 5 * 24 * HOUR + 9 * HOUR), "Saturday");

        let berlin = BusinessHours {
            utc_offset_minutes: 60,
        };
        assert!(berlin.contains(MONDAY + 7 * HOUR), "08:00 in Berlin");
        assert!(!berlin.contains(MONDAY + 17 * HOUR), "18:00 in Berlin");
        let new_york = BusinessHours {
            utc_offset_minutes: -300,
        };
        assert!(!new_york.contains(MONDAY + 12 * HOUR), "07:00 in New York");
        assert!(new_york.contains(MONDAY + 22 * HOUR), "17:00 in New York");
        assert!(
            new_york.contains(MONDAY + 4 * 24 * HOUR + 22 * HOUR),
            "Friday 17:00 in New York is Saturday in UTC"
        );
    }
}
