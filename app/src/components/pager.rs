//! Previous/next links for paged lists; plain links, so paging works without JavaScript.

use leptos::prelude::*;

#[component]
pub fn Pager(base: String, page: i64, per_page: i64, total: i64) -> impl IntoView {
    let pages = ((total + per_page - 1) / per_page).max(1);
    let sep = if base.contains('?') { '&' } else { '?' };
    let link = move |p: i64| format!("{base}{sep}page={p}");
    view! {
        <nav class="mt-4 flex items-center justify-between text-sm text-slate-600" aria-label="Pages">
            <span>{format!("Page {page} of {pages} · {total} total")}</span>
            <div class="flex gap-2">
                {(page > 1).then(|| view! { <a class="rounded border px-3 py-1 hover:bg-slate-100" href=link(page - 1)>"Previous"</a> })}
                {(page < pages).then(|| view! { <a class="rounded border px-3 py-1 hover:bg-slate-100" href=link(page + 1)>"Next"</a> })}
            </div>
        </nav>
    }
}
