//! The frame around a page's data: a quiet line while it loads, its message if loading failed,
//! the content once it is there. Server-rendered pages arrive with the content already in.

use crate::error::AppError;
use leptos::prelude::*;

/// `loading` until `data` is ready, then `show(value)`, or the error's message.
pub fn loaded<T, V, F>(
    data: Resource<Result<T, AppError>>,
    loading: &'static str,
    show: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <Suspense fallback=move || view! { <p class="text-slate-500">{loading}</p> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <p role="alert" class="text-red-700">{e.message}</p> }.into_any(),
                        Ok(value) => show(value).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
