//! Contracts for company imports: page upserts with agents, one running job per integration,
//! job endings, and the Clients page rows.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use super::queries::TestQueries;
use app::states::{AgentStatus, ImportState};
use server::store::{ImportCompany, ImportJobRecord, NewImportJob, Store, StoreError};

fn company(id: i64, name: &str, kind: i64) -> ImportCompany {
    ImportCompany {
        autotask_id: id.to_string(),
        name: name.into(),
        company_type: Some(kind),
        company_type_label: Some(if kind == 1 { "Customer" } else { "Prospect" }.into()),
    }
}

async fn job(store: &Store) -> ImportJobRecord {
    let msp = admin(store).await.msp_id;
    let integration = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    store
        .create_import_job(NewImportJob {
            msp_id: msp,
            integration_id: integration.id,
            company_types: vec![1],
            expected: 3,
            resumed_from: None,
            now: T0,
            include_own_company: false,
            lease_owner: None,
            lease_expires_at: None,
        })
        .await
        .unwrap()
}

pub async fn import_page_upserts_clients_with_agents(store: Store) {
    let job = job(&store).await;
    let page = vec![
        company(10, "Acme", 1),
        company(11, "Acme", 1),
        company(12, "Bolt", 1),
    ];
    let created = store
        .import_company_page(job.id, job.msp_id, page.clone(), T0 + 1)
        .await
        .unwrap();
    assert_eq!(created, 3);
    let (rows, total) = store.list_client_rows(job.msp_id, "", 10, 0).await.unwrap();
    assert_eq!(total, 3);
    let slugs: Vec<&str> = rows.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(slugs, ["acme", "acme-2", "bolt"]);
    assert!(rows
        .iter()
        .all(|r| r.agent_status == Some(AgentStatus::Provisioning)));
    assert_eq!(rows[0].company_type_label.as_deref(), Some("Customer"));
    assert_eq!(rows[0].autotask_id.as_deref(), Some("10"));

    assert_eq!(store.activate_agents(job.msp_id, T0 + 2).await.unwrap(), 3);
    let mut again = page;
    again[2] = company(12, "Bolt Ltd", 2);
    let created = store
        .import_company_page(job.id, job.msp_id, again, T0 + 3)
        .await
        .unwrap();
    assert_eq!(created, 0, "a re-import creates nothing");
    let (rows, total) = store
        .list_client_rows(job.msp_id, "bolt", 10, 0)
        .await
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(rows[0].name, "Bolt Ltd");
    assert_eq!(rows[0].company_type, Some(2));
    assert_eq!(rows[0].agent_status, Some(AgentStatus::Active));

    let counted = store.import_job(job.id).await.unwrap().unwrap();
    assert_eq!(
        (
            counted.pages_done,
            counted.companies_seen,
            counted.clients_created
        ),
        (2, 6, 3)
    );
}

pub async fn one_running_import_per_integration(store: Store) {
    let first = job(&store).await;
    let second = store
        .create_import_job(NewImportJob {
            msp_id: first.msp_id,
            integration_id: first.integration_id,
            company_types: vec![1],
            expected: 0,
            resumed_from: None,
            now: T0,
            include_own_company: false,
            lease_owner: None,
            lease_expires_at: None,
        })
        .await;
    assert!(matches!(second, Err(StoreError::Conflict(_))), "{second:?}");
    assert_eq!(store.running_import_jobs().await.unwrap().len(), 1);

    let failed = Some("Autotask stopped answering".to_string());
    assert!(store
        .finish_import_job(first.id, ImportState::Failed, failed, T0 + 5)
        .await
        .unwrap());
    assert!(!store
        .finish_import_job(first.id, ImportState::Done, None, T0 + 6)
        .await
        .unwrap());
    let ended = store.import_job(first.id).await.unwrap().unwrap();
    assert_eq!(ended.state, ImportState::Failed);
    assert_eq!(ended.finished_at, Some(T0 + 5));
    let late = store
        .import_company_page(first.id, first.msp_id, vec![company(1, "Late", 1)], T0 + 7)
        .await;
    assert!(
        matches!(late, Err(StoreError::Conflict(_))),
        "a finished job takes no pages"
    );
    assert!(store.running_import_jobs().await.unwrap().is_empty());
    let latest = store
        .latest_import_job(first.integration_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.id, first.id);
}

/// A running job leased to a live replica cannot be taken; once the lease runs out, of two
/// replicas asking at the same moment exactly one gets it, and only the owner renews it.
pub async fn an_expired_import_lease_is_taken_over_by_exactly_one(store: Store) {
    let msp = admin(&store).await.msp_id;
    let integration = store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap();
    let job = store
        .create_import_job(NewImportJob {
            msp_id: msp,
            integration_id: integration.id,
            company_types: vec![1],
            expected: 0,
            resumed_from: None,
            now: T0,
            include_own_company: true,
            lease_owner: Some("replica-a".into()),
            lease_expires_at: Some(T0 + 60_000),
        })
        .await
        .unwrap();
    assert!(job.include_own_company);
    assert_eq!(job.lease_owner.as_deref(), Some("replica-a"));
    assert!(store
        .take_over_import_job(job.id, "replica-b", T0 + 1_000, 60_000)
        .await
        .unwrap()
        .is_none());
    assert!(store
        .renew_import_lease(job.id, "replica-a", T0 + 90_000)
        .await
        .unwrap());
    assert!(
        store
            .take_over_import_job(job.id, "replica-b", T0 + 60_001, 60_000)
            .await
            .unwrap()
            .is_none(),
        "renewed"
    );

    // Replica A died: B and C race for the job after its lease ran out.
    let at = T0 + 90_000;
    for round in 0..5 {
        let (b, c) = tokio::join!(
            store.take_over_import_job(job.id, "replica-b", at + round * 120_000, 60_000),
            store.take_over_import_job(job.id, "replica-c", at + round * 120_000, 60_000),
        );
        let winners = [b.unwrap(), c.unwrap()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        assert_eq!(winners.len(), 1, "round {round}: {winners:?}");
        assert_eq!(
            winners[0].lease_expires_at,
            Some(at + round * 120_000 + 60_000)
        );
    }
    assert!(
        !store
            .renew_import_lease(job.id, "replica-a", T0 + 700_000)
            .await
            .unwrap(),
        "A lost it"
    );
    assert!(store
        .finish_import_job(job.id, ImportState::Interrupted, None, T0 + 700_000)
        .await
        .unwrap());
    assert!(
        store
            .take_over_import_job(job.id, "replica-b", T0 + 10_000_000, 60_000)
            .await
            .unwrap()
            .is_none(),
        "only running jobs"
    );
}
