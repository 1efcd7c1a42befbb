//! Webhook intake at `/hooks/autotask/{integration}`: authenticate, verify, cap, parse, store
//! the raw event once, acknowledge. No Autotask call and no agent work happens here.

mod error;
mod handlers;
mod metrics;
mod order_key;
mod recent;
mod secret;
mod service;

pub use error::IntakeError;
pub use metrics::names as metric_names;
pub use service::{Ack, Delivery, IntakeService};

use crate::state::AppState;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// The intake routes, with their own service state, ready to merge into the app router.
pub fn routes(state: &AppState) -> Router<AppState> {
    let service = Arc::new(IntakeService::new(
        state.store.clone(),
        state.cipher.clone(),
        state.metrics.clone(),
        state.settings.webhook_body_limit_bytes,
    ));
    Router::new()
        .route(
            "/hooks/autotask/{integration}",
            get(handlers::readiness).post(handlers::event),
        )
        .route(
            "/hooks/autotask/{integration}/deactivated",
            get(handlers::deactivated).post(handlers::deactivated),
        )
        .with_state(service)
}
