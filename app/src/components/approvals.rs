//! Pending approvals as the admin sees them (the MSP-wide page and a client's page share the
//! table) and the integration page's "Approvals" card with the link-only switch.

use crate::api::approvals::{
    approval_link_settings, pending_approvals, CancelApproval, SetApprovalLinkOnly,
};
use crate::approvals_wire::{ApprovalLinkSettingsView, PendingApprovalView};
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{loaded, tagged_form_error, FormAlert};
use crate::ids::ClientId;
use leptos::prelude::*;

/// The pending plans (of one client, or all), each with a Cancel form that returns to `back`.
#[component]
pub fn PendingApprovals(client: Option<ClientId>, back: String) -> impl IntoView {
    let cancel = ServerAction::<CancelApproval>::new();
    let rows = Resource::new(
        move || cancel.version().get(),
        move |_| pending_approvals(client),
    );
    let error = tagged_form_error("approvals", move || cancel.value().get().map(|r| r.err()));
    view! {
        <div data-testid="pending-approvals">
            <FormAlert error />
            {loaded(rows, "Loading…", move |rows| table(rows, back.clone(), cancel))}
        </div>
    }
}

fn table(
    rows: Vec<PendingApprovalView>,
    back: String,
    cancel: ServerAction<CancelApproval>,
) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-500" data-testid="no-pending-approvals">"No approvals are waiting."</p> }.into_any();
    }
    view! {
        <table class="mt-2 w-full text-sm">
            <thead class="text-left text-slate-600">
                <tr>
                    <th class="py-1">"Plan"</th><th class="py-1">"Ticket"</th><th class="py-1">"Client"</th>
                    <th class="py-1">"Steps"</th><th class="py-1">"Approver"</th><th class="py-1">"Expires"</th><th class="py-1"></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let ticket = match row.ticket_url {
                        Some(url) => view! { <a class="text-indigo-700 underline" href=url target="_blank" rel="noopener">{row.ticket_label}</a> }.into_any(),
                        None => row.ticket_label.into_any(),
                    };
                    let back = back.clone();
                    let code = row.plan_code.clone();
                    view! {
                        <tr class="border-t border-slate-100 align-top" data-approval=row.id.to_string() data-plan-code=code>
                            <td class="py-2 font-mono">{row.plan_code}</td>
                            <td class="py-2">{ticket}</td>
                            <td class="py-2"><a class="text-indigo-700 underline" href=format!("/clients/{}", row.client_id)>{row.client_name}</a></td>
                            <td class="py-2"><ul>{row.steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul></td>
                            <td class="py-2">{row.approver.unwrap_or_else(|| "waiting for an assignee".into())}</td>
                            <td class="py-2 text-slate-600">{row.expires_at}</td>
                            <td class="py-2">
                                <ActionForm action=cancel>
                                    <input type="hidden" name="id" value=row.id.to_string() />
                                    <input type="hidden" name="back" value=back />
                                    <button class=BUTTON_SECONDARY data-testid="cancel-approval">"Cancel"</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Settings → Autotask: whether a link may decide without a mailed code.
#[component]
pub fn ApprovalLinksCard() -> impl IntoView {
    let save = ServerAction::<SetApprovalLinkOnly>::new();
    let settings = Resource::new(move || save.version().get(), |_| approval_link_settings());
    let error = tagged_form_error("approval-links", move || {
        save.value().get().map(|r| r.err())
    });
    view! {
        <section class=CARD data-testid="approval-links-card">
            <h2 class="text-lg font-semibold">"Approvals"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "Technicians decide by replying on the ticket (" <code>"approve R-XXXX"</code> "). The approve and deny links in the plan note decide only with a one-time code mailed to the assigned technician."
            </p>
            <div class="mt-3"><FormAlert error /></div>
            {loaded(settings, "Loading…", move |s| link_only_form(s, save))}
        </section>
    }
}

fn link_only_form(s: ApprovalLinkSettingsView, save: ServerAction<SetApprovalLinkOnly>) -> AnyView {
    let Some(integration) = s.integration else {
        return view! { <p class="mt-2 text-sm text-slate-500">"Connect Autotask first."</p> }
            .into_any();
    };
    let status = match (s.mail_configured, s.link_only) {
        (true, _) => "Outgoing mail is configured: links always need the mailed code.",
        (false, true) => "Links decide without a code (no outgoing mail is configured). Anyone who can read the plan note, and any link scanner that submits forms, can decide.",
        (false, false) => "Links do not decide while no outgoing mail is configured: they show the plan and tell the technician to reply on the ticket.",
    };
    view! {
        <p class="mt-2 text-sm" data-testid="link-only-status" data-link-only=s.link_only.to_string()>{status}</p>
        <ActionForm action=save attr:class="mt-2">
            <input type="hidden" name="integration" value=integration.to_string() />
            <input type="hidden" name="link_only" value=(!s.link_only).to_string() />
            <button class=BUTTON_SECONDARY data-testid="link-only-toggle">
                {if s.link_only { "Require a reply or a mailed code" } else { "Allow links to decide without a code" }}
            </button>
        </ActionForm>
    }
    .into_any()
}
