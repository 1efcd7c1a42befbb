//! Contracts for the activity log: newest first, paged, with client names, per tenant.

use super::harness::{admin, T0};
use super::queries::TestQueries;
use app::ids::{ClientId, MspId};
use serde_json::json;
use server::store::{NewActivity, NewClient, Store};

fn entry(msp_id: MspId, client_id: Option<ClientId>, at: i64, summary: &str) -> NewActivity {
    NewActivity {
        msp_id,
        client_id,
        at,
        kind: "ticket.event".into(),
        summary: summary.into(),
        outcome: "woke".into(),
        detail: json!({ "ticket": { "id": 42, "title": "Printer on fire" }, "tags": ["a", "b"] }),
    }
}

pub async fn activity_newest_first_with_client_names(store: Store) {
    let msp = admin(&store).await.msp_id;
    let client = NewClient {
        msp_id: msp,
        name: "Acme".into(),
        autotask_id: "612".into(),
        now: T0,
    };
    let (client, _) = store.upsert_autotask_client(client).await.unwrap();

    let first = store
        .append_activity(entry(msp, Some(client.id), T0, "first"))
        .await
        .unwrap();
    let late = store
        .append_activity(entry(msp, None, T0 + 2_000, "late, MSP-wide"))
        .await
        .unwrap();
    let tie = store
        .append_activity(entry(msp, Some(client.id), T0 + 1_000, "tie a"))
        .await
        .unwrap();
    let tie2 = store
        .append_activity(entry(msp, Some(client.id), T0 + 1_000, "tie b"))
        .await
        .unwrap();

    let (page, total) = store.list_activity(msp, None, 10, 0).await.unwrap();
    assert_eq!(total, 4);
    let order: Vec<i64> = page.iter().map(|a| a.id).collect();
    assert_eq!(
        order,
        [late, tie2, tie, first],
        "newest first; ties newest-inserted first"
    );

    let (only_acme, acme_total) = store
        .list_activity(msp, Some(client.id), 10, 0)
        .await
        .unwrap();
    assert_eq!(acme_total, 3, "one client's entries only");
    assert_eq!(
        only_acme.iter().map(|a| a.id).collect::<Vec<_>>(),
        [tie2, tie, first]
    );
    assert_eq!(page[0].client_id, None);
    assert_eq!(page[0].client_name, None);
    let last = &page[3];
    assert_eq!(
        (last.msp_id, last.client_id, last.client_name.as_deref()),
        (msp, Some(client.id), Some("Acme"))
    );
    assert_eq!(
        (
            last.at,
            last.kind.as_str(),
            last.summary.as_str(),
            last.outcome.as_str()
        ),
        (T0, "ticket.event", "first", "woke")
    );
    assert_eq!(
        last.detail,
        entry(msp, None, 0, "").detail,
        "detail JSON round-trips"
    );
}

pub async fn activity_pages_and_isolates_tenants(store: Store) {
    let msp = admin(&store).await.msp_id;
    for i in 0..25 {
        store
            .append_activity(entry(msp, None, T0 + i, &format!("e{i}")))
            .await
            .unwrap();
    }
    let (page, total) = store.list_activity(msp, None, 10, 10).await.unwrap();
    assert_eq!(total, 25);
    let summaries: Vec<&str> = page.iter().map(|a| a.summary.as_str()).collect();
    assert_eq!(
        summaries,
        ["e14", "e13", "e12", "e11", "e10", "e9", "e8", "e7", "e6", "e5"]
    );
    assert_eq!(
        store
            .list_activity(msp, None, 10, 20)
            .await
            .unwrap()
            .0
            .len(),
        5
    );
    assert_eq!(
        store
            .list_activity(MspId(msp.get() + 1000), None, 10, 0)
            .await
            .unwrap(),
        (vec![], 0)
    );
}
