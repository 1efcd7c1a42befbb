//! Limits: never more than 3 in flight per (tracking id, entity), 429 recovery honouring
//! Retry-After or backoff, hourly-threshold pauses per tenant, and the rolling-hour count.

use std::time::{Duration, Instant};

use relay_sim::Faults;
use server::autotask::{AutotaskError, Company, Query, Ticket};

use super::{env, env_with};

#[tokio::test]
async fn never_more_than_three_in_flight_per_entity() {
    let env = env().await;
    env.tenant.zone().await.unwrap();
    env.sim.set_faults(Faults {
        latency_ms: 120,
        ..Default::default()
    });
    let started = Instant::now();
    let tickets = (0..12).map(|_| env.tenant.get::<Ticket>(41207));
    let companies = (0..6).map(|_| env.tenant.get::<Company>(612));
    let (tickets, companies) = tokio::join!(
        futures::future::join_all(tickets),
        futures::future::join_all(companies)
    );
    assert!(
        tickets.iter().all(|r| matches!(r, Ok(Some(_)))),
        "{tickets:?}"
    );
    assert!(
        companies.iter().all(|r| matches!(r, Ok(Some(_)))),
        "{companies:?}"
    );
    let stats = env.sim.stats();
    assert_eq!(
        stats.thread_rejections, 0,
        "the simulator never had to refuse a thread"
    );
    assert_eq!(env.sim.peak_in_flight("Tickets"), 3);
    assert_eq!(
        env.sim.peak_in_flight("Companies"),
        3,
        "entities do not share slots"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(4 * 120),
        "12 calls ran 3 at a time"
    );
}

#[tokio::test]
async fn thread_limit_429s_are_retried_with_backoff() {
    let env = env().await;
    env.tenant.zone().await.unwrap();
    env.sim.set_faults(Faults {
        thread_limit_next: 3,
        ..Default::default()
    });
    let ticket = env.tenant.get::<Ticket>(41207).await.unwrap();
    assert!(ticket.is_some());
    assert_eq!(env.sim.stats().thread_rejections, 3);
    assert_eq!(env.sim.request_count(), 4);
    assert_eq!(
        env.tenant.requests_last_hour(),
        4,
        "throttled attempts count too"
    );
}

#[tokio::test]
async fn hourly_threshold_pauses_the_whole_tenant_then_resumes() {
    let env = env().await;
    env.tenant.zone().await.unwrap();
    env.sim.set_faults(Faults {
        hourly_limit_next: 1,
        retry_after_secs: 2,
        retry_after_as_date: true,
        ..Default::default()
    });
    let started = Instant::now();
    let first = env.tenant.get::<Ticket>(41207);
    let tenant = env.tenant.clone();
    let second = async move {
        // Starts once the first call has been refused and the pause is in force.
        let wait_for_pause = async {
            while tenant.paused_for().is_none() {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(2), wait_for_pause)
            .await
            .expect("tenant is paused");
        tenant.get::<Company>(612).await
    };
    let (first, second) = tokio::join!(first, second);
    assert!(first.unwrap().is_some());
    assert!(second.unwrap().is_some());
    // An HTTP date has whole seconds, so "now + 2 s" means a wait of 1 to 2 s.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited out the Retry-After date"
    );
    let stats = env.sim.stats();
    assert_eq!(stats.hourly_rejections, 1, "no hammering while paused");
    assert_eq!(
        env.sim.request_count(),
        3,
        "refused call, its retry, and the other entity's call"
    );
    assert!(env.tenant.paused_for().is_none());
}

#[tokio::test]
async fn a_long_hourly_pause_fails_fast_without_sending() {
    let env = env_with(Default::default(), |c| {
        c.retry.total_budget = Duration::from_secs(2)
    })
    .await;
    env.tenant.zone().await.unwrap();
    env.sim.set_faults(Faults {
        hourly_limit_next: 1,
        retry_after_secs: 120,
        ..Default::default()
    });
    let started = Instant::now();
    let err = env.tenant.get::<Ticket>(41207).await.unwrap_err();
    assert!(
        matches!(err, AutotaskError::HourlyThreshold { .. }),
        "{err:?}"
    );
    assert!(err.retry_after().unwrap() > Duration::from_secs(100));
    let err = env
        .tenant
        .query_all::<Company>(&Query::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, AutotaskError::HourlyThreshold { .. }),
        "{err:?}"
    );
    assert!(
        err.messages()[0].contains("Request Threshold"),
        "keeps Autotask's message: {err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "failed fast, inside the 2 s budget"
    );
    assert_eq!(env.sim.request_count(), 1, "nothing sent while paused");

    // Another integration on another tenant is unaffected by this tenant's pause.
    assert!(env
        .client
        .paused_for("SOMEOTHERTRACKINGID00000001")
        .is_none());
}

#[tokio::test]
async fn rolling_hour_count_matches_the_simulator() {
    let env = env().await;
    for id in [41207, 41208, 41209] {
        env.tenant.get::<Ticket>(id).await.unwrap();
    }
    env.tenant.count::<Company>(&Query::new()).await.unwrap();
    let threshold = env.tenant.threshold_information().await.unwrap();
    assert_eq!(env.tenant.requests_last_hour(), 5);
    assert_eq!(env.sim.request_count(), 5);
    assert_eq!(threshold.external_request_threshold, 10_000);
    assert!(threshold.current_timeframe_request_count >= 4);
    let tracking = &env.tenant.credentials().tracking_id;
    assert_eq!(env.client.requests_last_hour(tracking), 5);
}
