//! Periodic clean-up of expired sessions, old sign-in failures and old webhook events, so no
//! table grows without bound.

use crate::store::Store;
use std::time::Duration;
use tokio::sync::watch;

const EVERY: Duration = Duration::from_secs(15 * 60);
/// Longer than any sign-in window the settings allow (7 days).
const KEEP_FAILURES_MS: i64 = 8 * 24 * 3_600_000;

/// Rows per statement: small enough that a sweep never holds SQLite's writer (or a PostgreSQL
/// row lock set) long enough to delay intake.
const BATCH: i64 = 500;

/// How long finished webhook events keep their body, and how long their row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRetention {
    pub body_ms: i64,
    /// Never shorter than `body_ms`; Autotask stops redelivering within minutes, so any value
    /// of a day or more still recognises every redelivery.
    pub row_ms: i64,
}

/// Cleans up now and every 15 minutes until `stop` becomes true.
pub async fn run(store: Store, retention: EventRetention, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            // A dropped sender means the application is gone: stop too.
            _ = stop.wait_for(|stopped| *stopped) => return,
        }
        let now = crate::clock::now_ms();
        if let Err(e) = store.delete_expired_sessions(now).await {
            tracing::warn!(error = %e, "could not delete expired sessions");
        }
        if let Err(e) = store.prune_sign_in_failures(now - KEEP_FAILURES_MS).await {
            tracing::warn!(error = %e, "could not prune sign-in failures");
        }
        match prune_webhook_events(&store, retention, now, &stop).await {
            Ok((0, 0)) => {}
            Ok((cleared, deleted)) => {
                tracing::info!(cleared, deleted, "pruned old webhook events");
            }
            Err(e) => tracing::warn!(error = %e, "could not prune webhook events"),
        }
    }
}

/// Clears old bodies, then deletes old rows, batch by batch until none is left or `stop`
/// fires; returns how many bodies were cleared and rows deleted.
pub async fn prune_webhook_events(
    store: &Store,
    retention: EventRetention,
    now: crate::store::Millis,
    stop: &watch::Receiver<bool>,
) -> Result<(u64, u64), crate::store::StoreError> {
    let mut cleared = 0;
    loop {
        let n = store
            .clear_webhook_event_bodies(now - retention.body_ms, BATCH)
            .await?;
        cleared += n;
        if n < BATCH as u64 || *stop.borrow() {
            break;
        }
        // Between batches other writers get their turn.
        tokio::task::yield_now().await;
    }
    let mut deleted = 0;
    loop {
        let n = store
            .delete_old_webhook_events(now - retention.row_ms.max(retention.body_ms), BATCH)
            .await?;
        deleted += n;
        if n < BATCH as u64 || *stop.borrow() {
            break;
        }
        tokio::task::yield_now().await;
    }
    Ok((cleared, deleted))
}
