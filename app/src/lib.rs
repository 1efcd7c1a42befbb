//! Relay's UI: routes, pages, wire types and the server functions they call.

pub mod api;
pub mod approvals_wire;
pub mod components;
pub mod csp;
pub mod demo_wire;
pub mod error;
pub mod ids;
pub mod mail_wire;
pub mod pages;
pub mod rules_wire;
#[cfg(feature = "ssr")]
pub mod service;
pub mod session_wire;
pub mod states;
pub mod verification;
pub mod voice;
pub mod wire;

#[cfg(feature = "ssr")]
pub use api::ctx::{SessionToken, SESSION_COOKIE};

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::set_page_policy(options.env == leptos::config::Env::DEV);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.ico" sizes="32x32" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    use pages::*;
    provide_meta_context();
    // Effects run only in the browser: the marker tells tests (and CSS) the page is live.
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    // Async SSR: every page arrives complete, so it reads and works before the wasm loads.
    let ssr = SsrMode::Async;
    view! {
        <Stylesheet id="leptos" href="/pkg/relay.css" />
        <Title text="Relay" />
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/login") view=LoginPage ssr=ssr.clone() />
                <Route path=path!("/setup") view=SetupPage ssr=ssr.clone() />
                <Route path=path!("/clients") view=ClientsPage ssr=ssr.clone() />
                <Route path=path!("/clients/:id") view=ClientPage ssr=ssr.clone() />
                <Route path=path!("/activity") view=ActivityPage ssr=ssr.clone() />
                <Route path=path!("/sessions") view=SessionsPage ssr=ssr.clone() />
                <Route path=path!("/sessions/:id") view=SessionPage ssr=ssr.clone() />
                <Route path=path!("/demo") view=DemoPage ssr=ssr.clone() />
                <Route path=path!("/settings") view=SettingsPage ssr=ssr.clone() />
                <Route path=path!("/settings/integrations") view=IntegrationsPage ssr=ssr.clone() />
                <Route path=path!("/settings/integrations/autotask") view=AutotaskPage ssr=ssr.clone() />
                <Route path=path!("/settings/agent-brain") view=AgentBrainPage ssr=ssr.clone() />
                <Route path=path!("/settings/voice") view=VoicePage ssr=ssr.clone() />
                <Route path=path!("/settings/outgoing-mail") view=OutgoingMailPage ssr=ssr.clone() />
                <Route path=path!("/calls") view=CallsPage ssr=ssr.clone() />
                <Route path=path!("/settings/verification") view=VerificationPage ssr=ssr.clone() />
                <Route path=path!("/approvals") view=ApprovalsPage ssr=ssr.clone() />
            </Routes>
        </Router>
    }
}
