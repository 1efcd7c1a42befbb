//! The plan / execute choice, with what each mode does, as radio buttons named `mode`.

use crate::states::ClientMode;
use leptos::prelude::*;

const MODES: [(ClientMode, &str, &str); 2] = [
    (
        ClientMode::Plan,
        "Plan",
        "The agent only reads Autotask, then posts one internal note with its diagnosis and the plan it would carry out. Nothing else is written; customer-visible notes never are.",
    ),
    (
        ClientMode::Execute,
        "Execute",
        "The agent posts its plan as an internal note, then carries out each step as its tool policy allows: at once, after a technician's approval, or not at all.",
    ),
];

#[component]
pub fn ModeChoices(current: ClientMode) -> impl IntoView {
    MODES
        .into_iter()
        .map(|(mode, label, what)| {
            let id = format!("mode-{}", mode.as_str());
            view! {
                <div class="flex items-start gap-2">
                    <input type="radio" id=id.clone() name="mode" value=mode.as_str() checked=mode == current class="mt-1" />
                    <label for=id class="text-sm">
                        <span class="font-medium">{label}</span>
                        <span class="block text-slate-600">{what}</span>
                    </label>
                </div>
            }
        })
        .collect_view()
}
