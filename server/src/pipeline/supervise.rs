//! Keeps the worker loop running: a loop that dies of a panic is logged, counted and started
//! again, so one bug cannot stop event processing for good while intake keeps answering 200.

use crate::metrics::Counter;
use std::any::Any;
use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;

/// Runs `make()` in its own task until it returns normally (the loop was asked to stop) or the
/// runtime cancels it; after a panic, waits `pause` (so a panic on every turn cannot spin) and
/// starts a fresh loop.
pub(crate) async fn supervise<F, Fut>(
    mut make: F,
    mut stop: watch::Receiver<bool>,
    pause: Duration,
    restarts: Counter,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    loop {
        match tokio::spawn(make()).await {
            Ok(()) => return,
            Err(err) if err.is_panic() => {
                restarts.inc();
                let panic = panic_message(err.into_panic().as_ref());
                tracing::error!(%panic, "webhook worker loop panicked; restarting it");
            }
            Err(_) => return,
        }
        if *stop.borrow() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stop.changed() => return,
        }
    }
}

/// The text of a panic payload (`panic!` with a literal or a formatted message).
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn a_panicking_loop_is_restarted_until_it_ends_normally() {
        let runs = Arc::new(AtomicUsize::new(0));
        let restarts = Counter::default();
        let (_stop, stopped) = watch::channel(false);
        let counted = runs.clone();
        let make = move || {
            let run = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                if run < 2 {
                    panic!("loop failure {run}");
                }
            }
        };
        let supervised = supervise(make, stopped, Duration::from_millis(1), restarts.clone());
        tokio::time::timeout(Duration::from_secs(5), supervised)
            .await
            .expect("the third run ends the supervision");
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        assert_eq!(restarts.get(), 2);
    }

    #[tokio::test]
    async fn a_stop_request_ends_the_restarts() {
        let restarts = Counter::default();
        let (stop, stopped) = watch::channel(false);
        stop.send(true).unwrap();
        let make = || async { panic!("always") };
        tokio::time::timeout(
            Duration::from_secs(5),
            supervise(make, stopped, Duration::from_secs(60), restarts.clone()),
        )
        .await
        .expect("no restart after stop");
        assert_eq!(restarts.get(), 1);
    }

    #[test]
    fn panic_messages_are_read_from_both_payload_kinds() {
        assert_eq!(panic_message(&"literal"), "literal");
        assert_eq!(panic_message(&String::from("formatted 7")), "formatted 7");
        assert_eq!(panic_message(&42u8), "a panic without a message");
    }
}
