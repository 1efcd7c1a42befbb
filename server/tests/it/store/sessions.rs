//! Contracts for server-side sessions and failed sign-in counting.

use super::harness::{admin, T0};
use app::ids::UserId;
use server::store::{NewSession, Store, StoreError};

const HOUR: i64 = 3_600_000;

fn session(token_hash: &str, user_id: UserId, expires_at: i64) -> NewSession {
    NewSession {
        token_hash: token_hash.into(),
        user_id,
        created_at: T0,
        expires_at,
    }
}

pub async fn session_valid_until_it_expires(store: Store) {
    let user = admin(&store).await;
    store
        .create_session(session("h1", user.id, T0 + HOUR))
        .await
        .unwrap();

    let found = store
        .session_user("h1", T0 + 1)
        .await
        .unwrap()
        .expect("valid session");
    assert_eq!(found.user_id, user.id);
    assert_eq!(found.msp_id, user.msp_id);
    assert_eq!(found.msp_name, "Northwind IT");
    assert_eq!(found.name, "Ada Admin");
    assert_eq!(found.email, "ada@northwind.example");
    assert_eq!(found.expires_at, T0 + HOUR);

    assert!(store
        .session_user("h1", T0 + HOUR - 1)
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        store.session_user("h1", T0 + HOUR).await.unwrap(),
        None,
        "expired at expires_at"
    );
    assert_eq!(store.session_user("unknown", T0).await.unwrap(), None);
}

pub async fn deleted_session_is_gone(store: Store) {
    let user = admin(&store).await;
    store
        .create_session(session("h1", user.id, T0 + HOUR))
        .await
        .unwrap();
    store
        .create_session(session("h2", user.id, T0 + HOUR))
        .await
        .unwrap();
    store.delete_session("h1").await.unwrap();
    assert_eq!(store.session_user("h1", T0).await.unwrap(), None);
    assert!(
        store.session_user("h2", T0).await.unwrap().is_some(),
        "other sessions stay"
    );
    store
        .delete_session("h1")
        .await
        .expect("deleting twice is harmless");
}

pub async fn duplicate_session_token_conflicts(store: Store) {
    let user = admin(&store).await;
    store
        .create_session(session("h1", user.id, T0 + HOUR))
        .await
        .unwrap();
    let err = store
        .create_session(session("h1", user.id, T0 + 2 * HOUR))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "got {err:?}");
    let kept = store.session_user("h1", T0).await.unwrap().unwrap();
    assert_eq!(kept.expires_at, T0 + HOUR, "the first session is untouched");
}

pub async fn expired_sessions_are_purged(store: Store) {
    let user = admin(&store).await;
    store
        .create_session(session("old1", user.id, T0 - HOUR))
        .await
        .unwrap();
    store
        .create_session(session("old2", user.id, T0))
        .await
        .unwrap();
    store
        .create_session(session("live", user.id, T0 + HOUR))
        .await
        .unwrap();
    assert_eq!(store.delete_expired_sessions(T0).await.unwrap(), 2);
    assert_eq!(
        store.delete_expired_sessions(T0).await.unwrap(),
        0,
        "nothing left to purge"
    );
    assert!(store.session_user("live", T0).await.unwrap().is_some());
    // Gone for good, even if asked with an earlier clock.
    assert_eq!(
        store.session_user("old1", T0 - 2 * HOUR).await.unwrap(),
        None
    );
}

pub async fn sign_in_failures_are_windowed_per_scope(store: Store) {
    let acct = "acct:ada@northwind.example";
    let ip = "ip:203.0.113.7";
    for at in [T0, T0 + 1_000, T0 + 2_000] {
        store.record_sign_in_failure(acct, at).await.unwrap();
    }
    store.record_sign_in_failure(ip, T0 + 2_000).await.unwrap();

    assert_eq!(store.count_sign_in_failures(acct, T0).await.unwrap(), 3);
    assert_eq!(
        store
            .count_sign_in_failures(acct, T0 + 1_000)
            .await
            .unwrap(),
        2,
        "since is inclusive"
    );
    assert_eq!(
        store
            .count_sign_in_failures(acct, T0 + 2_001)
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.count_sign_in_failures(ip, T0).await.unwrap(), 1);
    assert_eq!(
        store
            .count_sign_in_failures("acct:other", T0)
            .await
            .unwrap(),
        0
    );

    store.clear_sign_in_failures(acct).await.unwrap();
    assert_eq!(store.count_sign_in_failures(acct, 0).await.unwrap(), 0);
    assert_eq!(
        store.count_sign_in_failures(ip, 0).await.unwrap(),
        1,
        "other scopes are kept"
    );

    store
        .record_sign_in_failure(acct, T0 + 5_000)
        .await
        .unwrap();
    assert_eq!(
        store.prune_sign_in_failures(T0 + 3_000).await.unwrap(),
        1,
        "only the old ip one"
    );
    assert_eq!(store.count_sign_in_failures(acct, 0).await.unwrap(), 1);
    assert_eq!(store.count_sign_in_failures(ip, 0).await.unwrap(), 0);
}

pub async fn sign_in_reservations_hold_the_limit_under_a_burst(store: Store) {
    let acct = "acct:burst@northwind.example";
    // 30 reservations at once against a limit of 5: exactly 5 succeed.
    let tries = (0..30).map(|_| {
        let store = store.clone();
        async move {
            store
                .reserve_sign_in_failure(acct, T0, T0 - 60_000, 5)
                .await
                .unwrap()
        }
    });
    let ids: Vec<i64> = futures::future::join_all(tries)
        .await
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(
        ids.len(),
        5,
        "the limit holds against parallel reservations"
    );
    assert_eq!(
        store
            .count_sign_in_failures(acct, T0 - 60_000)
            .await
            .unwrap(),
        5
    );
    // Releasing one gives its slot back, and only that one row goes.
    store.release_sign_in_failure(ids[0]).await.unwrap();
    assert_eq!(store.count_sign_in_failures(acct, 0).await.unwrap(), 4);
    assert!(store
        .reserve_sign_in_failure(acct, T0, T0 - 60_000, 5)
        .await
        .unwrap()
        .is_some());
    assert!(store
        .reserve_sign_in_failure(acct, T0, T0 - 60_000, 5)
        .await
        .unwrap()
        .is_none());
    assert!(
        store
            .reserve_sign_in_failure("ip:203.0.113.9", T0, T0 - 60_000, 5)
            .await
            .unwrap()
            .is_some(),
        "scopes count apart"
    );
    // Older failures fall out of the window and do not count.
    assert!(store
        .reserve_sign_in_failure(acct, T0 + 120_000, T0 + 60_000, 5)
        .await
        .unwrap()
        .is_some());
}
