//! Client-side limits: 3 in flight per (tracking id, entity), tenant pauses after the hourly
//! threshold, and the rolling-hour request count per integration.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The rolling window Autotask's hourly threshold uses.
const HOUR: Duration = Duration::from_secs(3600);

pub(crate) struct Limiter {
    max_in_flight: usize,
    slots: Mutex<HashMap<(String, String), Arc<Semaphore>>>,
    /// Tracking id → (resume time, Autotask's message that caused the pause).
    paused_until: Mutex<HashMap<String, (Instant, Vec<String>)>>,
    sent: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Limiter {
    pub(crate) fn new(max_in_flight: usize) -> Self {
        Self {
            // Zero would deadlock every request; one is the least that still works.
            max_in_flight: max_in_flight.max(1),
            slots: Mutex::default(),
            paused_until: Mutex::default(),
            sent: Mutex::default(),
        }
    }

    /// Waits for one of the per-(tracking id, entity) slots. Entity names compare
    /// case-insensitively because Autotask's paths do.
    pub(crate) async fn acquire(&self, tracking_id: &str, entity: &str) -> OwnedSemaphorePermit {
        let key = (tracking_id.to_owned(), entity.to_ascii_lowercase());
        let semaphore = {
            let mut slots = lock(&self.slots);
            slots
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(self.max_in_flight)))
                .clone()
        };
        semaphore
            .acquire_owned()
            .await
            .expect("limiter semaphores are never closed")
    }

    /// Stops all traffic for the tracking id until `until` (keeps the later of two pauses).
    pub(crate) fn pause(&self, tracking_id: &str, until: Instant, messages: Vec<String>) {
        let mut paused = lock(&self.paused_until);
        match paused.get_mut(tracking_id) {
            Some(entry) if entry.0 >= until => {}
            _ => {
                paused.insert(tracking_id.to_owned(), (until, messages));
            }
        }
    }

    /// Time left on a tenant pause and the message that caused it, if a pause is active.
    pub(crate) fn pause_remaining(&self, tracking_id: &str) -> Option<(Duration, Vec<String>)> {
        let now = Instant::now();
        let mut paused = lock(&self.paused_until);
        match paused.get(tracking_id) {
            Some((until, messages)) if *until > now => Some((*until - now, messages.clone())),
            Some(_) => {
                paused.remove(tracking_id);
                None
            }
            None => None,
        }
    }

    /// Counts one request sent to Autotask on behalf of the integration.
    pub(crate) fn record_request(&self, tracking_id: &str) {
        let now = Instant::now();
        let mut sent = lock(&self.sent);
        let log = sent.entry(tracking_id.to_owned()).or_default();
        prune(log, now);
        log.push_back(now);
    }

    /// Requests sent in the last 60 minutes for the integration.
    pub(crate) fn requests_last_hour(&self, tracking_id: &str) -> u64 {
        let now = Instant::now();
        let mut sent = lock(&self.sent);
        sent.get_mut(tracking_id).map_or(0, |log| {
            prune(log, now);
            log.len() as u64
        })
    }
}

fn prune(log: &mut VecDeque<Instant>, now: Instant) {
    while log
        .front()
        .is_some_and(|first| now.saturating_duration_since(*first) >= HOUR)
    {
        log.pop_front();
    }
}

/// A poisoned map only means another task panicked mid-update; the data is still usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn slots_are_per_tracking_id_and_entity() {
        let limiter = Limiter::new(3);
        let held: Vec<_> =
            futures::future::join_all((0..3).map(|_| limiter.acquire("T1", "Tickets"))).await;
        // A fourth Tickets slot must wait, while other entities and integrations are independent.
        let fourth =
            tokio::time::timeout(Duration::from_millis(50), limiter.acquire("T1", "tickets"));
        assert!(fourth.await.is_err());
        let _other_entity = limiter.acquire("T1", "Companies").await;
        let _other_integration = limiter.acquire("T2", "Tickets").await;
        drop(held);
        let _now_free = limiter.acquire("T1", "Tickets").await;
    }

    #[test]
    fn pauses_and_counts() {
        let limiter = Limiter::new(3);
        assert!(limiter.pause_remaining("T1").is_none());
        limiter.pause(
            "T1",
            Instant::now() + Duration::from_secs(30),
            vec!["first".into()],
        );
        limiter.pause("T1", Instant::now() + Duration::from_secs(5), vec![]);
        let (left, messages) = limiter.pause_remaining("T1").unwrap();
        assert_eq!(messages, vec!["first".to_owned()]);
        assert!(left > Duration::from_secs(25), "kept the later pause");
        assert!(limiter.pause_remaining("T2").is_none());
        for _ in 0..4 {
            limiter.record_request("T1");
        }
        assert_eq!(limiter.requests_last_hour("T1"), 4);
        assert_eq!(limiter.requests_last_hour("T2"), 0);
    }

    #[test]
    fn old_requests_leave_the_window() {
        let now = Instant::now();
        let mut log = VecDeque::new();
        if let Some(old) = now.checked_sub(HOUR + Duration::from_secs(1)) {
            log.push_back(old);
        }
        log.push_back(now);
        prune(&mut log, now);
        assert_eq!(log.len(), 1);
    }
}
