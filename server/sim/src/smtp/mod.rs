//! A simulated SMTP server (the "sink"): plain SMTP on loopback that accepts every message
//! (unless told to refuse a recipient), keeps it in memory and shows it over HTTP, as a JSON
//! list (`/messages`) and an HTML inbox (`/`). Tests and the demo point Relay's outgoing mail
//! settings at it (security "none", which Relay allows only for loopback hosts).
//!
//! ```ignore
//! let sink = relay_sim::smtp::SmtpSink::start().await?;
//! // host 127.0.0.1, port sink.port(); later: sink.messages(), sink.wait_for(1, timeout)
//! ```

mod auth;
mod decode;
mod inbox;
mod session;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{watch, Notify};

pub use decode::Parsed;

/// One message as the sink received it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReceivedMail {
    pub id: u64,
    /// The envelope sender (`MAIL FROM`).
    pub from: String,
    /// The envelope recipients (`RCPT TO`) the sink accepted.
    pub to: Vec<String>,
    /// The user name of a successful AUTH, if the client authenticated.
    pub auth_user: Option<String>,
    /// The `Subject:` header, decoded.
    pub subject: String,
    /// The `From:` header as written.
    pub from_header: String,
    /// The text body, decoded from quoted-printable or base64.
    pub text: String,
    /// The whole message after dot-unstuffing, headers included.
    pub raw: String,
    /// Unix milliseconds.
    pub received_at: i64,
}

#[derive(Default)]
pub(crate) struct SinkState {
    pub messages: Vec<ReceivedMail>,
    /// Lower-cased addresses `RCPT TO` answers 550 for.
    pub rejected: BTreeSet<String>,
    /// When set, AUTH succeeds only with this password (any user name).
    pub password: Option<String>,
    pub next: u64,
}

pub(crate) struct Shared {
    state: Mutex<SinkState>,
    arrived: Notify,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, SinkState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn store(&self, mut mail: ReceivedMail) {
        {
            let mut s = self.lock();
            s.next += 1;
            mail.id = s.next;
            s.messages.push(mail);
        }
        self.arrived.notify_waiters();
    }
}

struct Running {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    smtp: SocketAddr,
    http: SocketAddr,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// The running sink; it serves until the last clone is dropped or [`SmtpSink::shutdown`].
#[derive(Clone)]
pub struct SmtpSink {
    inner: Arc<Running>,
}

impl std::fmt::Debug for SmtpSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSink")
            .field("smtp", &self.inner.smtp)
            .field("http", &self.inner.http)
            .finish()
    }
}

impl SmtpSink {
    /// SMTP and HTTP each on a free loopback port.
    pub async fn start() -> std::io::Result<SmtpSink> {
        let any = SocketAddr::from(([127, 0, 0, 1], 0));
        Self::start_on(any, any).await
    }

    /// SMTP on `smtp`, the inbox over HTTP on `http` (port 0 picks a free one).
    pub async fn start_on(smtp: SocketAddr, http: SocketAddr) -> std::io::Result<SmtpSink> {
        let smtp_listener = tokio::net::TcpListener::bind(smtp).await?;
        let http_listener = tokio::net::TcpListener::bind(http).await?;
        let smtp = smtp_listener.local_addr()?;
        let http = http_listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::default(),
            arrived: Notify::new(),
        });
        let (tx, rx) = watch::channel(false);
        tokio::spawn(session::accept_loop(
            smtp_listener,
            Arc::clone(&shared),
            rx.clone(),
        ));
        let app = inbox::routes().with_state(Arc::clone(&shared));
        let mut stop = rx;
        tokio::spawn(async move {
            let served = axum::serve(http_listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|v| *v).await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!("simulated mail inbox stopped: {e}");
            }
        });
        tracing::info!(%smtp, %http, "simulated SMTP server listening");
        Ok(SmtpSink {
            inner: Arc::new(Running {
                shared,
                stop: tx,
                smtp,
                http,
            }),
        })
    }

    /// Always `127.0.0.1`.
    pub fn host(&self) -> String {
        self.inner.smtp.ip().to_string()
    }

    /// The SMTP port.
    pub fn port(&self) -> u16 {
        self.inner.smtp.port()
    }

    /// The HTML inbox, e.g. `http://127.0.0.1:4103/`; the JSON list is at `…/messages`.
    pub fn inbox_url(&self) -> String {
        format!("http://{}/", self.inner.http)
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.inner.shared.lock().messages.clone()
    }

    /// Messages to `address` (an envelope recipient, compared without case).
    pub fn messages_to(&self, address: &str) -> Vec<ReceivedMail> {
        self.messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits until at least `count` messages arrived; all of them, or None after `timeout`.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Option<Vec<ReceivedMail>> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.inner.shared.arrived.notified();
            let now = self.messages();
            if now.len() >= count {
                return Some(now);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return None;
            }
        }
    }

    /// From now on `RCPT TO:<address>` answers `550` (a mailbox that does not exist).
    pub fn reject_recipient(&self, address: &str) {
        self.inner
            .shared
            .lock()
            .rejected
            .insert(address.to_ascii_lowercase());
    }

    /// From now on AUTH succeeds only with this password; `None` accepts any.
    pub fn require_password(&self, password: Option<&str>) {
        self.inner.shared.lock().password = password.map(str::to_string);
    }

    pub fn clear(&self) {
        self.inner.shared.lock().messages.clear();
    }

    pub fn shutdown(&self) {
        let _ = self.inner.stop.send(true);
    }
}
