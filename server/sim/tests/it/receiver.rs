//! A tiny in-test HTTP receiver standing in for Relay's webhook endpoint: records every request
//! (method, path, headers, raw body) and answers with a configurable status.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, Mutex};

#[derive(Debug, Clone)]
pub struct Hit {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

struct Shared {
    status: AtomicU16,
    tx: mpsc::UnboundedSender<Hit>,
}

pub struct Receiver {
    pub base: String,
    shared: Arc<Shared>,
    rx: Mutex<mpsc::UnboundedReceiver<Hit>>,
}

async fn record(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let _ = shared.tx.send(Hit {
        method,
        path: uri.path().to_owned(),
        headers,
        body: body.to_vec(),
    });
    StatusCode::from_u16(shared.status.load(Ordering::Relaxed)).unwrap_or(StatusCode::OK)
}

impl Receiver {
    pub async fn start() -> Receiver {
        let (tx, rx) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            status: AtomicU16::new(200),
            tx,
        });
        let app = axum::Router::new()
            .fallback(record)
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver {
            base,
            shared,
            rx: Mutex::new(rx),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn answer_with(&self, status: u16) {
        self.shared.status.store(status, Ordering::Relaxed);
    }

    pub async fn next(&self, within: Duration) -> Option<Hit> {
        tokio::time::timeout(within, self.rx.lock().await.recv())
            .await
            .ok()
            .flatten()
    }

    /// The next request to `path`, skipping others.
    pub async fn next_at(&self, path: &str, within: Duration) -> Option<Hit> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let hit = self.next(left).await?;
            if hit.path == path {
                return Some(hit);
            }
        }
    }
}
