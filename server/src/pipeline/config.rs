//! Worker tuning: batch size, leases and the per-event deadline under them, retry backoff,
//! parking, the wake budget, and when a silent worker counts as stalled.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Names this worker's leases; unique per process so replicas never finish each other's.
    pub owner: String,
    /// Events leased per claim; each is processed concurrently (they have distinct tickets).
    pub batch: i64,
    /// Sleep between claims when nothing was due.
    pub idle_poll: Duration,
    /// A crashed worker's events become claimable again after this long.
    pub lease: Duration,
    /// One event's processing is stopped (and retried later) after this long, so the lease,
    /// which is never renewed, cannot run out under it. Capped at three quarters of `lease`.
    pub event_deadline: Duration,
    /// Attempts before an event is parked with its last error.
    pub max_attempts: i64,
    /// First retry delay; doubles per attempt up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// Wakes plus messages one ticket may cause per `budget_window` before further events are
    /// skipped as a probable loop.
    pub wake_budget: i64,
    pub budget_window: Duration,
    /// Added to three beats before a silent loop counts as stalled (room for a slow claim).
    pub stall_margin: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            owner: format!("worker-{}", uuid::Uuid::new_v4().simple()),
            batch: 16,
            idle_poll: Duration::from_millis(50),
            // Longer than one batch can take (request timeout plus the client's retry budget);
            // it is also how long a killed worker's events wait before another takes them.
            lease: Duration::from_secs(60),
            // Room for two slow Autotask calls (20 s timeout each), with 20 s of the lease left
            // to record the outcome.
            event_deadline: Duration::from_secs(40),
            max_attempts: 6,
            base_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(300),
            wake_budget: 30,
            budget_window: Duration::from_secs(3600),
            stall_margin: Duration::from_secs(10),
        }
    }
}

/// While a batch runs the loop still beats this often, so a long batch is not a stall.
pub(crate) const BUSY_BEAT: Duration = Duration::from_secs(1);

impl WorkerConfig {
    /// The deadline actually applied: never so close to the lease that the outcome cannot be
    /// recorded before another worker may claim the event.
    pub fn effective_event_deadline(&self) -> Duration {
        self.event_deadline.min(self.lease * 3 / 4)
    }

    /// How long the loop may go without turning before `/healthz` calls the worker stalled:
    /// three beats (idle polls, or busy beats while a batch runs) plus `stall_margin`.
    pub fn stale_after(&self) -> Duration {
        self.idle_poll.max(BUSY_BEAT) * 3 + self.stall_margin
    }
}
