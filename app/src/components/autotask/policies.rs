//! The Tool policies card: every tool in catalog order, whether it reads or writes, the policy
//! in force (editable, one small form per tool), its default, "Reset to defaults", and who
//! changed what when. Beside it, the MSP's default mode for new clients.

use crate::api::policies::{tool_policies, ResetToolPolicies, SetDefaultMode, SetToolPolicy};
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{loaded, tagged_form_error, FormAlert, ModeChoices};
use crate::states::{ClientMode, ToolPolicy};
use crate::wire::{PolicyChangeView, ToolPoliciesView, ToolPolicyRow};
use leptos::prelude::*;

const POLICIES: [ToolPolicy; 3] = [
    ToolPolicy::Auto,
    ToolPolicy::ApprovalNeeded,
    ToolPolicy::Disabled,
];

/// A policy as the admin reads it.
pub fn policy_label(policy: ToolPolicy) -> &'static str {
    match policy {
        ToolPolicy::Auto => "auto",
        ToolPolicy::ApprovalNeeded => "approval needed",
        ToolPolicy::Disabled => "disabled",
    }
}

#[component]
pub fn ToolPoliciesCard() -> impl IntoView {
    let data = Resource::new(|| (), |_| tool_policies());
    view! {
        {loaded(data, "Loading tool policies…", |initial| {
            let current = initial.default_mode;
            view! { <PoliciesBody initial /><DefaultModeCard current /> }
        })}
    }
}

#[component]
fn PoliciesBody(initial: ToolPoliciesView) -> impl IntoView {
    let live = RwSignal::new(initial);
    let set = ServerAction::<SetToolPolicy>::new();
    let reset = ServerAction::<ResetToolPolicies>::new();
    // Each answer carries the whole card: show it at once.
    for value in [set.value(), reset.value()] {
        Effect::new(move |_| {
            if let Some(Ok(view)) = value.get() {
                live.set(view);
            }
        });
    }
    let error = tagged_form_error("tool-policies", move || {
        set.value()
            .get()
            .map(|r| r.err())
            .or_else(|| reset.value().get().map(|r| r.err()))
    });
    let integration = move || live.with(|v| v.integration_id.to_string());
    view! {
        <section class=CARD data-testid="tool-policies" id="tool-policies">
            <h2 class="text-lg font-semibold">"Tool policies"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "What the agent may do with each Autotask tool: auto runs it, approval needed waits for a technician, disabled never offers it (and refuses it if asked anyway). Plan mode still only reads and posts one internal note, whatever is set here."
            </p>
            <div class="mt-3"><FormAlert error /></div>
            <table class="mt-3 w-full text-sm">
                <thead class="text-left text-slate-600">
                    <tr><th class="py-1">"Tool"</th><th class="py-1">"Access"</th><th class="py-1">"Policy"</th><th class="py-1">"Default"</th></tr>
                </thead>
                <tbody>
                    {move || live.get().tools.into_iter().map(|row| view! { <PolicyRow row integration=integration() set /> }).collect_view()}
                </tbody>
            </table>
            <ActionForm action=reset attr:class="mt-4">
                <input type="hidden" name="integration" value=integration />
                <button class=BUTTON_SECONDARY data-testid="reset-policies" disabled=move || reset.pending().get()>
                    "Reset to defaults"
                </button>
            </ActionForm>
            <h3 class="mt-6 text-sm font-medium text-slate-500">"Recent changes"</h3>
            <ul class="mt-2 space-y-1 text-sm" data-testid="policy-changes">
                {move || {
                    let changes = live.get().changes;
                    if changes.is_empty() {
                        return view! { <li class="text-slate-500">"No changes yet: every tool has its default policy."</li> }.into_any();
                    }
                    changes.into_iter().map(change_line).collect_view().into_any()
                }}
            </ul>
        </section>
    }
}

#[component]
fn PolicyRow(
    row: ToolPolicyRow,
    integration: String,
    set: ServerAction<SetToolPolicy>,
) -> impl IntoView {
    let changed = row.policy != row.default;
    let short = row.name.trim_start_matches("autotask:").to_string();
    let (tool, label) = (row.name.clone(), format!("Policy for {}", row.name));
    view! {
        <tr class="border-t border-slate-100" data-tool=row.name.clone() data-policy=row.policy.as_str()>
            <td class="py-2 font-mono text-xs">{short}</td>
            <td class="py-2">{if row.writes { "write" } else { "read" }}</td>
            <td class="py-2">
                <ActionForm action=set attr:class="flex items-center gap-2">
                    <input type="hidden" name="integration" value=integration />
                    <input type="hidden" name="tool" value=tool />
                    <select name="policy" aria-label=label
                        class="rounded-md border border-slate-300 px-2 py-1">
                        {POLICIES.into_iter().map(|p| view! {
                            <option value=p.as_str() selected=p == row.policy>{policy_label(p)}</option>
                        }).collect_view()}
                    </select>
                    <button class="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
                        data-testid="save-policy">"Save"</button>
                    {changed.then(|| view! { <span class="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">"changed"</span> })}
                </ActionForm>
            </td>
            <td class="py-2 text-slate-600" data-default=row.default.as_str()>{policy_label(row.default)}</td>
        </tr>
    }
}

fn change_line(change: PolicyChangeView) -> impl IntoView {
    let what = match (&change.tool, change.old, change.new) {
        (Some(tool), Some(old), Some(new)) => format!(
            "set {} from {} to {}",
            tool.trim_start_matches("autotask:"),
            policy_label(old),
            policy_label(new)
        ),
        _ => format!(
            "reset every tool to its default ({} changed)",
            change.reverted
        ),
    };
    view! { <li><span class="text-slate-500">{change.at}</span>" · "{change.who}" "{what}</li> }
}

/// The mode clients start in when an import creates them.
#[component]
pub fn DefaultModeCard(current: ClientMode) -> impl IntoView {
    let save = ServerAction::<SetDefaultMode>::new();
    let error = tagged_form_error("default-mode", move || save.value().get().map(|r| r.err()));
    let saved = move || matches!(save.value().get(), Some(Ok(()))).then_some("Saved.");
    view! {
        <section class=CARD data-testid="default-mode">
            <h2 class="text-lg font-semibold">"Mode for new clients"</h2>
            <p class="mt-1 text-sm text-slate-600">"Clients created by the next import start in this mode; each client's own page switches it later."</p>
            <div class="mt-3"><FormAlert error /></div>
            <ActionForm action=save attr:class="mt-3 space-y-2">
                <ModeChoices current />
                <button class=BUTTON_SECONDARY data-testid="save-default-mode">"Save default mode"</button>
                <span role="status" class="ml-2 text-sm text-emerald-700">{saved}</span>
            </ActionForm>
        </section>
    }
}
