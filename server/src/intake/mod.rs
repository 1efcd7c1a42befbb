//! Webhook intake at `/hooks/autotask/{integration}`: authenticate, verify, cap, parse, store
//! the raw event once, acknowledge. No Autotask call and no agent work happens here.

mod error;
mod handlers;
mod incomplete;
mod limit;
mod metrics;
mod order_key;
mod recent;
mod secret;
mod service;

pub use error::IntakeError;
pub use metrics::names as metric_names;
pub use service::{Ack, Delivery, IntakeLimits, IntakeService};

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

/// The intake routes, with their own service state, ready to merge into the app router.
pub fn routes(state: &AppState) -> Router<AppState> {
    let service = IntakeService::new(
        state.store.clone(),
        state.cipher.clone(),
        state.metrics.clone(),
        IntakeLimits {
            body_limit: state.settings.webhook_body_limit_bytes,
            per_second: state.settings.webhook_rate_per_second,
            burst: state.settings.webhook_rate_burst,
        },
    );
    let service =
        Arc::new(service.with_alert_mail(crate::mail::alerts::AlertMail::from_state(state)));
    Router::new()
        .route(
            "/hooks/autotask/{integration}",
            get(handlers::readiness).post(handlers::event),
        )
        // Only a POST deactivates; a GET is answered 405 and changes nothing.
        .route(
            "/hooks/autotask/{integration}/deactivated",
            post(handlers::deactivated),
        )
        .with_state(service)
}
