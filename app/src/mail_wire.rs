//! Settings → Outgoing mail as the admin sees and edits it. The password never travels to the
//! browser: only whether one is stored.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailSettingsView {
    /// True once the MSP saved a mail server.
    pub saved: bool,
    pub host: String,
    pub port: u16,
    pub tls: crate::states::MailTls,
    pub username: String,
    pub password_stored: bool,
    pub from_address: String,
    pub from_name: String,
    /// Where webhook alerts go; empty: every user of the MSP.
    pub alert_to: String,
    /// "by Ada Lovelace, 2026-11-30 18:00 UTC", once saved.
    pub updated: Option<String>,
    /// The last "Send test mail" since the server started.
    pub last_test: Option<MailTestView>,
    /// In the demo only: the simulated mail server and its inbox.
    pub demo: Option<DemoMailServer>,
}

/// The demo's simulated SMTP server (plain SMTP on loopback) and the page showing what it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoMailServer {
    pub host: String,
    pub port: u16,
    pub inbox_url: String,
}

/// What the form posts. `port` arrives as typed; an empty `password` keeps the stored one and
/// `clear_password` removes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailSettingsInput {
    pub host: String,
    pub port: String,
    pub tls: crate::states::MailTls,
    pub username: String,
    pub password: String,
    pub clear_password: bool,
    pub from_address: String,
    pub from_name: String,
    pub alert_to: String,
}

/// "Send test mail" in plain words: sent, or the server's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailTestView {
    pub ok: bool,
    pub to: String,
    pub message: String,
    pub tested_at: String,
}
