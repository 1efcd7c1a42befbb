//! Company-type import: clients and agents, idempotent re-runs, restart handling.

use super::harness::{demo_input, env, wait_for_import};
use crate::store::queries::TestQueries;
use app::service::IntegrationService;
use app::states::{AgentStatus, ImportState};
use server::store::NewImportJob;

#[tokio::test]
async fn types_come_from_autotask_with_customer_preselected() {
    let env = env(600).await;
    let svc = &env.app.state.integrations;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let types = svc.company_types(&env.user).await.unwrap();
    let customer = types
        .iter()
        .find(|t| t.label == "Customer")
        .expect("Customer type");
    assert!(customer.selected);
    assert!(customer.active_companies > 0);
    assert!(types.iter().filter(|t| t.selected).count() == 1);
}

#[tokio::test]
async fn second_import_creates_no_new_clients() {
    let env = env(1_200).await;
    let svc = &env.app.state.integrations;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let types = svc.company_types(&env.user).await.unwrap();
    let customer: Vec<i64> = types
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.value)
        .collect();
    let expected = types
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.active_companies)
        .sum::<u64>() as i64;

    svc.start_import(&env.user, customer.clone(), false)
        .await
        .unwrap();
    let first = wait_for_import(&env).await;
    assert_eq!(first.state, ImportState::Done, "{first:?}");
    assert_eq!(first.companies_seen, expected);
    assert_eq!(first.clients_created, expected);
    assert_eq!(first.pages_done, (expected + 499) / 500);
    let (rows, total) = env
        .app
        .state
        .store
        .list_client_rows(env.user.msp_id, "", 1_000, 0)
        .await
        .unwrap();
    assert_eq!(total, expected);
    assert!(
        rows.iter()
            .all(|r| r.agent_status == Some(AgentStatus::Active)),
        "every client has an active agent"
    );
    assert!(rows
        .iter()
        .all(|r| r.company_type_label.as_deref() == Some("Customer")));

    svc.start_import(&env.user, customer, false).await.unwrap();
    let second = wait_for_import(&env).await;
    assert_eq!(second.state, ImportState::Done);
    assert_eq!(second.clients_created, 0);
    let (_, again) = env
        .app
        .state
        .store
        .list_client_rows(env.user.msp_id, "", 1, 0)
        .await
        .unwrap();
    assert_eq!(again, total, "re-import never duplicates");

    // Adding a type to the completed import fetches only the added type.
    let other: Vec<i64> = types
        .iter()
        .filter(|t| !t.selected && t.active_companies > 0)
        .map(|t| t.value)
        .take(1)
        .collect();
    let both: Vec<i64> = customer_and(&types, &other);
    let progress = svc.start_import(&env.user, both, false).await.unwrap();
    let added = env
        .app
        .state
        .store
        .import_job(progress.job_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        added.company_types, other,
        "only the newly selected type is fetched"
    );
    assert_eq!(wait_for_import(&env).await.state, ImportState::Done);

    // Switching to another type imports it and keeps (and marks) the Customer clients.
    let other: Vec<i64> = types
        .iter()
        .filter(|t| !t.selected && t.active_companies > 0)
        .map(|t| t.value)
        .take(1)
        .collect();
    svc.start_import(&env.user, other, false).await.unwrap();
    let third = wait_for_import(&env).await;
    assert_eq!(third.state, ImportState::Done);
    let page = env
        .app
        .state
        .services
        .clients
        .clients(&env.user, "", 1)
        .await
        .unwrap();
    assert!(page.total > total);
    assert!(page
        .rows
        .iter()
        .any(|r| r.type_deselected && r.company_type.as_deref() == Some("Customer")));
}

