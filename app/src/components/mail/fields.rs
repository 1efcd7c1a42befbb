//! The outgoing-mail form's inputs: a typed value echoed back after a refused plain post wins
//! over the stored one; the password is never shown.

use crate::components::{kept, FormError};
use leptos::prelude::*;

pub(super) const INPUT: &str = "block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-500";

pub(super) fn value_or_kept(name: &'static str, stored: String) -> String {
    let echoed = kept(name);
    if echoed.is_empty() {
        stored
    } else {
        echoed
    }
}

fn own_error(error: Signal<Option<FormError>>, name: &'static str) -> impl Fn() -> Option<String> {
    move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message)
    }
}

#[component]
pub(super) fn MailInput(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    value: String,
    #[prop(optional)] placeholder: &'static str,
    help: &'static str,
    error: Signal<Option<FormError>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let own = own_error(error, name);
    let own2 = own_error(error, name);
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input id=id name=name type=kind value=value placeholder=placeholder autocomplete="off"
                aria-invalid=move || own().is_some().to_string() class=INPUT />
            <p class="text-xs text-slate-500">{help}</p>
            <p class="text-sm text-red-600" data-field-error=name>{own2}</p>
        </div>
    }
}

/// Always empty, and emptied again after a save, so a typed password never stays on the page.
#[component]
pub(super) fn PasswordInput(
    stored: bool,
    error: Signal<Option<FormError>>,
    cleared: Signal<usize>,
) -> impl IntoView {
    let own = own_error(error, "password");
    let own2 = own_error(error, "password");
    let placeholder = if stored {
        "•••••••• (stored)"
    } else {
        ""
    };
    let help = if stored {
        "Stored. Leave empty to keep it; it is never shown again."
    } else {
        "None stored. Leave empty for a server without authentication."
    };
    view! {
        <div class="space-y-1">
            <label for="f-password" class="block text-sm font-medium text-slate-700">"Password"</label>
            <input id="f-password" name="password" type="password" placeholder=placeholder autocomplete="new-password"
                data-testid="mail-password"
                prop:value=move || { cleared.track(); String::new() }
                aria-invalid=move || own().is_some().to_string() class=INPUT />
            <p class="text-xs text-slate-500" data-testid="mail-password-help">{help}</p>
            <p class="text-sm text-red-600" data-field-error="password">{own2}</p>
        </div>
    }
}
