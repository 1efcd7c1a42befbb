//! The worker's heartbeat: when its loop last turned, for `/healthz` and `/metrics`, so a dead
//! or stuck worker shows up instead of hiding behind an intake that still answers 200.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Cheap to clone; the worker beats it and the health check reads it.
#[derive(Clone)]
pub struct Liveness(Arc<Inner>);

struct Inner {
    /// Monotonic origin, so wall-clock jumps neither fake nor hide a stall.
    origin: Instant,
    /// Milliseconds after `origin` of the last beat, plus one (0: never beaten).
    last_beat: AtomicU64,
    /// Set when a worker loop starts; 0 means no worker runs in this process (yet).
    stale_after_ms: AtomicU64,
}

/// What `/healthz` reports about the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerHealth {
    /// No worker loop was started here (a test router, or before start-up finished).
    NotStarted,
    Alive {
        since_last_loop: Duration,
    },
    /// The loop has not turned for longer than `limit`: dead, stuck or starved.
    Stalled {
        since_last_loop: Duration,
        limit: Duration,
    },
}

impl Default for Liveness {
    fn default() -> Self {
        Liveness(Arc::new(Inner {
            origin: Instant::now(),
            last_beat: AtomicU64::new(0),
            stale_after_ms: AtomicU64::new(0),
        }))
    }
}

impl Liveness {
    /// A loop is running; from now on silence longer than `stale_after` is a stall.
    pub(crate) fn start(&self, stale_after: Duration) {
        self.beat();
        let ms = u64::try_from(stale_after.as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        self.0.stale_after_ms.store(ms, Ordering::Relaxed);
    }

    pub(crate) fn beat(&self) {
        let now = self.elapsed_ms().saturating_add(1);
        self.0.last_beat.store(now, Ordering::Relaxed);
    }

    pub fn health(&self) -> WorkerHealth {
        let limit = self.0.stale_after_ms.load(Ordering::Relaxed);
        let last = self.0.last_beat.load(Ordering::Relaxed);
        if limit == 0 || last == 0 {
            return WorkerHealth::NotStarted;
        }
        let since = self.elapsed_ms().saturating_sub(last - 1);
        let since_last_loop = Duration::from_millis(since);
        if since > limit {
            WorkerHealth::Stalled {
                since_last_loop,
                limit: Duration::from_millis(limit),
            }
        } else {
            WorkerHealth::Alive { since_last_loop }
        }
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.0.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_started_until_a_loop_starts_then_alive_then_stalled() {
        let liveness = Liveness::default();
        assert_eq!(liveness.health(), WorkerHealth::NotStarted);
        liveness.beat();
        assert_eq!(
            liveness.health(),
            WorkerHealth::NotStarted,
            "a beat alone is no loop"
        );
        liveness.start(Duration::from_millis(40));
        assert!(matches!(liveness.health(), WorkerHealth::Alive { .. }));
        std::thread::sleep(Duration::from_millis(80));
        match liveness.clone().health() {
            WorkerHealth::Stalled {
                since_last_loop,
                limit,
            } => {
                assert!(since_last_loop >= Duration::from_millis(80));
                assert_eq!(limit, Duration::from_millis(40));
            }
            other => panic!("expected a stall, got {other:?}"),
        }
        liveness.beat();
        assert!(matches!(liveness.health(), WorkerHealth::Alive { .. }));
    }
}
