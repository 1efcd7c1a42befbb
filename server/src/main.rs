//! The `server` binary: load settings, open the store, optionally start the demo Autotask
//! tenant, and serve until SIGTERM or Ctrl-C.

use server::config::{Load, LogFormat, Settings};
use std::net::SocketAddr;
use std::os::unix::fs::DirBuilderExt;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::load(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(Load::Run(s)) => s,
        Ok(Load::Help(text)) => {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("relay: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(&settings);
    match run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "relay stopped");
            eprintln!("relay: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match settings.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

async fn run(
    // Only the demo start-up changes settings (the zone lookup URL).
    #[cfg_attr(not(feature = "demo"), allow(unused_mut))] mut settings: Settings,
) -> Result<(), Box<dyn std::error::Error>> {
    // Owner-only: the directory holds the database and the master key.
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&settings.data_dir)
        .map_err(|e| {
            format!(
                "cannot create data_dir {}: {e}",
                settings.data_dir.display()
            )
        })?;
    let cipher = server::crypto::Cipher::new(&server::crypto::MasterKey::from_settings(&settings)?);
    let store = server::store::connect(&settings.database_url).await?;

    // The demo tenant lives only as long as this process; it is never on in production config.
    #[cfg(feature = "demo")]
    let _demo = server::demo::start(&mut settings).await?;

    let bind = settings.bind;
    let leptos = server::web::leptos_options(bind);
    let state = server::AppState::new(settings, store, cipher, leptos);
    server::janitor::spawn(state.store.clone());
    // Imports a stop cut off are marked interrupted and run again (idempotently).
    let importer = state.integrations.importer().clone();
    tokio::spawn(async move {
        if let Err(e) = importer.resume_interrupted().await {
            tracing::error!(error = %e, "could not resume interrupted imports");
        }
    });
    // Webhook events stored by intake are processed by this worker until shutdown.
    let (stop_worker, worker) = server::pipeline::start(&state);
    let app = server::router(state);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
    println!("Relay is running at http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    let _ = stop_worker.send(true);
    let _ = worker.await;
    tracing::info!("shut down cleanly");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
