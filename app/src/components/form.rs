//! Form fields and error display that work with and without JavaScript.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The error to show on a form: from the last enhanced submission, or, after a plain
/// (no-JS) post, from the `error`/`field` query the server redirected back with.
#[derive(Clone, Debug, PartialEq)]
pub struct FormError {
    pub message: String,
    pub field: Option<String>,
}

/// `last` gives the outcome of the last enhanced submission: `None` before any,
/// `Some(None)` after a success, `Some(Some(e))` after a failure.
pub fn form_error(
    last: impl Fn() -> Option<Option<AppError>> + Send + Sync + 'static,
) -> Signal<Option<FormError>> {
    let query = use_query_map();
    Signal::derive(move || {
        if let Some(outcome) = last() {
            return outcome.map(|e| FormError {
                message: e.message,
                field: e.field,
            });
        }
        let q = query.get();
        q.get("error").map(|message| FormError {
            message,
            field: q.get("field"),
        })
    })
}

/// A query parameter echoed back after a failed plain post, so typed input is not lost.
pub fn kept(name: &'static str) -> String {
    use_query_map()
        .get_untracked()
        .get(name)
        .unwrap_or_default()
}

/// A labelled input that shows the error when it is the field at fault.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    error: Signal<Option<FormError>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let own_error = move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message)
    };
    let invalid = move || own_error().is_some();
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=true
                autocomplete=autocomplete
                aria-invalid=move || invalid().to_string()
                aria-describedby=err_id.clone()
                class="block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-500"
            />
            {help.map(|h| view! { <p class="text-xs text-slate-500">{h}</p> })}
            <p id=err_id class="text-sm text-red-600" data-field-error=name>
                {own_error}
            </p>
        </div>
    }
}

/// A banner for errors that belong to no single field.
#[component]
pub fn FormBanner(error: Signal<Option<FormError>>) -> impl IntoView {
    move || {
        error.get().filter(|e| e.field.is_none()).map(|e| {
            view! {
                <div role="alert" class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
                    {e.message}
                </div>
            }
        })
    }
}

/// A banner for a form whose every error belongs to the whole form (a row of hidden fields
/// and one choice), whichever field the server named.
#[component]
pub fn FormAlert(error: Signal<Option<FormError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <div role="alert" class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="form-alert">
                    {e.message}
                </div>
            }
        })
    }
}

/// Like `form_error`, for a page with several forms: after a plain post only the error its
/// server function tagged with `form=<tag>` (`Form::keep("form", tag)`) is this form's.
pub fn tagged_form_error(
    tag: &'static str,
    last: impl Fn() -> Option<Option<AppError>> + Send + Sync + 'static,
) -> Signal<Option<FormError>> {
    let query = use_query_map();
    Signal::derive(move || {
        if let Some(outcome) = last() {
            return outcome.map(|e| FormError {
                message: e.message,
                field: e.field,
            });
        }
        let q = query.get();
        if q.get("form").as_deref() != Some(tag) {
            return None;
        }
        q.get("error").map(|message| FormError {
            message,
            field: q.get("field"),
        })
    })
}
