//! Settings → Identity verification: the provider that confirms a requester's identity before
//! the agent acts on a sensitive ticket, its connection test, and the classifier's phrases.

use crate::api::verification::{
    verification_settings, ChangePhrase, SaveVerification, TestVerification, UndoPhrase,
};
use crate::components::verification::{
    successes, PhrasesCard, ProviderForm, TryItCard, VerificationTestCard,
};
use crate::components::{loaded, AdminLayout};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerificationPage() -> impl IntoView {
    let save = ServerAction::<SaveVerification>::new();
    let test = ServerAction::<TestVerification>::new();
    let add = ServerAction::<ChangePhrase>::new();
    let remove = ServerAction::<ChangePhrase>::new();
    let undo = ServerAction::<UndoPhrase>::new();
    // Reloaded after successes only, so a refused form keeps what was typed in it. A test
    // changes no settings: its card shows the fresh report itself.
    let (saves, adds, removes, undos) = (
        successes(save),
        successes(add),
        successes(remove),
        successes(undo),
    );
    let data = Resource::new(
        move || (saves.get(), adds.get(), removes.get(), undos.get()),
        |_| verification_settings(),
    );
    let query = use_query_map();
    let saved =
        move || matches!(save.value().get(), Some(Ok(()))) || query.get().get("saved").is_some();
    view! {
        <AdminLayout title="Identity verification">
            <p class="mb-4 text-sm"><a class="text-indigo-700 underline" href="/settings">"← Settings"</a></p>
            <Show when=saved>
                <p role="status" class="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="verification-saved">"Saved."</p>
            </Show>
            {loaded(data, "Loading…", move |view| {
                let connected = view.provider.is_some();
                let last = view.last_test.clone();
                let phrases = view.phrases.clone();
                let builtin = view.builtin_terms.clone();
                view! {
                    <div class="space-y-4">
                        <ProviderForm action=save view />
                        <VerificationTestCard action=test connected last />
                        <PhrasesCard add remove undo phrases builtin />
                    </div>
                }
            })}
            <div class="mt-4"><TryItCard /></div>
        </AdminLayout>
    }
}
