//! Hostile `Retry-After` values from the simulated tenant: huge numbers and far-off dates are
//! clamped to an hour, nonsense is ignored, and nothing panics or waits past the budget.

use std::time::{Duration, Instant, SystemTime};

use relay_sim::Faults;
use server::autotask::{AutotaskError, Ticket, MAX_RETRY_AFTER};

use super::env;

/// One 429 carrying `raw`; returns the call's result and how long it took.
async fn call_with_retry_after(raw: &str) -> (Result<Option<Ticket>, AutotaskError>, Duration) {
    let env = env().await;
    env.tenant.zone().await.unwrap();
    env.sim.set_faults(Faults {
        hourly_limit_next: 1,
        retry_after_raw: Some(raw.to_owned()),
        ..Default::default()
    });
    let started = Instant::now();
    let result = env.tenant.get::<Ticket>(41207).await;
    let took = started.elapsed();
    if let Some(paused) = env.tenant.paused_for() {
        assert!(paused <= MAX_RETRY_AFTER, "{raw:?}: paused for {paused:?}");
    }
    (result, took)
}

#[tokio::test]
async fn huge_retry_after_is_clamped_to_an_hour_and_fails_fast() {
    let far_future =
        httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_799));
    for raw in [
        "1e20",
        "18446744073709551615",
        "99999999999999999999999",
        far_future.as_str(),
    ] {
        let (result, took) = call_with_retry_after(raw).await;
        let err = result.unwrap_err();
        assert!(
            matches!(err, AutotaskError::HourlyThreshold { .. }),
            "{raw:?}: {err:?}"
        );
        let wait = err.retry_after().unwrap();
        assert!(
            wait > Duration::from_secs(3500) && wait <= MAX_RETRY_AFTER,
            "{raw:?}: {wait:?}"
        );
        // The test budget is 5 s: an hour's pause is refused at once, never slept through.
        assert!(took < Duration::from_secs(3), "{raw:?} took {took:?}");
    }
}

#[tokio::test]
async fn nonsense_retry_after_falls_back_to_the_default_pause_and_recovers() {
    let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
    for raw in ["NaN", "-5", "inf", "soon", "0x10", past.as_str()] {
        let (result, took) = call_with_retry_after(raw).await;
        let ticket = result.unwrap_or_else(|e| panic!("{raw:?}: {e:?}"));
        assert!(ticket.is_some(), "{raw:?}");
        // Ignored values mean the client's default pause (1 s in tests); a past date, none.
        assert!(took < Duration::from_secs(3), "{raw:?} took {took:?}");
    }
}
