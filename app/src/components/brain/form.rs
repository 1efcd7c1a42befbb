//! The agent brain settings form: a real form (works before the wasm loads). The key is never
//! shown: an empty key field keeps the stored one.

use super::presets::BaseUrlSuggestions;
use crate::api::brain::SaveBrain;
use crate::components::style::{BUTTON_PRIMARY, CARD};
use crate::components::{form_error, kept, FormBanner, FormError};
use crate::states::{BrainKind, TokenParam};
use crate::wire::BrainSettingsView;
use leptos::prelude::*;

const INPUT: &str = "block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-500";

/// A typed value echoed back after a refused plain post wins over the stored one.
fn value_or_kept(name: &'static str, stored: String) -> String {
    let echoed = kept(name);
    if echoed.is_empty() {
        stored
    } else {
        echoed
    }
}

#[component]
fn TextInput(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    value: String,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] list: Option<&'static str>,
    help: String,
    error: Signal<Option<FormError>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let own = move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some(name))
            .map(|e| e.message)
    };
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input id=id name=name type=kind value=value placeholder=placeholder list=list autocomplete="off"
                aria-invalid=move || own().is_some().to_string() class=INPUT />
            <p class="text-xs text-slate-500">{help}</p>
            <p class="text-sm text-red-600" data-field-error=name>{own}</p>
        </div>
    }
}

/// The API key field: always empty, and emptied again once a save completes, so a typed key
/// never stays on the page (the stored one is never sent to the browser at all).
#[component]
fn KeyInput(
    stored: bool,
    help: String,
    error: Signal<Option<FormError>>,
    cleared: Signal<usize>,
) -> impl IntoView {
    let own = move || {
        error
            .get()
            .filter(|e| e.field.as_deref() == Some("api_key"))
            .map(|e| e.message)
    };
    let placeholder = if stored {
        "•••••••• (stored)"
    } else {
        ""
    };
    view! {
        <div class="space-y-1">
            <label for="f-api_key" class="block text-sm font-medium text-slate-700">"API key"</label>
            <input id="f-api_key" name="api_key" type="password" placeholder=placeholder autocomplete="off"
                prop:value=move || { cleared.track(); String::new() }
                aria-invalid=move || own().is_some().to_string() class=INPUT />
            <p class="text-xs text-slate-500">{help}</p>
            <p class="text-sm text-red-600" data-field-error="api_key">{own}</p>
        </div>
    }
}

#[component]
pub fn BrainForm(action: ServerAction<SaveBrain>, view: BrainSettingsView) -> impl IntoView {
    let error = form_error(move || action.value().get().map(|r| r.err()));
    let kind = match kept("kind").parse::<BrainKind>() {
        Ok(k) => k,
        Err(_) => view.kind,
    };
    let demo_hint = view.demo_endpoint.clone().map(|d| {
        view! {
            <p class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="demo-endpoint">
                "Demo: a fake OpenAI-compatible endpoint runs at " <code>{d.base_url}</code>
                " with the key " <code>{d.api_key}</code> " (any model name)."
            </p>
        }
    });
    let key_help = match &view.key_masked {
        Some(mask) => format!("Stored: {mask}. Leave empty to keep it; it is never shown again."),
        None => "None stored. Leave empty for servers without authentication (Ollama, LM Studio)."
            .to_string(),
    };
    let radio = move |value: BrainKind, label: &'static str, testid: &'static str| {
        view! {
            <label class="flex items-center gap-2 text-sm">
                <input type="radio" name="kind" value=value.as_str() checked=kind == value data-testid=testid />
                {label}
            </label>
        }
    };
    let token = view.token_param;
    view! {
        <section class=CARD data-testid="brain-settings">
            <h2 class="text-lg font-semibold">"Which brain works your tickets"</h2>
            {view.updated.clone().map(|u| view! { <p class="text-sm text-slate-500" data-testid="brain-updated">"Last saved " {u}</p> })}
            <ActionForm action=action attr:class="mt-4 space-y-4" attr:data-testid="brain-form">
                <FormBanner error />
                <fieldset class="space-y-1">
                    <legend class="text-sm font-medium text-slate-700">"Brain"</legend>
                    {radio(BrainKind::Rules, "Built-in rule agent (default, works offline, deterministic)", "kind-rules")}
                    {radio(BrainKind::OpenAi, "An OpenAI-compatible chat-completions endpoint with tool calling", "kind-openai")}
                </fieldset>
                {demo_hint}
                <BaseUrlSuggestions />
                <TextInput label="Base URL" name="base_url" kind="url" list="brain-base-urls" placeholder="https://api.openai.com/v1"
                    value=value_or_kept("base_url", view.base_url.clone())
                    help="Up to and including the version, e.g. …/v1; Relay adds /chat/completions.".into() error />
                <TextInput label="Model" name="model" placeholder="gpt-4.1-mini" value=value_or_kept("model", view.model.clone())
                    help="As the server names it (an Ollama tag, vLLM's served model name, LM Studio's identifier).".into() error />
                <KeyInput stored=view.key_masked.is_some() help=key_help error cleared=action.version().into() />
                {view.key_masked.is_some().then(|| view! {
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="clear_key" value="true" data-testid="clear-key" />
                        "Remove the stored key"
                    </label>
                })}
                <div class="space-y-1">
                    <label for="f-token_param" class="block text-sm font-medium text-slate-700">"Token limit parameter"</label>
                    <select id="f-token_param" name="token_param" class=INPUT>
                        <option value="max_tokens" selected=token == TokenParam::MaxTokens>"max_tokens (Ollama, OpenRouter, vLLM, llama.cpp, LM Studio)"</option>
                        <option value="max_completion_tokens" selected=token == TokenParam::MaxCompletionTokens>"max_completion_tokens (OpenAI)"</option>
                    </select>
                </div>
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="tool_choice" value="true" checked=view.tool_choice data-testid="tool-choice" />
                    "The endpoint supports tool_choice (turn off for Ollama)"
                </label>
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="parallel_tool_calls" value="true" checked=view.parallel_tool_calls data-testid="parallel-tool-calls" />
                    "Allow several tool calls in one reply (Relay still runs them one at a time)"
                </label>
                <button type="submit" class=BUTTON_PRIMARY data-testid="save-brain" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Saving…" } else { "Save" }}
                </button>
            </ActionForm>
        </section>
    }
}