#[tokio::test]
async fn import_interrupted_by_restart_is_marked_and_run_again() {
    let env = env(700).await;
    let svc = &env.app.state.integrations;
    let integration = svc
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let types = svc.company_types(&env.user).await.unwrap();
    let customer: Vec<i64> = types
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.value)
        .collect();
    // A job left `running` by a process that died, as the next start finds it.
    let orphan = env
        .app
        .state
        .store
        .create_import_job(NewImportJob {
            msp_id: env.user.msp_id,
            integration_id: integration.id,
            company_types: customer,
            expected: 0,
            resumed_from: None,
            now: 1_750_000_000_000,
            include_own_company: false,
            lease_owner: Some("a-replica-that-died".into()),
            lease_expires_at: Some(1_750_000_060_000),
        })
        .await
        .unwrap();
    let resumed = svc.importer().resume_interrupted().await.unwrap();
    assert_eq!(resumed.len(), 1);
    let old = env
        .app
        .state
        .store
        .import_job(orphan.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old.state, ImportState::Interrupted);
    assert!(old.error.unwrap().contains("stopped"));
    let done = wait_for_import(&env).await;
    assert_eq!(done.state, ImportState::Done);
    assert!(done.resumed);
    assert!(done.clients_created > 0);
}

fn customer_and(types: &[app::wire::CompanyTypeOption], other: &[i64]) -> Vec<i64> {
    let mut all: Vec<i64> = types
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.value)
        .collect();
    all.extend_from_slice(other);
    all
}

/// Company 0 is the MSP itself: left out unless the admin ticks "Also import your own company".
#[tokio::test]
async fn own_company_is_imported_only_when_asked_for() {
    let env = env(40).await;
    let svc = &env.app.state.integrations;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let types = svc.company_types(&env.user).await.unwrap();
    let customer: Vec<i64> = types
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.value)
        .collect();
    let expected = types
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.active_companies)
        .sum::<u64>() as i64;
    let store = &env.app.state.store;
    let msp = env.user.msp_id;

    svc.start_import(&env.user, customer.clone(), false)
        .await
        .unwrap();
    let first = wait_for_import(&env).await;
    assert_eq!(first.state, ImportState::Done, "{first:?}");
    assert_eq!(
        first.companies_seen, expected,
        "the counts leave company 0 out too"
    );
    assert!(store
        .client_by_autotask_id(msp, "0")
        .await
        .unwrap()
        .is_none());

    svc.start_import(&env.user, customer, true).await.unwrap();
    let second = wait_for_import(&env).await;
    assert_eq!(second.state, ImportState::Done, "{second:?}");
    assert_eq!(second.clients_created, 1);
    let own = store.client_by_autotask_id(msp, "0").await.unwrap();
    assert_eq!(
        own.expect("company 0 imported").name,
        "Northwind IT Services"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_ends_a_running_import_and_leaves_it_resumable_at_once() {
    let mut env = env(1_200).await;
    env.app.start(None);
    let svc = &env.app.state.integrations;
    let integration = svc
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let types = svc.company_types(&env.user).await.unwrap();
    let customer: Vec<i64> = types
        .iter()
        .filter(|t| t.selected)
        .map(|t| t.value)
        .collect();
    // Each Companies page takes 5 s, so the import is mid-run when the stop comes.
    env.sim.set_faults(relay_sim::Faults {
        latency_ms: 5_000,
        entity: Some("Companies".into()),
        ..Default::default()
    });
    svc.start_import(&env.user, customer, false).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let before_stop = server::clock::now_ms();
    tokio::time::timeout(std::time::Duration::from_secs(3), env.app.stop())
        .await
        .expect("the stop does not wait for the import to finish")
        .expect("a clean stop");
    let page = env
        .app
        .state
        .integrations
        .autotask_page(&env.user)
        .await
        .unwrap();
    let job = page.import.expect("the job is recorded");
    assert_eq!(job.state, ImportState::Running, "left for the next start");
    let stored = env
        .app
        .state
        .store
        .latest_import_job(integration.id)
        .await
        .unwrap()
        .unwrap();
    let until = stored.lease_expires_at.expect("a lease");
    assert!(
        until <= server::clock::now_ms() && until >= before_stop,
        "the lease was handed back on stop, so the next start resumes at once"
    );
}
