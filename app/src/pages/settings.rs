//! MSP settings: the MSP and its administrators.

use crate::api::admin::msp_settings;
use crate::components::{loaded, AdminLayout, TriageCard};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| msp_settings());
    view! {
        <AdminLayout title="Settings">
            {loaded(data, "Loading…", |s| view! {
                <section class="space-y-4">
                    <div class="rounded-lg border border-slate-200 bg-white p-4">
                        <h2 class="text-sm font-medium text-slate-500">"MSP"</h2>
                        <p class="text-lg" data-testid="msp-name">{s.msp_name}</p>
                        <a class="mt-2 inline-block text-sm text-indigo-700 underline" href="/settings/integrations">"Integrations"</a>
                        <a class="ml-4 mt-2 inline-block text-sm text-indigo-700 underline" href="/settings/agent-brain" data-testid="agent-brain-link">"Agent brain"</a>
                        <a class="ml-4 mt-2 inline-block text-sm text-indigo-700 underline" href="/settings/verification" data-testid="verification-link">"Identity verification"</a>
                        <a class="ml-4 mt-2 inline-block text-sm text-indigo-700 underline" href="/settings/outgoing-mail" data-testid="outgoing-mail-link">"Outgoing mail"</a>
                    </div>
                    <div class="rounded-lg border border-slate-200 bg-white p-4">
                        <h2 class="mb-2 text-sm font-medium text-slate-500">"Administrators"</h2>
                        <ul class="text-sm">
                            {s.admins.into_iter().map(|a| view! {
                                <li class="py-1">{a.name} " · " <span class="text-slate-600">{a.email}</span> " · since " {a.created_at}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                </section>
            })}
            <div class="mt-4"><TriageCard /></div>
        </AdminLayout>
    }
}
