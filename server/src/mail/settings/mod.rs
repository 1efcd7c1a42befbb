//! The Settings → Outgoing mail service: validate, seal the password, store; remove; send a
//! test mail with the saved settings and keep its report for the page.

mod validate;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::outbox::{password_aad, SmtpOutbox};
use super::{Mail, MailError, Outbox};
use crate::clock::{fmt_utc, now_ms};
use crate::crypto::Cipher;
use crate::store::{KeyChange, MailSettingsRecord, MailSettingsUpdate, Store};
use app::error::AppError;
use app::ids::MspId;
use app::mail_wire::{DemoMailServer, MailSettingsInput, MailSettingsView, MailTestView};
use app::service::MailSettingsService;
use app::states::MailTls;
use app::wire::CurrentUser;

pub use validate::is_loopback;

#[derive(Clone)]
pub struct MailSettings {
    store: Store,
    cipher: Cipher,
    outbox: SmtpOutbox,
    /// The last test report per MSP, for the page a plain form post returns to.
    tests: Arc<Mutex<HashMap<MspId, MailTestView>>>,
    demo: Option<DemoMailServer>,
}

impl MailSettings {
    pub fn new(
        store: Store,
        cipher: Cipher,
        outbox: SmtpOutbox,
        demo: Option<DemoMailServer>,
    ) -> Self {
        MailSettings {
            store,
            cipher,
            outbox,
            tests: Arc::default(),
            demo,
        }
    }

    fn last_test(&self, msp: MspId) -> Option<MailTestView> {
        self.tests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&msp)
            .cloned()
    }

    fn forget_test(&self, msp: MspId) {
        self.tests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&msp);
    }

    async fn view(
        &self,
        msp: MspId,
        record: Option<MailSettingsRecord>,
    ) -> Result<MailSettingsView, AppError> {
        let last_test = self.last_test(msp);
        let demo = self.demo.clone();
        let Some(r) = record else {
            return Ok(MailSettingsView {
                saved: false,
                host: String::new(),
                port: 587,
                tls: MailTls::StartTls,
                username: String::new(),
                password_stored: false,
                from_address: String::new(),
                from_name: "Relay".into(),
                alert_to: String::new(),
                updated: None,
                last_test,
                demo,
            });
        };
        let by = match r.updated_by {
            Some(id) => self
                .store
                .list_users(msp)
                .await?
                .into_iter()
                .find(|u| u.id == id)
                .map(|u| u.name),
            None => None,
        };
        Ok(MailSettingsView {
            saved: true,
            host: r.host,
            port: r.port,
            tls: r.tls,
            username: r.username,
            password_stored: r.password_enc.is_some(),
            from_address: r.from_address,
            from_name: r.from_name,
            alert_to: r.alert_to,
            updated: Some(match by {
                Some(name) => format!("by {name}, {}", fmt_utc(r.updated_at)),
                None => fmt_utc(r.updated_at),
            }),
            last_test,
            demo,
        })
    }
}

#[async_trait::async_trait]
impl MailSettingsService for MailSettings {
    async fn mail_settings(&self, user: &CurrentUser) -> Result<MailSettingsView, AppError> {
        let record = self.store.mail_settings(user.msp_id).await?;
        self.view(user.msp_id, record).await
    }

    async fn save_mail_settings(
        &self,
        user: &CurrentUser,
        input: MailSettingsInput,
    ) -> Result<MailSettingsView, AppError> {
        let valid = validate::validate(input)?;
        let input = valid.input;
        let password = if input.clear_password {
            KeyChange::Clear
        } else if input.password.is_empty() {
            KeyChange::Keep
        } else {
            KeyChange::Set(
                self.cipher
                    .encrypt_str(&input.password, password_aad(user.msp_id).as_bytes()),
            )
        };
        let update = MailSettingsUpdate {
            host: input.host,
            port: valid.port,
            tls: input.tls,
            username: input.username,
            password,
            from_address: input.from_address,
            from_name: input.from_name,
            alert_to: input.alert_to,
            updated_by: user.user_id,
            now: now_ms(),
        };
        let record = self.store.save_mail_settings(user.msp_id, update).await?;
        // A report about the settings just replaced would mislead.
        self.forget_test(user.msp_id);
        tracing::info!(msp = %user.msp_id, host = %record.host, port = record.port, tls = %record.tls, "outgoing mail settings saved");
        self.view(user.msp_id, Some(record)).await
    }

    async fn remove_mail_settings(&self, user: &CurrentUser) -> Result<MailSettingsView, AppError> {
        let removed = self.store.delete_mail_settings(user.msp_id).await?;
        self.forget_test(user.msp_id);
        if removed {
            tracing::info!(msp = %user.msp_id, "outgoing mail settings removed");
        }
        self.view(user.msp_id, None).await
    }

    async fn send_test_mail(
        &self,
        user: &CurrentUser,
        to: String,
    ) -> Result<MailTestView, AppError> {
        let to = to.trim().to_string();
        if to.is_empty() {
            return Err(AppError::validation(
                "to",
                "Enter the address to send the test mail to.",
            ));
        }
        validate::address(&to, "to")?;
        let mail = Mail {
            to: to.clone(),
            subject: "Relay test mail".into(),
            text: format!(
                "This is a test mail from Relay, sent by {} for {}.\n\n\
                 If you can read it, Relay can mail one-time approval codes and webhook alerts.\n",
                user.name, user.msp_name
            ),
        };
        let outcome = self.outbox.send(user.msp_id, mail).await;
        let message = match &outcome {
            Ok(()) => format!("Sent to {to}. The mail server accepted the message."),
            Err(MailError::NotConfigured) => {
                "No mail server is saved: save the settings above first.".to_string()
            }
            Err(MailError::Refused(why)) => format!("The mail server refused the message: {why}"),
            Err(MailError::Unreachable(why)) => {
                format!(
                    "The mail server could not be reached: {why}{}",
                    tls_hint(why)
                )
            }
        };
        let view = MailTestView {
            ok: outcome.is_ok(),
            to,
            message,
            tested_at: fmt_utc(now_ms()),
        };
        self.tests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(user.msp_id, view.clone());
        Ok(view)
    }
}

/// A TLS hello answered in plain text is the usual sign of "TLS from the start" chosen for a
/// STARTTLS port (rustls reports the plain reply as a corrupt record).
fn tls_hint(why: &str) -> &'static str {
    if why.contains("corrupt message") || why.contains("InvalidContentType") {
        " (The server answered without TLS: on port 587 choose STARTTLS rather than TLS from the start.)"
    } else {
        ""
    }
}
