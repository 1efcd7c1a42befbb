//! An event that keeps failing is parked with its error, shown on the Activity page with a
//! retry button, and the retry sends it through the pipeline again.

use super::harness::{piped, quick_config, CONTOSO};
use app::ids::{MspId, UserId};
use app::wire::CurrentUser;
use relay_sim::Faults;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parked_event_shows_its_error_and_can_be_retried() {
    let config = server::pipeline::WorkerConfig {
        max_attempts: 2,
        ..quick_config()
    };
    let p = piped(config).await;
    p.sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    p.new_ticket(CONTOSO, "Autotask is down");
    let events = p.settle(1).await;
    assert_eq!(
        (events[0].state.as_str(), events[0].attempts),
        ("parked", 2)
    );
    assert!(
        events[0]
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("Autotask"),
        "{events:?}"
    );

    let user = CurrentUser {
        user_id: UserId(1),
        msp_id: p.msp,
        msp_name: "Northwind IT".into(),
        name: "Ada Admin".into(),
        email: "ada@northwind.example".into(),
    };
    let activity = &p.app.state.services.activity;
    let page = activity.activity(&user, None, 1).await.unwrap();
    let parked = page
        .rows
        .iter()
        .find(|r| r.outcome == "parked")
        .expect("a parked row");
    assert_eq!(parked.retry_event, Some(events[0].id));
    assert!(parked.summary.contains("parked"), "{}", parked.summary);
    assert!(
        page.rows.iter().any(|r| r.outcome == "failed"),
        "the first failure is logged too"
    );

    p.sim.clear_faults();
    let other = CurrentUser {
        msp_id: MspId(p.msp.get() + 1),
        ..user.clone()
    };
    assert!(
        !activity.retry_event(&other, events[0].id).await.unwrap(),
        "another MSP cannot"
    );
    assert!(activity.retry_event(&user, events[0].id).await.unwrap());
    let events = p.settle(1).await;
    assert_eq!(
        (events[0].state.as_str(), events[0].outcome.as_deref()),
        ("done", Some("woke"))
    );
    let page = activity.activity(&user, None, 1).await.unwrap();
    assert_eq!(page.rows[0].outcome, "woke");
    assert!(
        page.rows[0].detail.contains("Autotask is down"),
        "context shown"
    );
    assert!(
        !activity.retry_event(&user, events[0].id).await.unwrap(),
        "no longer parked"
    );
}
