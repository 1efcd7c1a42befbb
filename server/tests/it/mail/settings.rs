//! The Settings → Outgoing mail service: the password sealed and never returned, bad input
//! refused without a change (plain SMTP only to loopback), test mails reported plainly, remove.

use super::harness::{env, sink_input, SMTP_PASSWORD};
use app::error::ErrorCode;
use app::states::MailTls;
use server::mail::password_aad;
use std::time::Duration;

#[tokio::test]
async fn the_password_is_sealed_never_returned_and_kept_until_changed() {
    let env = env().await;
    let svc = &env.app.state.services.mail;
    let before = svc.mail_settings(&env.user).await.unwrap();
    assert!(!before.saved && !before.password_stored);
    assert_eq!((before.port, before.tls), (587, MailTls::StartTls));

    let view = svc
        .save_mail_settings(&env.user, sink_input(&env.sink))
        .await
        .unwrap();
    assert!(view.saved && view.password_stored);
    assert!(view.updated.as_deref().unwrap().starts_with("by Ada, "));
    let shown = serde_json::to_string(&svc.mail_settings(&env.user).await.unwrap()).unwrap();
    assert!(!shown.contains(SMTP_PASSWORD), "{shown}");

    let store = &env.app.state.store;
    let sealed = || async {
        store
            .mail_settings(env.user.msp_id)
            .await
            .unwrap()
            .unwrap()
            .password_enc
    };
    let first = sealed().await.unwrap();
    assert!(!first.contains(SMTP_PASSWORD));
    let opened = env
        .app
        .state
        .cipher
        .decrypt_string(&first, password_aad(env.user.msp_id).as_bytes())
        .unwrap();
    assert_eq!(opened, SMTP_PASSWORD);

    // An empty password field keeps the stored one while the rest changes.
    let mut next = sink_input(&env.sink);
    next.password = String::new();
    next.from_name = "Harbour IT Relay".into();
    let view = svc.save_mail_settings(&env.user, next).await.unwrap();
    assert_eq!(view.from_name, "Harbour IT Relay");
    assert_eq!(sealed().await.as_deref(), Some(first.as_str()));

    let mut clear = sink_input(&env.sink);
    clear.password = String::new();
    clear.clear_password = true;
    let view = svc.save_mail_settings(&env.user, clear).await.unwrap();
    assert!(!view.password_stored);
    assert_eq!(sealed().await, None);
}

#[tokio::test]
async fn bad_input_changes_nothing_and_plain_smtp_needs_a_loopback_host() {
    let env = env().await;
    let svc = &env.app.state.services.mail;
    let mut plain_remote = sink_input(&env.sink);
    plain_remote.host = "smtp.example.com".into();
    let err = svc
        .save_mail_settings(&env.user, plain_remote)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("tls"));

    let mut bad_port = sink_input(&env.sink);
    bad_port.port = "0".into();
    let err = svc
        .save_mail_settings(&env.user, bad_port)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("port"));

    let mut bad_from = sink_input(&env.sink);
    bad_from.from_address = "relay at harbour".into();
    let err = svc
        .save_mail_settings(&env.user, bad_from)
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("from_address"));
    assert_eq!(
        env.app
            .state
            .store
            .mail_settings(env.user.msp_id)
            .await
            .unwrap(),
        None
    );

    // The same remote host with STARTTLS is fine (nothing is contacted on save).
    let mut starttls = sink_input(&env.sink);
    starttls.host = "smtp.example.com".into();
    starttls.tls = MailTls::StartTls;
    assert!(svc.save_mail_settings(&env.user, starttls).await.is_ok());
}

#[tokio::test]
async fn a_test_mail_reports_success_or_the_servers_answer_and_remove_stops_mail() {
    let env = env().await;
    let svc = &env.app.state.services.mail;
    let none = svc
        .send_test_mail(&env.user, "ada@harbour-it.example".into())
        .await
        .unwrap();
    assert!(!none.ok);
    assert!(none.message.contains("No mail server"), "{}", none.message);

    svc.save_mail_settings(&env.user, sink_input(&env.sink))
        .await
        .unwrap();
    let report = svc
        .send_test_mail(&env.user, " ada@harbour-it.example ".into())
        .await
        .unwrap();
    assert!(report.ok, "{}", report.message);
    let got = env.sink.wait_for(1, Duration::from_secs(5)).await.unwrap();
    assert_eq!(got[0].subject, "Relay test mail");
    assert_eq!(got[0].to, vec!["ada@harbour-it.example".to_string()]);
    // Kept for the page a plain form post returns to.
    let view = svc.mail_settings(&env.user).await.unwrap();
    assert_eq!(view.last_test, Some(report));

    env.sink.reject_recipient("nobody@harbour-it.example");
    let refused = svc
        .send_test_mail(&env.user, "nobody@harbour-it.example".into())
        .await
        .unwrap();
    assert!(!refused.ok);
    assert!(
        refused
            .message
            .starts_with("The mail server refused the message")
            && refused.message.contains("550"),
        "{}",
        refused.message
    );

    let err = svc
        .send_test_mail(&env.user, "not-an-address".into())
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("to"));

    let view = svc.remove_mail_settings(&env.user).await.unwrap();
    assert!(!view.saved);
    assert!(!env.app.state.outbox.configured(env.user.msp_id).await);
    assert_eq!(env.sink.messages().len(), 1);
}

#[tokio::test]
async fn tls_from_the_start_against_a_plain_server_suggests_starttls() {
    let env = env().await;
    let svc = &env.app.state.services.mail;
    let mut input = sink_input(&env.sink);
    input.tls = MailTls::Tls;
    svc.save_mail_settings(&env.user, input).await.unwrap();
    let report = svc
        .send_test_mail(&env.user, "ada@harbour-it.example".into())
        .await
        .unwrap();
    assert!(!report.ok);
    assert!(
        report
            .message
            .starts_with("The mail server could not be reached")
            && report.message.contains("choose STARTTLS"),
        "{}",
        report.message
    );
}
