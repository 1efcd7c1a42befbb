//! A minimal stand-in for Relay's webhook endpoint: hands each POST's signature header and raw
//! body to the test.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use tokio::sync::mpsc;

pub struct Delivery {
    pub signature: Option<String>,
    pub body: Vec<u8>,
}

async fn record(
    State(tx): State<mpsc::UnboundedSender<Delivery>>,
    headers: HeaderMap,
    body: Bytes,
) {
    let signature = headers
        .get("x-hook-signature")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let _ = tx.send(Delivery {
        signature,
        body: body.to_vec(),
    });
}

/// Starts the receiver; returns its base URL and the stream of deliveries.
pub async fn start() -> (String, mpsc::UnboundedReceiver<Delivery>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().fallback(record).with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (base, rx)
}
