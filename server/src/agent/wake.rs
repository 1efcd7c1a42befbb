//! Waking the agent runner the moment a session gets unread input (a wake, a delivered
//! message, a Relay notice), instead of at its next poll. The poll stays as the safety net:
//! a wake that happens on another replica, or is lost, is still found within one interval.

use std::sync::Arc;
use tokio::sync::Notify;

/// Cheap to clone; every clone wakes the same runner.
#[derive(Clone, Default)]
pub struct AgentWake(Arc<Notify>);

impl AgentWake {
    /// Tells the runner that some session has unread input. Call it after the write that made
    /// the session unread has committed. A wake while the runner is busy is kept (one), so it
    /// looks again as soon as it is free.
    pub fn notify(&self) {
        self.0.notify_one();
    }

    /// Resolves at the next `notify` (or at once for one that came while nobody waited).
    pub async fn notified(&self) {
        self.0.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_wake_before_the_wait_is_kept_and_one_after_it_ends_the_wait() {
        let wake = AgentWake::default();
        wake.notify();
        let kept = tokio::time::timeout(Duration::from_secs(1), wake.notified()).await;
        assert!(kept.is_ok(), "a wake while the runner was busy is not lost");
        let waiting = {
            let wake = wake.clone();
            tokio::spawn(async move { wake.notified().await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "nothing woke it yet");
        wake.notify();
        let woke = tokio::time::timeout(Duration::from_secs(1), waiting).await;
        assert!(woke.is_ok());
    }
}
