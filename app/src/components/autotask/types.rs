//! Step 2: which Autotask company types become clients. Types and their active-company counts
//! come from Autotask itself; Customer is preselected before the first import.

use crate::api::integrations::{company_types, StartImport};
use crate::components::style::{BUTTON_PRIMARY, CARD};
use crate::components::{form_error, loaded, FormBanner};
use leptos::prelude::*;

#[component]
pub fn CompanyTypesStep(on_started: Callback<()>) -> impl IntoView {
    let types = Resource::new(|| (), |_| company_types());
    let action = ServerAction::<StartImport>::new();
    let error = form_error(move || action.value().get().map(|r| r.err()));
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            on_started.run(());
        }
    });
    view! {
        <section class=CARD data-testid="types-step">
            <h2 class="text-lg font-semibold">"2. Company types to import"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "Each active company of the ticked types becomes a client with its own agent. Clients of types you untick later are kept and marked."
            </p>
            {loaded(types, "Asking Autotask for company types…", move |options| view! {
                <ActionForm action=action attr:class="mt-4 space-y-3" attr:data-testid="types-form">
                    <FormBanner error />
                    {options.into_iter().enumerate().map(|(i, o)| view! {
                        <label class="flex items-center gap-3 text-sm">
                            <input type="checkbox" name=format!("types[{i}]") value=o.value.to_string() checked=o.selected data-type-label=o.label.clone() />
                            <span class="font-medium">{o.label.clone()}</span>
                            <span class="text-slate-500">{format!("{} active companies", o.active_companies)}</span>
                        </label>
                    }).collect_view()}
                    <label class="flex items-center gap-3 border-t border-slate-100 pt-3 text-sm">
                        <input type="checkbox" name="include_own_company" value="true" data-testid="include-own-company" />
                        <span class="font-medium">"Also import your own company (id 0)"</span>
                        <span class="text-slate-500">"Your MSP's own organisation in Autotask; usually not a client."</span>
                    </label>
                    <button type="submit" disabled=move || action.pending().get() data-testid="start-import"
                        class=BUTTON_PRIMARY>
                        "Import"
                    </button>
                </ActionForm>
            })}
        </section>
    }
}
