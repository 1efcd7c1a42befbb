//! Pending approvals across the MSP: every plan waiting for a technician, with Cancel.

use crate::api::approvals::APPROVALS_PAGE;
use crate::components::approvals::PendingApprovals;
use crate::components::style::CARD;
use crate::components::AdminLayout;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let cancelled = use_query_map()
        .get_untracked()
        .get("cancelled")
        .is_some()
        .then(|| view! { <p role="status" class="mb-3 text-sm text-emerald-700">"Cancelled: the agent has been told."</p> });
    view! {
        <AdminLayout title="Approvals">
            <section class=CARD>
                <p class="text-sm text-slate-600">
                    "Plans the agent is waiting on: the ticket's assigned technician approves or denies them by replying on the ticket or through the links in the plan note."
                </p>
                {cancelled}
                <PendingApprovals client=None back=APPROVALS_PAGE.to_string() />
            </section>
        </AdminLayout>
    }
}
