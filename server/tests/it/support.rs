//! Shared test scaffolding: a Relay built by `Application::build` (the production start-up
//! path) on port 0 with a fresh SQLite database per test. Tests drive its router in process,
//! or `start` it to serve on its port with its background tasks, as the binary does.

use server::agent::runner::RunnerConfig;
use server::config::{Load, Settings};
use server::pipeline::WorkerConfig;
use server::{AppState, Application, StartError, StopHandle};
use std::collections::HashMap;
use std::net::SocketAddr;
use tokio::task::JoinHandle;

pub struct TestApp {
    pub state: AppState,
    pub router: axum::Router,
    /// Where the application listens (bound at build; it answers once started).
    pub address: SocketAddr,
    stop: StopHandle,
    built: Option<Application>,
    running: Option<JoinHandle<Result<(), StartError>>>,
    _dir: tempfile::TempDir,
}

/// A fresh Relay with its own data directory; `env` overrides settings like real variables.
pub async fn test_app(env: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut vars: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    vars.entry("RELAY_DATA_DIR".into())
        .or_insert_with(|| dir.path().display().to_string());
    vars.entry("RELAY_BIND".into())
        .or_insert_with(|| "127.0.0.1:0".into());
    // Every test's Autotask is a simulator on loopback http; a test of the https rule says "false".
    vars.entry("RELAY_AUTOTASK_ALLOW_INSECURE_HTTP".into())
        .or_insert_with(|| "true".into());
    let settings =
        match Settings::load(Vec::<String>::new(), |k| vars.get(k).cloned()).expect("settings") {
            Load::Run(s) => s,
            Load::Help(_) => unreachable!("no --help given"),
        };
    let app = Application::build(settings).await.expect("application");
    TestApp {
        state: app.state().clone(),
        router: app.router(),
        address: app.address(),
        stop: app.stop_handle(),
        built: Some(app),
        running: None,
        _dir: dir,
    }
}

impl TestApp {
    /// Serves on the bound port and runs the background tasks, with `worker` as the webhook
    /// worker (`None`: the test drives its own with `Worker::run_once`).
    pub fn start(&mut self, worker: Option<WorkerConfig>) {
        let app = self.built.take().expect("started once");
        // Agent tests drive their own runner (`Runner::run_once`); the crash test runs the binary.
        let app = app.with_worker(worker).with_runner(None);
        self.running = Some(tokio::spawn(app.run_until_stopped()));
    }

    /// `start` with the agent runner too, as the binary runs it (whole-loop tests).
    pub fn start_with_runner(&mut self, worker: Option<WorkerConfig>, runner: RunnerConfig) {
        let app = self.built.take().expect("started once");
        let app = app.with_worker(worker).with_runner(Some(runner));
        self.running = Some(tokio::spawn(app.run_until_stopped()));
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops a started application and waits for its graceful drain.
    pub async fn stop(&mut self) -> Result<(), StartError> {
        self.stop.stop();
        match self.running.take() {
            Some(running) => running.await.expect("run_until_stopped does not panic"),
            None => Ok(()),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // A started application must not outlive its test's data directory.
        self.stop.stop();
    }
}
