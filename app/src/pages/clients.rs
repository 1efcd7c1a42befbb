//! Clients: every client company with its Autotask id, company type, agent status and mode;
//! search and paging via the URL (one indexed page query, fast at 20,000 clients).

use crate::api::admin::list_clients;
use crate::components::{loaded, AdminLayout, Pager};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ClientsPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.get();
        (
            q.get("q").unwrap_or_default(),
            q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1i64),
        )
    };
    let data = Resource::new(params, |(q, page)| list_clients(q, page));
    view! {
        <AdminLayout title="Clients">
            <form method="get" action="/clients" class="mb-4 flex gap-2" role="search">
                <input
                    name="q"
                    type="search"
                    value=move || params().0
                    placeholder="Search by name or Autotask id"
                    aria-label="Search clients"
                    class="w-full max-w-sm rounded-md border border-slate-300 px-3 py-2"
                />
                <button class="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">"Search"</button>
            </form>
            {loaded(data, "Loading clients…", move |page| {
                if page.total == 0 {
                    return view! {
                        <p class="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">
                            "No clients yet. Connect Autotask under "
                            <a class="text-indigo-700 underline" href="/settings/integrations">"Integrations"</a>
                            " and import company types to create them."
                        </p>
                    }.into_any();
                }
                let base = format!("/clients?q={}", crate::api::form_encode(&[("", &params().0)]).trim_start_matches('='));
                view! {
                    <table class="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
                        <thead class="bg-slate-100 text-left text-slate-600">
                            <tr><th class="px-3 py-2">"Name"</th><th class="px-3 py-2">"Autotask id"</th><th class="px-3 py-2">"Type"</th><th class="px-3 py-2">"Agent"</th><th class="px-3 py-2">"Mode"</th></tr>
                        </thead>
                        <tbody>
                            {page.rows.into_iter().map(|c| {
                                let agent = c.agent_status.map_or("none", |s| s.as_str());
                                let agent_attr = agent;
                                view! {
                                    <tr class="border-t border-slate-100">
                                        <td class="px-3 py-2 font-medium">
                                            <a class="hover:underline" href=format!("/clients/{}", c.id) title="Open this client">{c.name}</a>
                                        </td>
                                        <td class="px-3 py-2 text-slate-600">{c.autotask_id.unwrap_or_else(|| "—".into())}</td>
                                        <td class="px-3 py-2">
                                            {c.company_type.unwrap_or_else(|| "—".into())}
                                            {c.type_deselected.then(|| view! {
                                                <span class="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800" title="This company type is no longer imported; the client is kept.">"type not imported"</span>
                                            })}
                                        </td>
                                        <td class="px-3 py-2" data-agent-status=agent_attr>{agent}</td>
                                        <td class="px-3 py-2">{c.mode.as_str()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <Pager base page=page.page per_page=page.per_page total=page.total />
                }.into_any()
            })}
        </AdminLayout>
    }
}
