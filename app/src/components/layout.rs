//! The signed-in frame: navigation, the admin's name and sign-out.

use crate::api::auth::{me, SignOut};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

const NAV: [(&str, &str); 8] = [
    ("/clients", "Clients"),
    ("/sessions", "Sessions"),
    ("/approvals", "Approvals"),
    ("/settings/integrations", "Integrations"),
    ("/activity", "Activity"),
    ("/calls", "Calls"),
    ("/settings/voice", "Voice agent"),
    ("/settings", "Settings"),
];

#[component]
pub fn AdminLayout(title: &'static str, children: Children) -> impl IntoView {
    let user = Resource::new(|| (), |_| me());
    let sign_out = ServerAction::<SignOut>::new();
    let path = use_location().pathname;
    view! {
        <div class="min-h-screen">
            <header class="border-b border-slate-200 bg-white">
                <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
                    <a href="/clients" class="text-lg font-semibold text-indigo-700">"Relay"</a>
                    <nav class="flex flex-wrap gap-1" aria-label="Main">
                        {NAV
                            .iter()
                            .map(|(href, label)| {
                                let href = *href;
                                let current = move || path.get() == href;
                                view! {
                                    <a
                                        href=href
                                        aria-current=move || current().then_some("page")
                                        class="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700"
                                    >
                                        {*label}
                                    </a>
                                }
                            })
                            .collect_view()}
                        <DemoLink />
                    </nav>
                    <div class="ml-auto flex items-center gap-3 text-sm">
                        <Suspense>
                            {move || Suspend::new(async move {
                                user.await.ok().map(|u| view! {
                                    <span class="text-slate-600" data-testid="signed-in-as">
                                        {u.name} " · " {u.msp_name}
                                    </span>
                                })
                            })}
                        </Suspense>
                        <ActionForm action=sign_out>
                            <button type="submit" class="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
                                "Sign out"
                            </button>
                        </ActionForm>
                    </div>
                </div>
            </header>
            <main class="mx-auto max-w-6xl px-4 py-8">
                <h1 class="mb-6 text-2xl font-semibold">{title}</h1>
                {children()}
            </main>
        </div>
    }
}

/// The centred card used by the sign-in and setup pages.
#[component]
pub fn AuthCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <main class="flex min-h-screen items-center justify-center px-4">
            <div class="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
                <p class="mb-1 text-sm font-semibold text-indigo-700">"Relay"</p>
                <h1 class="mb-6 text-2xl font-semibold">{title}</h1>
                {children()}
            </div>
        </main>
    }
}

/// The demo console's entry, shown only while the demo tenant runs.
#[component]
fn DemoLink() -> impl IntoView {
    let enabled = Resource::new(|| (), |_| crate::api::demo::demo_enabled());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                enabled.await.ok().filter(|on| *on).map(|_| view! {
                    <a href="/demo" data-testid="nav-demo" class="rounded-md px-3 py-1.5 text-sm text-amber-700 hover:bg-amber-50">
                        "Demo console"
                    </a>
                })
            })}
        </Suspense>
    }
}
