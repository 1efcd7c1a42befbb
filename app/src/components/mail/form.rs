//! The outgoing mail server form: a real form (works before the wasm loads).

use super::fields::{value_or_kept, MailInput, PasswordInput, INPUT};
use crate::api::mail::{RemoveMail as RemoveMailAction, SaveMail};
use crate::components::style::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD};
use crate::components::{form_error, kept, FormBanner};
use crate::mail_wire::MailSettingsView;
use crate::states::MailTls;
use leptos::prelude::*;

#[component]
pub fn MailForm(action: ServerAction<SaveMail>, view: MailSettingsView) -> impl IntoView {
    let error = form_error(move || action.value().get().map(|r| r.err()));
    let tls = kept("tls").parse::<MailTls>().unwrap_or(view.tls);
    let demo_hint = view.demo.clone().map(|d| {
        view! {
            <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="demo-mail-server">
                "Demo: a simulated mail server listens at host " <code>{d.host}</code> ", port "
                <code data-testid="demo-mail-port">{d.port}</code> " (security: none, no user name). "
                {if view.saved { "" } else { "Until you save a server here, Relay's mails go to it. " }}
                <a class="underline" href=d.inbox_url target="_blank" rel="noopener">"Open its inbox"</a>
            </p>
        }
    });
    let option = move |value: MailTls, label: &'static str| {
        view! { <option value=value.as_str() selected=tls == value>{label}</option> }
    };
    view! {
        <section class=CARD data-testid="mail-settings">
            <h2 class="text-lg font-semibold">"Outgoing mail server (SMTP)"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "Relay mails one-time approval codes to technicians and webhook alerts to you through this server."
            </p>
            {view.updated.clone().map(|u| view! { <p class="text-sm text-slate-500" data-testid="mail-updated">"Last saved " {u}</p> })}
            <ActionForm action=action attr:class="mt-4 space-y-4" attr:data-testid="mail-form">
                <FormBanner error />
                {demo_hint}
                <MailInput label="Host" name="host" placeholder="smtp.example.com"
                    value=value_or_kept("host", view.host.clone())
                    help="The server's name or address, without smtp:// or a port." error />
                <MailInput label="Port" name="port" kind="number" value=value_or_kept("port", view.port.to_string())
                    help="Usually 587 with STARTTLS, 465 with TLS." error />
                <div class="space-y-1">
                    <label for="f-tls" class="block text-sm font-medium text-slate-700">"Security"</label>
                    <select id="f-tls" name="tls" class=INPUT data-testid="mail-tls">
                        {option(MailTls::StartTls, "STARTTLS, required (port 587)")}
                        {option(MailTls::Tls, "TLS from the start (port 465)")}
                        {option(MailTls::Plain, "None (only for a server on this machine)")}
                    </select>
                    <p class="text-sm text-red-600" data-field-error="tls">
                        {move || error.get().filter(|e| e.field.as_deref() == Some("tls")).map(|e| e.message)}
                    </p>
                </div>
                <MailInput label="User name" name="username" value=value_or_kept("username", view.username.clone())
                    help="Leave empty if the server takes mail without signing in." error />
                <PasswordInput stored=view.password_stored error cleared=action.version().into() />
                {view.password_stored.then(|| view! {
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="clear_password" value="true" data-testid="clear-password" />
                        "Remove the stored password"
                    </label>
                })}
                <MailInput label="Sender address" name="from_address" kind="email" placeholder="relay@your-msp.example"
                    value=value_or_kept("from_address", view.from_address.clone())
                    help="The From address; the server must allow it for this user." error />
                <MailInput label="Sender name" name="from_name" value=value_or_kept("from_name", view.from_name.clone())
                    help="Shown as the sender, e.g. Relay at Your MSP." error />
                <MailInput label="Send alerts to" name="alert_to" placeholder="noc@your-msp.example"
                    value=value_or_kept("alert_to", view.alert_to.clone())
                    help="Where webhook alerts go (addresses separated by commas). Empty: every Relay user of your MSP." error />
                <button type="submit" class=BUTTON_PRIMARY data-testid="save-mail" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Saving…" } else { "Save" }}
                </button>
            </ActionForm>
        </section>
    }
}

/// Forgets the server and its password.
#[component]
pub fn RemoveMail(action: ServerAction<RemoveMailAction>) -> impl IntoView {
    view! {
        <ActionForm action=action attr:class="inline">
            <button class=BUTTON_SECONDARY data-testid="remove-mail" disabled=move || action.pending().get()>
                "Remove the mail server"
            </button>
        </ActionForm>
    }
}
