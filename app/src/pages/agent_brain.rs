//! Settings → Agent brain: the rule agent or an OpenAI-compatible endpoint, the provider hints
//! and the connection test.

use crate::api::brain::{brain_settings, SaveBrain, TestBrain};
use crate::components::brain::{BrainForm, Presets, TestCard};
use crate::components::{loaded, AdminLayout};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgentBrainPage() -> impl IntoView {
    let save = ServerAction::<SaveBrain>::new();
    let test = ServerAction::<TestBrain>::new();
    let data = Resource::new(
        move || (save.version().get(), test.version().get()),
        |_| brain_settings(),
    );
    let query = use_query_map();
    let saved =
        move || matches!(save.value().get(), Some(Ok(()))) || query.get().get("saved").is_some();
    view! {
        <AdminLayout title="Agent brain">
            <p class="mb-4 text-sm"><a class="text-indigo-700 underline" href="/settings">"← Settings"</a></p>
            <Show when=saved>
                <p role="status" class="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="brain-saved">"Saved."</p>
            </Show>
            {loaded(data, "Loading…", move |view| {
                let kind = view.kind;
                let last = view.last_test.clone();
                view! {
                    <div class="space-y-4">
                        <BrainForm action=save view />
                        <TestCard action=test kind last />
                        <Presets />
                    </div>
                }
            })}
        </AdminLayout>
    }
}
