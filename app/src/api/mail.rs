//! Settings → Outgoing mail: read, save and remove the MSP's SMTP server, send a test mail.

// The save form posts nine plain fields; the generated client function takes them one by one.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::mail_wire::{MailSettingsView, MailTestView};
use crate::states::MailTls;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form};

/// The page every form on it posts back to.
pub const OUTGOING_MAIL_PAGE: &str = "/settings/outgoing-mail";

#[server(endpoint = "settings/outgoing_mail")]
pub async fn mail_settings() -> Result<MailSettingsView, AppError> {
    let user = ctx::user()?;
    ctx::respond(ctx::services()?.mail.mail_settings(&user).await)
}

/// A refusal keeps what was typed, except the password, which never goes into a URL.
#[server(endpoint = "settings/outgoing_mail/save")]
pub async fn save_mail(
    host: String,
    port: String,
    tls: MailTls,
    username: String,
    password: String,
    clear_password: Option<bool>,
    from_address: String,
    from_name: String,
    alert_to: String,
) -> Result<(), AppError> {
    let user = ctx::user()?;
    let form = Form::back_to(OUTGOING_MAIL_PAGE)
        .keep("host", &host)
        .keep("port", &port)
        .keep("tls", tls.as_str())
        .keep("username", &username)
        .keep("from_address", &from_address)
        .keep("from_name", &from_name)
        .keep("alert_to", &alert_to)
        .then_plain(format!("{OUTGOING_MAIL_PAGE}?saved=1"));
    let input = crate::mail_wire::MailSettingsInput {
        host,
        port,
        tls,
        username,
        password,
        clear_password: clear_password.unwrap_or(false),
        from_address,
        from_name,
        alert_to,
    };
    form.run(|s| async move { s.mail.save_mail_settings(&user, input).await })
        .await
        .map(drop)
}

#[server(endpoint = "settings/outgoing_mail/remove")]
pub async fn remove_mail() -> Result<(), AppError> {
    let user = ctx::user()?;
    Form::back_to(OUTGOING_MAIL_PAGE)
        .then_plain(format!("{OUTGOING_MAIL_PAGE}?removed=1"))
        .run(|s| async move { s.mail.remove_mail_settings(&user).await })
        .await
        .map(drop)
}

/// A plain form comes back to the page, which shows the report kept for it.
#[server(endpoint = "settings/outgoing_mail/test")]
pub async fn send_test_mail(to: String) -> Result<MailTestView, AppError> {
    let user = ctx::user()?;
    Form::back_to(OUTGOING_MAIL_PAGE)
        .keep("to", &to)
        .then_plain(OUTGOING_MAIL_PAGE)
        .run(|s| async move { s.mail.send_test_mail(&user, to).await })
        .await
}
