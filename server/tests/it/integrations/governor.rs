//! The budget governor against the simulated tenant: an import slows down when Autotask
//! reports 60 % of the hourly threshold used and pauses at 85 %, while interactive calls (an
//! agent's tool call) still go through; it resumes once usage drops.

use super::harness::{demo_input, env, wait_for_import};
use app::service::IntegrationService;
use app::states::ImportState;
use server::autotask::{Company, Query};
use server::integrations::governor::Timing;
use server::integrations::Purpose;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_slow_at_60_percent_and_pause_at_85_while_tool_calls_go_through() {
    let env = env(1_200).await;
    let svc = &env.app.state.integrations;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let types: Vec<i64> = svc
        .company_types(&env.user)
        .await
        .unwrap()
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.value)
        .collect();
    let record = env
        .app
        .state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    let governor = env.app.state.tenants.governor();
    let slow_delay = Duration::from_millis(150);
    governor.set_timing(Timing {
        max_age: Duration::ZERO,
        slow_delay,
        pause_poll: Duration::from_millis(50),
    });

    // Below half: no delay.
    svc.start_import(&env.user, types.clone(), false)
        .await
        .unwrap();
    let done = wait_for_import(&env).await;
    assert_eq!(done.state, ImportState::Done);
    let pages = done.pages_done as u64;
    assert!(pages >= 2, "several pages: {done:?}");
    let calm = governor.turns(record.id);
    assert_eq!((calm.slowed, calm.paused), (0, 0), "{calm:?}");
    assert!(calm.went >= pages);

    // Other integrations used 60 %: every page waits.
    env.sim.set_other_usage(6_000);
    let started = Instant::now();
    svc.start_import(&env.user, types.clone(), false)
        .await
        .unwrap();
    let done = wait_for_import(&env).await;
    assert_eq!(done.state, ImportState::Done);
    let slowed = governor.turns(record.id);
    assert!(slowed.slowed >= pages, "{slowed:?}");
    assert!(started.elapsed() >= slow_delay * pages as u32);

    // 85 %: the import stops before its first page …
    env.sim.set_other_usage(8_500);
    let before = env.sim.stats().request_count;
    svc.start_import(&env.user, types.clone(), false)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    let page = svc.autotask_page(&env.user).await.unwrap();
    let progress = page.import.unwrap();
    assert_eq!(
        (progress.state, progress.pages_done),
        (ImportState::Running, 0)
    );
    assert!(governor.turns(record.id).paused >= 1);
    // While paused it keeps asking Autotask how busy the tenant is (one read per poll).
    let threshold_reads = env.sim.stats().request_count - before;

    // … while an agent's tool call (interactive) is answered at once.
    let tenant = env
        .app
        .state
        .tenants
        .tenant(&record, Purpose::Interactive)
        .unwrap();
    let asked = Instant::now();
    let count = tenant
        .count::<Company>(&Query::new().filter(server::autotask::Filter::gt("id", 0)))
        .await;
    assert!(count.unwrap() > 0);
    assert!(asked.elapsed() < Duration::from_secs(2));

    // Usage drops: the import goes on and finishes.
    env.sim.set_other_usage(0);
    let done = wait_for_import(&env).await;
    assert_eq!(done.state, ImportState::Done, "{done:?}");
    assert!(threshold_reads > 0);
}

#[tokio::test]
async fn the_budget_panel_shows_usage_and_the_admins_ceiling_pauses_background_work() {
    let env = env(0).await;
    let svc = &env.app.state.integrations;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let record = env
        .app
        .state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    let budget = svc.autotask_page(&env.user).await.unwrap().budget.unwrap();
    assert_eq!(budget.hours.len(), 24);
    assert_eq!(budget.relay_ceiling, None);
    assert!(budget.relay_used > 0, "the wizard's checks are counted");

    env.sim.set_other_usage(6_000);
    let tenant = env
        .app
        .state
        .tenants
        .tenant(&record, Purpose::Background)
        .unwrap();
    let reading = env
        .app
        .state
        .tenants
        .governor()
        .refresh(record.id, &tenant)
        .await
        .unwrap();
    assert!(reading.used >= 6_000 && reading.threshold > 0);
    let budget = svc.autotask_page(&env.user).await.unwrap().budget.unwrap();
    assert_eq!(budget.tenant_used, Some(reading.used));
    assert_eq!(budget.background, "slowed");

    let err = svc
        .set_relay_hourly_ceiling(&env.user, Some(5))
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("ceiling"));
    env.sim.set_other_usage(0);
    env.app
        .state
        .tenants
        .governor()
        .refresh(record.id, &tenant)
        .await
        .unwrap();
    // A ceiling Relay has already reached: background work pauses.
    let budget = svc
        .set_relay_hourly_ceiling(&env.user, Some(100))
        .await
        .unwrap();
    assert_eq!(budget.relay_ceiling, Some(100));
    let budget = if budget.relay_used >= 100 {
        budget
    } else {
        for _ in budget.relay_used..100 {
            tenant.threshold_information().await.unwrap();
        }
        svc.autotask_page(&env.user).await.unwrap().budget.unwrap()
    };
    assert_eq!(budget.background, "paused", "{budget:?}");
    let budget = svc.set_relay_hourly_ceiling(&env.user, None).await.unwrap();
    assert_eq!(
        (budget.relay_ceiling, budget.background.as_str()),
        (None, "normal")
    );
}
