//! The silence alert against the simulated tenant: a webhook silent for longer than the limit
//! is an alert only during business hours and only while tickets changed in Autotask (not by
//! Relay's own API user); the card shows it (since when, why) and it clears once an event
//! arrives.

use super::harness::{demo_input, env};
use app::service::IntegrationService;
use relay_sim::Person;
use serde_json::json;
use server::clock::now_ms;
use server::integrations::webhooks::silence::{observe, Silence};
use std::time::Duration;

const TECHNICIAN: i64 = 29_682_910;
const COMPANY: i64 = 612;
const HOUR_MS: i64 = 3_600_000;

#[tokio::test]
async fn silence_while_tickets_change_is_shown_until_an_event_arrives() {
    let env = env(0).await;
    let state = &env.app.state;
    let svc = &state.integrations;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    let id = state
        .store
        .active_integration(env.user.msp_id)
        .await
        .unwrap()
        .unwrap()
        .id;
    let record = || async { state.store.integration(id).await.unwrap().unwrap() };
    let registrar = svc.registrar();
    let limit = Duration::from_secs(2 * 3600);
    let card = || async {
        svc.autotask_page(&env.user)
            .await
            .unwrap()
            .integration
            .unwrap()
            .webhook
    };

    // Not connected yet: not silent, it is not set up.
    let now = now_ms();
    assert_eq!(
        observe(registrar, &record().await, limit, true, now)
            .await
            .unwrap(),
        Silence::Heard
    );

    // Connected three hours ago, nothing since, and no ticket changed: a quiet tenant.
    let connected = now - 3 * HOUR_MS;
    state
        .store
        .mark_webhook_connected(id, connected)
        .await
        .unwrap();
    assert_eq!(
        observe(registrar, &record().await, limit, true, now)
            .await
            .unwrap(),
        Silence::Quiet
    );

    // Relay's own API user changed a ticket: Autotask never sends those, still quiet.
    let api_user = env.sim.api_user_resource_id();
    env.sim
        .create_ticket(
            json!({"title": "Written by Relay", "companyID": COMPANY, "status": 1, "priority": 2}),
            Person::Resource(api_user),
        )
        .unwrap();
    assert_eq!(
        observe(registrar, &record().await, limit, true, now_ms())
            .await
            .unwrap(),
        Silence::Quiet
    );

    // A technician changes a ticket: outside business hours that is not news yet …
    env.sim
        .create_ticket(
            json!({"title": "Printer jam", "companyID": COMPANY, "status": 1, "priority": 2}),
            Person::Resource(TECHNICIAN),
        )
        .unwrap();
    assert_eq!(
        observe(registrar, &record().await, limit, false, now_ms())
            .await
            .unwrap(),
        Silence::AfterHours
    );
    assert_eq!(card().await.silence, None);

    // … during business hours it is, once.
    let raised = now_ms();
    let Silence::Alert(alert, true) = observe(registrar, &record().await, limit, true, raised)
        .await
        .unwrap()
    else {
        panic!("expected a new alert");
    };
    assert_eq!((alert.silent_since, alert.tickets_changed), (connected, 1));
    let Silence::Alert(again, false) =
        observe(registrar, &record().await, limit, true, raised + 600_000)
            .await
            .unwrap()
    else {
        panic!("expected the same alert, not news");
    };
    assert_eq!(again.raised_at, raised);

    // The card says since when and why; after hours it stays up.
    assert_eq!(
        observe(registrar, &record().await, limit, false, raised + 700_000)
            .await
            .unwrap(),
        Silence::AfterHours
    );
    let silence = card().await.silence.expect("the card shows the silence");
    assert_eq!(silence.since, server::clock::fmt_utc(connected));
    assert!(
        silence.reason.contains("1 ticket changed"),
        "{}",
        silence.reason
    );

    // Autotask deactivates the webhook: its own alert speaks for it, the silence one goes.
    state
        .store
        .mark_webhook_deactivated(id, now_ms())
        .await
        .unwrap();
    assert_eq!(
        observe(registrar, &record().await, limit, true, now_ms())
            .await
            .unwrap(),
        Silence::Deactivated
    );
    assert_eq!(card().await.silence, None);
    // Reactivated but still silent while tickets change: the alert is back.
    state
        .store
        .clear_webhook_deactivation(id, now_ms())
        .await
        .unwrap();
    assert!(matches!(
        observe(registrar, &record().await, limit, true, now_ms())
            .await
            .unwrap(),
        Silence::Alert(_, true)
    ));
    assert!(card().await.silence.is_some());

    // An event arrives: the card clears at once, the next check removes the alert.
    state
        .store
        .record_webhook_event_at(id, now_ms())
        .await
        .unwrap();
    assert_eq!(card().await.silence, None);
    assert_eq!(
        observe(registrar, &record().await, limit, true, now_ms())
            .await
            .unwrap(),
        Silence::Heard
    );
    assert_eq!(state.store.silence_alert(id).await.unwrap(), None);
}
