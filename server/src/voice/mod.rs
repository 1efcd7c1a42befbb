//! The voice agent at `/hooks/voice/{integration}`: a Vapi-style platform's server messages.
//! Tool calls are answered from the local contact index and the Autotask client; end-of-call
//! reports are stored at once and turned into a ticket and its transcript notes by the worker.

mod admin;
mod admin_service;
pub mod auth;
mod error;
mod handlers;
pub mod matching;
pub mod message;
mod service;
mod sync;
mod ticket;
mod tools;
pub mod transcript;
mod worker;

pub use admin::mask;
pub use error::VoiceError;
pub use service::{metric_names, secret_aad, Delivery, VoiceService, BODY_LIMIT};
pub use sync::{SyncOutcome, DELTA_EVERY};

use crate::state::AppState;
use axum::routing::post;
use axum::Router;

/// The voice route, ready to merge into the app router.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/hooks/voice/{integration}", post(handlers::message))
        .with_state(state.voice.clone())
}
