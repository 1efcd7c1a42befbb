//! Contracts for ping, backend and first-admin setup.

use super::harness::{admin, new_admin, T0};
use app::ids::MspId;
use server::store::{Store, StoreError};

pub async fn ping_and_backend(store: Store) {
    store.ping().await.expect("ping");
    // The harness checked `backend()` against the database it opened; a second call agrees.
    assert_eq!(store.backend(), store.backend());
    assert_eq!(
        store.count_users().await.unwrap(),
        0,
        "a fresh store has no users"
    );
}

pub async fn setup_creates_msp_and_first_admin(store: Store) {
    let user = admin(&store).await;
    assert_eq!(user.name, "Ada Admin");
    assert_eq!(user.email, "ada@northwind.example");
    assert_eq!(user.created_at, T0);
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert_eq!(store.count_users().await.unwrap(), 1);

    let msp = store
        .msp(user.msp_id)
        .await
        .unwrap()
        .expect("the MSP exists");
    assert_eq!(
        (msp.id, msp.name.as_str(), msp.created_at),
        (user.msp_id, "Northwind IT", T0)
    );
    assert_eq!(
        store.msp(MspId(user.msp_id.get() + 1000)).await.unwrap(),
        None
    );

    assert_eq!(
        store.list_users(user.msp_id).await.unwrap(),
        vec![user.clone()]
    );
    assert!(store
        .list_users(MspId(user.msp_id.get() + 1000))
        .await
        .unwrap()
        .is_empty());
}

pub async fn setup_refused_once_an_admin_exists(store: Store) {
    let first = admin(&store).await;
    for email in ["other@northwind.example", "ada@northwind.example"] {
        let err = store
            .create_msp_with_admin(new_admin(email))
            .await
            .expect_err("a second setup must fail");
        assert!(
            matches!(err, StoreError::Conflict(_)),
            "{email}: got {err:?}"
        );
    }
    assert_eq!(store.count_users().await.unwrap(), 1);
    assert_eq!(
        store.msp(MspId(first.msp_id.get() + 1)).await.unwrap(),
        None,
        "no second MSP left behind"
    );
}

pub async fn concurrent_setup_creates_one_admin(store: Store) {
    let racers = (0..8).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .create_msp_with_admin(new_admin(&format!("racer{i}@northwind.example")))
                .await
        })
    });
    let results = futures::future::join_all(racers).await;
    let mut won = 0;
    for result in results {
        match result.expect("task") {
            Ok(_) => won += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(other) => panic!("a losing setup must be a Conflict, got {other:?}"),
        }
    }
    assert_eq!(won, 1, "exactly one concurrent setup wins");
    assert_eq!(store.count_users().await.unwrap(), 1);
}

pub async fn email_is_case_insensitive(store: Store) {
    let user = store
        .create_msp_with_admin(new_admin("Ada.Admin@Northwind.EXAMPLE"))
        .await
        .unwrap();
    assert_eq!(
        user.email, "ada.admin@northwind.example",
        "stored lower-cased"
    );
    for spelling in [
        "ada.admin@northwind.example",
        "ADA.ADMIN@NORTHWIND.EXAMPLE",
        "Ada.Admin@northwind.example",
    ] {
        let found = store.user_by_email(spelling).await.unwrap();
        assert_eq!(found.as_ref().map(|u| u.id), Some(user.id), "{spelling}");
    }
    assert_eq!(
        store
            .user_by_email("nobody@northwind.example")
            .await
            .unwrap(),
        None
    );
}
