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
    /// The same object as `services.brain`, typed: `agent_brains.source(rule_brains)` is the
    /// runner's per-MSP brain.
    pub agent_brains: crate::agent::brain::settings::AgentBrains,
    /// The webhook worker's heartbeat, reported by `/healthz` once a worker runs.
    pub worker_liveness: crate::pipeline::Liveness,
    pub leptos: LeptosOptions,
    /// Which brain works an MSP's agent sessions (the rule agent until a model is configured).
    pub brains: Arc<dyn crate::agent::brain::BrainSource>,
    /// The voice agent: its endpoint, contact indexes and call worker.
    pub voice: crate::voice::VoiceService,
    /// Outgoing e-mail (one-time approval codes, alerts).
    pub outbox: Arc<dyn crate::mail::Outbox>,
    /// The same object as `services.verification`, typed, for tests.
    pub verification_settings: crate::verification::settings::VerificationSettings,
    /// Wakes this process's agent runner when a session gets unread input; call `notify()`
    /// after committing a wake, a message or a session notice.
    pub agent_wake: crate::agent::wake::AgentWake,
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
        let metrics = Metrics::default();
        let tenants = Tenants::new(autotask, cipher.clone()).counting_into(metrics.clone());
        let integrations = Integrations::new(
            store.clone(),
            cipher.clone(),
            tenants.clone(),
            settings.public_base_url.clone(),
            settings.webhook_secret_grace_hours,
        );
        let agent_brains = crate::agent::brain::settings::AgentBrains::new(
            store.clone(),
            cipher.clone(),
            crate::agent::brain::openai::OpenAiBrain::http_client(),
            settings.demo_model_endpoint.clone(),
        );
        // The configured model endpoint per MSP, else the rule agent with the MSP's mapping.
        let agent_brains_source = agent_brains.source(Arc::new(
            crate::agent::brain::rules::source::RuleBrains::new(store.clone()),
        ));
        let voice = crate::voice::VoiceService::new(
            store.clone(),
            cipher.clone(),
            tenants.clone(),
            metrics.clone(),
            settings.public_base_url.clone(),
            settings.demo,
        );
        let verification_settings = crate::verification::settings::VerificationSettings::new(
            store.clone(),
            cipher.clone(),
            settings.demo_verifier.clone(),
        );
        let smtp_outbox = crate::mail::SmtpOutbox::new(
            store.clone(),
            cipher.clone(),
            metrics.clone(),
            settings.demo_mail.clone(),
        );
        let mail_settings = crate::mail::MailSettings::new(
            store.clone(),
            cipher.clone(),
            smtp_outbox.clone(),
            settings.demo_mail.clone(),
        );
        let outbox: Arc<dyn crate::mail::Outbox> = Arc::new(smtp_outbox);
        let agent_wake = crate::agent::wake::AgentWake::default();
        let services = Services {
            auth: Arc::new(auth.clone()),
            integrations: Arc::new(integrations.clone()),
            clients: Arc::new(crate::clients::Clients::new(store.clone())),
            activity: Arc::new(crate::activity::Activity::new(
                store.clone(),
                cipher.audit_key().clone(),
            )),
            brain: Arc::new(agent_brains.clone()),
            policies: Arc::new(crate::gateway::PolicyDesk::new(store.clone())),
            sessions: Arc::new(crate::sessions::Sessions::new(store.clone())),
            rules: Arc::new(crate::agent::brain::rules::settings::RuleSettings::new(
                store.clone(),
            )),
            demo: None,
            voice: Arc::new(voice.clone()),
            verification: Arc::new(verification_settings.clone()),
            mail: Arc::new(mail_settings),
            approvals: Arc::new(crate::approvals::links::service::ApprovalDesk::new(
                store.clone(),
                outbox.clone(),
                agent_wake.clone(),
            )),
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
            agent_brains,
            worker_liveness: crate::pipeline::Liveness::default(),
            leptos,
            brains: Arc::new(agent_brains_source),
            voice,
            verification_settings,
            agent_wake,
            outbox,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
