//! Webhook alerts by e-mail: a deactivation announced on the deactivation URL mails the MSP's
//! users once per occurrence (not per notice), counted in /metrics; a silence is mailed once per
//! silence; without mail settings nothing is sent.

use crate::intake::harness::{hooked_app, send, HOOK_SECRET};
use crate::support::TestApp;
use app::ids::IntegrationId;
use app::mail_wire::MailSettingsInput;
use app::states::MailTls;
use relay_sim::smtp::SmtpSink;
use server::mail::alerts::AlertMail;
use server::store::AlertReason;
use std::time::Duration;

const NOTICE: &[u8] = br#"{"Action":"Deactivated","Guid":"fake-guid","EntityType":"Ticket","Id":0,"EventTime":"2025-03-11T16:05:12Z","SequenceNumber":1}"#;
const NOTE_NOTICE: &[u8] = br#"{"Action":"Deactivated","Guid":"fake-guid-2","EntityType":"TicketNote","Id":0,"EventTime":"2025-03-11T16:05:13Z","SequenceNumber":1}"#;

async fn save_sink(app: &TestApp, integration: IntegrationId, sink: &SmtpSink, alert_to: &str) {
    let msp = app
        .state
        .store
        .integration(integration)
        .await
        .unwrap()
        .unwrap()
        .msp_id;
    let user = app.state.store.list_users(msp).await.unwrap().remove(0);
    let input = MailSettingsInput {
        host: sink.host(),
        port: sink.port().to_string(),
        tls: MailTls::Plain,
        username: String::new(),
        password: String::new(),
        clear_password: false,
        from_address: "relay@northwind.example".into(),
        from_name: "Relay".into(),
        alert_to: alert_to.into(),
    };
    let current = app::wire::CurrentUser {
        user_id: user.id,
        msp_id: msp,
        msp_name: "Northwind IT".into(),
        name: user.name,
        email: user.email,
    };
    app.state
        .services
        .mail
        .save_mail_settings(&current, input)
        .await
        .unwrap();
}

/// Counted once the client has its answer, a moment after the sink stored the message.
async fn wait_metric(h: &crate::intake::harness::Hooked, name: &str, want: u64) -> u64 {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while h.metric(name) < want && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    h.metric(name)
}

#[tokio::test]
async fn a_deactivation_mails_the_admins_once_per_occurrence() {
    let h = hooked_app(&[]).await;
    let sink = SmtpSink::start().await.unwrap();
    save_sink(&h.app, h.integration, &sink, "").await;

    // Autotask sends one notice per definition; both belong to one deactivation.
    assert_eq!(h.deliver(NOTICE).await.0, 200);
    assert_eq!(h.deliver(NOTE_NOTICE).await.0, 200);
    let got = sink.wait_for(1, Duration::from_secs(5)).await.unwrap();
    assert_eq!(got[0].to, vec!["ada@northwind.example".to_string()]);
    assert_eq!(
        got[0].subject,
        "Relay alert: Autotask deactivated the webhook"
    );
    assert!(got[0].text.contains("Reactivate"), "{}", got[0].text);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 1, "one mail per occurrence");
    let sent = "relay_mail_webhook_alerts_total{reason=\"deactivated\",result=\"sent\"}";
    assert_eq!(wait_metric(&h, sent, 1).await, 1);

    // Working again (a readiness ping after reactivation), then a new deactivation: new mail.
    let ping = http::Request::get(h.url(HOOK_SECRET))
        .body(axum::body::Body::empty())
        .unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(send(&h.app.router, ping).await.0, 200);
    assert_eq!(h.deliver(NOTICE).await.0, 200);
    assert!(sink.wait_for(2, Duration::from_secs(5)).await.is_some());
    assert_eq!(wait_metric(&h, sent, 2).await, 2);
}

#[tokio::test]
async fn a_silence_is_mailed_once_to_the_alert_addresses_and_nothing_without_a_server() {
    let h = hooked_app(&[]).await;
    let store = &h.app.state.store;
    let alerts = AlertMail::from_state(&h.app.state);
    // No mail server: nothing sent, nothing claimed.
    assert_eq!(
        alerts
            .send_webhook_alert(h.integration, AlertReason::Silent)
            .await
            .unwrap(),
        0
    );
    let sink = SmtpSink::start().await.unwrap();
    save_sink(
        &h.app,
        h.integration,
        &sink,
        "noc@northwind.example, oncall@northwind.example",
    )
    .await;
    store
        .mark_webhook_connected(h.integration, 1_000)
        .await
        .unwrap();
    assert_eq!(
        alerts
            .send_webhook_alert(h.integration, AlertReason::Silent)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        alerts
            .send_webhook_alert(h.integration, AlertReason::Silent)
            .await
            .unwrap(),
        0,
        "the same silence is mailed once"
    );
    let got = sink.wait_for(2, Duration::from_secs(5)).await.unwrap();
    let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["noc@northwind.example", "oncall@northwind.example"]);
    assert!(got[0].subject.contains("no Autotask webhook events"));

    // An event ends the silence; the next silence is a new occurrence.
    store
        .record_webhook_event_at(h.integration, 5_000)
        .await
        .unwrap();
    assert_eq!(
        alerts
            .send_webhook_alert(h.integration, AlertReason::Silent)
            .await
            .unwrap(),
        2
    );
}
