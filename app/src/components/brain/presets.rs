//! What to type for each common OpenAI-compatible server (wave-2 reference §1.5). A table and
//! a datalist, so the hints work before the wasm loads.

use crate::components::style::CARD;
use leptos::prelude::*;

/// (provider, base URL, token parameter, tool_choice, note)
pub const PRESETS: [(&str, &str, &str, &str, &str); 6] = [
    ("OpenAI", "https://api.openai.com/v1", "max_completion_tokens", "on", "API key required. Newer models refuse max_tokens."),
    ("OpenRouter", "https://openrouter.ai/api/v1", "max_tokens", "on", "API key required. Pick a model that supports tools."),
    ("Ollama", "http://localhost:11434/v1", "max_tokens", "off", "No key needed. Ollama does not support tool_choice; set the context size in a Modelfile (num_ctx)."),
    ("vLLM", "http://localhost:8000/v1", "max_tokens", "on", "Key only if started with --api-key. Start it with --enable-auto-tool-choice and a --tool-call-parser, or turn tool_choice off."),
    ("llama.cpp server", "http://localhost:8080/v1", "max_tokens", "on", "Key only if started with --api-key. Tool calling needs --jinja (on by default in current builds)."),
    ("LM Studio", "http://localhost:1234/v1", "max_tokens", "on", "No key unless \"Require Authentication\" is on. Use the model identifier LM Studio shows."),
];

/// Suggestions for the base URL field, referenced by `list="brain-base-urls"`.
#[component]
pub fn BaseUrlSuggestions() -> impl IntoView {
    view! {
        <datalist id="brain-base-urls">
            {PRESETS.iter().map(|(name, url, ..)| view! { <option value=*url>{*name}</option> }).collect_view()}
        </datalist>
    }
}

#[component]
pub fn Presets() -> impl IntoView {
    view! {
        <section class=CARD data-testid="brain-presets">
            <h2 class="text-lg font-semibold">"Settings for common servers"</h2>
            <table class="mt-3 w-full text-left text-sm">
                <thead class="text-slate-500">
                    <tr><th class="py-1 pr-3">"Server"</th><th class="pr-3">"Base URL"</th><th class="pr-3">"Token parameter"</th><th class="pr-3">"tool_choice"</th><th>"Notes"</th></tr>
                </thead>
                <tbody>
                    {PRESETS.iter().map(|(name, url, tokens, choice, note)| view! {
                        <tr class="border-t border-slate-100 align-top">
                            <td class="py-1 pr-3 font-medium">{*name}</td>
                            <td class="pr-3 font-mono">{*url}</td>
                            <td class="pr-3 font-mono">{*tokens}</td>
                            <td class="pr-3">{*choice}</td>
                            <td class="text-slate-600">{*note}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
