//! First-run setup: creates the MSP and its first admin.

use crate::api::auth::Setup;
use crate::components::style::BUTTON_PRIMARY_WIDE;
use crate::components::{form_error, kept, AuthCard, Field, FormBanner};
use leptos::prelude::*;

#[component]
pub fn SetupPage() -> impl IntoView {
    let action = ServerAction::<Setup>::new();
    let error = form_error(move || action.value().get().map(|r| r.err()));
    view! {
        <AuthCard title="Set up Relay">
            <p class="mb-4 text-sm text-slate-600">
                "Create your MSP and its first administrator. You can connect Autotask next."
            </p>
            <ActionForm action=action attr:class="space-y-4" attr:data-testid="setup-form">
                <FormBanner error />
                <Field label="MSP name" name="msp_name" value=kept("msp_name") autocomplete="organization" error />
                <Field label="Your name" name="name" value=kept("name") autocomplete="name" error />
                <Field label="Email" name="email" kind="email" value=kept("email") autocomplete="username" error />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    help="At least 12 characters."
                    error
                />
                <Field label="Confirm password" name="password_confirm" kind="password" autocomplete="new-password" error />
                <button
                    type="submit"
                    disabled=move || action.pending().get()
                    class=BUTTON_PRIMARY_WIDE
                >
                    {move || if action.pending().get() { "Creating…" } else { "Create MSP and sign in" }}
                </button>
            </ActionForm>
        </AuthCard>
    }
}
