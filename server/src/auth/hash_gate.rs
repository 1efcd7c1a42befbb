//! The gate every argon2 call passes: a few dedicated threads, a short queue, a 503 beyond it.
//!
//! One argon2id hash or verification holds about 19 MiB while it runs, and setup and sign-in
//! are reachable without an account, so without a cap a flood of requests is a flood of
//! 19 MiB allocations. Running the work on as many dedicated threads as there are permits
//! also bounds what the allocator keeps around afterwards: freed argon2 memory stays in the
//! arena of the thread that used it, and only these threads ever use one for argon2.

use app::error::{AppError, ErrorCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, Semaphore};

type Job = Box<dyn FnOnce() + Send>;

/// How many callers may wait for a free thread, and for how long, before they get a 503.
#[derive(Debug, Clone, Copy)]
pub struct GateLimits {
    pub threads: usize,
    pub max_waiting: usize,
    pub max_wait: Duration,
}

impl Default for GateLimits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            threads: cores.clamp(1, 8),
            max_waiting: 16,
            max_wait: Duration::from_secs(3),
        }
    }
}

#[derive(Clone)]
pub struct HashGate {
    inner: Arc<Inner>,
}

struct Inner {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    limits: GateLimits,
    jobs: Mutex<mpsc::Sender<Job>>,
    /// Argon2 runs finished, for tests and metrics.
    runs: AtomicUsize,
}

/// The seconds a refused caller is told to wait (`Retry-After`, added to every 503).
pub const RETRY_AFTER_SECS: u64 = 5;

fn busy() -> AppError {
    AppError::new(
        ErrorCode::Busy,
        format!("Relay is busy checking other passwords. Try again in {RETRY_AFTER_SECS} seconds."),
    )
}

impl HashGate {
    pub fn new(limits: GateLimits) -> Self {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..limits.threads.max(1) {
            let rx = rx.clone();
            // A thread ends when the gate (the sender) is dropped.
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Self {
            inner: Arc::new(Inner {
                permits: Arc::new(Semaphore::new(limits.threads.max(1))),
                waiting: AtomicUsize::new(0),
                limits,
                jobs: Mutex::new(tx),
                runs: AtomicUsize::new(0),
            }),
        }
    }

    /// How many argon2 runs have finished through this gate.
    pub fn runs(&self) -> usize {
        self.inner.runs.load(Ordering::Relaxed)
    }

    /// Runs `work` on a hashing thread once one is free; a 503 (`ErrorCode::Busy`) when the
    /// queue is full or the wait too long. The permit travels with the work, so a caller
    /// that goes away mid-hash does not free a slot before the memory is.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let inner = &self.inner;
        let permit = match inner.permits.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                if inner.waiting.fetch_add(1, Ordering::SeqCst) >= inner.limits.max_waiting {
                    inner.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(busy());
                }
                let acquired = tokio::time::timeout(
                    inner.limits.max_wait,
                    inner.permits.clone().acquire_owned(),
                )
                .await;
                inner.waiting.fetch_sub(1, Ordering::SeqCst);
                match acquired {
                    Ok(Ok(p)) => p,
                    _ => return Err(busy()),
                }
            }
        };
        let (tx, rx) = oneshot::channel();
        let gate = self.inner.clone();
        let job: Job = Box::new(move || {
            let out = work();
            gate.runs.fetch_add(1, Ordering::Relaxed);
            drop(permit);
            let _ = tx.send(out);
        });
        let sent = inner
            .jobs
            .lock()
            .map_err(|_| AppError::internal("hash-gate"))?
            .send(job);
        if sent.is_err() {
            return Err(AppError::internal("hash-gate"));
        }
        rx.await.map_err(|_| AppError::internal("hash-gate"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(threads: usize, max_waiting: usize, wait_ms: u64) -> HashGate {
        HashGate::new(GateLimits {
            threads,
            max_waiting,
            max_wait: Duration::from_millis(wait_ms),
        })
    }

    #[tokio::test]
    async fn runs_work_and_counts_it() {
        let g = gate(1, 1, 1000);
        assert_eq!(g.run(|| 41 + 1).await.unwrap(), 42);
        assert_eq!(g.runs(), 1);
    }

    #[tokio::test]
    async fn a_full_queue_answers_busy_at_once() {
        let g = gate(1, 2, 5_000);
        let slow = || std::thread::sleep(Duration::from_millis(300));
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let g = g.clone();
                tokio::spawn(async move { g.run(slow).await })
            })
            .collect();
        let mut ok = 0;
        let mut busy = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(()) => ok += 1,
                Err(e) => {
                    assert_eq!(e.code, ErrorCode::Busy);
                    assert_eq!(e.status_code(), 503);
                    busy += 1;
                }
            }
        }
        // One running and two queued get through; the other seven are refused.
        assert_eq!((ok, busy), (3, 7));
    }

    #[tokio::test]
    async fn a_long_wait_answers_busy() {
        let g = gate(1, 10, 50);
        let first = {
            let g = g.clone();
            tokio::spawn(async move {
                g.run(|| std::thread::sleep(Duration::from_millis(400)))
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let second = g.run(|| ()).await.unwrap_err();
        assert_eq!(second.code, ErrorCode::Busy);
        first.await.unwrap().unwrap();
    }
}
