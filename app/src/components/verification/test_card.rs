//! "Test connection": one signed call to the saved provider, its answer in plain words.

use crate::api::verification::TestVerification;
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{tagged_form_error, FormAlert};
use crate::verification::VerificationTestView;
use leptos::prelude::*;

#[component]
pub fn VerificationTestCard(
    action: ServerAction<TestVerification>,
    connected: bool,
    last: Option<VerificationTestView>,
) -> impl IntoView {
    let error = tagged_form_error("test", move || action.value().get().map(|r| r.err()));
    // A test run since this card was built (the page rebuilds it after a save, which drops
    // the old report), else the report the server kept (plain form, reload).
    let built_at = action.version().get_untracked();
    let report = move || {
        if action.version().get() > built_at {
            action.value().get().and_then(Result::ok)
        } else {
            last.clone()
        }
    };
    view! {
        <section class=CARD data-testid="verification-test">
            <h2 class="text-lg font-semibold">"Test connection"</h2>
            <p class="mt-1 text-sm text-slate-600">
                {if connected {
                    "Makes one signed call to the saved provider (Duo: /auth/v2/check; Traceless: its check path). Nobody gets a push."
                } else {
                    "Save a provider first; the test uses the saved settings."
                }}
            </p>
            <div class="mt-3"><FormAlert error /></div>
            <ActionForm action=action attr:class="mt-3">
                <button class=BUTTON_SECONDARY data-testid="test-verification" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Testing…" } else { "Test connection" }}
                </button>
            </ActionForm>
            {move || report().map(|r| view! {
                <p class=if r.ok { "mt-4 text-sm font-medium text-green-700" } else { "mt-4 text-sm font-medium text-red-700" }
                    data-testid="verification-test-report" data-ok=r.ok.to_string() aria-live="polite">
                    {if r.ok { "✓ " } else { "✗ " }} {r.message} " (" {r.tested_at} ")"
                </p>
            })}
        </section>
    }
}
