//! Contracts for putting clients in: Autotask upserts, slugs, lookup by Autotask id.

use super::harness::{admin, T0};
use super::queries::TestQueries;
use app::ids::MspId;
use app::states::ClientMode;
use server::store::{ClientSources, NewClient, SourceRef, Store};
use std::collections::HashSet;

pub fn company(msp_id: MspId, autotask_id: &str, name: &str) -> NewClient {
    NewClient {
        msp_id,
        name: name.into(),
        autotask_id: autotask_id.into(),
        now: T0,
    }
}

pub async fn total(store: &Store, msp_id: MspId) -> i64 {
    store.list_client_rows(msp_id, "", 1, 0).await.unwrap().1
}

pub async fn upsert_creates_then_renames(store: Store) {
    let msp = admin(&store).await.msp_id;
    let (client, created) = store
        .upsert_autotask_client(company(msp, "612", "Acme Widgets"))
        .await
        .unwrap();
    assert!(created);
    assert_eq!(client.msp_id, msp);
    assert_eq!(client.name, "Acme Widgets");
    assert_eq!(client.slug, "acme-widgets");
    assert_eq!(
        client.sources,
        ClientSources {
            autotask: Some(SourceRef { id: "612".into() })
        }
    );
    assert_eq!(
        client.mode,
        ClientMode::Plan,
        "new clients start in plan mode"
    );
    assert_eq!((client.created_at, client.updated_at), (T0, T0));

    let again = company(msp, "612", "Acme Widgets");
    let (same, created) = store
        .upsert_autotask_client(NewClient {
            now: T0 + 500,
            ..again
        })
        .await
        .unwrap();
    assert!(!created);
    assert_eq!(same, client, "an unchanged company is not rewritten");

    let renamed = NewClient {
        now: T0 + 1_000,
        ..company(msp, "612", "Acme Widgets GmbH")
    };
    let (renamed, created) = store.upsert_autotask_client(renamed).await.unwrap();
    assert!(!created);
    assert_eq!(renamed.id, client.id);
    assert_eq!(renamed.name, "Acme Widgets GmbH");
    assert_eq!(renamed.slug, "acme-widgets", "slugs are stable links");
    assert_eq!((renamed.created_at, renamed.updated_at), (T0, T0 + 1_000));
    assert_eq!(total(&store, msp).await, 1);
}

pub async fn second_import_creates_nothing(store: Store) {
    let msp = admin(&store).await.msp_id;
    let companies: Vec<NewClient> = (0..30)
        .map(|i| company(msp, &(1000 + i).to_string(), &format!("Company {i}")))
        .collect();
    for round in 0..2 {
        let mut created = 0;
        for c in &companies {
            created += store.upsert_autotask_client(c.clone()).await.unwrap().1 as usize;
        }
        assert_eq!(created, if round == 0 { 30 } else { 0 }, "round {round}");
        assert_eq!(total(&store, msp).await, 30);
    }
}

pub async fn concurrent_upserts_never_duplicate(store: Store) {
    let msp = admin(&store).await.msp_id;
    // The same company from eight importers at once: one insert, seven finds.
    let same = (0..8).map(|_| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .upsert_autotask_client(company(msp, "77", "Contoso"))
                .await
        })
    });
    let results: Vec<_> = futures::future::join_all(same)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    assert_eq!(results.iter().filter(|(_, created)| *created).count(), 1);
    assert_eq!(
        results
            .iter()
            .map(|(c, _)| c.id)
            .collect::<HashSet<_>>()
            .len(),
        1
    );

    // Different companies with one name at once: each gets its own slug.
    let named = (0..6).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .upsert_autotask_client(company(msp, &format!("9{i}"), "Same Name"))
                .await
        })
    });
    let slugs: HashSet<String> = futures::future::join_all(named)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap().0.slug)
        .collect();
    let expected: HashSet<String> = [
        "same-name",
        "same-name-2",
        "same-name-3",
        "same-name-4",
        "same-name-5",
        "same-name-6",
    ]
    .map(String::from)
    .into();
    assert_eq!(slugs, expected);
    assert_eq!(total(&store, msp).await, 7);
}

pub async fn slugs_stay_unique(store: Store) {
    let msp = admin(&store).await.msp_id;
    let mut slugs = Vec::new();
    for (id, name) in [
        ("1", "Acme"),
        ("2", "ACME"),
        ("3", "Acme!"),
        ("4", "Acme 2"),
        ("5", "Ünïcode Straße"),
        ("6", "***"),
    ] {
        slugs.push(
            store
                .upsert_autotask_client(company(msp, id, name))
                .await
                .unwrap()
                .0
                .slug,
        );
    }
    assert_eq!(
        slugs,
        [
            "acme",
            "acme-2",
            "acme-3",
            "acme-2-2",
            "unicode-strasse",
            "client"
        ]
    );
}

pub async fn lookup_by_autotask_id(store: Store) {
    let msp = admin(&store).await.msp_id;
    let (client, _) = store
        .upsert_autotask_client(company(msp, "612", "Acme"))
        .await
        .unwrap();
    store
        .upsert_autotask_client(company(msp, "6120", "Acme Two"))
        .await
        .unwrap();
    assert_eq!(
        store.client_by_autotask_id(msp, "612").await.unwrap(),
        Some(client)
    );
    assert_eq!(
        store.client_by_autotask_id(msp, "61").await.unwrap(),
        None,
        "exact match only"
    );
    assert_eq!(store.client_by_autotask_id(msp, "999").await.unwrap(), None);
}
