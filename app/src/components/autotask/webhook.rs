//! Step 3: the webhook card. The URL and secret to paste into Autotask, how to do it, and
//! whether Autotask's readiness ping has arrived (the page's polling keeps it current).

use super::CopyField;
use crate::api::integrations::RotateWebhookSecret;
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{form_error, FormBanner};
use crate::wire::{ConnectionState, WebhookCardView};
use leptos::prelude::*;

#[component]
pub fn WebhookCard(card: WebhookCardView) -> impl IntoView {
    let rotate = ServerAction::<RotateWebhookSecret>::new();
    let error = form_error(move || rotate.value().get().map(|r| r.err()));
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
            {card.deactivated_at.map(|at| view! {
                <p role="alert" class="mt-2 text-sm text-red-700">{format!("Autotask deactivated this webhook at {at} after failed deliveries. Re-activate it in Autotask; the next readiness check clears this.")}</p>
            })}
            <div class="mt-4 space-y-3">
                <CopyField label="Webhook URL" value=card.url testid="webhook-url" />
                <CopyField label="Secret key" value=card.secret testid="webhook-secret" />
            </div>
            <ol class="mt-4 list-decimal space-y-1 pl-5 text-sm text-slate-700">
                <li>"In Autotask, open Admin → Extensions & Integrations → Outbound Integrations (Webhooks)."</li>
                <li>"Choose Ticket → New. Name it Relay, paste the Webhook URL above, and paste the Secret key."</li>
                <li>"Tick Create and Update; select the fields Relay needs (at least Title, Description, Status, Priority, Company, Contact, Assigned Resource)."</li>
                <li>"Exclude the Relay API user's resource so Relay's own changes do not echo back."</li>
                <li>"Tick Active and save: Autotask sends a readiness check and this card turns Connected."</li>
                <li>"Repeat for TicketNote (Create), with the same URL and secret."</li>
            </ol>
            <div class="mt-4 border-t border-slate-100 pt-4">
                <FormBanner error />
                {card.previous_secret_until.map(|until| view! {
                    <p class="mb-2 text-sm text-amber-800" data-testid="previous-secret">{format!("The previous secret keeps working until {until}; update Autotask before then.")}</p>
                })}
                <ActionForm action=rotate>
                    <button class=BUTTON_SECONDARY data-testid="rotate-secret">
                        "Rotate secret"
                    </button>
                </ActionForm>
                <p class="mt-1 text-xs text-slate-500">{format!("After rotating, the old secret keeps working for {} hours.", card.grace_hours)}</p>
            </div>
        </section>
    }
}
