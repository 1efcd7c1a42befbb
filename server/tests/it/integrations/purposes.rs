//! Every Autotask request is counted under what it was for: the budget panel splits Relay's
//! hour by purpose and `/metrics` carries `relay_autotask_requests_total{purpose}`; each
//! purpose's count matches what the simulated tenant received while that work ran.

use super::harness::{demo_input, env, wait_for_import};
use app::service::IntegrationService;
use app::states::{ImportState, RequestPurpose};
use app::wire::BudgetView;
use server::autotask::{Company, Filter, Query};
use server::integrations::Purpose;

fn count(budget: &BudgetView, purpose: RequestPurpose) -> u64 {
    budget
        .by_purpose
        .iter()
        .find(|p| p.purpose == purpose)
        .map_or(0, |p| p.requests)
}

/// The `/metrics` value of one purpose's counter (0 when not registered yet).
fn metric(text: &str, purpose: &str) -> u64 {
    let series = format!("relay_autotask_requests_total{{purpose=\"{purpose}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(series.as_str()))
        .map_or(0, |v| v.trim().parse().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_counted_by_purpose_on_the_panel_and_in_metrics() {
    let env = env(40).await;
    let state = &env.app.state;
    let svc = &state.integrations;
    let page = || async { svc.autotask_page(&env.user).await.unwrap().budget.unwrap() };

    // The wizard: checking the credentials and listing company types.
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
    let after_wizard = page().await;
    assert!(
        count(&after_wizard, RequestPurpose::Wizard) > 0,
        "{after_wizard:?}"
    );
    assert_eq!(count(&after_wizard, RequestPurpose::Import), 0);

    // The import: exactly what the tenant received meanwhile.
    let before = env.sim.stats().request_count;
    svc.start_import(&env.user, types, false).await.unwrap();
    assert_eq!(wait_for_import(&env).await.state, ImportState::Done);
    let import_sent = env.sim.stats().request_count - before;
    let after_import = page().await;
    assert!(import_sent > 0);
    assert_eq!(count(&after_import, RequestPurpose::Import), import_sent);
    assert_eq!(
        count(&after_import, RequestPurpose::Wizard),
        count(&after_wizard, RequestPurpose::Wizard),
        "the import counted nothing as wizard"
    );

    // An agent's tool call and the periodic check, each under its own label.
    let record = state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    let agent = state.tenants.tenant(&record, Purpose::Agent).unwrap();
    let before = env.sim.stats().request_count;
    agent
        .count::<Company>(&Query::new().filter(Filter::gt("id", 0)))
        .await
        .unwrap();
    agent
        .count::<Company>(&Query::new().filter(Filter::gt("id", 600)))
        .await
        .unwrap();
    assert_eq!(env.sim.stats().request_count - before, 2);
    svc.registrar().check(&record).await.unwrap();
    let budget = page().await;
    assert_eq!(count(&budget, RequestPurpose::Agent), 2);
    assert!(count(&budget, RequestPurpose::Checks) > 0, "{budget:?}");

    // The split adds up to Relay's hour, largest first.
    let total: u64 = budget.by_purpose.iter().map(|p| p.requests).sum();
    assert_eq!(total, budget.relay_used);
    assert!(budget
        .by_purpose
        .windows(2)
        .all(|w| w[0].requests >= w[1].requests));

    // /metrics counts the same requests since start.
    let text = state.metrics.render();
    assert!(text.contains("# HELP relay_autotask_requests_total"));
    assert_eq!(metric(&text, "agent"), 2);
    assert_eq!(metric(&text, "import"), import_sent);
    assert_eq!(
        metric(&text, "checks"),
        count(&budget, RequestPurpose::Checks)
    );
    assert_eq!(
        metric(&text, "wizard"),
        count(&budget, RequestPurpose::Wizard)
    );
}
