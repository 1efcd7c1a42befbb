//! Outgoing e-mail: what the rest of Relay needs from it (is mail set up for this MSP, send
//! one message), so approvals and alerts do not care how it travels.

pub mod alerts;
mod outbox;
pub mod settings;
pub mod smtp;

pub use outbox::{password_aad, SmtpOutbox, MESSAGES};
pub use settings::MailSettings;

use app::ids::MspId;

/// One plain-text message to one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailError {
    #[error("no outgoing mail server is configured")]
    NotConfigured,
    /// The server answered and said no (bad address, authentication, policy).
    #[error("the mail server refused the message: {0}")]
    Refused(String),
    /// The server could not be reached or the connection broke: worth trying again later.
    #[error("the mail server could not be reached: {0}")]
    Unreachable(String),
}

#[async_trait::async_trait]
pub trait Outbox: Send + Sync {
    /// Whether the MSP has an outgoing mail server set up (decides how approval links work).
    async fn configured(&self, msp: MspId) -> bool;
    async fn send(&self, msp: MspId, mail: Mail) -> Result<(), MailError>;
}
