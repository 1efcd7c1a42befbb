//! A read-only, selectable value with a copy button that appears once the page is live.

use leptos::prelude::*;

#[component]
pub fn CopyField(label: &'static str, value: String, testid: &'static str) -> impl IntoView {
    let live = RwSignal::new(false);
    let copied = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let text = value.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
        copied.set(true);
    };
    let id = format!("copy-{testid}");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <div class="flex gap-2">
                <input id=id readonly=true value=value data-testid=testid
                    class="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs" />
                <Show when=move || live.get()>
                    <button type="button" on:click=copy.clone() data-testid=format!("{testid}-copy")
                        class="shrink-0 rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100">
                        {move || if copied.get() { "Copied" } else { "Copy" }}
                    </button>
                </Show>
            </div>
        </div>
    }
}
