//! Settings → Integrations → Autotask: credentials, company types and import, webhook card.
//! Rendered complete on the server; once hydrated it polls so import progress and the
//! webhook's Connected state update without a reload.

use crate::api::integrations::autotask_page;
use crate::components::autotask::{
    BudgetPanel, CeilingForm, CompanyTypesStep, CredentialsStep, ImportProgressBar,
    ToolPoliciesCard, WebhookCard,
};
use crate::components::{loaded, AdminLayout};
use crate::wire::{
    AutotaskPageView, ConnectionState, IntegrationView, WebhookCardView, WebhookSecrets,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// How often the hydrated page asks for fresh state.
#[cfg(feature = "hydrate")]
const POLL_MS: u32 = 1_000;

#[component]
pub fn AutotaskPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| autotask_page());
    view! {
        <AdminLayout title="Autotask">
            <p class="mb-4 text-sm"><a class="text-indigo-700 underline" href="/settings/integrations">"← Integrations"</a></p>
            {loaded(page, "Loading…", |initial| view! { <AutotaskBody initial /> })}
        </AdminLayout>
    }
}

#[component]
fn AutotaskBody(initial: AutotaskPageView) -> impl IntoView {
    let live = RwSignal::new(initial);
    let refresh = move || {
        leptos::task::spawn_local(async move {
            if let Ok(v) = autotask_page().await {
                live.try_set(v);
            }
        })
    };
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                match autotask_page().await {
                    // A disposed signal hands the value back: the page is gone, stop polling.
                    Ok(v) => {
                        if live.try_set(v).is_some() {
                            break;
                        }
                    }
                    Err(_) if live.try_get_untracked().is_none() => break,
                    Err(_) => {}
                }
            }
        });
    });
    let query = use_query_map();
    // Memos, so a poll that brings nothing new re-renders nothing: a form being typed into
    // must survive the page's polling, and the types step must not re-query Autotask.
    let show_types = Memo::new(move |_| {
        let has_import = live.with(|v| v.import.is_some());
        live.with(|v| v.integration.is_some())
            && (!has_import || query.get().get("types").is_some())
    });
    let credentials = Memo::new(move |_| {
        live.with(|v| {
            v.integration.as_ref().map(|i| IntegrationView {
                webhook: quiet_card(),
                ..i.clone()
            })
        })
    });
    let import = Memo::new(move |_| live.with(|v| v.import.clone()));
    // Secrets come in clear only in the view that follows their creation, rotation or reveal;
    // they stay on screen across later polls (which carry them masked) until new ones come.
    let revealed = Memo::new(move |prev: Option<&Option<WebhookSecrets>>| {
        live.with(|v| {
            v.integration
                .as_ref()
                .and_then(|i| i.webhook.revealed.clone())
        })
        .or_else(|| prev.cloned().flatten())
    });
    let webhook = Memo::new(move |_| {
        live.with(|v| {
            v.integration.as_ref().map(|i| WebhookCardView {
                revealed: None,
                ..i.webhook.clone()
            })
        })
    });
    // Each part is type-erased: nested concrete view types would exceed the compiler's depth.
    let credentials = view! { <CredentialsStep integration=credentials.into() on_saved=Callback::new(move |_| refresh()) /> }.into_any();
    let types = move || {
        show_types.get().then(|| {
            view! { <CompanyTypesStep on_started=Callback::new(move |_| refresh()) /> }.into_any()
        })
    };
    let progress = move || {
        import
            .get()
            .map(|p| view! { <ImportProgressBar progress=p /> }.into_any())
    };
    let webhook = move || {
        webhook.get().map(|card| {
            let revealed = revealed.get();
            let on_changed = Callback::new(move |_| refresh());
            view! { <WebhookCard card revealed on_changed /> }.into_any()
        })
    };
    // Once connected: the tool policies and the default mode (a memo, so polls re-render nothing).
    let connected = Memo::new(move |_| live.with(|v| v.integration.is_some()));
    let policies = move || {
        connected
            .get()
            .then(|| view! { <ToolPoliciesCard /> }.into_any())
    };
    let approvals = move || {
        connected
            .get()
            .then(|| view! { <crate::components::approvals::ApprovalLinksCard /> }.into_any())
    };
    let budget = Memo::new(move |_| live.with(|v| v.budget.clone()));
    let budget = move || {
        budget
            .get()
            .map(|budget| view! { <BudgetPanel budget /> }.into_any())
    };
    // Its own memo: only a saved change re-renders the form someone may be typing in.
    let ceiling = Memo::new(move |_| live.with(|v| v.budget.as_ref().map(|b| b.relay_ceiling)));
    let ceiling = move || {
        ceiling.get().map(|ceiling| {
            let on_changed = Callback::new(move |_| refresh());
            view! { <CeilingForm ceiling on_changed /> }.into_any()
        })
    };
    view! { <div class="grid max-w-4xl gap-6">{credentials}{types}{progress}{webhook}{policies}{approvals}{budget}{ceiling}</div> }
}

/// The credentials step does not show the webhook; a constant stands in for it so webhook
/// changes do not re-render that step.
fn quiet_card() -> WebhookCardView {
    WebhookCardView {
        url: String::new(),
        state: ConnectionState::NotConnected,
        last_event_at: None,
        deactivated_at: None,
        previous_secret_until: None,
        grace_hours: 0,
        signature_required: false,
        has_hmac_key: false,
        revealed: None,
        events_last_hour: 0,
        events_last_day: 0,
        deactivation_reason: None,
        definitions: Vec::new(),
        silence: None,
    }
}
