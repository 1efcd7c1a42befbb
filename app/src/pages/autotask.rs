//! Settings → Integrations → Autotask: credentials, company types and import, webhook card.
//! Rendered complete on the server; once hydrated it polls so import progress and the
//! webhook's Connected state update without a reload.

use crate::api::integrations::autotask_page;
use crate::components::autotask::{
    CompanyTypesStep, CredentialsStep, ImportProgressBar, WebhookCard,
};
use crate::components::AdminLayout;
use crate::wire::AutotaskPageView;
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
            <Suspense fallback=|| view! { <p class="text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p role="alert" class="text-red-700">{e.message}</p> }.into_any(),
                        Ok(view) => view! { <AutotaskBody initial=view /> }.into_any(),
                    }
                })}
            </Suspense>
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
    let show_types = move || {
        let v = live.get();
        v.integration.is_some() && (v.import.is_none() || query.get().get("types").is_some())
    };
    // Each part is type-erased: nested concrete view types would exceed the compiler's depth.
    let credentials = view! {
        <CredentialsStep integration=Signal::derive(move || live.get().integration) on_saved=Callback::new(move |_| refresh()) />
    }
    .into_any();
    let types = move || {
        show_types().then(|| {
            view! { <CompanyTypesStep on_started=Callback::new(move |_| refresh()) /> }.into_any()
        })
    };
    let progress = move || {
        live.get()
            .import
            .map(|p| view! { <ImportProgressBar progress=p /> }.into_any())
    };
    let webhook = move || {
        live.get()
            .integration
            .map(|i| view! { <WebhookCard card=i.webhook /> }.into_any())
    };
    view! { <div class="grid max-w-4xl gap-6">{credentials}{types}{progress}{webhook}</div> }
}
