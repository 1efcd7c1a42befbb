//! Step 1: the API user's credentials. A real form (works before the wasm loads); once live,
//! it shows which check a save is running by polling the server while the save is pending.

use crate::api::integrations::{DisconnectAutotask, RecheckAutotask, SaveAutotask};
use crate::components::style::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD};
use crate::components::{form_error, kept, Field, FormBanner};
use crate::wire::{ConnectStep, IntegrationView};
use leptos::prelude::*;

const USERNAME_HELP: &str = "Admin → Resources/Users → API Users: the API-only user's username (looks like an e-mail address).";
const SECRET_HELP: &str = "Shown only once, when the API user is created or its key regenerated (Generate Key). Stored encrypted; never shown again.";
const TRACKING_HELP: &str =
    "On the same API user's page, section API Tracking Identifier (Custom (Internal Integration)).";

#[component]
pub fn CredentialsStep(
    integration: Signal<Option<IntegrationView>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    view! {
        <section class=CARD data-testid="credentials-step">
            <h2 class="text-lg font-semibold">"1. Autotask API user"</h2>
            {move || match integration.get() {
                None => view! { <CredentialsForm on_saved editing=false /> }.into_any(),
                Some(i) => view! { <Connected integration=i on_saved /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Connected(integration: IntegrationView, on_saved: Callback<()>) -> impl IntoView {
    let recheck = ServerAction::<RecheckAutotask>::new();
    let disconnect = ServerAction::<DisconnectAutotask>::new();
    let error = form_error(move || recheck.value().get().map(|r| r.err()));
    // After a failed plain-form edit the page comes back with `?field=`: keep the form open.
    let reopen = !kept("field").is_empty();
    Effect::new(move |_| {
        if matches!(recheck.value().get(), Some(Ok(()))) {
            on_saved.run(());
        }
    });
    let row = |k: &'static str, v: String| view! { <div class="flex gap-2"><dt class="w-48 text-slate-500">{k}</dt><dd class="font-mono" data-testid=k>{v}</dd></div> };
    view! {
        <dl class="mt-3 space-y-1 text-sm" data-testid="integration-summary">
            {row("Username", integration.username)}
            {row("Secret", integration.secret_masked)}
            {row("API Tracking Identifier", integration.tracking_id)}
            {row("Zone", integration.zone_url)}
            {row("API user resource id", integration.api_user_resource_id.to_string())}
            {row("Connected", integration.connected_at)}
        </dl>
        <div class="mt-3"><FormBanner error /></div>
        <div class="mt-4 flex flex-wrap gap-2">
            <ActionForm action=recheck>
                <button class=BUTTON_SECONDARY disabled=move || recheck.pending().get()>
                    {move || if recheck.pending().get() { "Checking…" } else { "Re-check connection" }}
                </button>
            </ActionForm>
            <ActionForm action=disconnect>
                <button class="rounded-md border border-red-300 px-4 py-2 text-sm text-red-700 hover:bg-red-50" data-testid="disconnect">
                    "Disconnect (stops webhooks, keeps clients and history)"
                </button>
            </ActionForm>
        </div>
        <details class="mt-4" open=reopen>
            <summary class="cursor-pointer text-sm text-indigo-700">"Edit credentials"</summary>
            <CredentialsForm on_saved editing=true />
        </details>
    }
}

#[component]
fn CredentialsForm(on_saved: Callback<()>, editing: bool) -> impl IntoView {
    let action = ServerAction::<SaveAutotask>::new();
    let error = form_error(move || action.value().get().map(|r| r.err()));
    let step = RwSignal::new(None::<ConnectStep>);
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            on_saved.run(());
        }
    });
    // While a save runs, ask which check it is on. A successful save replaces this form (and
    // disposes its signals) while the loop sleeps, so the loop holds the `pending` memo itself
    // and reads it with `try_get_untracked`: a disposed form ends the loop instead of panicking
    // the whole wasm app.
    let pending = action.pending();
    Effect::new(move |_| {
        if pending.get() {
            step.set(Some(ConnectStep::FindZone));
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move {
                while pending.try_get_untracked() == Some(true) {
                    if let Ok(Some(s)) = crate::api::integrations::current_connect_step().await {
                        step.try_set(Some(s));
                    }
                    gloo_timers::future::TimeoutFuture::new(250).await;
                }
            });
        }
    });
    view! {
        <ActionForm action=action attr:class="mt-4 space-y-4" attr:data-testid="credentials-form">
            <FormBanner error />
            <Field label="Username" name="username" kind="email" value=kept("username") help=USERNAME_HELP autocomplete="off" error />
            <Field label="Secret" name="secret" kind="password" help=SECRET_HELP autocomplete="new-password" error />
            <Field label="API Tracking Identifier" name="tracking_id" value=kept("tracking_id") help=TRACKING_HELP autocomplete="off" error />
            <button type="submit" disabled=move || action.pending().get() data-testid="save-credentials"
                class=BUTTON_PRIMARY>
                {move || match (action.pending().get(), editing) {
                    (true, _) => "Checking…",
                    (false, true) => "Check and save changes",
                    (false, false) => "Check and connect",
                }}
            </button>
            <Show when=move || action.pending().get()>
                <ol class="space-y-1 text-sm" data-testid="connect-steps" aria-live="polite">
                    {ConnectStep::ALL.into_iter().enumerate().map(|(n, s)| {
                        let state = move || match step.get() {
                            Some(cur) if cur == s => "current",
                            Some(cur) if ConnectStep::ALL.iter().position(|x| *x == cur).unwrap_or(0) > n => "done",
                            _ => "pending",
                        };
                        view! {
                            <li data-step-state=state class="flex gap-2">
                                <span>{move || match state() { "done" => "✓", "current" => "…", _ => "·" }}</span>
                                {s.label()}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </Show>
        </ActionForm>
    }
}
