//! Webhook health on the card: a definition Autotask deactivated is found by the periodic
//! check (once), shown with its reason, and turned back on by Reactivate.

use super::harness::{demo_input, env};
use app::service::IntegrationService;
use server::integrations::webhooks::FOUND_INACTIVE;

#[tokio::test]
async fn the_check_finds_a_deactivated_webhook_and_reactivate_turns_it_back_on() {
    let env = env(0).await;
    let svc = &env.app.state.integrations;
    svc.save_credentials(&env.user, demo_input(&env.sim))
        .await
        .unwrap();
    svc.register_webhooks(&env.user).await.unwrap();
    let record = || async {
        env.app
            .state
            .store
            .active_integration(env.user.msp_id)
            .await
            .unwrap()
            .unwrap()
    };
    let registrar = svc.registrar();
    assert!(
        !registrar.check(&record().await).await.unwrap(),
        "all active"
    );

    // Autotask gives up after 25 failures; its notice to the deactivation URL is lost here
    // (nothing listens at the default public URL), so only the check can notice.
    let id = env.sim.records("TicketWebhooks")[0]["id"].as_i64().unwrap();
    assert!(env.sim.deactivate_webhook("TicketWebhooks", id));
    assert!(registrar.check(&record().await).await.unwrap(), "noticed");
    assert!(
        !registrar.check(&record().await).await.unwrap(),
        "noticed once"
    );

    let card = svc
        .autotask_page(&env.user)
        .await
        .unwrap()
        .integration
        .unwrap()
        .webhook;
    assert!(card.deactivated_at.is_some());
    assert_eq!(card.deactivation_reason.as_deref(), Some(FOUND_INACTIVE));
    let tickets = card
        .definitions
        .iter()
        .find(|d| d.label == "Tickets")
        .unwrap();
    assert!(!tickets.active);
    assert!(
        card.definitions
            .iter()
            .find(|d| d.label == "Ticket notes")
            .unwrap()
            .active
    );

    let card = svc.reactivate_webhooks(&env.user).await.unwrap();
    assert_eq!(
        env.sim.record("TicketWebhooks", id).unwrap()["isActive"],
        true
    );
    assert_eq!(card.deactivated_at, None);
    assert_eq!(card.deactivation_reason, None);
    assert!(card
        .definitions
        .iter()
        .all(|d| d.active && d.inactive_reason.is_none()));
    assert!(!registrar.check(&record().await).await.unwrap());

    // Nothing inactive: Reactivate says so rather than pretending.
    let err = svc.reactivate_webhooks(&env.user).await.unwrap_err();
    assert_eq!(err.code, app::error::ErrorCode::Conflict);
}
