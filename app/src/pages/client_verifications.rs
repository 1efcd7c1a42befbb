//! The client page's "Identity verifications" section: each sensitive ticket of the client,
//! where its requester's verification stands, and why.

use crate::api::policies::client_verifications;
use crate::components::loaded;
use crate::components::style::CARD;
use crate::ids::ClientId;
use crate::states::VerificationState;
use crate::wire::ClientVerificationView;
use leptos::prelude::*;

#[component]
pub fn ClientVerifications(client: ClientId) -> impl IntoView {
    let data = Resource::new(move || client, client_verifications);
    view! {
        <section class=CARD data-testid="client-verifications">
            <h2 class="text-lg font-semibold">"Identity verifications"</h2>
            {loaded(data, "Loading…", table)}
        </section>
    }
}

fn label(state: VerificationState) -> &'static str {
    match state {
        VerificationState::NotSensitive => "not sensitive",
        VerificationState::Starting => "sending",
        VerificationState::Pending => "waiting for the requester",
        VerificationState::Approved => "approved",
        VerificationState::Denied => "denied",
        VerificationState::Expired => "expired",
        VerificationState::Failed => "error",
        VerificationState::Impossible => "impossible",
        VerificationState::Flagged => "flagged for a technician",
        VerificationState::LeftAlone => "left alone",
    }
}

fn table(rows: Vec<ClientVerificationView>) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-500">"No sensitive tickets yet: password, MFA, unlock and access requests are verified with the requester before the agent acts."</p> }.into_any();
    }
    view! {
        <table class="mt-2 w-full text-sm">
            <thead class="text-left text-slate-600">
                <tr><th class="py-1">"Ticket"</th><th class="py-1">"Why sensitive"</th><th class="py-1">"State"</th><th class="py-1">"Challenge"</th><th class="py-1">"Started"</th></tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|v| {
                    let ticket = v.ticket_id.to_string();
                    let ticket = match v.ticket_url {
                        Some(url) => view! { <a class="text-indigo-700 underline" href=url target="_blank" rel="noopener">{ticket}</a> }.into_any(),
                        None => ticket.into_any(),
                    };
                    view! {
                        <tr class="border-t border-slate-100" data-verification=v.id.to_string() data-state=v.state.as_str()>
                            <td class="py-2">{ticket}" "<a class="text-indigo-700 underline" href=format!("/sessions/{}", v.session_id)>"session"</a></td>
                            <td class="py-2">{v.reason.unwrap_or_default()}</td>
                            <td class="py-2">
                                {label(v.state)}
                                {v.state_reason.map(|r| view! { <span class="block text-xs text-slate-500">{r}</span> })}
                            </td>
                            <td class="py-2 text-slate-600">{v.challenge.unwrap_or_else(|| "—".into())}</td>
                            <td class="py-2 text-slate-600">{v.created_at}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
