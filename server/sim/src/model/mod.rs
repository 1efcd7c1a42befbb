//! A fake OpenAI-compatible chat-completions endpoint on its own port: scripted replies (tool
//! calls, plain answers), each provider quirk and error on demand, and a record of every request
//! it received. Controlled in process through [`ModelHandle`] or over HTTP under `/_sim/model`.

mod reply;
mod routes;
mod script;
mod unscripted;

pub use script::{ModelCall, ModelReply, ModelRequest, ModelSettings, OverflowShape};

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::watch;

/// The key the fake accepts unless told otherwise; obviously not a real one.
pub const FAKE_MODEL_KEY: &str = "sk-fake-relay-model-key";
/// The model name it reports when the request names none.
pub const FAKE_MODEL_NAME: &str = "relay-fake-model";

#[derive(Default)]
pub(crate) struct ModelState {
    pub script: VecDeque<ModelReply>,
    pub requests: Vec<ModelRequest>,
    pub settings: ModelSettings,
}

pub(crate) type Shared = Arc<Mutex<ModelState>>;

pub(crate) fn lock(state: &Shared) -> MutexGuard<'_, ModelState> {
    // A panicking handler cannot leave the script half-written; keep serving after one.
    state.lock().unwrap_or_else(|p| p.into_inner())
}

struct Running {
    state: Shared,
    stop: watch::Sender<bool>,
    addr: SocketAddr,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// The running fake; it serves until the last clone is dropped or [`ModelHandle::shutdown`].
#[derive(Clone)]
pub struct ModelHandle {
    inner: Arc<Running>,
}

impl std::fmt::Debug for ModelHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelHandle")
            .field("addr", &self.inner.addr)
            .finish()
    }
}

/// Binds `bind` (port 0 picks a free one) and serves `/v1/chat/completions`.
pub async fn start_model(
    bind: SocketAddr,
    settings: ModelSettings,
) -> std::io::Result<ModelHandle> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let state: Shared = Arc::new(Mutex::new(ModelState {
        settings,
        ..ModelState::default()
    }));
    let (tx, mut rx) = watch::channel(false);
    let app = routes::router(Arc::clone(&state));
    tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.wait_for(|v| *v).await;
            })
            .await;
        if let Err(e) = served {
            tracing::warn!("fake model endpoint stopped: {e}");
        }
    });
    tracing::info!(%addr, "fake model endpoint listening");
    Ok(ModelHandle {
        inner: Arc::new(Running {
            state,
            stop: tx,
            addr,
        }),
    })
}

impl ModelHandle {
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// What to type as the base URL: `http://127.0.0.1:PORT/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.inner.addr)
    }

    /// Queues replies; each request takes the next one.
    pub fn push(&self, replies: impl IntoIterator<Item = ModelReply>) {
        lock(&self.inner.state).script.extend(replies);
    }

    /// Replies still queued.
    pub fn pending(&self) -> usize {
        lock(&self.inner.state).script.len()
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<ModelRequest> {
        lock(&self.inner.state).requests.clone()
    }

    pub fn settings(&self) -> ModelSettings {
        lock(&self.inner.state).settings.clone()
    }

    pub fn set_settings(&self, settings: ModelSettings) {
        lock(&self.inner.state).settings = settings;
    }

    /// Empties the script and the request record (settings stay).
    pub fn reset(&self) {
        let mut s = lock(&self.inner.state);
        s.script.clear();
        s.requests.clear();
    }

    pub fn shutdown(&self) {
        let _ = self.inner.stop.send(true);
    }
}
