//! `AppState`: cheap clones of everything a request may need. No globals, so every test
//! builds its own.

use crate::auth::Auth;
use crate::config::Settings;
use crate::crypto::Cipher;
use crate::integrations::{Integrations, Tenants};
use crate::metrics::Metrics;
use crate::store::Store;
use app::service::Services;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub store: Store,
    pub cipher: Cipher,
    pub metrics: Metrics,
    pub services: Services,
    /// The same object as `services.auth`, typed, for tests (password checks run).
    pub auth: Auth,
    /// The same object as `services.integrations`, typed, for the server's own callers
    /// (resuming imports on start, tests).
    pub integrations: Integrations,
    /// Autotask access per integration, over the process's one Autotask client (limits and
    /// caches are shared through it); the only place a `TenantClient` is made.
    pub tenants: Tenants,
    /// The webhook worker's heartbeat, reported by `/healthz` once a worker runs.
    pub worker_liveness: crate::pipeline::Liveness,
    pub leptos: LeptosOptions,
    /// The voice agent: its endpoint, contact indexes and call worker.
    pub voice: crate::voice::VoiceService,
}

impl AppState {
    pub fn new(settings: Settings, store: Store, cipher: Cipher, leptos: LeptosOptions) -> Self {
        let auth = Auth::new(
            store.clone(),
            settings.session_ttl(),
            settings.sign_in_max_failures,
            settings.sign_in_window(),
        );
        let autotask = crate::integrations::autotask_client(
            &settings.autotask_zone_lookup_url,
            settings.autotask_allow_insecure_http,
            settings.autotask_max_in_flight,
        );
        let tenants = Tenants::new(autotask, cipher.clone());
        let integrations = Integrations::new(
            store.clone(),
            cipher.clone(),
            tenants.clone(),
            settings.public_base_url.clone(),
            settings.webhook_secret_grace_hours,
        );
        let metrics = Metrics::default();
        let voice = crate::voice::VoiceService::new(
            store.clone(),
            cipher.clone(),
            tenants.clone(),
            metrics.clone(),
            settings.public_base_url.clone(),
            settings.demo,
        );
        let services = Services {
            auth: Arc::new(auth.clone()),
            integrations: Arc::new(integrations.clone()),
            clients: Arc::new(crate::clients::Clients::new(store.clone())),
            activity: Arc::new(crate::activity::Activity::new(store.clone())),
            voice: Arc::new(voice.clone()),
        };
        Self {
            settings: Arc::new(settings),
            store,
            cipher,
            metrics,
            services,
            auth,
            integrations,
            tenants,
            worker_liveness: crate::pipeline::Liveness::default(),
            leptos,
            voice,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
