//! The HTTP accept loop: the router on hyper's HTTP/1 server, with a deadline for reading
//! a request's headers.
//!
//! `axum::serve` gives hyper no timer, so hyper's header read timeout never fires there and
//! a client sending a header line a minute keeps its connection (and its task) forever.
//! This loop is `axum::serve` otherwise: peer addresses for `ConnectInfo`, and a graceful
//! stop that lets requests in flight finish.

use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let (stopping_tx, stopping_rx) = watch::channel(false);
    // Every connection task holds a receiver; `closed()` resolves when the last one ends.
    let (open_tx, open_rx) = watch::channel(());
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stop => break,
        };
        let (stream, peer) = match accepted {
            Ok(conn) => conn,
            Err(e) => {
                // Out of file descriptors and the like: wait instead of spinning.
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionRefused
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::ConnectionReset
                ) {
                    tracing::error!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                continue;
            }
        };
        let router = router.clone();
        let mut stopping = stopping_rx.clone();
        let open = open_rx.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut req: http::Request<_>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(req)
            });
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            tokio::pin!(conn);
            loop {
                tokio::select! {
                    result = conn.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                        break;
                    }
                    _ = stopping.wait_for(|s| *s) => conn.as_mut().graceful_shutdown(),
                }
            }
            drop(open);
        });
    }
    // No new connections; the open ones finish their requests and close.
    drop(listener);
    let _ = stopping_tx.send(true);
    drop(open_rx);
    open_tx.closed().await;
    Ok(())
}
