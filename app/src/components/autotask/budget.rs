//! The budget panel: Autotask's hourly request threshold (shared by every integration of the
//! tenant), how much of it is used, Relay's share, what background work does about it, the
//! last 24 hours, and Relay's own ceiling.

use crate::api::budget::SetRelayCeiling;
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{form_error, FormBanner};
use crate::wire::BudgetView;
use leptos::prelude::*;

/// The figures; re-rendered by the page's polling (the ceiling form is apart, so typing in it
/// survives the polls).
#[component]
pub fn BudgetPanel(budget: BudgetView) -> impl IntoView {
    let used = match (budget.tenant_used, budget.tenant_threshold) {
        (Some(u), Some(t)) => format!(
            "{u} of {t} requests used in the last hour ({}%)",
            percent(u, t)
        ),
        _ => "Not read from Autotask yet (Relay reads ThresholdInformation every few minutes)."
            .into(),
    };
    let (state, tone) = match budget.background.as_str() {
        "paused" => ("Background work is paused (above 80 % or Relay's ceiling); agents and webhooks still run.", "text-red-700"),
        "slowed" => ("Background work is slowed (above 50 %); agents and webhooks keep priority.", "text-amber-700"),
        _ => ("Background work runs normally.", "text-emerald-700"),
    };
    let peak = budget
        .hours
        .iter()
        .map(|h| h.threshold.max(h.tenant_used))
        .max()
        .unwrap_or(0)
        .max(1);
    view! {
        <section class=CARD data-testid="budget-panel" data-background=budget.background.clone()>
            <h2 class="text-lg font-semibold">"Autotask request budget"</h2>
            <p class="mt-1 text-sm text-slate-700" data-testid="budget-used">{used}</p>
            <p class="mt-1 text-sm text-slate-700" data-testid="budget-relay">
                {format!("Relay sent {} of them{}.", budget.relay_used,
                    budget.relay_ceiling.map(|c| format!(" (its own ceiling: {c} per hour)")).unwrap_or_default())}
            </p>
            <PurposeSplit budget=budget.clone() />
            <p class=format!("mt-1 text-sm {tone}") data-testid="budget-state">{state}</p>
            <p class="mt-1 text-xs text-slate-500">{format!("Since start: background work slowed {} times, paused {} times.", budget.slowed_total, budget.paused_total)}</p>
            <div class="mt-3 flex h-16 items-end gap-px" aria-label="Requests per hour, last 24 hours" data-testid="budget-chart">
                {budget.hours.iter().map(|h| {
                    let height = (h.tenant_used * 100 / peak).clamp(0, 100);
                    view! {
                        <div class="flex-1 bg-indigo-300" style=format!("height: {height}%")
                            title=format!("{}: {} requests (Relay {})", h.label, h.tenant_used, h.relay_used)></div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

/// Relay's share of the last hour by what the requests were for.
#[component]
fn PurposeSplit(budget: BudgetView) -> impl IntoView {
    if budget.by_purpose.is_empty() {
        return view! {
            <p class="mt-1 text-xs text-slate-500" data-testid="budget-purposes">
                "No Autotask requests from Relay in the last hour."
            </p>
        }
        .into_any();
    }
    view! {
        <ul class="mt-1 flex flex-wrap gap-2 text-xs" aria-label="Relay's requests by purpose, last hour" data-testid="budget-purposes">
            {budget.by_purpose.into_iter().map(|p| view! {
                <li class="rounded bg-slate-100 px-2 py-0.5 text-slate-700"
                    data-testid="budget-purpose" data-purpose=p.purpose.as_str()>
                    {format!("{}: {}", p.purpose.as_str(), p.requests)}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Relay's own hourly ceiling; re-rendered only when the saved ceiling changes.
#[component]
pub fn CeilingForm(ceiling: Option<u64>, on_changed: Callback<()>) -> impl IntoView {
    let save = ServerAction::<SetRelayCeiling>::new();
    let error = form_error(move || save.value().get().map(|r| r.err()));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            on_changed.run(());
        }
    });
    view! {
        <section class=CARD data-testid="budget-ceiling-form">
            <p class="text-sm text-slate-700">"Limit Relay's own Autotask requests per hour, leaving room for your other integrations. Background work pauses at the ceiling; agents' tool calls and webhook processing go on."</p>
            <ActionForm action=save attr:class="mt-3 flex flex-wrap items-end gap-3">
                <FormBanner error />
                <label class="text-sm">
                    <span class="block font-medium text-slate-700">"Relay's ceiling (requests per hour)"</span>
                    <input name="ceiling" inputmode="numeric" data-testid="budget-ceiling"
                        value=ceiling.map(|c| c.to_string()).unwrap_or_default()
                        placeholder="no ceiling"
                        class="mt-1 w-40 rounded-md border border-slate-300 px-3 py-2 text-sm" />
                </label>
                <button class=BUTTON_SECONDARY data-testid="budget-save">"Save ceiling"</button>
            </ActionForm>
        </section>
    }
}

fn percent(used: i64, threshold: i64) -> i64 {
    if threshold <= 0 {
        return 100;
    }
    used * 100 / threshold
}
