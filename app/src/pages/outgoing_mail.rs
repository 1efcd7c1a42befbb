//! Settings → Outgoing mail: the MSP's SMTP server, removing it, and a test mail.

use crate::api::mail::{mail_settings, RemoveMail, SaveMail, SendTestMail};
use crate::components::mail::{MailForm, MailTestCard, RemoveMail as RemoveButton};
use crate::components::{loaded, AdminLayout};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OutgoingMailPage() -> impl IntoView {
    let save = ServerAction::<SaveMail>::new();
    let remove = ServerAction::<RemoveMail>::new();
    let test = ServerAction::<SendTestMail>::new();
    let data = Resource::new(
        move || {
            (
                save.version().get(),
                remove.version().get(),
                test.version().get(),
            )
        },
        |_| mail_settings(),
    );
    let query = use_query_map();
    let saved =
        move || matches!(save.value().get(), Some(Ok(()))) || query.get().get("saved").is_some();
    let removed = move || {
        matches!(remove.value().get(), Some(Ok(()))) || query.get().get("removed").is_some()
    };
    view! {
        <AdminLayout title="Outgoing mail">
            <p class="mb-4 text-sm"><a class="text-indigo-700 underline" href="/settings">"← Settings"</a></p>
            <Show when=saved>
                <p role="status" class="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="mail-saved">"Saved."</p>
            </Show>
            <Show when=removed>
                <p role="status" class="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="mail-removed">"Removed: Relay sends no mail until a server is saved again."</p>
            </Show>
            {loaded(data, "Loading…", move |view| {
                let last = view.last_test.clone();
                let default_to = view.alert_to.split(',').next().unwrap_or_default().trim().to_string();
                let saved_server = view.saved;
                view! {
                    <div class="space-y-4">
                        <MailForm action=save view />
                        {saved_server.then(|| view! { <RemoveButton action=remove /> })}
                        <MailTestCard action=test last default_to />
                    </div>
                }
            })}
        </AdminLayout>
    }
}
