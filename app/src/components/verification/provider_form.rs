//! The provider settings form: none, Traceless or Duo, the timeout and what happens without a
//! provider. Before the wasm loads every section shows; after, only the chosen provider's.

use super::fields::{own_error, successes, value_or_kept, SecretInput, TextInput, INPUT};
use crate::api::verification::SaveVerification;
use crate::components::style::{BUTTON_PRIMARY, CARD};
use crate::components::{tagged_form_error, FormBanner};
use crate::states::{PushMethod, UnverifiedPolicy, VerifierKind};
use crate::verification::{DemoVerifier, VerificationSettingsView};
use leptos::prelude::*;

#[component]
pub fn ProviderForm(
    action: ServerAction<SaveVerification>,
    view: VerificationSettingsView,
) -> impl IntoView {
    let error = tagged_form_error("settings", move || action.value().get().map(|r| r.err()));
    let stored = view.provider.map_or("none", VerifierKind::as_str);
    let chosen = RwSignal::new(value_or_kept("provider", stored.to_string()));
    // Effects run only in the browser: until then, every section stays visible.
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));
    let hidden = move |which: &'static str| hydrated.get() && chosen.get() != which;
    let radio = move |value: &'static str, label: &'static str| {
        view! {
            <label class="flex items-center gap-2 text-sm">
                <input type="radio" name="provider" value=value checked=chosen.get_untracked() == value
                    data-testid=format!("provider-{value}") on:change=move |_| chosen.set(value.to_string()) />
                {label}
            </label>
        }
    };
    let push = value_or_kept("default_push", view.default_push.as_str().to_string());
    let policy = value_or_kept(
        "without_provider",
        view.without_provider.as_str().to_string(),
    );
    let cleared: Signal<usize> = successes(action).into();
    let secret_for = view.secret_stored_for;
    let timeout_error = own_error(error, "timeout_secs");
    view! {
        <section class=CARD data-testid="verification-settings">
            <h2 class="text-lg font-semibold">"Provider"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "Before the agent acts on a sensitive ticket (a password, MFA or access request), Relay sends the requester a push to confirm it is really them."
            </p>
            {view.updated.clone().map(|u| view! { <p class="text-sm text-slate-500" data-testid="verification-updated">"Last saved " {u}</p> })}
            {view.demo.clone().map(|d| view! { <DemoHint d /> })}
            <ActionForm action=action attr:class="mt-4 space-y-5" attr:data-testid="verification-form">
                <FormBanner error />
                <fieldset class="space-y-1">
                    <legend class="text-sm font-medium text-slate-700">"Verify requesters with"</legend>
                    {radio("none", "No provider")}
                    {radio("traceless", "Traceless")}
                    {radio("duo", "Duo (Auth API)")}
                    <p class="text-sm text-red-600" data-field-error="provider">{own_error(error, "provider")}</p>
                </fieldset>
                <fieldset class="space-y-3 rounded-md border border-slate-200 p-4" class:hidden=move || hidden("traceless") data-testid="traceless-fields">
                    <legend class="px-1 text-sm font-medium text-slate-700">"Traceless"</legend>
                    <p class="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="traceless-no-reference">
                        "Traceless publishes no public API reference. Relay's defaults below are an assumption: get the base URL, the paths and the signing scheme from Traceless, and use Test connection before relying on it."
                    </p>
                    <TextInput label="Base URL" name="traceless_url" placeholder="https://api.traceless.example"
                        value=value_or_kept("traceless_url", view.traceless_url.clone()) help="https:// (plain http only for a server on this machine)." error />
                    <TextInput label="Organisation id" name="organization_id" value=value_or_kept("organization_id", view.organization_id.clone())
                        help="The organisation UUID from Traceless's admin settings." error />
                    <SecretInput label="Signing secret" name="traceless_secret" stored=secret_for == Some(VerifierKind::Traceless) error cleared />
                    <div class="grid gap-3 sm:grid-cols-2">
                        <TextInput label="Check path" name="path_check" value=value_or_kept("path_check", view.paths.check.clone()) help="Called by Test connection." error />
                        <TextInput label="Start path" name="path_start" value=value_or_kept("path_start", view.paths.start.clone()) help="Sends the push." error />
                        <TextInput label="Status path" name="path_status" value=value_or_kept("path_status", view.paths.status.clone()) help="{id} is the challenge id." error />
                        <TextInput label="Cancel path" name="path_cancel" value=value_or_kept("path_cancel", view.paths.cancel.clone()) help="{id} is the challenge id." error />
                    </div>
                    <div class="space-y-1">
                        <label for="f-default_push" class="block text-sm font-medium text-slate-700">"Default push method"</label>
                        <select id="f-default_push" name="default_push" class=INPUT>
                            <option value=PushMethod::MicrosoftAuthenticator.as_str() selected=push == PushMethod::MicrosoftAuthenticator.as_str()>"Microsoft Authenticator"</option>
                            <option value=PushMethod::Duo.as_str() selected=push == PushMethod::Duo.as_str()>"Duo Push"</option>
                        </select>
                    </div>
                </fieldset>
                <fieldset class="space-y-3 rounded-md border border-slate-200 p-4" class:hidden=move || hidden("duo") data-testid="duo-fields">
                    <legend class="px-1 text-sm font-medium text-slate-700">"Duo"</legend>
                    <p class="text-sm text-slate-600">"From an Auth API application in Duo's Admin Panel."</p>
                    <TextInput label="API hostname" name="duo_host" placeholder="api-XXXXXXXX.duosecurity.com"
                        value=value_or_kept("duo_host", view.duo_host.clone()) help="As Duo shows it, e.g. api-1a2b3c4d.duosecurity.com." error />
                    <TextInput label="Integration key" name="integration_key" value=value_or_kept("integration_key", view.integration_key.clone()) error />
                    <SecretInput label="Secret key" name="duo_secret" stored=secret_for == Some(VerifierKind::Duo) error cleared />
                </fieldset>
                <div class="space-y-1">
                    <label for="f-timeout_secs" class="block text-sm font-medium text-slate-700">"Timeout (seconds)"</label>
                    <input id="f-timeout_secs" name="timeout_secs" type="number" min="30" max="3600" class=INPUT
                        value=value_or_kept("timeout_secs", view.timeout_secs.to_string())
                        aria-invalid=move || timeout_error().is_some().to_string() />
                    <p class="text-xs text-slate-500">"How long the requester has to answer the push: 30 to 3600 (the default is 300, five minutes)."</p>
                    <p class="text-sm text-red-600" data-field-error="timeout_secs">{timeout_error}</p>
                </div>
                <fieldset class="space-y-1">
                    <legend class="text-sm font-medium text-slate-700">"A sensitive ticket when no provider is connected"</legend>
                    <label class="flex items-center gap-2 text-sm">
                        <input type="radio" name="without_provider" value=UnverifiedPolicy::FlagForTechnician.as_str()
                            checked=policy == UnverifiedPolicy::FlagForTechnician.as_str() data-testid="policy-flag" />
                        "The agent does not act; it posts an internal note flagging the ticket for a technician (default)"
                    </label>
                    <label class="flex items-center gap-2 text-sm">
                        <input type="radio" name="without_provider" value=UnverifiedPolicy::LeaveAlone.as_str()
                            checked=policy == UnverifiedPolicy::LeaveAlone.as_str() data-testid="policy-leave" />
                        "The agent does not act and leaves the ticket alone, without a note"
                    </label>
                </fieldset>
                <button type="submit" class=BUTTON_PRIMARY data-testid="save-verification" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Saving…" } else { "Save" }}
                </button>
            </ActionForm>
        </section>
    }
}

/// The demo's simulated provider, with credentials to paste (all fake).
#[component]
fn DemoHint(d: DemoVerifier) -> impl IntoView {
    view! {
        <div class="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="demo-verifier">
            <p>"Demo: a simulated provider answers at " <code data-testid="demo-verifier-url">{d.base_url.clone()}</code> " for both kinds:"</p>
            <ul class="mt-1 list-disc pl-5">
                <li>"Traceless: base URL " <code>{d.base_url.clone()}</code> ", organisation id " <code data-testid="demo-organization-id">{d.organization_id}</code>
                    ", signing secret " <code data-testid="demo-signing-secret">{d.signing_secret}</code> " (default paths)."</li>
                <li>"Duo: API hostname " <code>{d.base_url.clone()}</code> ", integration key " <code>{d.duo_integration_key}</code>
                    ", secret key " <code>{d.duo_secret_key}</code> "."</li>
            </ul>
            <p class="mt-1">"Answer its pushes at " <code>{format!("{}/_sim/verify/challenges", d.base_url)}</code> "."</p>
        </div>
    }
}
