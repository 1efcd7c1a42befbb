//! relay-sim: the fakes Relay's tests and demo reach over real HTTP: a simulated Autotask
//! tenant and a fake OpenAI-compatible model endpoint (`model`). The server links it only through its `demo`
//! feature, so product logic cannot call it.
//!
//! `start` binds an axum server that answers like the Autotask REST API (reference sections 1–13,
//! quirks included) and returns a [`SimHandle`] for in-process control.

mod api;
mod clock;
mod config;
mod control;
mod data;
mod error;
mod faults;
mod handle;
pub mod json_escape;
mod limits;
pub mod model;
mod query;
mod schema;
pub mod signing;
pub mod smtp;
mod state;
pub mod verify;
pub mod voice;
mod webhooks;

pub use config::{DemoCredentials, SimConfig, WebhookTiming};
pub use control::{NoteView, Person};
pub use data::generate::FIRST_GENERATED_COMPANY;
pub use faults::Faults;
pub use handle::{SimError, SimHandle};
pub use limits::Stats;
pub use webhooks::DeliveryRecord;

use state::SimState;
use std::sync::Arc;
use tokio::sync::watch;

/// Marker for the simulator as a whole; everything runs through [`start`] and [`SimHandle`].
pub struct Simulator;

/// Companies in the hand-written seed (company 0 included), before any generated ones.
pub fn seed_company_count() -> usize {
    data::seed_company_count()
}

/// Seeds the tenant, binds `cfg.bind` and serves until every handle is dropped or
/// [`SimHandle::shutdown`] is called.
pub async fn start(cfg: SimConfig) -> std::io::Result<SimHandle> {
    let listener = tokio::net::TcpListener::bind(cfg.bind).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let tenant = {
        let cfg = cfg.clone();
        tokio::task::spawn_blocking(move || {
            data::Tenant::seeded(
                &cfg.credentials.username,
                cfg.companies,
                cfg.contacts_per_company,
                cfg.seed,
            )
        })
        .await
        .map_err(std::io::Error::other)?
    };
    let (tx, rx) = watch::channel(false);
    let sim = Arc::new(SimState::new(cfg, base_url, tenant, rx.clone()));
    let app = api::router(Arc::clone(&sim));
    let mut stop = rx;
    tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop.wait_for(|v| *v).await;
            })
            .await;
        if let Err(e) = served {
            tracing::warn!("simulated Autotask server stopped: {e}");
        }
    });
    tracing::info!(%addr, "simulated Autotask tenant listening");
    Ok(SimHandle::new(sim, tx, addr))
}
