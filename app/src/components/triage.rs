//! The rule agent's triage card: per category, the priority, queue and issue type it
//! recommends and the status and assignee it proposes in execute mode. Values are Autotask
//! picklist labels (or ids) of the tenant. Each row is its own plain form.

use crate::api::rules::{rule_mapping, ResetTriageMapping, SaveTriageRule};
use crate::components::loaded;
use crate::rules_wire::TriageRuleView;
use leptos::prelude::*;

const INPUT: &str = "w-full rounded border border-slate-300 px-2 py-1 text-sm";

#[component]
pub fn TriageCard() -> impl IntoView {
    let save = ServerAction::<SaveTriageRule>::new();
    let reset = ServerAction::<ResetTriageMapping>::new();
    let data = Resource::new(
        move || (save.version().get(), reset.version().get()),
        |_| rule_mapping(),
    );
    view! {
        <div class="rounded-lg border border-slate-200 bg-white p-4" data-testid="triage-card">
            <h2 class="mb-1 text-sm font-medium text-slate-500">"Rule agent triage"</h2>
            <p class="mb-3 text-sm text-slate-600">
                "The built-in rule agent sorts each ticket into a category by keywords, recommends this triage in its note, "
                "and in execute mode proposes the status, priority, queue and assignee. Use your Autotask labels."
            </p>
            {loaded(data, "Loading…", move |m| view! {
                <p class="mb-2 text-xs text-slate-500" data-testid="triage-changed">
                    {m.changed.clone().map_or("Built-in defaults.".to_owned(), |c| format!("Last changed by {c}."))}
                </p>
                <div class="space-y-2">
                    {m.rules.into_iter().map(|rule| view! { <Row rule save /> }).collect_view()}
                </div>
                {m.customised.then(|| view! {
                    <ActionForm action=reset attr:class="mt-3">
                        <button type="submit" class="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50" data-testid="triage-reset">
                            "Reset to defaults"
                        </button>
                    </ActionForm>
                })}
            })}
        </div>
    }
}

#[component]
fn Row(rule: TriageRuleView, save: ServerAction<SaveTriageRule>) -> impl IntoView {
    let testid = format!("triage-{}", rule.category);
    view! {
        <ActionForm action=save attr:class="grid grid-cols-7 items-center gap-2" attr:data-testid=testid>
            <input type="hidden" name="category" value=rule.category />
            <span class="text-sm font-medium">{rule.label}</span>
            <input name="priority" class=INPUT value=rule.priority placeholder="Priority" aria-label="Priority" />
            <input name="queue" class=INPUT value=rule.queue placeholder="Queue" aria-label="Queue" />
            <input name="issue_type" class=INPUT value=rule.issue_type placeholder="Issue type" aria-label="Issue type" />
            <input name="status" class=INPUT value=rule.status placeholder="Status" aria-label="Status" />
            <input name="assignee" class=INPUT value=rule.assignee placeholder="Resource id" aria-label="Assignee resource id" />
            <button type="submit" class="rounded-md bg-indigo-600 px-2 py-1 text-sm text-white hover:bg-indigo-700">"Save"</button>
        </ActionForm>
    }
}
