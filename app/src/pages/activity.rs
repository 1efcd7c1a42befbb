//! Activity: what Relay did and why, newest first, across all clients.

use crate::api::admin::list_activity;
use crate::components::{AdminLayout, Pager};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.get().get("page").and_then(|p| p.parse().ok()).unwrap_or(1i64);
    let data = Resource::new(page, list_activity);
    view! {
        <AdminLayout title="Activity">
            <Suspense fallback=|| view! { <p class="text-slate-500">"Loading activity…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <p role="alert" class="text-red-700">{e.message}</p> }.into_any(),
                        Ok(p) if p.total == 0 => view! {
                            <p class="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">
                                "Nothing has happened yet. Events appear here once Autotask sends them."
                            </p>
                        }.into_any(),
                        Ok(p) => view! {
                            <ul class="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
                                {p.rows.into_iter().map(|r| view! {
                                    <li class="px-4 py-3 text-sm">
                                        <div class="flex justify-between text-slate-500">
                                            <span>{r.client.unwrap_or_else(|| "MSP".into())} " · " {r.kind}</span>
                                            <time>{r.at}</time>
                                        </div>
                                        <p class="mt-1">{r.summary}</p>
                                        <p class="text-slate-600">{r.outcome}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Pager base="/activity".to_string() page=p.page per_page=p.per_page total=p.total />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </AdminLayout>
    }
}
