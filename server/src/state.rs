//! `AppState`: cheap clones of everything a request may need. No globals, so every test
//! builds its own.

use crate::auth::Auth;
use crate::config::Settings;
use crate::crypto::Cipher;
use crate::integrations::Integrations;
use crate::metrics::Metrics;
use crate::store::DynStore;
use app::service::Services;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub store: DynStore,
    pub cipher: Cipher,
    pub metrics: Metrics,
    pub services: Services,
    /// The same object as `services.integrations`, typed, for the server's own callers
    /// (resuming imports on start, tests).
    pub integrations: Integrations,
    /// The process's one Autotask client (limits and caches are shared through it).
    pub autotask: crate::autotask::AutotaskClient,
    pub leptos: LeptosOptions,
}

impl AppState {
    pub fn new(settings: Settings, store: DynStore, cipher: Cipher, leptos: LeptosOptions) -> Self {
        let auth = Auth::new(
            store.clone(),
            settings.session_ttl(),
            settings.sign_in_max_failures,
            settings.sign_in_window(),
        );
        let autotask = crate::integrations::autotask_client(&settings.autotask_zone_lookup_url);
        let integrations = Integrations::new(
            store.clone(),
            cipher.clone(),
            autotask.clone(),
            settings.public_base_url.clone(),
            settings.webhook_secret_grace_hours,
        );
        let services = Services {
            auth: Arc::new(auth),
            integrations: Arc::new(integrations.clone()),
            clients: Arc::new(crate::clients::Clients::new(store.clone())),
            activity: Arc::new(crate::activity::Activity::new(store.clone())),
        };
        Self {
            settings: Arc::new(settings),
            store,
            cipher,
            metrics: Metrics::default(),
            services,
            integrations,
            autotask,
            leptos,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
