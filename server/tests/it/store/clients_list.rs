//! Contracts for reading clients back: search, paging, totals, and tenant isolation.

use super::clients_upsert::company;
use super::harness::admin;
use super::queries::TestQueries;
use app::ids::MspId;
use server::store::{ClientListRow, Store};

pub async fn list_clients_searches_and_pages(store: Store) {
    let msp = admin(&store).await.msp_id;
    for n in 1..=25 {
        store
            .upsert_autotask_client(company(
                msp,
                &(500 + n).to_string(),
                &format!("Client {n:02}"),
            ))
            .await
            .unwrap();
    }
    for (id, name) in [
        ("900", "acme Widgets"),
        ("901", "ACME Labs"),
        ("902", "Beta 50% Off"),
    ] {
        store
            .upsert_autotask_client(company(msp, id, name))
            .await
            .unwrap();
    }
    let names = |page: &[ClientListRow]| page.iter().map(|c| c.name.clone()).collect::<Vec<_>>();

    let (page, total) = store.list_client_rows(msp, "", 5, 0).await.unwrap();
    assert_eq!(total, 28);
    assert_eq!(
        names(&page),
        [
            "ACME Labs",
            "acme Widgets",
            "Beta 50% Off",
            "Client 01",
            "Client 02"
        ],
        "by name, any case"
    );
    let (page, _) = store.list_client_rows(msp, "", 10, 20).await.unwrap();
    assert_eq!(page.len(), 8, "the last page is short");
    assert_eq!(page.last().unwrap().name, "Client 25");
    let (page, total) = store.list_client_rows(msp, "", 10, 40).await.unwrap();
    assert!(page.is_empty());
    assert_eq!(total, 28, "the total does not depend on the page");

    let search = |q: &'static str| {
        let store = store.clone();
        async move { store.list_client_rows(msp, q, 100, 0).await.unwrap() }
    };
    let (page, total) = search("ACME").await;
    assert_eq!(
        (names(&page), total),
        (vec!["ACME Labs".to_string(), "acme Widgets".to_string()], 2)
    );
    assert_eq!(
        search(" client 1").await.1,
        10,
        "trimmed, case-insensitive substring"
    );
    assert_eq!(
        names(&search("client-07").await.0),
        ["Client 07"],
        "matches the slug"
    );
    assert_eq!(
        names(&search("517").await.0),
        ["Client 17"],
        "matches the Autotask id"
    );
    assert_eq!(
        names(&search("%").await.0),
        ["Beta 50% Off"],
        "% is literal"
    );
    assert_eq!(search("_").await.1, 0, "_ is literal");
    assert_eq!(search("zzz").await, (vec![], 0));
    let (page, total) = store.list_client_rows(msp, "client", 3, 3).await.unwrap();
    assert_eq!(
        (names(&page), total),
        (
            vec!["Client 04".into(), "Client 05".into(), "Client 06".into()],
            25
        )
    );
}

pub async fn clients_are_per_msp(store: Store) {
    let msp = admin(&store).await.msp_id;
    store
        .upsert_autotask_client(company(msp, "612", "Acme"))
        .await
        .unwrap();
    let other = MspId(msp.get() + 1000);
    assert_eq!(
        store.list_client_rows(other, "", 50, 0).await.unwrap(),
        (vec![], 0)
    );
    assert_eq!(
        store.client_by_autotask_id(other, "612").await.unwrap(),
        None
    );
    assert!(
        store
            .upsert_autotask_client(company(other, "612", "Acme"))
            .await
            .is_err(),
        "a client cannot belong to an MSP that does not exist"
    );
}
