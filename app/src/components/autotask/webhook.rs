//! Step 3: the webhook card. The URL and secret key to paste into Autotask (in clear only once,
//! when created, rotated or revealed), how to do it, whether signatures are required, and
//! whether Autotask's readiness ping has arrived (the page's polling keeps it current).

use super::webhook_parts::{SecretsPanel, SignatureSwitch};
use super::webhook_registration::{ManualWebhookSteps, WebhookRegistration};
use crate::api::integrations::{RevealWebhookSecrets, RotateWebhookSecret};
use crate::api::webhooks::ReactivateWebhooks;
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{form_error, FormBanner};
use crate::wire::{ConnectionState, WebhookCardView, WebhookSecrets};
use leptos::prelude::*;

/// `revealed`: secrets the page was given in clear (kept across polls, which never carry them);
/// `on_changed`: asks the page for a fresh view after a form here succeeded.
#[component]
pub fn WebhookCard(
    card: WebhookCardView,
    revealed: Option<WebhookSecrets>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let rotate = ServerAction::<RotateWebhookSecret>::new();
    let reactivate = ServerAction::<ReactivateWebhooks>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = reactivate.value().get() {
            on_changed.run(());
        }
    });
    let reveal = ServerAction::<RevealWebhookSecrets>::new();
    let shown = RwSignal::new(revealed);
    // A script gets the secrets in the POST's answer; show them at once, then refresh the rest.
    for action in [rotate.value(), reveal.value()] {
        Effect::new(move |_| {
            if let Some(Ok(Some(secrets))) = action.get() {
                shown.set(Some(secrets));
                on_changed.run(());
            }
        });
    }
    let error = form_error(move || {
        rotate
            .value()
            .get()
            .map(|r| r.err())
            .or_else(|| reveal.value().get().map(|r| r.err()))
            .or_else(|| reactivate.value().get().map(|r| r.err()))
    });
    let (label, tone) = match &card.state {
        ConnectionState::Connected { since } => (
            format!("Connected since {since}"),
            "bg-emerald-100 text-emerald-800",
        ),
        _ => (
            "Waiting for Autotask".to_string(),
            "bg-amber-100 text-amber-800",
        ),
    };
    let connected = matches!(card.state, ConnectionState::Connected { .. });
    let masked_url = card.url.clone();
    let has_key = card.has_hmac_key;
    view! {
        <section class=CARD data-testid="webhook-card">
            <div class="flex items-center justify-between">
                <h2 class="text-lg font-semibold">"3. Webhook"</h2>
                <span class=format!("rounded-full px-3 py-1 text-xs font-medium {tone}") data-testid="webhook-status"
                    data-connected=connected.to_string()>{label}</span>
            </div>
            <p class="mt-1 text-sm text-slate-600" data-testid="webhook-last-event">
                {match card.last_event_at { Some(at) => format!("Last event received {at}"), None => "No event received yet".to_string() }}
            </p>
            <p class="mt-1 text-sm text-slate-600" data-testid="webhook-event-counts">
                {format!("{} events in the last hour, {} in the last 24 hours", card.events_last_hour, card.events_last_day)}
            </p>
            {card.deactivated_at.map(|at| view! {
                <div role="alert" class="mt-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="webhook-deactivated">
                    <p class="font-medium">{format!("Deactivated at {at}")}</p>
                    <p class="mt-1" data-testid="webhook-deactivation-reason">{card.deactivation_reason.clone().unwrap_or_default()}</p>
                    <p class="mt-1">"Events Autotask could not deliver meanwhile are fetched by Relay once the webhook works again."</p>
                    <ActionForm action=reactivate>
                        <button class="mt-2 rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800" data-testid="reactivate-webhooks">
                            "Reactivate"
                        </button>
                    </ActionForm>
                </div>
            })}
            {card.silence.clone().map(|silence| view! {
                <div role="alert" class="mt-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="webhook-silent">
                    <p class="font-medium">{format!("Silent since {} (noticed {})", silence.since, silence.raised_at)}</p>
                    <p class="mt-1" data-testid="webhook-silence-reason">{silence.reason}</p>
                </div>
            })}
            <div class="mt-4">
                {move || view! { <SecretsPanel masked_url=masked_url.clone() has_key shown=shown.get() /> }}
                <ActionForm action=reveal>
                    <button class="mt-2 rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100" data-testid="reveal-secrets">
                        "Reveal URL and secret key"
                    </button>
                </ActionForm>
            </div>
            <WebhookRegistration definitions=card.definitions.clone() on_changed />
            <ManualWebhookSteps />
            <SignatureSwitch required=card.signature_required has_key on_changed />
            <div class="mt-4 border-t border-slate-100 pt-4">
                <FormBanner error />
                {card.previous_secret_until.map(|until| view! {
                    <p class="mb-2 text-sm text-amber-800" data-testid="previous-secret">{format!("The previous URL secret and secret key keep working until {until}; update Autotask before then.")}</p>
                })}
                <ActionForm action=rotate>
                    <button class=BUTTON_SECONDARY data-testid="rotate-secret">
                        "Rotate secrets"
                    </button>
                </ActionForm>
                <p class="mt-1 text-xs text-slate-500">{format!("Rotating replaces the URL secret and the secret key; the old ones keep working for {} hours.", card.grace_hours)}</p>
            </div>
        </section>
    }
}
