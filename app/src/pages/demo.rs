//! `/demo` (demo tenant only): act inside the simulated Autotask as a client's contact or as a
//! technician, and read a ticket's notes as Autotask shows them. Every form is a plain form
//! that posts and comes back here; the session link shows what the agent did with it.

use crate::api::demo::{demo_console, DemoRaise, DemoReassign, DemoReply};
use crate::components::{loaded, AdminLayout};
use crate::demo_wire::{DemoConsoleView, DemoPerson, DemoTicketDetail};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const INPUT: &str = "w-full rounded-md border border-slate-300 px-3 py-2 text-sm";
const BUTTON: &str =
    "rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700";

#[component]
pub fn DemoPage() -> impl IntoView {
    let query = use_query_map();
    let ticket = move || query.with(|q| q.get("ticket").and_then(|t| t.parse::<i64>().ok()));
    let data = Resource::new(ticket, demo_console);
    view! {
        <AdminLayout title="Demo console">
            <p class="mb-4 text-sm text-slate-600">
                "You are inside the simulated Autotask tenant. Raise a ticket as one of your clients' contacts, "
                "then open its session to watch the agent work; its notes appear on the ticket below."
            </p>
            {move || query.with(|q| q.get("error")).map(|e| view! { <p role="alert" class="mb-4 text-red-700">{e}</p> })}
            {loaded(data, "Loading the demo tenant…", |view| view! { <Console view /> })}
        </AdminLayout>
    }
}

