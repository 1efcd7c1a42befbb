//! Contracts for webhook silence alerts: raised once per silence, kept per integration,
//! replaced by a new silence, cleared.

use super::harness::{admin, T0};
use super::integrations::{fake_seal, new_integration};
use app::ids::IntegrationId;
use server::store::{SilenceAlert, Store};

async fn integration(store: &Store) -> IntegrationId {
    let msp = admin(store).await.msp_id;
    store
        .create_integration(new_integration(msp), &fake_seal)
        .await
        .unwrap()
        .id
}

fn alert(silent_since: i64, at: i64, tickets_changed: i64) -> SilenceAlert {
    SilenceAlert {
        silent_since,
        raised_at: at,
        tickets_changed,
        checked_at: at,
    }
}

pub async fn silence_alerts_are_news_once_per_silence_and_clear(store: Store) {
    let id = integration(&store).await;
    assert_eq!(store.silence_alert(id).await.unwrap(), None);
    assert!(
        !store.clear_silence_alert(id).await.unwrap(),
        "nothing to clear"
    );

    // First sighting: news.
    let first = alert(T0, T0 + 7_200_000, 3);
    assert!(store.raise_silence_alert(id, first).await.unwrap());
    assert_eq!(store.silence_alert(id).await.unwrap(), Some(first));

    // The same silence seen again later: not news, keeps when it was raised, updates the count.
    let again = alert(T0, T0 + 7_800_000, 5);
    assert!(!store.raise_silence_alert(id, again).await.unwrap());
    assert_eq!(
        store.silence_alert(id).await.unwrap(),
        Some(SilenceAlert {
            raised_at: first.raised_at,
            ..again
        })
    );

    // Kept per integration.
    assert_eq!(
        store
            .silence_alert(IntegrationId(id.get() + 1))
            .await
            .unwrap(),
        None
    );

    // A new silence (an event came in between): news again, raised afresh.
    let later = alert(T0 + 9_000_000, T0 + 16_200_000, 1);
    assert!(store.raise_silence_alert(id, later).await.unwrap());
    assert_eq!(store.silence_alert(id).await.unwrap(), Some(later));

    assert!(store.clear_silence_alert(id).await.unwrap());
    assert_eq!(store.silence_alert(id).await.unwrap(), None);
}
