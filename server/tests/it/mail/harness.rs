//! A Relay with one MSP admin and a simulated SMTP server (the sink) on loopback.

use crate::support::{test_app, TestApp};
use app::mail_wire::MailSettingsInput;
use app::states::MailTls;
use app::wire::CurrentUser;
use relay_sim::smtp::SmtpSink;
use server::store::NewMspAdmin;

pub const SMTP_USER: &str = "relay@harbour-it.example";
pub const SMTP_PASSWORD: &str = "fake-smtp-password-0001";

pub struct Env {
    pub app: TestApp,
    pub sink: SmtpSink,
    pub user: CurrentUser,
}

pub async fn env() -> Env {
    let app = test_app(&[]).await;
    let admin = app
        .state
        .store
        .create_msp_with_admin(NewMspAdmin {
            msp_name: "Harbour IT".into(),
            name: "Ada".into(),
            email: "ada@harbour-it.example".into(),
            password_hash: "not-a-real-hash".into(),
            now: 1_750_000_000_000,
        })
        .await
        .expect("admin");
    let user = CurrentUser {
        user_id: admin.id,
        msp_id: admin.msp_id,
        msp_name: "Harbour IT".into(),
        name: admin.name,
        email: admin.email,
    };
    let sink = SmtpSink::start().await.expect("smtp sink");
    Env { app, sink, user }
}

/// Settings pointing at the sink: plain SMTP on loopback, with a login.
pub fn sink_input(sink: &SmtpSink) -> MailSettingsInput {
    MailSettingsInput {
        host: sink.host(),
        port: sink.port().to_string(),
        tls: MailTls::Plain,
        username: SMTP_USER.into(),
        password: SMTP_PASSWORD.into(),
        clear_password: false,
        from_address: "relay@harbour-it.example".into(),
        from_name: "Harbour Relay".into(),
        alert_to: String::new(),
    }
}

impl Env {
    pub async fn save(&self, input: MailSettingsInput) {
        self.app
            .state
            .services
            .mail
            .save_mail_settings(&self.user, input)
            .await
            .expect("settings saved");
    }

    pub fn metric(&self, needle: &str) -> u64 {
        let text = self.app.state.metrics.render();
        text.lines()
            .find(|l| l.starts_with(needle))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0, |v| v as u64)
    }
}
