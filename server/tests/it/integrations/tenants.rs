//! The tenant registry: one client per integration, rebuilt when its row changes, and an
//! interactive call that does not queue behind a background load on the same endpoint.

use super::harness::{demo_input, env};
use app::service::IntegrationService;
use relay_sim::Faults;
use server::autotask::{Company, Filter, Query};
use server::integrations::Purpose;
use std::time::{Duration, Instant};

/// Each Companies request the simulator answers takes this long.
const LATENCY_MS: u64 = 400;
const BACKGROUND_CALLS: u64 = 8;

fn probe() -> Query {
    Query::new()
        .filter(Filter::gte("id", 0))
        .include_fields(["id"])
        .max_records(1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interactive_call_does_not_wait_behind_a_background_load() {
    let env = env(10).await;
    let state = &env.app.state;
    state
        .integrations
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .expect("connected");
    let record = state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .expect("stored");
    env.sim.set_faults(Faults {
        latency_ms: LATENCY_MS,
        entity: Some("Companies".into()),
        ..Faults::default()
    });
    env.sim.reset_stats();

    // An import-style load: many Companies calls at once, more than the endpoint's 3 slots.
    let started = Instant::now();
    let background: Vec<_> = (0..BACKGROUND_CALLS)
        .map(|_| {
            let tenant = state.tenants.tenant(&record, Purpose::Background).unwrap();
            tokio::spawn(async move {
                tenant
                    .query_page::<Company>(&probe())
                    .await
                    .expect("background call");
                Instant::now()
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(LATENCY_MS / 2)).await;
    assert_eq!(
        env.sim.peak_in_flight("Companies"),
        2,
        "background work leaves one of the 3 slots free"
    );

    let interactive = state.tenants.tenant(&record, Purpose::Interactive).unwrap();
    let asked = Instant::now();
    interactive
        .query_page::<Company>(&probe())
        .await
        .expect("interactive call");
    let waited = asked.elapsed();

    let mut last = started;
    for call in background {
        last = last.max(call.await.unwrap());
    }
    // Two at a time, the background calls need BACKGROUND_CALLS / 2 rounds; the interactive
    // call needed one round of its own, not a place at the end of their queue.
    assert!(
        waited < Duration::from_millis(LATENCY_MS * 2),
        "the interactive call waited {waited:?}"
    );
    assert!(
        last - started >= Duration::from_millis(LATENCY_MS * BACKGROUND_CALLS / 2),
        "the background load was still running: {:?}",
        last - started
    );
    assert_eq!(
        env.sim.peak_in_flight("Companies"),
        3,
        "never more than Autotask allows"
    );
    assert_eq!(
        env.sim.stats().thread_rejections,
        0,
        "no 429 for too many threads"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_is_cached_until_the_integration_changes() {
    let env = env(10).await;
    let state = &env.app.state;
    state
        .integrations
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .expect("connected");
    let active = || async {
        state
            .store
            .active_integration(env.user.msp_id)
            .await
            .unwrap()
            .expect("stored")
    };
    let record = active().await;
    let first = state.tenants.tenant(&record, Purpose::Interactive).unwrap();
    let again = state.tenants.tenant(&record, Purpose::Background).unwrap();
    // Same credentials object: the secret was opened once for both purposes.
    assert!(std::ptr::eq(first.credentials(), again.credentials()));

    state
        .store
        .set_integration_company_types(record.id, vec![1], record.updated_at + 1)
        .await
        .unwrap();
    let changed = active().await;
    assert_ne!(changed.updated_at, record.updated_at);
    let rebuilt = state
        .tenants
        .tenant(&changed, Purpose::Interactive)
        .unwrap();
    assert!(!std::ptr::eq(first.credentials(), rebuilt.credentials()));
    assert_eq!(rebuilt.credentials().username, record.username);
}
