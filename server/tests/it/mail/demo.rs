//! `make run`: the demo starts a simulated SMTP server; an MSP that saved no mail server sends
//! through it, and its inbox shows what Relay sent.

use crate::brain::harness::admin_of;

#[tokio::test]
async fn the_demo_mails_into_its_simulated_inbox() {
    let app = crate::support::test_app(&[("RELAY_DEMO", "true")]).await;
    let user = admin_of(&app).await;
    let svc = &app.state.services.mail;
    let view = svc.mail_settings(&user).await.unwrap();
    assert!(!view.saved);
    let demo = view.demo.expect("the demo names its mail server");
    assert_eq!(demo.host, "127.0.0.1");
    assert!(app.state.outbox.configured(user.msp_id).await);

    let report = svc
        .send_test_mail(&user, "ada@harbour-it.example".into())
        .await
        .unwrap();
    assert!(report.ok, "{report:?}");
    let list: serde_json::Value = reqwest::get(format!("{}messages", demo.inbox_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["messages"][0]["subject"], "Relay test mail");
    assert_eq!(list["messages"][0]["to"][0], "ada@harbour-it.example");
}
