//! `/sessions`: the MSP's agent sessions, most recently active first, each linking to its page.

use crate::api::sessions::recent_sessions;
use crate::components::{loaded, AdminLayout};
use leptos::prelude::*;

#[component]
pub fn SessionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| recent_sessions());
    view! {
        <AdminLayout title="Sessions">
            {loaded(data, "Loading sessions…", |rows| {
                if rows.is_empty() {
                    return view! {
                        <p class="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">
                            "No agent sessions yet. A ticket of an imported client wakes one."
                        </p>
                    }.into_any();
                }
                view! {
                    <ul class="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="sessions-list">
                        {rows.into_iter().map(|r| view! {
                            <li class="flex justify-between px-4 py-3 text-sm">
                                <a class="text-indigo-700 underline" href=format!("/sessions/{}", r.id) data-testid="session-link">
                                    {r.client} " · " {r.ticket}
                                </a>
                                <span class="text-slate-600" data-status=r.status.as_str()>{r.status_label} " · " {r.updated_at}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </AdminLayout>
    }
}
