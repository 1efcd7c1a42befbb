//! The webhook card's registration part: the definitions Autotask holds for this integration
//! (active, ready, fields, excluded resources, who set them up), "Register in Autotask for me",
//! removing them, and the manual steps for whoever prefers to make them themselves.

use crate::api::webhooks::{RegisterWebhooks, UnregisterWebhooks};
use crate::components::style::{BUTTON_PRIMARY, BUTTON_SECONDARY};
use crate::components::{form_error, FormBanner};
use crate::wire::WebhookDefinitionView;
use leptos::prelude::*;

#[component]
pub fn WebhookRegistration(
    definitions: Vec<WebhookDefinitionView>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let register = ServerAction::<RegisterWebhooks>::new();
    let unregister = ServerAction::<UnregisterWebhooks>::new();
    for done in [register.value(), unregister.value()] {
        Effect::new(move |_| {
            if let Some(Ok(())) = done.get() {
                on_changed.run(());
            }
        });
    }
    let error = form_error(move || {
        register
            .value()
            .get()
            .map(|r| r.err())
            .or_else(|| unregister.value().get().map(|r| r.err()))
    });
    let any = !definitions.is_empty();
    let pending = move || register.pending().get() || unregister.pending().get();
    view! {
        <div class="mt-4 border-t border-slate-100 pt-4" data-testid="webhook-registration">
            <h3 class="font-medium">"Webhooks in Autotask"</h3>
            <FormBanner error />
            {if any {
                view! {
                    <ul class="mt-2 space-y-2">
                        {definitions.into_iter().map(|d| view! { <DefinitionRow d /> }).collect_view()}
                    </ul>
                }.into_any()
            } else {
                view! { <p class="mt-1 text-sm text-slate-600" data-testid="no-definitions">"Relay has not found a webhook for this integration in Autotask yet."</p> }.into_any()
            }}
            <div class="mt-3 flex flex-wrap gap-3">
                <ActionForm action=register>
                    <button class=BUTTON_PRIMARY data-testid="register-webhooks" disabled=pending>
                        {if any { "Repair in Autotask" } else { "Register in Autotask for me" }}
                    </button>
                </ActionForm>
                {any.then(|| view! {
                    <ActionForm action=unregister>
                        <button class=BUTTON_SECONDARY data-testid="unregister-webhooks" disabled=pending>
                            "Remove from Autotask"
                        </button>
                    </ActionForm>
                })}
            </div>
            <p class="mt-1 text-xs text-slate-500">
                "Relay creates the Tickets and Ticket notes webhooks with the URLs and secret key above, create and update events, the fields it needs, and its own API user excluded so its own changes never come back. Pressing it again repairs what is missing; it never makes a duplicate."
            </p>
        </div>
    }
}

#[component]
fn DefinitionRow(d: WebhookDefinitionView) -> impl IntoView {
    let (state, tone) = match (d.active, d.ready) {
        (true, true) => ("Active, ready", "text-emerald-700"),
        (true, false) => ("Active, not ready (no subscribed field)", "text-amber-700"),
        (false, _) => ("Inactive", "text-red-700"),
    };
    let by = if d.by_relay {
        "Registered by Relay"
    } else {
        "Set up by hand"
    };
    let excluded = if d.excluded_resources.is_empty() {
        "none (Relay's own changes will come back as events)".to_string()
    } else {
        d.excluded_resources
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <li class="rounded-md border border-slate-200 p-3 text-sm" data-testid="webhook-definition"
            data-label=d.label.clone() data-active=d.active.to_string() data-by-relay=d.by_relay.to_string()
            data-autotask-id=d.autotask_id.to_string()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <span class="font-medium">{format!("{} (Autotask id {})", d.label, d.autotask_id)}</span>
                <span class=format!("text-xs font-medium {tone}")>{state}</span>
            </div>
            <p class="mt-1 text-xs text-slate-600">{format!("{by}; checked {}", d.checked_at)}</p>
            <p class="mt-1 text-xs text-slate-600">{format!("Fields: {}", if d.fields.is_empty() { "not read yet".to_string() } else { d.fields.join(", ") })}</p>
            <p class="mt-1 text-xs text-slate-600">{format!("Excluded resources: {excluded}")}</p>
            {d.inactive_reason.map(|r| view! { <p class="mt-1 text-xs text-red-700">{r}</p> })}
        </li>
    }
}

/// What to do without "Register in Autotask for me": Autotask's UI only lists webhooks; they
/// are created through its REST API (reference §10.1–10.4).
#[component]
pub fn ManualWebhookSteps() -> impl IntoView {
    view! {
        <details class="mt-4 text-sm text-slate-700" data-testid="manual-steps">
            <summary class="cursor-pointer font-medium">"Set the webhooks up yourself instead"</summary>
            <p class="mt-2">"Autotask's screens only list webhooks; they are created through its REST API (for example with Postman, as the API user). Relay finds definitions made this way by their URL and shows them above."</p>
            <ol class="mt-2 list-decimal space-y-1 pl-5">
                <li>"POST /V1.0/TicketWebhooks with name Relay tickets, webhookUrl = the Webhook URL, deactivationUrl = the Deactivation URL, secretKey = the Secret key, isActive, isSubscribedToCreateEvents and isSubscribedToUpdateEvents true."</li>
                <li>"Look up the field ids: GET /V1.0/TicketWebhookFields/entityInformation/fields (the fieldID picklist)."</li>
                <li>"Add the fields one at a time (Autotask refuses parallel requests): POST /V1.0/TicketWebhooks/{id}/Fields with isSubscribedField for status, priority, assignedResourceID, queueID, title, description, and isDisplayAlwaysField for companyID, contactID, status, priority, assignedResourceID, queueID."</li>
                <li>"POST /V1.0/TicketWebhooks/{id}/ExcludedResources with the API user's resource id, so Relay's own changes do not echo back."</li>
                <li>"Repeat for TicketNoteWebhooks: ticketID (subscribed, always), description (subscribed), publish, creatorResourceID, createdByContactID (always)."</li>
                <li>"A webhook fires once it has a subscribed field; this card turns Connected with Autotask's readiness check or the first event."</li>
            </ol>
        </details>
    }
}
