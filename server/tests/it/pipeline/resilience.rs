//! The worker survives its events: a panic fails only the event that caused it, an Autotask
//! that answers too slowly hits the per-event deadline, a hostile `Retry-After` is clamped,
//! and `/healthz` and `/metrics` tell whether the loop still turns.

use super::harness::{piped, quick_config, Piped, CONTOSO};
use axum::body::Body;
use http::{Request, StatusCode};
use relay_sim::Faults;
use serde_json::Value;
use server::pipeline::{
    self, Outcome, PipelineError, ProcessEvent, Processor, Worker, WorkerConfig,
};
use server::store::EventState;
use server::store::{Millis, WebhookEventRecord};
use std::time::{Duration, Instant};
use tower::ServiceExt;

async fn healthz(p: &Piped) -> (StatusCode, Value) {
    let req = Request::get("/healthz").body(Body::empty()).unwrap();
    let res = p.app.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

/// Polls the stored events until `done` holds for them (the worker runs on its own).
async fn wait_until(p: &Piped, what: &str, done: impl Fn(&[WebhookEventRecord]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let events = p.events().await;
        if done(&events) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {events:#?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn of(events: &[WebhookEventRecord], ticket: i64) -> Option<&WebhookEventRecord> {
    events.iter().find(|e| e.entity_id == ticket)
}

/// The real processor, except that it panics on one ticket's events, as a bug would.
struct PanicsOn {
    ticket: i64,
    real: Processor,
}

impl ProcessEvent for PanicsOn {
    async fn process(
        &self,
        event: &WebhookEventRecord,
        now: Millis,
    ) -> Result<Outcome, PipelineError> {
        if event.entity_id == self.ticket {
            panic!("hostile shape in ticket {}", self.ticket);
        }
        self.real.process(event, now).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_fails_its_event_and_the_worker_goes_on() {
    let config = WorkerConfig {
        max_attempts: 2,
        ..quick_config()
    };
    let p = piped(config.clone()).await;
    let state = &p.app.state;
    let victim = p.new_ticket(CONTOSO, "Printer on fire");
    let real = Processor::new(state.store.clone(), state.tenants.clone(), config.clone());
    let worker = Worker::new(
        state.store.clone(),
        PanicsOn {
            ticket: victim,
            real,
        },
        state.metrics.clone(),
        state.worker_liveness.clone(),
        config,
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(pipeline::supervised(worker, stopped));

    wait_until(
        &p,
        "the panicking event is parked after its attempts",
        |events| of(events, victim).is_some_and(|e| e.state == EventState::Parked),
    )
    .await;
    let parked = p.events().await;
    let parked = of(&parked, victim).unwrap();
    assert_eq!(parked.attempts, 2, "retried like any failure, then parked");
    let error = parked.error.as_deref().unwrap_or_default();
    assert!(
        error.contains("panicked") && error.contains("hostile shape"),
        "{error}"
    );

    let next = p.new_ticket(CONTOSO, "Next ticket");
    wait_until(&p, "the next event is processed", |events| {
        of(events, next).is_some_and(|e| e.state == EventState::Done)
    })
    .await;
    let (status, body) = healthz(&p).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["worker"]["status"], "ok", "{body}");
    assert_eq!(p.metric(pipeline::PANICS_METRIC), 2);
    assert_eq!(
        p.metric(pipeline::RESTARTS_METRIC),
        0,
        "the loop never died"
    );
    let last_loop = p
        .app
        .state
        .metrics
        .render()
        .lines()
        .find(|l| l.starts_with(pipeline::LAST_LOOP_METRIC))
        .and_then(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .expect("the last-loop gauge is exported");
    let now = server::clock::now_ms() as f64 / 1000.0;
    assert!((now - last_loop).abs() < 5.0, "{last_loop} vs {now}");

    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(10), handle)
        .await
        .expect("the worker stops on request")
        .unwrap();
}

/// The production worker of `p`'s app, running on its own until the sender says stop.
fn start_worker(
    p: &Piped,
    config: WorkerConfig,
) -> (
    tokio::sync::watch::Sender<bool>,
    tokio::task::JoinHandle<()>,
) {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(pipeline::supervised(
        pipeline::worker(&p.app.state, config),
        stopped,
    ));
    (stop, handle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_retry_after_fails_the_event_not_the_worker() {
    let p = piped(quick_config()).await;
    // Autotask answers 429 with `Retry-After: 1e20`, which once panicked converting to a
    // Duration and killed the worker while intake went on answering 200.
    p.sim.set_faults(Faults {
        hourly_limit_all: true,
        retry_after_raw: Some("1e20".into()),
        ..Faults::default()
    });
    let (stop, handle) = start_worker(&p, quick_config());
    let first = p.new_ticket(CONTOSO, "First");
    let second = p.new_ticket(CONTOSO, "Second");
    let started = server::clock::now_ms();
    wait_until(&p, "both events fail and wait for a retry", |events| {
        [first, second]
            .iter()
            .all(|t| of(events, *t).is_some_and(|e| e.state == EventState::Failed))
    })
    .await;
    for e in p.events().await {
        let error = e.error.as_deref().unwrap_or_default();
        assert!(error.contains("threshold"), "{error}");
        // Retried no later than the clamp (an hour) asks, not in 1e20 seconds.
        let wait = e.next_attempt_at - started;
        assert!(
            (3_000_000..=3_700_000).contains(&wait),
            "next attempt in {wait} ms"
        );
    }
    let (status, body) = healthz(&p).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["worker"]["status"], "ok", "{body}");
    assert_eq!(p.metric(pipeline::RESTARTS_METRIC), 0);
    assert_eq!(p.metric(pipeline::PANICS_METRIC), 0);
    stop.send(true).unwrap();
    handle.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_autotask_hits_the_event_deadline_and_is_retried() {
    let config = WorkerConfig {
        event_deadline: Duration::from_millis(300),
        ..quick_config()
    };
    let p = piped(config.clone()).await;
    let ticket = p.new_ticket(CONTOSO, "Slow tenant");
    // Longer than the client's 20 s request timeout: only the deadline can cut it short.
    p.sim.set_faults(Faults {
        hang_all: true,
        hang_ms: 30_000,
        ..Faults::default()
    });
    let worker = pipeline::worker(&p.app.state, config);
    let wait_stored = Instant::now() + Duration::from_secs(10);
    while p.events().await.is_empty() {
        assert!(Instant::now() < wait_stored, "the webhook arrived");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let started = Instant::now();
    assert_eq!(worker.run_once().await.unwrap(), 1);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "the batch took {took:?}");
    let events = p.events().await;
    let event = of(&events, ticket).unwrap();
    assert_eq!((event.state.as_str(), event.attempts), ("failed", 1));
    let error = event.error.as_deref().unwrap_or_default();
    assert!(error.contains("longer than 0.3s"), "{error}");

    p.sim.clear_faults();
    let events = p.settle(1).await;
    assert_eq!(
        of(&events, ticket).unwrap().state,
        EventState::Done,
        "{events:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_turns_red_when_the_worker_stops_looping() {
    let config = WorkerConfig {
        stall_margin: Duration::ZERO,
        ..quick_config()
    };
    let p = piped(config.clone()).await;
    assert!(healthz(&p).await.1.get("worker").is_none(), "no worker yet");
    let (stop, handle) = start_worker(&p, config.clone());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, body) = healthz(&p).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["worker"]["status"], "ok", "{body}");

    // The loop ends (as it would if it died for good); the heartbeat goes silent.
    stop.send(true).unwrap();
    handle.await.unwrap();
    tokio::time::sleep(config.stale_after() + Duration::from_millis(500)).await;
    let (status, body) = healthz(&p).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["status"], "unavailable", "{body}");
    assert_eq!(body["worker"]["status"], "stalled", "{body}");
    let reason = body["worker"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("has not looped"), "{reason}");
}
