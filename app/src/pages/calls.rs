//! Calls: every voice call, newest first, with its match, ticket, transcript and a retry for
//! a call whose ticket could not be filed; in the demo, buttons that place a scripted call.

use crate::api::voice::{voice_calls, voice_settings, PlaceDemoCall, RetryVoiceCall};
use crate::components::style::BUTTON_SECONDARY;
use crate::components::{loaded, AdminLayout, Pager};
use crate::voice::VoiceCallRow;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CallsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .get()
            .get("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1i64)
    };
    let place = ServerAction::<PlaceDemoCall>::new();
    let retry = ServerAction::<RetryVoiceCall>::new();
    let data = Resource::new(
        move || (page(), place.version().get(), retry.version().get()),
        |(page, _, _)| voice_calls(page),
    );
    let settings = Resource::new(|| (), |_| voice_settings());
    view! {
        <AdminLayout title="Calls">
            {loaded(settings, "", move |s| (!s.demo_calls.is_empty()).then(|| view! {
                <div class="mb-4 rounded-lg border border-indigo-200 bg-indigo-50 p-4 text-sm" data-testid="demo-calls">
                    <p class="font-medium">"Demo: place a call from the simulated voice platform"</p>
                    <div class="mt-2 flex flex-wrap gap-2">
                        {s.demo_calls.into_iter().enumerate().map(|(i, label)| view! {
                            <ActionForm action=place>
                                <input type="hidden" name="which" value=i.to_string() />
                                <button type="submit" class=BUTTON_SECONDARY data-testid="demo-call">{label}</button>
                            </ActionForm>
                        }).collect_view()}
                    </div>
                    <p role="status" class="mt-2 text-slate-700" data-testid="demo-call-result">
                        {move || match place.value().get() {
                            Some(Ok(text)) => text,
                            Some(Err(e)) => e.message,
                            None => String::new(),
                        }}
                    </p>
                </div>
            }))}
            {loaded(data, "Loading calls…", move |p| {
                if p.total == 0 {
                    return view! {
                        <p class="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">
                            "No calls yet. Calls appear here as soon as the voice platform reports them."
                        </p>
                    }.into_any();
                }
                view! {
                    <ul class="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="calls">
                        {p.rows.into_iter().map(|r| view! { <CallItem r=r retry=retry /> }).collect_view()}
                    </ul>
                    <Pager base="/calls".to_string() page=p.page per_page=p.per_page total=p.total />
                }.into_any()
            })}
        </AdminLayout>
    }
}

#[component]
fn CallItem(r: VoiceCallRow, retry: ServerAction<RetryVoiceCall>) -> impl IntoView {
    let ticket = match (r.ticket.clone(), r.ticket_url.clone()) {
        (Some(t), Some(url)) => view! { <a class="text-indigo-700 underline" href=url target="_blank" rel="noopener noreferrer" data-testid="call-ticket">{t}</a> }.into_any(),
        (Some(t), None) => view! { <span data-testid="call-ticket">{t}</span> }.into_any(),
        _ => view! { <span class="text-slate-500">"no ticket"</span> }.into_any(),
    };
    view! {
        <li class="px-4 py-3 text-sm" data-testid="call">
            <div class="flex justify-between text-slate-500">
                <span>{r.caller.clone()} " · " <span data-testid="call-state">{r.state.clone()}</span></span>
                <time>{r.at.clone()}</time>
            </div>
            <p class="mt-1">
                <span data-testid="call-match">{r.matched.clone()}</span>
                {r.confidence.clone().map(|c| view! { <span class="text-slate-500">" · confidence " {c}</span> })}
                " · " {ticket}
                {r.duration.clone().map(|d| view! { <span class="text-slate-500">" · " {d}</span> })}
                {r.ended_reason.clone().map(|e| view! { <span class="text-slate-500">" · " {e}</span> })}
            </p>
            {r.error.clone().map(|e| view! { <p class="text-red-700">{e}</p> })}
            {r.transcript.clone().map(|t| view! {
                <details class="mt-1">
                    <summary class="cursor-pointer text-slate-500">"Transcript"</summary>
                    <pre class="mt-1 whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs" data-testid="call-transcript">{t}</pre>
                </details>
            })}
            {r.can_retry.then(|| view! {
                <ActionForm action=retry attr:class="mt-1">
                    <input type="hidden" name="call_id" value=r.id.to_string() />
                    <button type="submit" class="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50" data-testid="call-retry">
                        "Retry the ticket"
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
