//! Settings → Voice agent: on/off, the server URL and secret for the voice platform (shown
//! once, rotatable), ticket defaults for unmatched callers, and the contact index.

use crate::api::voice::{voice_settings, ResyncVoiceIndex, RotateVoiceSecret, SaveVoiceSettings};
use crate::components::style::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD};
use crate::components::{form_error, loaded, AdminLayout, FormBanner};
use crate::voice::VoiceSettingsView;
use leptos::prelude::*;

#[component]
pub fn VoicePage() -> impl IntoView {
    let save = ServerAction::<SaveVoiceSettings>::new();
    let rotate = ServerAction::<RotateVoiceSecret>::new();
    let resync = ServerAction::<ResyncVoiceIndex>::new();
    let data = Resource::new(
        move || {
            (
                save.version().get(),
                rotate.version().get(),
                resync.version().get(),
            )
        },
        |_| voice_settings(),
    );
    let error = form_error(move || save.value().get().map(|r| r.err()));
    view! {
        <AdminLayout title="Voice agent">
            {loaded(data, "Loading…", move |s| {
                // A rotation's own answer carries the secret; later loads show it masked.
                let shown = rotate.value().get_untracked().and_then(Result::ok).filter(|r| r.secret_revealed);
                let s = match shown { Some(r) => VoiceSettingsView { secret: r.secret, secret_revealed: true, ..s }, None => s };
                view! { <VoiceCards s=s save=save rotate=rotate resync=resync error=error /> }
            })}
        </AdminLayout>
    }
}

#[component]
fn VoiceCards(
    s: VoiceSettingsView,
    save: ServerAction<SaveVoiceSettings>,
    rotate: ServerAction<RotateVoiceSecret>,
    resync: ServerAction<ResyncVoiceIndex>,
    error: Signal<Option<crate::components::FormError>>,
) -> impl IntoView {
    if !s.available {
        return view! {
            <p class="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600" data-testid="voice-unavailable">
                "Connect Autotask first: the voice agent files its tickets there. "
                <a class="text-indigo-700 underline" href="/settings/integrations/autotask">"Connect Autotask"</a>
            </p>
        }.into_any();
    }
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <section class="space-y-4">
            <div class=CARD>
                <h2 class="text-lg font-semibold">"Voice platform connection"</h2>
                <p class="mt-1 text-sm text-slate-600">
                    "Set this URL as the assistant's server URL, and the secret as its "
                    <code>"x-vapi-secret"</code> " header or HMAC secret (SHA-256, "
                    <code>"{timestamp}.{body}"</code> ")."
                </p>
                <dl class="mt-3 space-y-2 text-sm">
                    <dt class="font-medium text-slate-500">"Server URL"</dt>
                    <dd><code class="break-all" data-testid="voice-url">{s.server_url.clone()}</code></dd>
                    <dt class="font-medium text-slate-500">"Secret"</dt>
                    <dd>
                        <code class="break-all" data-testid="voice-secret">{s.secret.clone()}</code>
                        {s.secret_revealed.then(|| view! {
                            <p class="text-xs text-amber-700">"Copy it now: it is shown only this once."</p>
                        })}
                    </dd>
                </dl>
                <ActionForm action=rotate attr:class="mt-3">
                    <button type="submit" class=BUTTON_SECONDARY data-testid="voice-rotate">"Generate a new secret"</button>
                </ActionForm>
            </div>
            <div class=CARD>
                <h2 class="text-lg font-semibold">"Tickets"</h2>
                <ActionForm action=save attr:class="mt-3 space-y-3" attr:data-testid="voice-settings-form">
                    <FormBanner error=error />
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="enabled" value="on" checked=s.enabled data-testid="voice-enabled" />
                        "Answer the voice platform (the voice agent is on)"
                    </label>
                    <p class="text-sm text-slate-600">"Used when the caller matches no contact (leave empty for Autotask's default):"</p>
                    <div class="grid gap-3 sm:grid-cols-2">
                        <NumberField label="Company for unknown callers (Autotask company id; 0 = your own)" name="company_id" value=num(s.default_company_id) error=error />
                        <NumberField label="Contact for unknown callers (contact id)" name="contact_id" value=num(s.default_contact_id) error=error />
                        <NumberField label="Queue id" name="queue_id" value=num(s.default_queue_id) error=error />
                        <NumberField label="Status (1 = New)" name="status" value=num(s.default_status) error=error />
                        <NumberField label="Priority (1 High, 2 Medium, 3 Low, 4 Critical)" name="priority" value=num(s.default_priority) error=error />
                        <NumberField label="Issue type id" name="issue_type" value=num(s.default_issue_type) error=error />
                    </div>
                    <button type="submit" class=BUTTON_PRIMARY data-testid="voice-save">"Save"</button>
                </ActionForm>
            </div>
            <div class=CARD>
                <h2 class="text-lg font-semibold">"Contact index"</h2>
                <p class="mt-1 text-sm text-slate-600" data-testid="voice-index">
                    {format!("{} contacts", s.index_contacts)} " · "
                    {s.index_synced_at.clone().map_or_else(|| "never synced".to_string(), |at| format!("last synced {at}"))}
                </p>
                <p class="text-xs text-slate-500">"Callers are matched against this local copy, kept current every 15 minutes."</p>
                <ActionForm action=resync attr:class="mt-3">
                    <button type="submit" class=BUTTON_SECONDARY data-testid="voice-resync">"Re-sync now"</button>
                </ActionForm>
            </div>
        </section>
    }.into_any()
}

/// An optional numeric field (empty = not set), showing its own error.
#[component]
fn NumberField(
    label: &'static str,
    name: &'static str,
    value: String,
    error: Signal<Option<crate::components::FormError>>,
) -> impl IntoView {
    let own = move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message)
    };
    view! {
        <div class="space-y-1">
            <label for=format!("f-{name}") class="block text-sm font-medium text-slate-700">{label}</label>
            <input id=format!("f-{name}") name=name inputmode="numeric" value=value
                aria-invalid=move || own().is_some().to_string()
                class="block w-full rounded-md border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-500" />
            <p class="text-sm text-red-600" data-field-error=name>{own}</p>
        </div>
    }
}
