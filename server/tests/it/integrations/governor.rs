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
    svc.save_credentials(&env.user, demo_input(&env.sim)).await.unwrap();
    let types: Vec<i64> = svc
        .company_types(&env.user)
        .await
        .unwrap()
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.value)
        .collect();
    let record = env.app.state.store.active_integration(env.user.msp_id).await.unwrap().unwrap();
    let governor = env.app.state.tenants.governor();
    let slow_delay = Duration::from_millis(150);
    governor.set_timing(Timing {
        max_age: Duration::ZERO,
        slow_delay,
        pause_poll: Duration::from_millis(50),
    });

    // Below half: no delay.
    svc.start_import(&env.user, types.clone(), false).await.unwrap();
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
    svc.start_import(&env.user, types.clone(), false).await.unwrap();
    let done = wait_for_import(&env).await;
    assert_eq!(done.state, ImportState::Done);
    let slowed = governor.turns(record.id);
    assert!(slowed.slowed >= pages, "{slowed:?}");
    assert!(started.elapsed() >= slow_delay * pages as u32);

    // 85 %: the import stops before its first page …
    env.sim.set_other_usage(8_500);
    let before = env.sim.stats().request_count;
    svc.start_import(&env.user, types.clone(), false).await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    let page = svc.autotask_page(&env.user).await.unwrap();
    let progress = page.import.unwrap();
    assert_eq!((progress.state, progress.pages_done), (ImportState::Running, 0));
    assert!(governor.turns(record.id).paused >= 1);
    // While paused it keeps asking Autotask how busy the tenant is (one read per poll).
    let threshold_reads = env.sim.stats().request_count - before;

    // … while an agent's tool call (interactive) is answered at once.
    let tenant = env.app.state.tenants.tenant(&record, Purpose::Interactive).unwrap();
    let asked = Instant::now();
    let count = tenant.count::<Company>(&Query::new().filter(server::autotask::Filter::gt("id", 0))).await;
    assert!(count.unwrap() > 0);
    assert!(asked.elapsed() < Duration::from_secs(2));

    // Usage drops: the import goes on and finishes.
    env.sim.set_other_usage(0);
    let done = wait_for_import(&env).await;
    assert_eq!(done.state, ImportState::Done, "{done:?}");
    assert!(threshold_reads > 0);
}