#[component]
fn Console(view: DemoConsoleView) -> impl IntoView {
    let raise = ServerAction::<DemoRaise>::new();
    let verify = view.verify_page.clone().map(|url| view! {
        <p class="mb-4 text-sm text-slate-600" data-testid="demo-verify">
            "Password, MFA and unlock requests are verified with the requester first: "
            <a class="text-indigo-700 underline" href=url target="_blank" rel="noopener" data-testid="demo-verify-link">"answer the push in the simulated verification provider"</a>
            " (it is connected as Traceless under Settings)."
        </p>
    });
    let selected = view.selected.clone().map(|detail| {
        let technicians = view.technicians.clone();
        view! { <TicketDetail detail technicians /> }.into_any()
    });
    let inbox = view.mail_inbox.clone().map(|url| view! {
        <p class="mb-4 text-sm">
            <a class="text-indigo-700 underline" href=url target="_blank" rel="noopener" data-testid="demo-mail-inbox">"Mail sent by Relay"</a>
            " (the simulated mail server's inbox: one-time codes, alerts, test mails)"
        </p>
    });
    view! {
        {verify}
        {inbox}
        <div class="grid gap-6 lg:grid-cols-2">
            <section class="rounded-lg border border-slate-200 bg-white p-4">
                <h2 class="mb-3 font-semibold">"Raise a ticket as a contact"</h2>
                <ActionForm action=raise attr:class="space-y-3" attr:data-testid="demo-raise">
                    <select name="contact" class=INPUT required data-testid="demo-contact">
                        {view.clients.into_iter().map(|client| view! {
                            <optgroup label=client.name.clone()>
                                {client.contacts.into_iter().map(|c| view! {
                                    <option value=c.id.to_string()>{format!("{} ({})", c.name, client.name)}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                    <input name="title" class=INPUT required maxlength="255" placeholder="Title, e.g. Printer on floor 2 is offline" data-testid="demo-title" />
                    <textarea name="description" class=INPUT rows="3" placeholder="What the contact writes" data-testid="demo-description"></textarea>
                    <button type="submit" class=BUTTON data-testid="demo-raise-submit">"Raise ticket"</button>
                </ActionForm>
            </section>
            <section class="rounded-lg border border-slate-200 bg-white p-4">
                <h2 class="mb-3 font-semibold">"Recent tickets of your clients"</h2>
                <ul class="divide-y divide-slate-100 text-sm" data-testid="demo-tickets">
                    {view.tickets.into_iter().map(|t| view! {
                        <li class="flex flex-wrap justify-between gap-2 py-2">
                            <a class="text-indigo-700 underline" href=format!("/demo?ticket={}", t.id)>{t.number} " " {t.title}</a>
                            <span class="text-slate-600">
                                {t.client} " · " {t.status}
                                {t.session.map(|s| view! { " · " <a class="text-indigo-700 underline" href=format!("/sessions/{s}")>"Session"</a> })}
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
        {selected}
    }
}

#[component]
fn TicketDetail(detail: DemoTicketDetail, technicians: Vec<DemoPerson>) -> impl IntoView {
    let reply = ServerAction::<DemoReply>::new();
    let tech_reply = ServerAction::<DemoReply>::new();
    let reassign = ServerAction::<DemoReassign>::new();
    let id = detail.ticket.id;
    let reply_options = options(&technicians);
    let reassign_options = options(&technicians);
    view! {
        <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4" data-testid="demo-ticket">
            <h2 class="font-semibold">{detail.ticket.number.clone()} " " {detail.ticket.title.clone()}</h2>
            <p class="text-sm text-slate-600">
                {detail.ticket.client.clone()} " · " {detail.ticket.status.clone()}
                " · assigned to " {detail.ticket.assigned.clone().unwrap_or_else(|| "nobody".into())}
                {detail.ticket.session.map(|s| view! { " · " <a class="text-indigo-700 underline" href=format!("/sessions/{s}") data-testid="demo-session-link">"Open the agent session"</a> })}
            </p>
            <p class="mt-2 whitespace-pre-wrap text-sm">{detail.description.clone()}</p>
            <h3 class="mt-4 font-semibold">"Notes (as Autotask shows them)"</h3>
            <ul class="mt-2 space-y-2" data-testid="demo-notes">
                {detail.notes.into_iter().map(|n| view! {
                    <li class="rounded border border-slate-100 bg-slate-50 p-2 text-sm" data-testid="demo-note">
                        <div class="flex justify-between text-slate-500">
                            <span>{n.author} " · " {n.visibility}</span><time>{n.at}</time>
                        </div>
                        <p class="font-medium">{n.title}</p>
                        <p class="whitespace-pre-wrap">{n.text}</p>
                    </li>
                }).collect_view()}
            </ul>
            <div class="mt-4 grid gap-4 lg:grid-cols-3">
                {detail.contact.map(|c| view! {
                    <ActionForm action=reply attr:class="space-y-2" attr:data-testid="demo-contact-reply">
                        <input type="hidden" name="ticket" value=id.to_string() />
                        <input type="hidden" name="actor" value="contact" />
                        <input type="hidden" name="person" value=c.id.to_string() />
                        <textarea name="text" class=INPUT rows="2" required placeholder=format!("Reply as {}", c.name)></textarea>
                        <button type="submit" class=BUTTON>"Reply as the contact"</button>
                    </ActionForm>
                })}
                <ActionForm action=tech_reply attr:class="space-y-2">
                    <input type="hidden" name="ticket" value=id.to_string() />
                    <input type="hidden" name="actor" value="technician" />
                    <select name="person" class=INPUT>{reply_options}</select>
                    <textarea name="text" class=INPUT rows="2" required placeholder="Internal note as a technician"></textarea>
                    <button type="submit" class=BUTTON>"Reply as technician"</button>
                </ActionForm>
                <ActionForm action=reassign attr:class="space-y-2">
                    <input type="hidden" name="ticket" value=id.to_string() />
                    <select name="resource" class=INPUT>{reassign_options}</select>
                    <button type="submit" class=BUTTON>"Reassign"</button>
                </ActionForm>
            </div>
        </section>
    }
}

fn options(people: &[DemoPerson]) -> Vec<AnyView> {
    people
        .iter()
        .map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }.into_any())
        .collect()
}
