//! Relay server: configuration, storage, the Autotask client, webhook intake and the services
//! behind the UI's server functions.

pub mod activity;
pub mod agent;
pub mod approvals;
pub mod auth;
pub mod autotask;
pub mod clients;
pub mod clock;
pub mod config;
pub mod crypto;
#[cfg(feature = "demo")]
pub mod demo;
#[cfg(feature = "demo")]
pub mod demo_console;
pub mod errors;
pub mod gateway;
pub mod intake;
pub mod integrations;
pub mod janitor;
pub mod mail;
pub mod metrics;
pub mod pipeline;
pub mod sessions;
pub mod startup;
pub mod state;
pub mod store;
pub mod verification;
pub mod voice;
pub mod web;

pub use startup::{Application, StartError, StopHandle};
pub use state::AppState;
pub use web::router;
