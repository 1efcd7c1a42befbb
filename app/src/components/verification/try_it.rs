//! "Try it": classify a sample title and description with the MSP's phrases. A GET form of the
//! page itself, so it works before the wasm loads and the verdict has its own URL.

use super::fields::INPUT;
use crate::api::verification::{classify_sample, VERIFICATION_PAGE};
use crate::components::style::{BUTTON_SECONDARY, CARD};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TryItCard() -> impl IntoView {
    let query = use_query_map();
    let sample = move || {
        let q = query.get();
        let title = q.get("title").unwrap_or_default();
        let description = q.get("description").unwrap_or_default();
        (title, description)
    };
    let verdict = Resource::new(sample, |(title, description)| async move {
        if title.trim().is_empty() && description.trim().is_empty() {
            None
        } else {
            Some(classify_sample(title, description).await)
        }
    });
    let (title, description) = sample();
    view! {
        <section class=CARD id="try" data-testid="verification-try">
            <h2 class="text-lg font-semibold">"Try the classifier"</h2>
            <form method="get" action=format!("{VERIFICATION_PAGE}#try") class="mt-3 space-y-3" data-testid="try-form">
                <div class="space-y-1">
                    <label for="f-try-title" class="block text-sm font-medium text-slate-700">"Ticket title"</label>
                    <input id="f-try-title" name="title" type="text" maxlength="500" value=title class=INPUT />
                </div>
                <div class="space-y-1">
                    <label for="f-try-description" class="block text-sm font-medium text-slate-700">"Description"</label>
                    <textarea id="f-try-description" name="description" rows="3" maxlength="8000" class=INPUT>{description}</textarea>
                </div>
                <button class=BUTTON_SECONDARY data-testid="try-button">"Classify"</button>
            </form>
            <Suspense fallback=|| ()>
                {move || verdict.get().flatten().map(|r| match r {
                    Ok(v) => view! {
                        <div class="mt-4 text-sm" data-testid="try-verdict" data-sensitive=v.sensitive.to_string()>
                            <p class=if v.sensitive { "font-medium text-amber-800" } else { "font-medium text-green-700" }>
                                {if v.sensitive { "Sensitive: the agent verifies the requester first." } else { "Not sensitive: the agent works it as usual." }}
                            </p>
                            <ul class="mt-1 list-disc pl-5">
                                {v.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p role="alert" class="mt-4 text-sm text-red-700">{e.message}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
