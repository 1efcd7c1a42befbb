//! Activity: what Relay did and why, newest first, across all clients or for one
//! (`?client=ID`, linked from the Clients page).

use crate::api::admin::{list_activity, DismissEvent, RetryEvent};
use crate::components::{loaded, AdminLayout, Pager};
use crate::ids::{ClientId, EventId};
use crate::wire::ActivityTicket;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.get();
        let page = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1i64);
        (
            page,
            q.get("client").and_then(|c| c.parse::<ClientId>().ok()),
        )
    };
    let data = Resource::new(params, |(page, client)| list_activity(page, client));
    let base = move || match params().1 {
        Some(id) => format!("/activity?client={id}"),
        None => "/activity".to_string(),
    };
    view! {
        <AdminLayout title="Activity">
            {move || params().1.map(|_| view! {
                <p class="mb-4 text-sm text-slate-600" data-testid="activity-filter">
                    "Showing one client's activity. "
                    <a class="text-indigo-700 underline" href="/activity">"Show all clients"</a>
                </p>
            })}
            {loaded(data, "Loading activity…", move |p| {
                if p.total == 0 {
                    return view! {
                        <p class="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600">
                            "Nothing has happened yet. Events appear here once Autotask sends them."
                        </p>
                    }.into_any();
                }
                view! {
                    <ul class="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
                        {p.rows.into_iter().map(|r| view! {
                            <li class="px-4 py-3 text-sm">
                                <div class="flex justify-between text-slate-500">
                                    <span>
                                        {r.client.unwrap_or_else(|| "MSP".into())} " · "
                                        <span data-testid="activity-kind" title=r.kind>{r.kind_label}</span>
                                        {r.ticket.map(|t| view! { " · " <TicketLink ticket=t /> })}
                                    </span>
                                    <time>{r.at}</time>
                                </div>
                                <p class="mt-1">{r.summary}</p>
                                <p class="text-slate-600">{r.outcome}</p>
                                <EventDetail detail=r.detail retry_event=r.retry_event />
                            </li>
                        }).collect_view()}
                    </ul>
                    <Pager base=base() page=p.page per_page=p.per_page total=p.total />
                }.into_any()
            })}
        </AdminLayout>
    }
}

/// The ticket's number, opening the ticket in Autotask (a new tab: the admin keeps the log).
#[component]
fn TicketLink(ticket: ActivityTicket) -> impl IntoView {
    match ticket.url {
        Some(url) => view! {
            <a class="text-indigo-700 underline" href=url target="_blank" rel="noopener noreferrer" data-testid="activity-ticket">
                {ticket.label}
            </a>
        }
        .into_any(),
        None => view! { <span data-testid="activity-ticket">{ticket.label}</span> }.into_any(),
    }
}

/// The loaded context of an event, folded away, and retry and dismiss buttons for a parked
/// event (a parked event holds its ticket's later events back until one is pressed).
#[component]
fn EventDetail(detail: String, retry_event: Option<EventId>) -> impl IntoView {
    let retry = ServerAction::<RetryEvent>::new();
    let dismiss = ServerAction::<DismissEvent>::new();
    let result = move || match (retry.value().get(), dismiss.value().get()) {
        (Some(Ok(true)), _) => "Queued again; the result appears here shortly.",
        (_, Some(Ok(true))) => "Dismissed; later events of this ticket go on.",
        (Some(Ok(false)), _) | (_, Some(Ok(false))) => "This event is no longer parked.",
        (Some(Err(_)), _) => "Could not queue the event again.",
        (_, Some(Err(_))) => "Could not dismiss the event.",
        (None, None) => "",
    };
    view! {
        {(!detail.is_empty()).then(|| view! {
            <details class="mt-1">
                <summary class="cursor-pointer text-slate-500">"Details"</summary>
                <pre class="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{detail}</pre>
            </details>
        })}
        {retry_event.map(|id| view! {
            <ActionForm action=retry attr:class="mt-1 flex items-center gap-2">
                <input type="hidden" name="event_id" value=id.to_string() />
                <button
                    type="submit"
                    disabled=move || retry.pending().get()
                    class="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-60"
                    data-testid="retry-event"
                >
                    "Retry"
                </button>
                <span role="status" class="text-xs text-slate-600">{result}</span>
            </ActionForm>
            <ActionForm action=dismiss attr:class="mt-1">
                <input type="hidden" name="event_id" value=id.to_string() />
                <button
                    type="submit"
                    disabled=move || dismiss.pending().get()
                    class="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-60"
                    data-testid="dismiss-event"
                    title="Give up on this event; later events of its ticket are processed"
                >
                    "Dismiss"
                </button>
            </ActionForm>
        })}
    }
}
