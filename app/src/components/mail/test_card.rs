//! "Send test mail": one message with the saved settings, the outcome in plain words.

use super::fields::INPUT;
use crate::api::mail::SendTestMail;
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{form_error, kept, FormBanner};
use crate::mail_wire::MailTestView;
use leptos::prelude::*;

#[component]
pub fn MailTestCard(
    action: ServerAction<SendTestMail>,
    last: Option<MailTestView>,
    default_to: String,
) -> impl IntoView {
    let error = form_error(move || action.value().get().map(|r| r.err()));
    // The script caller's fresh answer, else the report the server kept (plain form, reload).
    let report = move || {
        action
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| last.clone())
    };
    let to = {
        let echoed = kept("to");
        if echoed.is_empty() {
            default_to
        } else {
            echoed
        }
    };
    view! {
        <section class=CARD data-testid="mail-test">
            <h2 class="text-lg font-semibold">"Send test mail"</h2>
            <p class="mt-1 text-sm text-slate-600">"Sends one short message with the saved settings."</p>
            <div class="mt-3"><FormBanner error /></div>
            <ActionForm action=action attr:class="mt-3 flex flex-wrap items-end gap-3">
                <div class="grow space-y-1">
                    <label for="f-to" class="block text-sm font-medium text-slate-700">"To"</label>
                    <input id="f-to" name="to" type="email" value=to class=INPUT data-testid="mail-test-to" />
                </div>
                <button class=BUTTON_SECONDARY data-testid="send-test-mail" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Sending…" } else { "Send test mail" }}
                </button>
            </ActionForm>
            {move || report().map(|r| view! {
                <p class=if r.ok { "mt-4 text-sm font-medium text-green-700" } else { "mt-4 text-sm font-medium text-red-700" }
                    data-testid="mail-test-report" data-ok=r.ok.to_string() aria-live="polite">
                    {r.message} " (" {r.tested_at} ")"
                </p>
            })}
        </section>
    }
}
