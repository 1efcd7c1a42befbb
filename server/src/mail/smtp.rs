//! One message over SMTP with lettre: implicit TLS, STARTTLS required, or plain (loopback
//! only, checked when settings are saved), with deadlines, and lettre's errors sorted into
//! "the server said no" (`Refused`) and "try again later" (`Unreachable`).

use super::{Mail, MailError};
use app::states::MailTls;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Per connection and per command (lettre applies it to each read and write).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(15);
/// The whole delivery, however slowly a server drips its answers.
const SEND_TIMEOUT: Duration = Duration::from_secs(45);

/// A mail server with its password in clear: lives only for one delivery.
#[derive(Clone)]
pub struct SmtpServer {
    pub host: String,
    pub port: u16,
    pub tls: MailTls,
    pub username: String,
    pub password: Option<String>,
    pub from_address: String,
    pub from_name: String,
}

impl std::fmt::Debug for SmtpServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpServer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("has_password", &self.password.is_some())
            .finish()
    }
}

pub async fn deliver(server: &SmtpServer, mail: &Mail) -> Result<(), MailError> {
    // Checked on save too; again here so no row edited behind the service sends in clear.
    if server.tls == MailTls::Plain && !super::settings::is_loopback(&server.host) {
        return Err(MailError::Refused(format!(
            "plain SMTP to {} is not allowed; only a server on this machine may go without TLS",
            server.host
        )));
    }
    let message = message(server, mail)?;
    let transport = transport(server)?;
    match tokio::time::timeout(SEND_TIMEOUT, transport.send(message)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(classify(&e)),
        Err(_) => Err(MailError::Unreachable(format!(
            "{}:{} did not finish within {} seconds",
            server.host,
            server.port,
            SEND_TIMEOUT.as_secs()
        ))),
    }
}

fn message(server: &SmtpServer, mail: &Mail) -> Result<Message, MailError> {
    let from: Address = server
        .from_address
        .parse()
        .map_err(|_| MailError::Refused(format!("bad sender address {}", server.from_address)))?;
    let to: Address = mail
        .to
        .trim()
        .parse()
        .map_err(|_| MailError::Refused(format!("bad recipient address {}", mail.to)))?;
    let name = (!server.from_name.is_empty()).then(|| server.from_name.clone());
    Message::builder()
        .from(Mailbox::new(name, from))
        .to(Mailbox::new(None, to))
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text.clone())
        .map_err(|e| MailError::Refused(format!("the message could not be built: {e}")))
}

fn transport(server: &SmtpServer) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let tls_params = || {
        TlsParameters::new(server.host.clone())
            .map_err(|e| MailError::Refused(format!("TLS setup for {} failed: {e}", server.host)))
    };
    let tls = match server.tls {
        MailTls::Tls => Tls::Wrapper(tls_params()?),
        MailTls::StartTls => Tls::Required(tls_params()?),
        MailTls::Plain => Tls::None,
    };
    // EHLO names the sender's domain: Relay has no host name of its own to offer.
    let hello = server
        .from_address
        .rsplit_once('@')
        .map(|(_, domain)| ClientId::Domain(domain.to_string()))
        .unwrap_or_default();
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(server.host.clone())
        .port(server.port)
        .tls(tls)
        .hello_name(hello)
        .timeout(Some(COMMAND_TIMEOUT));
    if !server.username.is_empty() {
        builder = builder.credentials(Credentials::new(
            server.username.clone(),
            server.password.clone().unwrap_or_default(),
        ));
    }
    Ok(builder.build())
}

/// A permanent answer (5xx: bad address, authentication, policy) or a TLS failure will not go
/// away by itself; a transient answer (4xx), a timeout or a broken connection may.
fn classify(e: &lettre::transport::smtp::Error) -> MailError {
    let text = e.to_string();
    if e.is_permanent() || e.is_tls() || e.is_client() {
        MailError::Refused(text)
    } else {
        MailError::Unreachable(text)
    }
}
