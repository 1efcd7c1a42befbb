//! The `server` binary: load settings, start logging, and run the application until SIGTERM
//! or Ctrl-C.

use server::config::{Load, LogFormat, Settings};
use server::Application;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("audit") {
        return server::activity::cli::main(args[1..].to_vec()).await;
    }
    let settings = match Settings::load(args, |k| std::env::var(k).ok()) {
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

async fn run(settings: Settings) -> Result<(), server::StartError> {
    let app = Application::build(settings).await?;
    println!("Relay is running at http://{}", app.address());
    let stop = app.stop_handle();
    tokio::spawn(async move {
        shutdown_signal().await;
        stop.stop();
    });
    app.run_until_stopped().await?;
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
