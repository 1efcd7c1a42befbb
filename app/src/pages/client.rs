//! One client: its Autotask company, its agent, the mode switch (plan / execute) and its
//! recent agent sessions with links to the ticket in Autotask and to the session page.

use super::client_verifications::ClientVerifications;
use crate::api::policies::{client_page, SetClientMode};
use crate::components::approvals::PendingApprovals;
use crate::components::style::{BUTTON_PRIMARY, CARD};
use crate::components::{loaded, tagged_form_error, AdminLayout, FormAlert, ModeChoices};
use crate::ids::ClientId;
use crate::wire::{ClientPageView, ClientSessionView};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ClientPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => client_page(ClientId(id)).await,
            None => Err(crate::error::AppError::not_found("That client")),
        }
    });
    view! {
        <AdminLayout title="Client">
            <p class="mb-4 text-sm"><a class="text-indigo-700 underline" href="/clients">"← Clients"</a></p>
            {loaded(data, "Loading…", |client| view! { <ClientBody client /> })}
        </AdminLayout>
    }
}

#[component]
fn ClientBody(client: ClientPageView) -> impl IntoView {
    let agent = client.agent_status.map_or("none", |s| s.as_str());
    let mode = RwSignal::new(client.mode);
    let save = ServerAction::<SetClientMode>::new();
    let error = tagged_form_error("client-mode", move || save.value().get().map(|r| r.err()));
    // A script's switch answers with the mode now in force.
    Effect::new(move |_| {
        if let Some(Ok(now)) = save.value().get() {
            mode.set(now);
        }
    });
    let saved = move || {
        matches!(save.value().get(), Some(Ok(_))).then(|| format!("Saved: {} mode.", mode.get()))
    };
    let id = client.id;
    view! {
        <div class="grid max-w-4xl gap-6">
            <section class=CARD data-testid="client-summary">
                <h2 class="text-lg font-semibold" data-testid="client-name">{client.name}</h2>
                <dl class="mt-2 grid grid-cols-2 gap-1 text-sm">
                    <dt class="text-slate-500">"Autotask company id"</dt><dd>{client.autotask_id.unwrap_or_else(|| "—".into())}</dd>
                    <dt class="text-slate-500">"Company type"</dt><dd>{client.company_type.unwrap_or_else(|| "—".into())}</dd>
                    <dt class="text-slate-500">"Agent"</dt><dd data-agent-status=agent>{agent}</dd>
                </dl>
                <a class="mt-2 inline-block text-sm text-indigo-700 underline" href=format!("/activity?client={id}")>"Activity for this client"</a>
            </section>
            <section class=CARD data-testid="mode-switch" data-mode=move || mode.get().as_str()>
                <h2 class="text-lg font-semibold">"Mode"</h2>
                <div class="mt-3"><FormAlert error /></div>
                <ActionForm action=save attr:class="mt-3 space-y-2">
                    <input type="hidden" name="client" value=id.to_string() />
                    <ModeChoices current=client.mode />
                    <button class=BUTTON_PRIMARY data-testid="save-mode">"Save mode"</button>
                    <span role="status" class="ml-2 text-sm text-emerald-700">{saved}</span>
                </ActionForm>
            </section>
            <section class=CARD data-testid="client-approvals">
                <h2 class="text-lg font-semibold">"Pending approvals"</h2>
                <PendingApprovals client=Some(id) back=crate::api::policies::client_path(id) />
            </section>
            <section class=CARD data-testid="client-sessions">
                <h2 class="text-lg font-semibold">"Recent sessions"</h2>
                {sessions(client.sessions)}
            </section>
            <ClientVerifications client=id />
        </div>
    }
}

fn sessions(rows: Vec<ClientSessionView>) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-500">"No sessions yet: the agent wakes when Autotask sends a ticket of this client."</p> }.into_any();
    }
    view! {
        <table class="mt-2 w-full text-sm">
            <thead class="text-left text-slate-600">
                <tr><th class="py-1">"Ticket"</th><th class="py-1">"Status"</th><th class="py-1">"Created"</th><th class="py-1"></th></tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|s| {
                    let ticket = s.ticket_id.to_string();
                    let ticket = match s.ticket_url {
                        Some(url) => view! { <a class="text-indigo-700 underline" href=url target="_blank" rel="noopener">{ticket}</a> }.into_any(),
                        None => ticket.into_any(),
                    };
                    view! {
                        <tr class="border-t border-slate-100" data-session=s.id.to_string()>
                            <td class="py-2">{ticket}</td>
                            <td class="py-2" title=s.status_reason.unwrap_or_default()>{s.status.as_str().replace('_', " ")}</td>
                            <td class="py-2 text-slate-600">{s.created_at}</td>
                            <td class="py-2"><a class="text-indigo-700 underline" href=format!("/sessions/{}", s.id)>"Open session"</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
