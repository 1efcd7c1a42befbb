//! "Test connection": one tool-calling request with the saved settings, reported in words.

use crate::api::brain::TestBrain;
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{form_error, FormBanner};
use crate::states::BrainKind;
use crate::wire::BrainTestView;
use leptos::prelude::*;

#[component]
pub fn TestCard(
    action: ServerAction<TestBrain>,
    kind: BrainKind,
    last: Option<BrainTestView>,
) -> impl IntoView {
    let error = form_error(move || action.value().get().map(|r| r.err()));
    // The script caller's fresh answer, else the report the server kept (plain form, reload).
    let report = move || {
        action
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| last.clone())
    };
    view! {
        <section class=CARD data-testid="brain-test">
            <h2 class="text-lg font-semibold">"Test connection"</h2>
            <p class="mt-1 text-sm text-slate-600">
                {match kind {
                    BrainKind::Rules => "The rule agent is in use; the test checks the saved endpoint settings anyway.",
                    BrainKind::OpenAi => "Sends one tool-calling request with the saved settings.",
                }}
            </p>
            <div class="mt-3"><FormBanner error /></div>
            <ActionForm action=action attr:class="mt-3">
                <button class=BUTTON_SECONDARY data-testid="test-brain" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Testing…" } else { "Test connection" }}
                </button>
            </ActionForm>
            {move || report().map(|r| view! {
                <div class="mt-4 text-sm" data-testid="brain-test-report" data-ok=r.ok.to_string() aria-live="polite">
                    <p class=if r.ok { "font-medium text-green-700" } else { "font-medium text-red-700" }>
                        {if r.ok { "The endpoint works for the agent." } else { "The endpoint is not ready for the agent." }}
                        " (" {r.tested_at} ")"
                    </p>
                    <ul class="mt-1 list-disc pl-5">
                        {r.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                </div>
            })}
        </section>
    }
}
