//! Client-side limits: 3 in flight per (tracking id, entity), of which background work may hold
//! all but one, tenant pauses after the hourly threshold, and the rolling-hour request count
//! per integration, split by what each request was for.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The rolling window Autotask's hourly threshold uses.
const HOUR: Duration = Duration::from_secs(3600);

/// Who is waiting for a slot. Background work (imports, backfills) may wait; interactive work
/// (an admin on a page, an agent's tool call, a wake) must not queue behind it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lane {
    #[default]
    Interactive,
    Background,
}

/// The semaphores of one (tracking id, entity).
struct Slots {
    /// Autotask's limit: every request holds one of these.
    all: Arc<Semaphore>,
    /// Background requests hold one of these too, and there is one fewer of them than of
    /// `all`, so a long import can never occupy the slot interactive work needs.
    background: Arc<Semaphore>,
}

/// A held slot; both permits are released on drop.
pub(crate) struct Slot {
    _all: OwnedSemaphorePermit,
    _background: Option<OwnedSemaphorePermit>,
}

pub(crate) struct Limiter {
    max_in_flight: usize,
    slots: Mutex<HashMap<(String, String), Slots>>,
    /// Tracking id → (resume time, Autotask's message that caused the pause).
    paused_until: Mutex<HashMap<String, (Instant, Vec<String>)>>,
    /// Tracking id → when each request of the last hour was sent, and its purpose label.
    sent: Mutex<HashMap<String, VecDeque<(Instant, &'static str)>>>,
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
    pub(crate) async fn acquire(&self, tracking_id: &str, entity: &str, lane: Lane) -> Slot {
        let key = (tracking_id.to_owned(), entity.to_ascii_lowercase());
        let (all, background) = {
            let mut slots = lock(&self.slots);
            let entry = slots.entry(key).or_insert_with(|| Slots {
                all: Arc::new(Semaphore::new(self.max_in_flight)),
                // With a limit of one nothing can be reserved; background then shares it.
                background: Arc::new(Semaphore::new((self.max_in_flight - 1).max(1))),
            });
            (entry.all.clone(), entry.background.clone())
        };
        // Background work queues on its own semaphore first, so at most `max - 1` background
        // requests ever wait on (or hold) the shared one.
        let background = match lane {
            Lane::Background => Some(
                background
                    .acquire_owned()
                    .await
                    .expect("limiter semaphores are never closed"),
            ),
            Lane::Interactive => None,
        };
        let all = all
            .acquire_owned()
            .await
            .expect("limiter semaphores are never closed");
        Slot {
            _all: all,
            _background: background,
        }
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

    /// Counts one request sent to Autotask on behalf of the integration, for `purpose`.
    pub(crate) fn record_request(&self, tracking_id: &str, purpose: &'static str) {
        let now = Instant::now();
        let mut sent = lock(&self.sent);
        let log = sent.entry(tracking_id.to_owned()).or_default();
        prune(log, now);
        log.push_back((now, purpose));
    }

    /// Requests sent in the last 60 minutes for the integration, per purpose label (sorted by
    /// label; labels without requests are absent). A scan: at most the tenant's hourly
    /// threshold of entries, read when a page or a sample asks.
    pub(crate) fn requests_last_hour_by_purpose(
        &self,
        tracking_id: &str,
    ) -> Vec<(&'static str, u64)> {
        let now = Instant::now();
        let mut sent = lock(&self.sent);
        let mut counts: std::collections::BTreeMap<&'static str, u64> = Default::default();
        if let Some(log) = sent.get_mut(tracking_id) {
            prune(log, now);
            for (_, purpose) in log.iter() {
                *counts.entry(purpose).or_default() += 1;
            }
        }
        counts.into_iter().collect()
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

fn prune(log: &mut VecDeque<(Instant, &'static str)>, now: Instant) {
    while log
        .front()
        .is_some_and(|(first, _)| now.saturating_duration_since(*first) >= HOUR)
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
        let held: Vec<_> = futures::future::join_all(
            (0..3).map(|_| limiter.acquire("T1", "Tickets", Lane::Interactive)),
        )
        .await;
        // A fourth Tickets slot must wait, while other entities and integrations are independent.
        let fourth = tokio::time::timeout(
            Duration::from_millis(50),
            limiter.acquire("T1", "tickets", Lane::Interactive),
        );
        assert!(fourth.await.is_err());
        let _other_entity = limiter.acquire("T1", "Companies", Lane::Interactive).await;
        let _other_integration = limiter.acquire("T2", "Tickets", Lane::Interactive).await;
        drop(held);
        let _now_free = limiter.acquire("T1", "Tickets", Lane::Interactive).await;
    }

    #[tokio::test]
    async fn background_work_leaves_one_slot_to_interactive_work() {
        let limiter = Limiter::new(3);
        let background: Vec<_> = futures::future::join_all(
            (0..2).map(|_| limiter.acquire("T1", "Companies", Lane::Background)),
        )
        .await;
        let third_background = tokio::time::timeout(
            Duration::from_millis(50),
            limiter.acquire("T1", "Companies", Lane::Background),
        );
        assert!(
            third_background.await.is_err(),
            "background holds at most 2"
        );
        let interactive = tokio::time::timeout(
            Duration::from_millis(50),
            limiter.acquire("T1", "Companies", Lane::Interactive),
        )
        .await
        .expect("the reserved slot is free for interactive work");
        let fourth = tokio::time::timeout(
            Duration::from_millis(50),
            limiter.acquire("T1", "Companies", Lane::Interactive),
        );
        assert!(fourth.await.is_err(), "still 3 in flight in all");
        drop(interactive);
        drop(background);
        let _again = limiter.acquire("T1", "Companies", Lane::Background).await;
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
        for _ in 0..3 {
            limiter.record_request("T1", "import");
        }
        limiter.record_request("T1", "agent");
        assert_eq!(limiter.requests_last_hour("T1"), 4);
        assert_eq!(limiter.requests_last_hour("T2"), 0);
        assert_eq!(
            limiter.requests_last_hour_by_purpose("T1"),
            vec![("agent", 1), ("import", 3)]
        );
        assert!(limiter.requests_last_hour_by_purpose("T2").is_empty());
    }

    #[test]
    fn old_requests_leave_the_window() {
        let now = Instant::now();
        let mut log = VecDeque::new();
        if let Some(old) = now.checked_sub(HOUR + Duration::from_secs(1)) {
            log.push_back((old, "import"));
        }
        log.push_back((now, "agent"));
        prune(&mut log, now);
        assert_eq!(log.len(), 1);
    }
}
