//! `SmtpOutbox`: the `Outbox` of a running Relay. Each send reads the MSP's saved server (so a
//! change on the settings page counts at once), opens the sealed password and delivers.

use super::smtp::{deliver, SmtpServer};
use super::{Mail, MailError, Outbox};
use crate::crypto::Cipher;
use crate::metrics::Metrics;
use crate::store::{MailSettingsRecord, Store};
use app::ids::MspId;
use app::mail_wire::DemoMailServer;
use app::states::MailTls;

/// Messages handed to a mail server, by result (sent, refused, unreachable, not_configured).
pub const MESSAGES: &str = "relay_mail_messages_total";

/// The sealed SMTP password is bound to its MSP: a copied row opens nowhere else.
pub fn password_aad(msp: MspId) -> String {
    format!("msp:{msp}:smtp-password")
}

#[derive(Clone)]
pub struct SmtpOutbox {
    store: Store,
    cipher: Cipher,
    metrics: Metrics,
    /// In the demo: where an MSP's mail goes while it has saved no server of its own.
    demo: Option<DemoMailServer>,
}

impl SmtpOutbox {
    pub fn new(
        store: Store,
        cipher: Cipher,
        metrics: Metrics,
        demo: Option<DemoMailServer>,
    ) -> Self {
        metrics.describe(MESSAGES, "Mails handed to an MSP's SMTP server, by result.");
        SmtpOutbox {
            store,
            cipher,
            metrics,
            demo,
        }
    }

    /// The server an MSP's mail goes through now, if any.
    pub async fn server(&self, msp: MspId) -> Result<Option<SmtpServer>, MailError> {
        let record = self
            .store
            .mail_settings(msp)
            .await
            .map_err(|e| MailError::Unreachable(format!("settings unreadable: {e}")))?;
        match record {
            Some(r) => self.open(r).map(Some),
            None => Ok(self.demo.as_ref().map(demo_server)),
        }
    }

    fn open(&self, r: MailSettingsRecord) -> Result<SmtpServer, MailError> {
        let password = match &r.password_enc {
            Some(sealed) => Some(
                self.cipher
                    .decrypt_string(sealed, password_aad(r.msp_id).as_bytes())
                    .map_err(|_| {
                        MailError::Refused(
                            "the stored SMTP password cannot be opened; save it again".into(),
                        )
                    })?,
            ),
            None => None,
        };
        Ok(SmtpServer {
            host: r.host,
            port: r.port,
            tls: r.tls,
            username: r.username,
            password,
            from_address: r.from_address,
            from_name: r.from_name,
        })
    }

    fn count(&self, result: &Result<(), MailError>) {
        let label = match result {
            Ok(()) => "sent",
            Err(MailError::Refused(_)) => "refused",
            Err(MailError::Unreachable(_)) => "unreachable",
            Err(MailError::NotConfigured) => "not_configured",
        };
        self.metrics.counter(MESSAGES, &[("result", label)]).inc();
    }
}

fn demo_server(d: &DemoMailServer) -> SmtpServer {
    SmtpServer {
        host: d.host.clone(),
        port: d.port,
        tls: MailTls::Plain,
        username: String::new(),
        password: None,
        from_address: "relay@msp.example".into(),
        from_name: "Relay (demo)".into(),
    }
}

#[async_trait::async_trait]
impl Outbox for SmtpOutbox {
    async fn configured(&self, msp: MspId) -> bool {
        matches!(self.server(msp).await, Ok(Some(_)))
    }

    async fn send(&self, msp: MspId, mail: Mail) -> Result<(), MailError> {
        let result = match self.server(msp).await {
            Ok(Some(server)) => deliver(&server, &mail).await,
            Ok(None) => Err(MailError::NotConfigured),
            Err(e) => Err(e),
        };
        match &result {
            Ok(()) => tracing::info!(msp = %msp, "mail sent"),
            Err(e) => tracing::warn!(msp = %msp, error = %e, "mail not sent"),
        }
        self.count(&result);
        result
    }
}
