//! `SmtpOutbox` delivering to the sink over real TCP: sent, refused (a recipient the sink
//! rejects, a wrong password), unreachable (nothing listening), not configured.

use super::harness::{env, sink_input, SMTP_USER};
use server::mail::{Mail, MailError};
use std::time::Duration;

fn mail(to: &str) -> Mail {
    Mail {
        to: to.into(),
        subject: "Your one-time code".into(),
        text: "Code: 123456\n.a line starting with a dot\n".into(),
    }
}

#[tokio::test]
async fn a_configured_msp_sends_through_its_server() {
    let env = env().await;
    let outbox = &env.app.state.outbox;
    assert!(!outbox.configured(env.user.msp_id).await);
    assert_eq!(
        outbox
            .send(env.user.msp_id, mail("tech@client.example"))
            .await,
        Err(MailError::NotConfigured)
    );

    env.save(sink_input(&env.sink)).await;
    assert!(outbox.configured(env.user.msp_id).await);
    outbox
        .send(env.user.msp_id, mail("tech@client.example"))
        .await
        .unwrap();
    let got = env.sink.wait_for(1, Duration::from_secs(5)).await.unwrap();
    let m = &got[0];
    assert_eq!(m.to, vec!["tech@client.example".to_string()]);
    assert_eq!(m.from, "relay@harbour-it.example");
    assert!(m.from_header.contains("Harbour Relay"), "{}", m.from_header);
    assert_eq!(m.subject, "Your one-time code");
    assert_eq!(m.text, "Code: 123456\n.a line starting with a dot");
    assert_eq!(m.auth_user.as_deref(), Some(SMTP_USER));
    assert_eq!(env.metric("relay_mail_messages_total{result=\"sent\"}"), 1);
}

#[tokio::test]
async fn a_rejected_recipient_or_a_wrong_password_is_refused() {
    let env = env().await;
    env.save(sink_input(&env.sink)).await;
    let outbox = &env.app.state.outbox;
    env.sink.reject_recipient("gone@client.example");
    match outbox
        .send(env.user.msp_id, mail("gone@client.example"))
        .await
    {
        Err(MailError::Refused(why)) => assert!(why.contains("550"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    env.sink.require_password(Some("fake-other-password"));
    match outbox
        .send(env.user.msp_id, mail("tech@client.example"))
        .await
    {
        Err(MailError::Refused(why)) => assert!(why.contains("535"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(env.sink.messages().is_empty());
    assert_eq!(
        env.metric("relay_mail_messages_total{result=\"refused\"}"),
        2
    );
}

#[tokio::test]
async fn a_port_nobody_listens_on_is_unreachable() {
    let env = env().await;
    // A port that was free a moment ago: connecting is refused at once.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut input = sink_input(&env.sink);
    input.port = closed.to_string();
    env.save(input).await;
    let started = std::time::Instant::now();
    match env
        .app
        .state
        .outbox
        .send(env.user.msp_id, mail("tech@client.example"))
        .await
    {
        Err(MailError::Unreachable(_)) => {}
        other => panic!("expected unreachable, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// STARTTLS required and implicit TLS never fall back to plain text: against the sink, which
/// offers no TLS, nothing is sent and the password never crosses the wire.
#[tokio::test]
async fn tls_modes_never_fall_back_to_plain_text() {
    let env = env().await;
    for tls in [app::states::MailTls::StartTls, app::states::MailTls::Tls] {
        let mut input = sink_input(&env.sink);
        input.tls = tls;
        env.save(input).await;
        match env
            .app
            .state
            .outbox
            .send(env.user.msp_id, mail("tech@client.example"))
            .await
        {
            // STARTTLS not offered: the server cannot do what is required.
            Err(MailError::Refused(_)) if tls == app::states::MailTls::StartTls => {}
            // A TLS hello answered in plain text breaks the connection.
            Err(MailError::Unreachable(_)) if tls == app::states::MailTls::Tls => {}
            other => panic!("{tls}: unexpected {other:?}"),
        }
    }
    assert!(env.sink.messages().is_empty());
}
