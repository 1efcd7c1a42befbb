//! The expiry sweeper: every minute, pending plans past their expiry become `expired`; each
//! gets its activity entry and wakes its session, whose runner posts the note and ends the
//! waiting steps (as for any other decision).

use std::time::Duration;

use tokio::sync::watch;

use super::decide::{decision_activity, decision_notice};
use crate::store::{Store, StoreError};

pub const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Expires the due plans once; returns how many.
pub async fn sweep_once(store: &Store, now: i64) -> Result<usize, StoreError> {
    let expired = store.expire_due_approval_plans(now).await?;
    for plan in &expired {
        store.append_activity(decision_activity(plan, now)).await?;
        store
            .add_session_notice(plan.session_id, &decision_notice(plan), now)
            .await?;
    }
    Ok(expired.len())
}

pub async fn run(store: Store, every: Duration, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(err) = sweep_once(&store, crate::clock::now_ms()).await {
            tracing::warn!(error = %err, "approval expiry sweep failed; trying again next round");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}
