//! The MSP's changes to the sensitive-ticket classifier: phrases added, built-in terms removed,
//! each undoable, and the built-in vocabulary for reference.

use super::fields::{own_error, successes, INPUT};
use crate::api::verification::{ChangePhrase, UndoPhrase};
use crate::components::style::{BUTTON_SECONDARY, CARD};
use crate::components::{kept, tagged_form_error, FormAlert, FormBanner, FormError};
use crate::states::PhraseChange;
use crate::verification::{BuiltinTerms, PhraseRow};
use leptos::prelude::*;

#[component]
pub fn PhrasesCard(
    add: ServerAction<ChangePhrase>,
    remove: ServerAction<ChangePhrase>,
    undo: ServerAction<UndoPhrase>,
    phrases: Vec<PhraseRow>,
    builtin: Vec<BuiltinTerms>,
) -> impl IntoView {
    let add_error = tagged_form_error("add_phrase", move || add.value().get().map(|r| r.err()));
    let remove_error =
        tagged_form_error("remove_term", move || remove.value().get().map(|r| r.err()));
    let undo_error = tagged_form_error("undo", move || undo.value().get().map(|r| r.err()));
    let removed: Vec<String> = phrases
        .iter()
        .filter(|p| p.change == PhraseChange::Remove)
        .map(|p| p.phrase.to_lowercase())
        .collect();
    let rows = phrases
        .into_iter()
        .map(|p| {
            let label = match p.change {
                PhraseChange::Add => "Added phrase",
                PhraseChange::Remove => "Removed built-in term",
            };
            view! {
                <li class="flex items-center justify-between py-2" data-testid="phrase-row" data-change=p.change.as_str()>
                    <span><span class="text-slate-500">{label} ": "</span><span class="font-medium">{p.phrase.clone()}</span>
                        <span class="text-xs text-slate-500">" · " {p.since}</span></span>
                    <ActionForm action=undo>
                        <input type="hidden" name="phrase" value=p.phrase />
                        <button class=BUTTON_SECONDARY data-testid="undo-phrase">"Undo"</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let terms = builtin
        .iter()
        .flat_map(|b| b.terms.clone())
        .collect::<Vec<_>>();
    view! {
        <section class=CARD id="phrases" data-testid="verification-phrases">
            <h2 class="text-lg font-semibold">"Which tickets are sensitive"</h2>
            <p class="mt-1 text-sm text-slate-600">
                "Built-in rules recognise password resets, MFA changes, account unlocks and mailbox or admin access requests in several languages. Add phrases your clients use, or remove a built-in term that means something else for you (a product called \"Duo\", say)."
            </p>
            <div class="mt-3"><FormAlert error=undo_error /></div>
            <ul class="mt-2 divide-y divide-slate-100 text-sm" data-testid="phrase-list">
                {rows}
            </ul>
            <div class="mt-4 grid gap-4 sm:grid-cols-2">
                <PhraseForm action=add change=PhraseChange::Add tag="add_phrase" label="Add a phrase" button="Add"
                    help="Any ticket containing it is sensitive, e.g. \"new starter laptop login\"." error=add_error list=None />
                <PhraseForm action=remove change=PhraseChange::Remove tag="remove_term" label="Remove a built-in term" button="Remove"
                    help="One of the terms listed below, without the *." error=remove_error list=Some("builtin-terms") />
            </div>
            <datalist id="builtin-terms">
                {terms.into_iter().map(|t| view! { <option value=t.trim_end_matches('*').to_string() /> }).collect_view()}
            </datalist>
            <details class="mt-4 text-sm">
                <summary class="cursor-pointer text-indigo-700">"Built-in terms"</summary>
                <p class="mt-2 text-xs text-slate-500">"A term ending in * matches any word starting with it; long words also match with one typo. Removed terms are struck through."</p>
                <dl class="mt-2 space-y-2" data-testid="builtin-terms">
                    {builtin.into_iter().map(|b| {
                        let removed = removed.clone();
                        view! {
                            <dt class="font-medium">{b.reason}</dt>
                            <dd class="text-slate-600">
                                {b.terms.into_iter().map(|t| {
                                    let gone = removed.iter().any(|r| r == t.trim_end_matches('*'));
                                    view! { <span class="mr-2 inline-block" class:line-through=gone>{t}</span> }
                                }).collect_view()}
                            </dd>
                        }
                    }).collect_view()}
                </dl>
            </details>
        </section>
    }
}

#[component]
fn PhraseForm(
    action: ServerAction<ChangePhrase>,
    change: PhraseChange,
    tag: &'static str,
    label: &'static str,
    button: &'static str,
    help: &'static str,
    error: Signal<Option<FormError>>,
    list: Option<&'static str>,
) -> impl IntoView {
    let id = format!("f-{tag}");
    let own = own_error(error, "phrase");
    // A script caller's success empties the field (a refusal keeps it); a refused plain post
    // brings the text back.
    let done = successes(action);
    let value = move || {
        if done.get() == 0 {
            kept(tag)
        } else {
            String::new()
        }
    };
    view! {
        <ActionForm action=action attr:class="space-y-1" attr:data-testid=format!("{tag}-form")>
            <FormBanner error />
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input type="hidden" name="change" value=change.as_str() />
            <div class="flex gap-2">
                <input id=id name="phrase" type="text" required=true maxlength="100" list=list autocomplete="off"
                    prop:value=value aria-invalid=move || own().is_some().to_string() class=INPUT />
                <button class=BUTTON_SECONDARY data-testid=format!("{tag}-button")>{button}</button>
            </div>
            <p class="text-xs text-slate-500">{help}</p>
            <p class="text-sm text-red-600" data-field-error=tag>{own}</p>
        </ActionForm>
    }
}
