//! `/sessions/{id}`: one agent session as it happens. Rendered complete on the server; once
//! hydrated it polls, so brain turns, tool calls and approvals appear while the agent works.

use crate::api::sessions::session;
use crate::components::{loaded, AdminLayout};
use crate::ids::SessionId;
use crate::session_wire::{SessionView, TimelineItem, ToolCallView};
use crate::states::ToolCallState;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// How often the hydrated page asks for the session again.
#[cfg(feature = "hydrate")]
const POLL_MS: u32 = 1_500;

#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<SessionId>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => session(id).await,
            None => Err(crate::error::AppError::not_found("The session")),
        }
    });
    view! {
        <AdminLayout title="Session">
            <p class="mb-4 text-sm"><a class="text-indigo-700 underline" href="/sessions">"← Sessions"</a></p>
            {loaded(data, "Loading the session…", |initial| view! { <SessionBody initial /> })}
        </AdminLayout>
    }
}

#[component]
fn SessionBody(initial: SessionView) -> impl IntoView {
    let id = initial.id;
    let live = RwSignal::new(initial);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                match session(id).await {
                    // A disposed signal hands the value back: the page is gone, stop polling.
                    Ok(v) => {
                        if live.try_set(v).is_some() {
                            break;
                        }
                    }
                    Err(_) if live.try_get_untracked().is_none() => break,
                    Err(_) => {}
                }
            }
        });
        let _ = id;
    });
    let view = Memo::new(move |_| live.get());
    move || {
        let s = view.get();
        view! {
            <section class="mb-6 rounded-lg border border-slate-200 bg-white p-4" data-testid="session-header">
                <h2 class="text-lg font-semibold">
                    {s.client.clone()} " · " <span data-testid="session-ticket">{s.ticket.clone()}</span> " " {s.ticket_title.clone()}
                </h2>
                <p class="mt-1 text-sm">
                    <span class="font-medium" data-testid="session-status" data-status=s.status.as_str()>{s.status_label.clone()}</span>
                    {s.status_reason.clone().map(|r| view! { <span class="text-slate-600" data-testid="session-status-reason">" — " {r}</span> })}
                </p>
                <p class="mt-1 text-xs text-slate-500">
                    "Started " {s.created_at.clone()} " · last activity " {s.updated_at.clone()}
                    " · Autotask requests spent: " <span data-testid="session-requests">{s.requests}</span>
                </p>
            </section>
            <section class="mb-6 rounded-lg border border-slate-200 bg-white p-4" data-testid="session-context">
                <h3 class="mb-2 font-semibold">"Wake context"</h3>
                <p class="mb-2 text-xs text-slate-500">"Ticket text is untrusted data: the agent reads it, it never takes instructions from it."</p>
                <dl class="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
                    {s.context.iter().map(|line| view! {
                        <dt class="text-slate-500">{line.label.clone()}</dt>
                        <dd class="whitespace-pre-wrap break-words">{line.value.clone()}</dd>
                    }).collect_view()}
                </dl>
            </section>
            {(!s.approvals.is_empty()).then(|| view! {
                <section class="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4" data-testid="session-approvals">
                    <h3 class="mb-2 font-semibold">"Approvals"</h3>
                    <ul class="space-y-2 text-sm">
                        {s.approvals.iter().map(|a| view! {
                            <li data-testid="session-approval" data-state=a.state.as_str()>
                                <span class="font-mono">{a.tool.clone()}</span> " · " {a.state.as_str()} " · " {a.created_at.clone()}
                                <pre class="mt-1 overflow-x-auto rounded bg-white p-2 text-xs">{a.arguments.clone()}</pre>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section data-testid="session-timeline">
                <h3 class="mb-2 font-semibold">"What the agent did"</h3>
                {if s.timeline.is_empty() {
                    view! { <p class="text-sm text-slate-600" data-testid="session-empty">"Nothing yet: the agent has not taken a turn."</p> }.into_any()
                } else {
                    view! {
                        <ol class="space-y-3">
                            {s.timeline.iter().cloned().map(|item| view! { <Step item /> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
        }
    }
}

#[component]
fn Step(item: TimelineItem) -> impl IntoView {
    let kind = item.kind.clone();
    view! {
        <li class="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="session-step" data-kind=kind>
            <div class="flex justify-between text-slate-500">
                <span class="font-medium text-slate-700">{item.heading}</span>
                <time>{item.at}</time>
            </div>
            {item.text.map(|t| view! { <p class="mt-1 whitespace-pre-wrap break-words">{t}</p> })}
            <ul class="mt-2 space-y-2">
                {item.calls.into_iter().map(|call| view! { <Call call /> }).collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn Call(call: ToolCallView) -> impl IntoView {
    let tone = match call.state {
        ToolCallState::Done => "text-emerald-700",
        ToolCallState::Failed | ToolCallState::Refused | ToolCallState::OutcomeUnknown => {
            "text-red-700"
        }
        ToolCallState::WaitingApproval => "text-amber-700",
        ToolCallState::Started => "text-slate-600",
    };
    let tool = call.tool.clone();
    let state = call.state.as_str();
    view! {
        <li class="rounded border border-slate-100 bg-slate-50 p-2" data-testid="session-call" data-tool=tool data-state=state>
            <div class="flex flex-wrap items-center gap-2">
                <span class="font-mono">{call.tool}</span>
                <span class=tone>{call.state_label}</span>
                <span class="text-slate-600" data-testid="session-call-decision">{call.decision}</span>
                {call.duration.map(|d| view! { <span class="text-xs text-slate-500">{d}</span> })}
                <span class="text-xs text-slate-500">{call.requests} " Autotask request(s)"</span>
                <span class="text-xs text-slate-400">{call.relay_ref}</span>
            </div>
            <details class="mt-1">
                <summary class="cursor-pointer text-slate-500">"Arguments"</summary>
                <pre class="mt-1 overflow-x-auto rounded bg-white p-2 text-xs" data-testid="session-call-arguments">{call.arguments}</pre>
            </details>
            {call.error.map(|e| view! { <p class="mt-1 text-red-700" data-testid="session-call-error">{e}</p> })}
            {call.result.map(|r| view! {
                <details class="mt-1">
                    <summary class="cursor-pointer text-slate-500">"Result"</summary>
                    <pre class="mt-1 overflow-x-auto rounded bg-white p-2 text-xs">{r}</pre>
                </details>
            })}
        </li>
    }
}
