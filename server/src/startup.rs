//! The one start-up path, for the binary and the tests alike: `Application::build` makes
//! everything (data directory, master key, store, demo tenant, state, router, listener) and
//! `run_until_stopped` serves and runs every background task until the stop signal, then
//! drains them together.

mod serve;
mod tasks;

pub use tasks::StopHandle;

use crate::config::Settings;
use crate::crypto::{Cipher, CryptoError, MasterKey};
use crate::pipeline::WorkerConfig;
use crate::state::AppState;
use crate::store::StoreError;
use std::net::SocketAddr;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tasks::Tasks;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create data_dir {}: {source}", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    MasterKey(#[from] CryptoError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot start the demo Autotask tenant: {0}")]
    Demo(std::io::Error),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the HTTP server failed: {0}")]
    Serve(std::io::Error),
}

/// A built, not yet running Relay: bound to its port, with nothing in the background yet.
pub struct Application {
    state: AppState,
    router: axum::Router,
    listener: TcpListener,
    address: SocketAddr,
    stop: StopHandle,
    worker: Option<WorkerConfig>,
    runner: Option<crate::agent::runner::RunnerConfig>,
    /// Keeps the demo tenant alive exactly as long as the application.
    #[cfg(feature = "demo")]
    _demo: Option<crate::demo::DemoTenant>,
}

impl Application {
    #[cfg_attr(not(feature = "demo"), allow(unused_mut))]
    pub async fn build(mut settings: Settings) -> Result<Self, StartError> {
        create_data_dir(&settings.data_dir)?;
        let cipher = Cipher::new(&MasterKey::from_settings(&settings)?);
        let store = crate::store::connect(&settings.database_url).await?;
        // Entries written before the audit chain existed are chained once, in id order.
        for msp in store.msps_with_unchained_activity().await? {
            let chained = store
                .chain_unchained_activity(msp, crate::clock::now_ms())
                .await?;
            tracing::info!(msp_id = %msp, chained, "chained earlier activity entries");
        }
        // Only a build with the demo feature can start the fake tenant (config refuses
        // `demo = true` otherwise).
        #[cfg(feature = "demo")]
        let demo = crate::demo::start(&mut settings)
            .await
            .map_err(StartError::Demo)?;
        let bind = settings.bind;
        let listen_error = |source| StartError::Listen { addr: bind, source };
        let listener = TcpListener::bind(bind).await.map_err(listen_error)?;
        let address = listener.local_addr().map_err(listen_error)?;
        let leptos = crate::web::leptos_options(bind);
        let runner = Some(crate::agent::runner::RunnerConfig::from_settings(&settings));
        #[cfg_attr(not(feature = "demo"), allow(unused_mut))]
        let mut state = AppState::new(settings, store, cipher, leptos);
        // The demo console acts inside the demo tenant, so it exists only while one runs.
        #[cfg(feature = "demo")]
        if let Some(tenant) = &demo {
            let console =
                crate::demo_console::DemoConsole::new(tenant.handle(), state.store.clone());
            state.services.demo = Some(std::sync::Arc::new(console));
        }
        let router = crate::router(state.clone());
        Ok(Self {
            state,
            router,
            listener,
            address,
            stop: StopHandle::new(),
            worker: Some(WorkerConfig::default()),
            runner,
            #[cfg(feature = "demo")]
            _demo: demo,
        })
    }

    /// Tunes the webhook worker, or leaves it out (`None`) for tests that drive one themselves
    /// with `Worker::run_once`.
    pub fn with_worker(mut self, config: Option<WorkerConfig>) -> Self {
        self.worker = config;
        self
    }

    /// Tunes the agent runner, or leaves it out (`None`) for tests that drive one themselves.
    pub fn with_runner(mut self, config: Option<crate::agent::runner::RunnerConfig>) -> Self {
        self.runner = config;
        self
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The complete router, for tests that drive it in process.
    pub fn router(&self) -> axum::Router {
        self.router.clone()
    }

    /// Stops `run_until_stopped` from anywhere (a signal handler, a test).
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }

