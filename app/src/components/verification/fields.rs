//! The inputs of the verification forms: a field error under its own input, typed values
//! echoed back after a refused plain post, and secret fields that are never filled.

use crate::components::{kept, FormError};
use leptos::prelude::*;

pub(super) const INPUT: &str = "block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-500";

/// A typed value echoed back after a refused plain post wins over the stored one.
pub(super) fn value_or_kept(name: &'static str, stored: String) -> String {
    let echoed = kept(name);
    if echoed.is_empty() {
        stored
    } else {
        echoed
    }
}

/// The error message when `name` is the field at fault.
pub(super) fn own_error(
    error: Signal<Option<FormError>>,
    name: &'static str,
) -> impl Fn() -> Option<String> + Send + Sync + Copy + 'static {
    move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message)
    }
}

#[component]
pub(super) fn TextInput(
    label: &'static str,
    name: &'static str,
    value: String,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] help: &'static str,
    error: Signal<Option<FormError>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let own = own_error(error, name);
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input id=id name=name type="text" value=value placeholder=placeholder autocomplete="off"
                aria-invalid=move || own().is_some().to_string() class=INPUT />
            {(!help.is_empty()).then(|| view! { <p class="text-xs text-slate-500">{help}</p> })}
            <p class="text-sm text-red-600" data-field-error=name>{own}</p>
        </div>
    }
}

/// Always empty, and emptied again once a save completes, so a typed secret never stays on
/// the page (the stored one is never sent to the browser at all).
#[component]
pub(super) fn SecretInput(
    label: &'static str,
    name: &'static str,
    stored: bool,
    error: Signal<Option<FormError>>,
    cleared: Signal<usize>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let own = own_error(error, name);
    let (placeholder, help) = if stored {
        (
            "•••••••• (stored)",
            "Stored. Leave empty to keep it; type a new one to replace it. It is never shown again.",
        )
    } else {
        ("", "Stored encrypted; never shown again once saved.")
    };
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input id=id name=name type="password" placeholder=placeholder autocomplete="off"
                prop:value=move || { cleared.track(); String::new() }
                aria-invalid=move || own().is_some().to_string() class=INPUT />
            <p class="text-xs text-slate-500" data-testid=format!("{name}-state")>{help}</p>
            <p class="text-sm text-red-600" data-field-error=name>{own}</p>
        </div>
    }
}

/// The action's version at its last success. A refusal leaves it unchanged, so nothing keyed
/// on it (the page's data, a field's reset) rebuilds the form and loses what the admin typed.
pub fn successes<S>(action: ServerAction<S>) -> Memo<usize>
where
    S: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    // An action bumps its version before it sets its value: the value is what to follow.
    Memo::new(move |prev: Option<&usize>| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            action.version().get_untracked()
        } else {
            prev.copied().unwrap_or(0)
        }
    })
}
