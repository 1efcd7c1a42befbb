//! A webhook Autotask deactivated after failed deliveries: the deactivation URL marks it with
//! the reason, Relay reactivates the definition it registered, and the backfill feeds every
//! ticket missed meanwhile through the pipeline exactly once, named as backfill in the trail.

use super::harness::{piped, quick_config, CONTOSO};
use server::integrations::webhooks::backfill::is_backfill;
use server::integrations::webhooks::{WebhookRegistrar, DEACTIVATION_CALLED};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivated_webhook_is_reactivated_and_the_gap_backfilled_exactly_once() {
    let p = piped(quick_config()).await;
    let state = &p.app.state;
    let registrar = WebhookRegistrar::new(
        state.store.clone(),
        state.cipher.clone(),
        state.tenants.clone(),
        p.app.base_url(),
    );
    let record = || async {
        state
            .store
            .integration(p.integration)
            .await
            .unwrap()
            .unwrap()
    };
    // The harness set the webhooks up by hand; let Relay own them instead.
    assert_eq!(registrar.unregister(&record().await).await.unwrap(), 2);
    registrar.register(&record().await).await.unwrap();

    let first = p.new_ticket(CONTOSO, "Printer jams on tray 2");
    p.settle(1).await;
    let hook = p.sim.records("TicketWebhooks")[0]["id"].as_i64().unwrap();

    // Autotask gives up on the webhook and calls the deactivation URL.
    assert!(p.sim.deactivate_webhook("TicketWebhooks", hook));
    let deadline = Instant::now() + Duration::from_secs(10);
    while record().await.deactivated_at.is_none() {
        assert!(
            Instant::now() < deadline,
            "deactivation notice not received"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let defs = state
        .store
        .webhook_definitions(p.integration)
        .await
        .unwrap();
    let tickets = defs.iter().find(|d| d.entity == "TicketWebhooks").unwrap();
    assert!(!tickets.is_active, "{defs:?}");
    assert_eq!(
        tickets.inactive_reason.as_deref(),
        Some(DEACTIVATION_CALLED)
    );
    assert_eq!(
        p.metric("relay_webhook_alerts_total{reason=\"deactivated\"}"),
        1
    );

    // Tickets changed while nothing was delivered.
    let missed: Vec<i64> = (1..=3)
        .map(|i| p.new_ticket(CONTOSO, &format!("Missed while deactivated {i}")))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        p.events().await.len(),
        1,
        "nothing delivered while inactive"
    );

    assert_eq!(registrar.reactivate(&record().await).await.unwrap(), 1);
    assert_eq!(
        p.sim.record("TicketWebhooks", hook).unwrap()["isActive"],
        true
    );
    assert_eq!(record().await.deactivated_at, None);

    let report = registrar.backfill(&record().await).await.unwrap();
    assert_eq!(report.queued, 3, "{report:?}");
    let events = p.settle(4).await;
    let synthetic: Vec<_> = events
        .iter()
        .filter(|e| is_backfill(&e.dedupe_key))
        .collect();
    let mut ids: Vec<i64> = synthetic.iter().map(|e| e.entity_id).collect();
    ids.sort_unstable();
    assert_eq!(ids, missed);
    assert!(
        synthetic.iter().all(|e| e.state.as_str() == "done"),
        "{synthetic:?}"
    );
    assert!(
        !ids.contains(&first),
        "the delivered ticket is not fetched again"
    );

    // Again: nothing new is queued.
    let again = registrar.backfill(&record().await).await.unwrap();
    assert_eq!(again.queued, 0, "{again:?}");
    assert_eq!(p.events().await.len(), 4);

    let activity = p.activity().await;
    let caught_up: Vec<_> = activity
        .iter()
        .filter(|a| a.summary.ends_with("(caught up by backfill)"))
        .collect();
    assert_eq!(caught_up.len(), 3, "{activity:#?}");
    assert!(caught_up
        .iter()
        .all(|a| a.detail["source"] == "backfill" && a.outcome == "woke"));

    // The webhook delivers again.
    p.new_ticket(CONTOSO, "After reactivation");
    let events = p.settle(5).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| !is_backfill(&e.dedupe_key))
            .count(),
        2
    );
}