    /// Serves and runs every background task until the stop handle fires; then the server
    /// stops accepting, in-flight requests finish, every task ends, and this returns.
    pub async fn run_until_stopped(self) -> Result<(), StartError> {
        let Self {
            state,
            router,
            listener,
            stop,
            worker,
            runner,
            ..
        } = self;
        let mut tasks = Tasks::new();
        tasks.spawn(
            "janitor",
            crate::janitor::run(
                state.store.clone(),
                state.settings.event_retention(),
                stop.subscribe(),
            ),
        );
        // Signs each MSP's activity chain head after enough appends or time, so a rewritten
        // tail no longer matches a signature made with a key outside the database.
        tasks.spawn(
            "activity checkpoints",
            crate::activity::checkpoint::run(
                state.store.clone(),
                state.cipher.audit_key().clone(),
                stop.subscribe(),
            ),
        );
        // Imports a stop (of this or another replica) cut off are taken over by exactly one
        // replica, marked interrupted and run again (idempotently).
        let importer = state.integrations.importer().clone();
        tasks.spawn(
            "import resume",
            crate::integrations::import::resume_loop(importer, stop.subscribe()),
        );
        // Finds webhook definitions Autotask deactivated without telling, and silent webhooks.
        let settings = &state.settings;
        let silence = settings.webhook_silence_alert_minutes;
        tasks.spawn(
            "webhook watch",
            crate::integrations::webhooks::watch::run(
                state.integrations.registrar().clone(),
                state.store.clone(),
                state.metrics.clone(),
                crate::integrations::webhooks::watch::WatchConfig {
                    every: Duration::from_secs(u64::from(settings.webhook_check_minutes) * 60),
                    silence: (silence > 0).then(|| Duration::from_secs(u64::from(silence) * 60)),
                },
                stop.subscribe(),
            ),
        );
        // Voice calls: the ticket and transcript notes after each call, retried while Autotask
        // fails; and the contact index kept current by a periodic delta.
        tasks.spawn(
            "voice calls",
            state.voice.clone().run_worker(stop.subscribe()),
        );
        tasks.spawn(
            "voice contact sync",
            state
                .voice
                .clone()
                .run_delta_sync(crate::voice::DELTA_EVERY, stop.subscribe()),
        );
        // Pending approval plans past their expiry are marked expired; their sessions wake.
        tasks.spawn(
            "approval expiry",
            crate::approvals::sweep::run(
                state.store.clone(),
                crate::approvals::sweep::SWEEP_EVERY,
                stop.subscribe(),
            ),
        );
        // Webhook events stored by intake are processed by this worker until the stop.
        if let Some(config) = worker {
            let worker = crate::pipeline::worker(&state, config);
            tasks.spawn(
                "webhook worker",
                crate::pipeline::supervised(worker, stop.subscribe()),
            );
        }
        // Sessions with unread input are worked by the agent runner until the stop; a run in
        // progress finishes its calls, and its lease lets another replica take over otherwise.
        if let Some(config) = runner {
            let runner = crate::agent::runner::Runner::new(&state, config);
            tasks.spawn("agent runner", runner.run(stop.subscribe()));
        }
        let server = serve::serve(
            listener,
            router,
            state.settings.http_read_timeout(),
            stop.clone().stopped(),
        );
        let served = tasks.alongside(server).await;
        // Also when the server ended on its own (an error): the tasks must not outlive it.
        stop.stop();
        tasks.drain().await;
        // After the resume loop has ended, so nothing starts another import meanwhile.
        state.integrations.importer().shutdown().await;
        served.map_err(StartError::Serve)
    }
}

/// Owner-only: the directory holds the database and the master key.
fn create_data_dir(path: &Path) -> Result<(), StartError> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(|source| StartError::DataDir {
            path: path.to_path_buf(),
            source,
        })
}
