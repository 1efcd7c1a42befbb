//! A simulated identity-verification provider on its own port. It speaks Relay's assumed
//! Traceless contract (`/v1/…`, HMAC-SHA256 headers) and Duo's Auth API v2 (`/auth/v2/…`,
//! HMAC-SHA512 Basic auth) over one set of challenges. Nobody holds a phone here: challenges stay
//! pending until the control API (or [`VerifyHandle`]) approves, denies, expires or fails them.

mod control;
mod duo;
mod page;
mod traceless;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::watch;

/// Credentials the fake accepts; obviously fake.
pub const FAKE_ORGANIZATION_ID: &str = "00000000-fake-0000-0000-relaytraceless";
pub const FAKE_SIGNING_SECRET: &str = "fake-traceless-signing-secret-not-real";
pub const FAKE_DUO_IKEY: &str = "DIFAKERELAYSIMULATOR0";
pub const FAKE_DUO_SKEY: &str = "fake-duo-secret-key-relay-simulator-0000";

/// One challenge as the fake sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimChallenge {
    pub id: String,
    pub email: String,
    pub push_method: String,
    pub message: String,
    /// `pending`, `approved`, `denied`, `expired`, `failed` or `cancelled`.
    pub status: String,
    pub reason: Option<String>,
}

#[derive(Default)]
pub(crate) struct VerifyState {
    pub challenges: BTreeMap<String, SimChallenge>,
    /// E-mails with no enrolled device: starting a challenge for them fails.
    pub without_device: BTreeSet<String>,
    /// While set, every provider call answers 503.
    pub down: bool,
    pub next: u64,
}

pub(crate) type Shared = Arc<Mutex<VerifyState>>;

pub(crate) fn lock(state: &Shared) -> MutexGuard<'_, VerifyState> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl VerifyState {
    /// Records a new challenge, or `None` when the person has no device.
    pub fn open(&mut self, email: &str, push_method: &str, message: &str) -> Option<String> {
        if self.without_device.contains(&email.to_ascii_lowercase()) {
            return None;
        }
        self.next += 1;
        let id = format!("chl-{:06}-{}", self.next, uuid::Uuid::new_v4().simple());
        self.challenges.insert(
            id.clone(),
            SimChallenge {
                id: id.clone(),
                email: email.to_string(),
                push_method: push_method.to_string(),
                message: message.to_string(),
                status: "pending".into(),
                reason: None,
            },
        );
        Some(id)
    }

    /// Moves a pending challenge to `status`; answered ones stay as they are.
    pub fn settle(&mut self, id: &str, status: &str, reason: Option<&str>) -> bool {
        match self.challenges.get_mut(id) {
            Some(c) if c.status == "pending" => {
                c.status = status.to_string();
                c.reason = reason.map(str::to_string);
                true
            }
            _ => false,
        }
    }
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

/// The running fake; it serves until the last clone is dropped or [`VerifyHandle::shutdown`].
#[derive(Clone)]
pub struct VerifyHandle {
    inner: Arc<Running>,
}

impl std::fmt::Debug for VerifyHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyHandle")
            .field("addr", &self.inner.addr)
            .finish()
    }
}

/// Binds `bind` (port 0 picks a free one) and serves both contracts and `/_sim/verify`.
pub async fn start_verify(bind: SocketAddr) -> std::io::Result<VerifyHandle> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let state: Shared = Arc::default();
    let (tx, mut rx) = watch::channel(false);
    let app = traceless::routes()
        .merge(duo::routes())
        .merge(control::routes())
        .merge(page::routes())
        .with_state(Arc::clone(&state));
    tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.wait_for(|v| *v).await;
            })
            .await;
        if let Err(e) = served {
            tracing::warn!("simulated verification provider stopped: {e}");
        }
    });
    tracing::info!(%addr, "simulated verification provider listening");
    Ok(VerifyHandle {
        inner: Arc::new(Running {
            state,
            stop: tx,
            addr,
        }),
    })
}

impl VerifyHandle {
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// The page where a person answers pushes: `http://127.0.0.1:PORT/_sim/verify`.
    pub fn control_page_url(&self) -> String {
        format!("{}/_sim/verify", self.base_url())
    }

    /// What to type as the provider's base URL: `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.inner.addr)
    }

    pub fn challenges(&self) -> Vec<SimChallenge> {
        lock(&self.inner.state)
            .challenges
            .values()
            .cloned()
            .collect()
    }

    /// Answers as the person would; `false` if the challenge is unknown or already answered.
    pub fn approve(&self, id: &str) -> bool {
        lock(&self.inner.state).settle(id, "approved", None)
    }

    pub fn deny(&self, id: &str) -> bool {
        lock(&self.inner.state).settle(id, "denied", None)
    }

    /// Lets the challenge time out unanswered.
    pub fn expire(&self, id: &str) -> bool {
        lock(&self.inner.state).settle(id, "expired", None)
    }

    /// Fails a running challenge as if the device had been removed meanwhile.
    pub fn fail_no_device(&self, id: &str) -> bool {
        lock(&self.inner.state).settle(id, "failed", Some("no_device"))
    }

    /// From now on, challenges for `email` fail at start: no device enrolled.
    pub fn remove_device(&self, email: &str) {
        lock(&self.inner.state)
            .without_device
            .insert(email.to_ascii_lowercase());
    }

    /// While down, every provider call answers 503 Service Unavailable.
    pub fn set_down(&self, down: bool) {
        lock(&self.inner.state).down = down;
    }

    pub fn shutdown(&self) {
        let _ = self.inner.stop.send(true);
    }
}
