//! MSP Settings → Integrations: one card per PSA; Autotask is the first.

use crate::api::admin::autotask_card;
use crate::components::{loaded, AdminLayout};
use crate::wire::ConnectionState;
use leptos::prelude::*;

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let card = Resource::new(|| (), |_| autotask_card());
    view! {
        <AdminLayout title="Integrations">
            {loaded(card, "Loading…", |c| {
                let (label, tone) = match &c.state {
                    ConnectionState::NotConnected => ("Not connected".to_string(), "bg-slate-100 text-slate-700"),
                    ConnectionState::WaitingForAutotask => ("Waiting for Autotask".to_string(), "bg-amber-100 text-amber-800"),
                    ConnectionState::Connected { since } => (format!("Connected since {since}"), "bg-emerald-100 text-emerald-800"),
                };
                view! {
                    <article class="max-w-xl rounded-lg border border-slate-200 bg-white p-6" data-testid="autotask-card">
                        <div class="flex items-center justify-between">
                            <h2 class="text-lg font-semibold">"Autotask PSA"</h2>
                            <span class=format!("rounded-full px-3 py-1 text-xs font-medium {tone}") data-testid="autotask-status">{label}</span>
                        </div>
                        <p class="mt-2 text-sm text-slate-600">
                            "Connect an Autotask API user so Relay can import your client companies and work their tickets."
                        </p>
                        {c.username.map(|u| view! { <p class="mt-2 text-sm">"API user: " <span class="font-mono">{u}</span></p> })}
                        <a href="/settings/integrations/autotask" class="mt-4 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
                            "Connect"
                        </a>
                    </article>
                }
            })}
        </AdminLayout>
    }
}
