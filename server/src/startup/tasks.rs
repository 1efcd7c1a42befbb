//! The background tasks of a running application: one `JoinSet`, one stop signal, and a log
//! line for every task that ends, so a panic is never lost.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::{Id, JoinError, JoinSet};

/// Stops a running application: the server stops accepting, in-flight requests finish, and
/// every background task ends at its next stop check. Cheap to clone; stopping twice is fine.
#[derive(Clone)]
pub struct StopHandle(Arc<watch::Sender<bool>>);

impl StopHandle {
    pub(super) fn new() -> Self {
        Self(Arc::new(watch::channel(false).0))
    }

    pub fn stop(&self) {
        self.0.send_replace(true);
    }

    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    /// What a background task watches: it becomes `true` once, on stop.
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.0.subscribe()
    }

    /// Resolves once `stop` was called.
    pub async fn stopped(self) {
        let mut stop = self.subscribe();
        // The sender lives in `self`, so this only ends on stop.
        let _ = stop.wait_for(|stopped| *stopped).await;
    }
}

/// Every background task, named for the log.
pub(super) struct Tasks {
    set: JoinSet<()>,
    names: HashMap<Id, &'static str>,
}

impl Tasks {
    pub(super) fn new() -> Self {
        Self {
            set: JoinSet::new(),
            names: HashMap::new(),
        }
    }

    pub(super) fn spawn(
        &mut self,
        name: &'static str,
        task: impl Future<Output = ()> + Send + 'static,
    ) {
        let id = self.set.spawn(task).id();
        self.names.insert(id, name);
    }

    /// Runs `main` (the HTTP server) to its end while logging any task that ends meanwhile.
    pub(super) async fn alongside<T>(&mut self, main: impl Future<Output = T>) -> T {
        let mut main = std::pin::pin!(main);
        loop {
            tokio::select! {
                out = &mut main => return out,
                Some(joined) = self.set.join_next_with_id() => self.report(joined, false),
            }
        }
    }

    /// Waits for every task to end; call after the stop signal.
    pub(super) async fn drain(&mut self) {
        while let Some(joined) = self.set.join_next_with_id().await {
            self.report(joined, true);
        }
    }

    fn report(&mut self, joined: Result<(Id, ()), JoinError>, stopping: bool) {
        match joined {
            Ok((id, ())) => {
                let task = self.names.remove(&id).unwrap_or("unnamed");
                if stopping {
                    tracing::debug!(task, "background task stopped");
                } else {
                    tracing::debug!(task, "background task finished");
                }
            }
            Err(err) => {
                let task = self.names.remove(&err.id()).unwrap_or("unnamed");
                if err.is_panic() {
                    let panic = err.into_panic();
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a non-text panic payload".into());
                    tracing::error!(task, panic = %message, "background task panicked");
                } else {
                    tracing::warn!(task, "background task was cancelled");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_task_is_reported_and_the_others_still_drain() {
        let stop = StopHandle::new();
        let mut tasks = Tasks::new();
        // `resume_unwind` skips the panic hook, whose backtrace could outlast the wait below.
        tasks.spawn("doomed", async {
            std::panic::resume_unwind(Box::new("boom"))
        });
        let mut watch = stop.subscribe();
        tasks.spawn("patient", async move {
            let _ = watch.wait_for(|s| *s).await;
        });
        // The panicking task ends while "the server" runs; `alongside` must keep going.
        tasks
            .alongside(tokio::time::sleep(std::time::Duration::from_millis(300)))
            .await;
        assert_eq!(tasks.names.values().collect::<Vec<_>>(), [&"patient"]);
        stop.stop();
        assert!(stop.is_stopped());
        tasks.drain().await;
        assert!(tasks.names.is_empty());
    }
}
