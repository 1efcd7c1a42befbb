//! Sign-in page.

use crate::api::auth::SignIn;
use crate::components::style::BUTTON_PRIMARY_WIDE;
use crate::components::{form_error, kept, AuthCard, Field, FormBanner};
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = form_error(move || action.value().get().map(|r| r.err()));
    let next = kept("next");
    view! {
        <AuthCard title="Sign in">
            <ActionForm action=action attr:class="space-y-4" attr:data-testid="sign-in-form">
                <FormBanner error />
                <Field label="Email" name="email" kind="email" value=kept("email") autocomplete="username" error />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" error />
                <input type="hidden" name="next" value=next />
                <button
                    type="submit"
                    disabled=move || action.pending().get()
                    class=BUTTON_PRIMARY_WIDE
                >
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
        </AuthCard>
    }
}
