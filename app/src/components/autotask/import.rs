//! The import's progress: pages fetched, companies seen and clients created, live.

use crate::components::style::CARD;
use crate::states::ImportState;
use crate::wire::ImportProgress;
use leptos::prelude::*;

#[component]
pub fn ImportProgressBar(progress: ImportProgress) -> impl IntoView {
    let percent = match (progress.state, progress.expected) {
        (ImportState::Done, _) => 100,
        (_, 0) => 0,
        (_, n) => (progress.companies_seen * 100 / n).clamp(0, 100),
    };
    let headline = match progress.state {
        ImportState::Running => "Importing…",
        ImportState::Done => "Import complete",
        ImportState::Interrupted => "Import interrupted by a server restart",
        ImportState::Failed => "Import failed",
    };
    let done = progress.state == ImportState::Done;
    let expected = if progress.expected > 0 {
        format!(" of {}", progress.expected)
    } else {
        String::new()
    };
    view! {
        <section class=CARD data-testid="import-progress" data-state=progress.state.as_str()>
            <div class="flex items-center justify-between">
                <h2 class="text-lg font-semibold">{headline}</h2>
                <a href="?types=1" class="text-sm text-indigo-700 underline">"Change company types"</a>
            </div>
            <div class="mt-3 h-3 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar"
                aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent.to_string()>
                <div class="h-3 bg-indigo-600" style=format!("width: {percent}%")></div>
            </div>
            <p class="mt-2 text-sm text-slate-700" data-testid="import-counts">
                {format!("{} pages · {}{} companies · {} new clients", progress.pages_done, progress.companies_seen, expected, progress.clients_created)}
            </p>
            <p class="text-xs text-slate-500">
                {format!("Started {}", progress.started_at)}
                {progress.finished_at.map(|f| format!(" · finished {f}"))}
                {progress.resumed.then_some(" · resumed after a restart")}
            </p>
            {progress.error.map(|e| view! { <p role="alert" class="mt-2 text-sm text-red-700">{e}</p> })}
            {done.then(|| view! {
                <a href="/clients" class="mt-3 inline-block text-sm text-indigo-700 underline">"See the clients"</a>
            })}
        </section>
    }
}
