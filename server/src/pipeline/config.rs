//! Worker tuning: batch size, leases, retry backoff, parking and the wake budget.

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
    /// Attempts before an event is parked with its last error.
    pub max_attempts: i64,
    /// First retry delay; doubles per attempt up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// Wakes plus messages one ticket may cause per `budget_window` before further events are
    /// skipped as a probable loop.
    pub wake_budget: i64,
    pub budget_window: Duration,
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
            max_attempts: 6,
            base_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(300),
            wake_budget: 30,
            budget_window: Duration::from_secs(3600),
        }
    }
}
