//! Leptos pages (server-rendered, then hydrated) and the server functions: one route per
//! `#[server]` function, registered with the pages by `leptos_routes_with_context`.

use crate::state::AppState;
use app::{shell, App};
use axum::Router;
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};

/// Site options from cargo-leptos' `LEPTOS_*` variables when it launched us, else the
/// defaults that match `[workspace.metadata.leptos]`, so the binary also runs on its own.
pub fn leptos_options(bind: std::net::SocketAddr) -> LeptosOptions {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let env = if var("LEPTOS_ENV", "PROD").eq_ignore_ascii_case("DEV") {
        Env::DEV
    } else {
        Env::PROD
    };
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "relay"))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(bind)
        .reload_port(var("LEPTOS_RELOAD_PORT", "3001").parse().unwrap_or(3001))
        .env(env)
        .build()
}

/// The pages and every server function (at `/api/…`), all with the services in context, so a
/// server function runs the same whether a page render or the browser called it.
pub fn routes(state: &AppState) -> Router<AppState> {
    let services = state.services.clone();
    let options = state.leptos.clone();
    Router::new()
        .leptos_routes_with_context(
            state,
            generate_route_list(App),
            move || provide_context(services.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
}
