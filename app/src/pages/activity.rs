//! Activity: what Relay did and why, newest first, across all clients or for one
//! (`?client=ID`, linked from the Clients page), filterable by tool and outcome (plain GET
//! forms, so they work before the wasm loads), exportable, and its tamper-evident chain's
//! status with a Verify button (`?verify=true`).

use crate::api::admin::{list_activity, DismissEvent, RetryEvent};
use crate::components::{loaded, AdminLayout, Pager};
use crate::ids::{ClientId, EventId};
use crate::wire::{ActivityQuery, ActivityTicket, ChainStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.get();
        let text = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
        ActivityQuery {
            client: q.get("client").and_then(|c| c.parse::<ClientId>().ok()),
            tool: text("tool"),
            outcome: text("outcome"),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1i64),
            verify: q.get("verify").as_deref() == Some("true"),
        }
    };
    let data = Resource::new(params, |q| {
        list_activity(q.page, q.client, q.tool, q.outcome, Some(q.verify))
    });
    let base = move || {
        let filters = params().filter_query();
        if filters.is_empty() {
            "/activity".to_string()
        } else {
            format!("/activity?{filters}")
        }
    };
    view! {
        <AdminLayout title="Activity">
            {move || params().client.map(|_| view! {
                <p class="mb-4 text-sm text-slate-600" data-testid="activity-filter">
                    "Showing one client's activity. "
                    <a class="text-indigo-700 underline" href="/activity">"Show all clients"</a>
                </p>
            })}
            {loaded(data, "Loading activity…", move |p| {
                let q = params();
                let filtered = q.tool.is_some() || q.outcome.is_some();
                view! {
                    <ChainCard chain=p.chain.clone() query=q.clone() />
                    <Filters query=q.clone() tools=p.tools.clone() outcomes=p.outcomes.clone() />
                    {if p.total == 0 {
                        view! {
                            <p class="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-600" data-testid="activity-empty">
                                {if filtered { "No activity matches these filters." } else { "Nothing has happened yet. Events appear here once Autotask sends them." }}
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <ul class="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
                                {p.rows.into_iter().map(|r| view! {
                                    <li class="px-4 py-3 text-sm" data-testid="activity-row">
                                        <div class="flex justify-between text-slate-500">
                                            <span>
                                                {r.client.unwrap_or_else(|| "MSP".into())} " · "
                                                <span data-testid="activity-kind" title=r.kind>{r.kind_label}</span>
                                                {r.ticket.map(|t| view! { " · " <TicketLink ticket=t /> })}
                                            </span>
                                            <time>{r.at}</time>
                                        </div>
                                        <p class="mt-1">{r.summary}</p>
                                        <p class="text-slate-600" data-testid="activity-outcome">{r.outcome}</p>
                                        <EventDetail detail=r.detail retry_event=r.retry_event />
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Pager base=base() page=p.page per_page=p.per_page total=p.total />
                        }.into_any()
                    }}
                }.into_any()
            })}
        </AdminLayout>
    }
}

/// Tool and outcome filters: a plain GET form keeping the client filter.
#[component]
fn Filters(query: ActivityQuery, tools: Vec<String>, outcomes: Vec<String>) -> impl IntoView {
    let choice = |name: &'static str,
                  all: &'static str,
                  values: Vec<String>,
                  chosen: Option<String>| {
        view! {
            <select name=name class="rounded-md border border-slate-300 px-2 py-1" data-testid=format!("filter-{name}")>
                <option value="">{all}</option>
                {values.into_iter().map(|v| {
                    let selected = chosen.as_deref() == Some(v.as_str());
                    view! { <option value=v.clone() selected=selected>{v.clone()}</option> }
                }).collect_view()}
            </select>
        }
    };
    let exports = query.filter_query();
    let link = move |path: &str| {
        if exports.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{exports}")
        }
    };
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-2 text-sm">
            <form method="get" action="/activity" class="flex flex-wrap items-center gap-2" data-testid="activity-filters">
                {query.client.map(|c| view! { <input type="hidden" name="client" value=c.to_string() /> })}
                {choice("tool", "All tools", tools, query.tool.clone())}
                {choice("outcome", "All outcomes", outcomes, query.outcome.clone())}
                <button type="submit" class="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50">"Filter"</button>
            </form>
            <span class="flex gap-3">
                // rel=external: the router must let the browser download these, not route them.
                <a class="text-indigo-700 underline" rel="external" download="" href=link("/activity/export.csv") data-testid="export-csv">"Export CSV"</a>
                <a class="text-indigo-700 underline" rel="external" download="" href=link("/activity/export.jsonl") data-testid="export-jsonl">"Export JSONL (verifiable)"</a>
            </span>
        </div>
    }
}

/// The chain's size and last signed checkpoint, and Verify (a GET of this page with
/// `verify=true`, so it works without the wasm too).
#[component]
fn ChainCard(chain: ChainStatus, query: ActivityQuery) -> impl IntoView {
    let checkpoint = match (&chain.last_checkpoint, chain.checkpoint_seq) {
        (Some(at), Some(seq)) => format!("last signed checkpoint {at} (seq {seq})"),
        _ => "no signed checkpoint yet".to_string(),
    };
    let report_class = match chain.verified {
        Some(true) => "mt-2 text-green-800",
        _ => "mt-2 font-medium text-red-700",
    };
    view! {
        <section class="mb-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm" data-testid="chain-card">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <span class="text-slate-600" data-testid="chain-status">
                    {format!("Tamper-evident trail: {} entries chained, {checkpoint}", chain.entries)}
                </span>
                <form method="get" action="/activity">
                    {query.client.map(|c| view! { <input type="hidden" name="client" value=c.to_string() /> })}
                    {query.tool.clone().map(|t| view! { <input type="hidden" name="tool" value=t /> })}
                    {query.outcome.clone().map(|o| view! { <input type="hidden" name="outcome" value=o /> })}
                    <input type="hidden" name="verify" value="true" />
                    <button type="submit" class="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50" data-testid="verify-chain">"Verify"</button>
                </form>
            </div>
            {chain.report.map(|r| view! { <p class=report_class role="status" data-testid="chain-report">{r}</p> })}
        </section>
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
