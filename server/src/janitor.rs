//! Periodic clean-up of expired sessions and old sign-in failures, so neither table grows
//! without bound.

use crate::store::Store;
use std::time::Duration;
use tokio::sync::watch;

const EVERY: Duration = Duration::from_secs(15 * 60);
/// Longer than any sign-in window the settings allow (7 days).
const KEEP_FAILURES_MS: i64 = 8 * 24 * 3_600_000;

/// Cleans up now and every 15 minutes until `stop` becomes true.
pub async fn run(store: Store, mut stop: watch::Receiver<bool>) {
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
    }
}
